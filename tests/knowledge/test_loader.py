"""The knowledge loader: every real file loads, and every malformed file names its file, field and line."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.loader import load_root, load_venue
from tests.conftest import FIXTURE_KNOWLEDGE, MINI_MENU, MINI_NOTES, SAMPLE_KNOWLEDGE, write_venue


@pytest.mark.parametrize("root", [SAMPLE_KNOWLEDGE, FIXTURE_KNOWLEDGE], ids=["sample", "fixtures"])
def test_load_root_real_files_are_valid(root: Path) -> None:
    """Every knowledge file the project ships loads and cross-checks."""
    knowledge = load_root(root)
    assert knowledge.venues
    for venue in knowledge.venues.values():
        assert venue.dishes
        assert venue.notes


def test_load_root_sample_venue_meets_the_size_the_product_needs() -> None:
    """The sample venue is big enough to be honest: 40+ dishes, 25+ drinks, 60+ notes by 5+ staff, mixed stances."""
    venue = load_root(SAMPLE_KNOWLEDGE).venues["cedar-and-tide"]
    assert len(venue.dishes) >= 40
    assert len(venue.drinks) >= 25
    assert len(venue.notes) >= 60
    assert len({n.author for n in venue.notes}) >= 5
    assert {n.stance for n in venue.notes} == {"love", "like", "mixed", "skip"}
    assert {d.course for d in venue.dishes} == {"starter", "main", "side", "dessert", "special"}
    assert any(not d.available for d in venue.dishes)
    assert any(n.pairs_with for n in venue.notes)


def test_load_venue_alias_dairy_means_milk(mini_root: Path) -> None:
    """The contract's `can_omit: {dairy: …}` is read as the canonical allergen `milk`."""
    venue = load_venue(mini_root / "mini-mezze")
    hummus = venue.dish("hummus")
    assert hummus is not None
    assert "milk" in hummus.can_omit


def _error(root: Path) -> KnowledgeError:
    with pytest.raises(KnowledgeError) as info:
        load_root(root)
    return info.value


def _menu_with(**changes: object) -> dict[str, object]:
    menu = copy.deepcopy(MINI_MENU)
    menu["dishes"][1].update(changes)
    return menu


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"allergens": ["tree-nut", "pollen"]}, "dishes[1] (harissa-carrots).allergens[1]", "pollen"),
        ({"course": "brunch"}, "dishes[1] (harissa-carrots).course", "brunch"),
        ({"price": -3}, "dishes[1] (harissa-carrots).price", "greater than or equal"),
        ({"spicy": True}, "dishes[1] (harissa-carrots).spicy", "not a field"),
        ({"id": "Harissa Carrots"}, "dishes[1] (Harissa Carrots).id", "kebab-case"),
        (
            {"dietary": ["vegan"], "allergens": ["milk"], "can_omit": {}},
            "dishes[1] (harissa-carrots)",
            "vegan",
        ),
    ],
)
def test_load_venue_bad_dish_names_file_field_and_line(
    tmp_path: Path, change: dict[str, object], field: str, words: str
) -> None:
    """A bad dish entry is reported with the menu file, the dish's field path and the line it is on."""
    write_venue(tmp_path, menu=_menu_with(**change))
    exc = _error(tmp_path)
    assert exc.file.endswith("mini-mezze/menu.yaml")
    assert exc.field == field
    assert words in str(exc)
    lines = (tmp_path / "mini-mezze" / "menu.yaml").read_text().splitlines()
    assert exc.line is not None
    # The reported line falls inside the second dish's block, not the first or third one's.
    starts = [i for i, line in enumerate(lines, 1) if line.startswith("- ")]
    assert starts[1] <= exc.line < starts[2]


def test_load_venue_missing_required_field(tmp_path: Path) -> None:
    """A dish without a price says the price is missing."""
    menu = copy.deepcopy(MINI_MENU)
    del menu["dishes"][0]["price"]
    write_venue(tmp_path, menu=menu)
    exc = _error(tmp_path)
    assert exc.field == "dishes[0] (hummus).price"
    assert "missing" in str(exc)
    assert exc.line == 2


