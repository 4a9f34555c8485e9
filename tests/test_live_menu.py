"""Tonight's menu: 86s and specials persist in the data directory, apply at once, and never edit knowledge."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import ConciergeError
from bot.knowledge.loader import load_root
from bot.knowledge.model import Dish
from bot.knowledge.venue import VenueKnowledge
from bot.live_menu import LiveMenu, MenuError
from bot.understand.command import menu_command
from tests.conftest import SAMPLE_KNOWLEDGE


@pytest.fixture(scope="module")
def venue() -> VenueKnowledge:
    return load_root(SAMPLE_KNOWLEDGE).venues["cedar-and-tide"]


def _special(dish_id: str = "halibut-special") -> Dish:
    return Dish(
        id=dish_id,
        name="Line-caught halibut",
        course="special",
        price=42,
        description="Halibut, capers.",
        allergens=["fish"],
        dietary=["pescatarian", "gluten-free"],
    )


def test_eighty_six_then_restore(venue: VenueKnowledge, tmp_path: Path) -> None:
    """An 86 makes the dish unavailable tonight; a restore brings it back; the knowledge is untouched."""
    live = LiveMenu(tmp_path)
    live.eighty_six(venue, "sea-bream", "ana")
    tonight = live.apply(venue)
    bream = tonight.dish("sea-bream")
    assert bream is not None
    assert not bream.available
    standing = venue.dish("sea-bream")
    assert standing is not None
    assert standing.available
    live.restore(venue, "sea-bream", "ana")
    again = live.apply(venue).dish("sea-bream")
    assert again is not None
    assert again.available


def test_restore_overrides_the_standing_menu(venue: VenueKnowledge, tmp_path: Path) -> None:
    """A dish the files mark unavailable can be put back on for tonight."""
    live = LiveMenu(tmp_path)
    standing = venue.dish("musakhan")
    assert standing is not None
    assert not standing.available
    live.restore(venue, "musakhan", "rania")
    tonight = live.apply(venue).dish("musakhan")
    assert tonight is not None
    assert tonight.available


def test_changes_survive_a_new_instance(venue: VenueKnowledge, tmp_path: Path) -> None:
    """Another LiveMenu on the same folder (a restart, another process) sees the change."""
    LiveMenu(tmp_path).eighty_six(venue, "knafeh", "priya")
    knafeh = LiveMenu(tmp_path).apply(venue).dish("knafeh")
    assert knafeh is not None
    assert not knafeh.available


def test_special_is_a_dish_with_its_authors_note(venue: VenueKnowledge, tmp_path: Path) -> None:
    """Tonight's special joins the menu with a note by the staff member who added it."""
    live = LiveMenu(tmp_path)
    live.add_special(venue, _special(), author="rania", note="Came in this morning. Order it.")
    tonight = live.apply(venue)
    assert tonight.dish("halibut-special") is not None
    notes = tonight.notes_about("halibut-special")
    assert [n.author for n in notes] == ["rania"]


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda live, v: live.eighty_six(v, "pizza", "x"), "not a dish or drink"),
        (lambda live, v: live.add_special(v, _special(), author="ghost", note="n"), "not on"),
        (lambda live, v: live.add_special(v, _special("sea-bream"), author="rania", note="n"), "already on"),
        (lambda live, v: live.remove_special(v, "nothing", "x"), "no special"),
    ],
)
def test_bad_changes_are_clear_errors(venue: VenueKnowledge, tmp_path: Path, call: object, words: str) -> None:
    """Unknown items, non-staff authors, clashing ids: a clear error, and nothing written."""
    live = LiveMenu(tmp_path)
    with pytest.raises(MenuError, match=words):
        call(live, venue)  # type: ignore[operator]


def test_damaged_file_is_a_clear_error(venue: VenueKnowledge, tmp_path: Path) -> None:
    """A hand-edited, broken state file names itself instead of crashing."""
    (tmp_path / "cedar-and-tide.json").write_text("{nope")
    with pytest.raises(ConciergeError, match="damaged"):
        LiveMenu(tmp_path).apply(venue)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("86 the bream", ("86", "bream")),
        ("eighty-six the lamb shoulder!", ("86", "lamb shoulder")),
        ("we're out of the knafeh tonight", ("86", "knafeh")),
        ("restore the bream", ("restore", "bream")),
        ("the bream is back on", ("restore", "bream")),
        ("what are your top three?", None),
        ("I had 86 problems", None),
    ],
)
def test_menu_command(text: str, expected: tuple[str, str] | None) -> None:
    """Staff phrasings of an 86 or a restore are recognised; ordinary sentences are not."""
    assert menu_command(text) == expected


@pytest.mark.slow
def test_eighty_six_in_one_process_answers_in_another(tmp_path: Path) -> None:
    """`concierge menu 86` in one process; the next `ask` in another never picks it; a restore brings it back."""
    root = tmp_path / "knowledge"
    shutil.copytree(SAMPLE_KNOWLEDGE, root)
    exe = str(Path(sys.executable).with_name("concierge"))
    env = {**os.environ, "CONCIERGE_DATA_DIR": str(tmp_path / "data"), "CONCIERGE_KNOWLEDGE": str(root)}

    def picks() -> list[str]:
        done = subprocess.run(
            [exe, "ask", "top three please", "--json"], env=env, capture_output=True, text=True, check=True
        )
        return [p["id"] for p in json.loads(done.stdout)["picks"]]

    first = picks()[0]
    subprocess.run([exe, "menu", "86", first], env=env, check=True, capture_output=True)
    assert first not in picks()
    subprocess.run([exe, "menu", "restore", first], env=env, check=True, capture_output=True)
    assert picks()[0] == first
