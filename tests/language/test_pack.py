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