def test_load_venue_yaml_syntax_error_gives_line(tmp_path: Path) -> None:
    """Broken YAML names the file and the line the parser stopped on."""
    folder = write_venue(tmp_path)
    (folder / "menu.yaml").write_text("dishes:\n  - id: a\n    name: [unclosed\n    course: main\n")
    exc = _error(tmp_path)
    assert exc.file.endswith("menu.yaml")
    assert exc.line is not None
    assert exc.line >= 3


def test_load_venue_note_unknown_author(tmp_path: Path) -> None:
    """A note by someone not on the staff list is an error on its author line, not a silent skip."""
    notes = dict(MINI_NOTES)
    notes["ghost"] = "---\nauthor: casper\nabout: [hummus]\nstance: love\n---\nBoo.\n"
    write_venue(tmp_path, notes=notes)
    exc = _error(tmp_path)
    assert exc.file.endswith("notes/ghost.md")
    assert exc.field == "author"
    assert exc.line == 2
    assert "casper" in str(exc)


def test_load_venue_note_unknown_dish(tmp_path: Path) -> None:
    """A note about a dish that does not exist names the bad id and its line."""
    notes = dict(MINI_NOTES)
    notes["lina-pizza"] = "---\nauthor: lina\nstance: love\nabout:\n  - hummus\n  - pizza\n---\nNo.\n"
    write_venue(tmp_path, notes=notes)
    exc = _error(tmp_path)
    assert exc.field == "about[1]"
    assert exc.line == 6
    assert "pizza" in str(exc)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("author: lina\nabout: [hummus]\nstance: love\n---\nbody\n", "start with a '---'"),
        ("---\nauthor: lina\nabout: [hummus]\nstance: love\n", "no closing"),
        ("---\nauthor: lina\nabout: [hummus]\nstance: love\n---\n\n", "no text"),
        ("---\nauthor: lina\nabout: [hummus]\nstance: adore\n---\nbody\n", "adore"),
        ("---\nauthor: lina\nabout: []\nstance: love\n---\nbody\n", "about"),
    ],
)
def test_load_venue_malformed_note(tmp_path: Path, text: str, words: str) -> None:
    """Malformed note files each get a clear error naming the note."""
    notes = dict(MINI_NOTES)
    notes["bad-note"] = text
    write_venue(tmp_path, notes=notes)
    exc = _error(tmp_path)
    assert exc.file.endswith("notes/bad-note.md")
    assert words in str(exc)


def test_load_venue_duplicate_ids(tmp_path: Path) -> None:
    """Two items with one id is an error at the second one."""
    menu = copy.deepcopy(MINI_MENU)
    menu["dishes"][2]["id"] = "hummus"
    write_venue(tmp_path, menu=menu)
    exc = _error(tmp_path)
    assert "duplicate" in str(exc)
    assert "hummus" in str(exc)


def test_load_venue_missing_menu(tmp_path: Path) -> None:
    """A venue folder without menu.yaml says which file is missing."""
    folder = write_venue(tmp_path)
    (folder / "menu.yaml").unlink()
    exc = _error(tmp_path)
    assert exc.file.endswith("menu.yaml")
    assert "missing" in str(exc)


def test_load_root_empty_folder(tmp_path: Path) -> None:
    """A folder with no venue in it is an error, not an empty restaurant."""
    exc = _error(tmp_path)
    assert "no venue" in str(exc)


def test_load_venue_drink_without_price(tmp_path: Path) -> None:
    """A drink with neither glass nor bottle price is rejected."""
    write_venue(tmp_path, drinks={"drinks": [{"id": "x", "name": "X", "kind": "beer"}]})
    exc = _error(tmp_path)
    assert exc.file.endswith("drinks.yaml")
    assert "price" in str(exc)
