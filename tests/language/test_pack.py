"""The language pack: every table and the act bank load, and every entry's examples find the entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.language.pack import ACTS, LanguagePack, PackError, load_pack
from bot.text import fold

PACK = load_pack()
TABLES = PACK.table_names
COUNTED = {"numbers", "quantities", "days_ahead"}


@pytest.mark.parametrize("name", TABLES)
def test_table_examples_find_their_entry(name: str) -> None:
    """Each entry's example sentences contain a phrase or pattern of that entry, as the reader folds them."""
    table = PACK.counts(name) if name in COUNTED else PACK.table(name)
    for entry in table.entries:
        assert entry.examples, f"{name}: {entry.value!r} has no example sentence"
        for example in entry.examples:
            assert entry.value in table.values(fold(example)), f"{name}: {example!r} does not find {entry.value!r}"


def test_act_bank_covers_every_act_in_bulk() -> None:
    """The act model learns from at least 2,000 examples, and no act has fewer than 150."""
    bank = PACK.acts()
    assert set(bank) == set(ACTS)
    assert sum(len(v) for v in bank.values()) >= 2000
    assert min(len(v) for v in bank.values()) >= 150


def test_bad_table_names_the_file_and_field(tmp_path: Path) -> None:
    """A malformed table is an error naming the file and the field."""
    (tmp_path / "acts").mkdir()
    (tmp_path / "broken.yaml").write_text("entries:\n  - {value: x, phrases: [no]}\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"broken\.yaml: field 'entries\.0\.phrases\.0'"):
        LanguagePack(tmp_path).table("broken")


def test_missing_act_is_an_error(tmp_path: Path) -> None:
    """A bank without examples for some act is refused, naming what is missing."""
    (tmp_path / "acts").mkdir()
    (tmp_path / "acts" / "hi.yaml").write_text('act: smalltalk\nexamples: ["hi"]\n', encoding="utf-8")
    with pytest.raises(PackError, match="no examples for recommend"):
        LanguagePack(tmp_path).acts()


def test_quantity_shapes_read_their_examples() -> None:
    """Every count shape's examples are read as its count (or some count, for a shape that holds the number), and
    every price shape's examples as a price limit."""
    from bot.understand.quantity import _SHAPES, MAX_COUNT, budget_in, count_in

    for shape in _SHAPES.counts:
        for example in shape.examples:
            read = count_in(example)
            assert read == min(shape.count, MAX_COUNT) if shape.count else read, (example, read, shape.count)
    for shape in _SHAPES.budgets:
        for example in shape.examples:
            assert budget_in(example) is not None, example


def test_quantity_shapes_name_only_words_they_have() -> None:
    """A shape naming a word list the file does not have is refused when the pack loads, not when a guest types."""
    from bot.understand.quantity import QuantityShapes

    with pytest.raises(ValidationError, match="does not expand"):
        QuantityShapes.model_validate(
            {
                "words": {},
                "counts": [{"shape": "{nope}", "examples": ["x"]}],
                "budgets": [{"shape": "x", "examples": ["x"]}],
            }
        )


def test_a_table_ignores_cue_words_its_ignore_patterns_cover() -> None:
    """ "A big Gamay fan" is a person; "a big red" is a wine."""
    styles = load_pack().table("drink_styles")
    assert "big" not in styles.values("big gamay fan, whats your lightest red")
    assert "big" in styles.values("a big bold red")


def test_need_frames_read_their_examples() -> None:
    """Every frame before a named thing is the frame found at the start of its examples' framing words, and every
    frame after one matches in its examples: the pack's frames say what their examples say."""
    from bot.understand.framing import SHAPES

    before = SHAPES.before_pattern()
    for shape in SHAPES.before:
        for example in shape.examples:
            kinds = [m.lastgroup for m in before.finditer(fold(example))]
            assert shape.frame in kinds, (example, shape.frame, kinds)
    for after in SHAPES.after:
        for example in after.examples:
            assert SHAPES.compile(after.pattern).search(fold(example)), (example, after.frame)


def test_need_frames_name_only_words_and_lists_they_have() -> None:
    """A frame over an unknown word list, or a file without a list the lexicon reads, is refused at load."""
    from bot.understand.framing import LISTS, NeedShapes

    good = {
        "before": [{"frame": "no", "patterns": ["no"], "examples": ["no"]}],
        "clause_break": ",",
        "mild": "mild",
        "allergy_talk": "allergic",
        "severe": "severe",
        "whole_party": "the",
        "lists": dict.fromkeys(LISTS, "x"),
    }
    NeedShapes.model_validate(good)
    with pytest.raises(ValidationError, match="does not expand"):
        NeedShapes.model_validate({**good, "before": [{"frame": "no", "patterns": ["{nope}"], "examples": ["x"]}]})
    with pytest.raises(ValidationError, match="lists lacks glue"):
        NeedShapes.model_validate({**good, "lists": {}})


def test_taste_examples_show_their_taste() -> None:
    """Each taste's examples show it, as a guest's words or a dish's, and its parents name tastes that exist."""
    from bot.understand.taste import _VOCABULARY, tastes_in

    for taste, entry in _VOCABULARY.tastes.items():
        for example in entry.examples:
            assert taste in tastes_in(example), (taste, example)


def test_a_word_standing_for_several_values_keeps_them_all() -> None:
    """ "Nut" is a tree nut and a peanut; "seafood" is fish, crustaceans and molluscs."""
    grouped = load_pack().table("allergen_words").grouped
    assert grouped["nut"] == ("tree-nut", "peanut")
    assert grouped["seafood"] == ("fish", "crustacean-shellfish", "mollusc")


def test_a_girlfriend_is_no_gluten_free_diet() -> None:
    """ "gf" alone is gluten-free; "my gf" is a person (the diet table's ignored phrases)."""
    from bot.understand.lexicon import needs_in

    assert "gluten-free" in needs_in("what's the best gf dessert?").open_diets + needs_in("I'm gf").dietary
    assert not needs_in("my gf is coming too").dietary
