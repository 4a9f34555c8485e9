"""LLM prompts: every file in prompts/ loads and renders; wrong variables are errors, never blanks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.voice.prompt import PROMPTS_DIR, PromptError, all_prompts, load_prompt, parse_prompt


def _sample(name: str) -> object:
    return [f"<{name}-1>", f"<{name}-2>"] if name in ("history", "reasons", "diets", "allergens", "courses") else name


def test_all_prompts_render_every_prompt_file() -> None:
    """Each prompts/*.j2 renders with its declared variables and leaves no placeholder behind."""
    prompts = all_prompts()
    assert {p.name for p in prompts} >= {"voice_system", "voice_user", "voice_retry", "constraints_system"}
    assert len(prompts) == len(list(PROMPTS_DIR.glob("*.j2")))
    for prompt in prompts:
        text = prompt.render(**{v: _sample(v) for v in prompt.variables})
        assert text.strip(), prompt.name
        assert "{{" not in text
        assert "{%" not in text


def test_voice_user_renders_every_situation() -> None:
    """The user prompt has words for each situation, and the guest's message sits inside its tags."""
    prompt = load_prompt("voice_user")
    for situation in ("picks", "nothing-fits", "facts", "complaint", "handoff", "off-tonight", "smalltalk"):
        text = prompt.render(decision_json="{}", situation=situation, guest_message='"hi"', history=[])
        assert '<guest_message>"hi"</guest_message>' in text


def test_render_rejects_a_missing_variable() -> None:
    """Leaving a declared variable out is an error naming it."""
    with pytest.raises(PromptError, match="missing \\['venue_name'\\]"):
        load_prompt("voice_system").render()


def test_render_rejects_an_undeclared_variable() -> None:
    """Passing a variable the prompt does not declare is an error too."""
    with pytest.raises(PromptError, match="unexpected \\['tone'\\]"):
        load_prompt("voice_system").render(venue_name="X", tone="grumpy")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.j2"
    path.write_text(text)
    return path


def test_parse_prompt_rejects_undeclared_template_variables(tmp_path: Path) -> None:
    """A template that uses a variable its front matter does not declare fails at load."""
    path = _write(tmp_path, "p", "---\nname: p\ndescription: d\nvariables: [a]\n---\n{{ a }} {{ b }}\n")
    with pytest.raises(PromptError, match="uses \\['a', 'b'\\]"):
        parse_prompt(path)


def test_parse_prompt_rejects_bad_front_matter(tmp_path: Path) -> None:
    """No front matter, an unknown field, or a name that is not the file's are errors."""
    with pytest.raises(PromptError, match="front matter"):
        parse_prompt(_write(tmp_path, "a", "hello"))
    with pytest.raises(PromptError, match="colour"):
        parse_prompt(_write(tmp_path, "b", "---\nname: b\ndescription: d\ncolour: red\n---\nhi\n"))
    with pytest.raises(PromptError, match="names it 'x'"):
        parse_prompt(_write(tmp_path, "c", "---\nname: x\ndescription: d\n---\nhi\n"))
