"""Tonight's menu: what the kitchen has run out of, and tonight's specials, on top of the knowledge files.

Staff change it from the floor ("86 the bream"); the change is a small JSON file per venue in the data directory,
replaced atomically under a lock, so it survives restarts, is seen by every process on its next answer, and never
touches the restaurant's own knowledge files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import ConciergeError
from bot.knowledge.model import Dish, Note, Stance
from bot.knowledge.venue import Item, VenueKnowledge

try:  # POSIX; elsewhere two staff editing the same second is left to chance
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


class MenuError(ConciergeError):
    """A live-menu change that cannot be made as asked (unknown dish, not a staff member, a bad special)."""


class Special(BaseModel):
    """Tonight's special: a dish like any other, plus the note of the staff member who put it on."""

    model_config = ConfigDict(extra="forbid")

    dish: Dish
    author: str
    note: str = Field(min_length=1)
    stance: Stance = "love"
    added_at: dt.datetime


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: dt.datetime
    by: str
    action: str
    item: str


class MenuState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    off: list[str] = Field(default_factory=list)
    # Back on tonight although the knowledge files say `available: false` (the files are the standing menu).
    on: list[str] = Field(default_factory=list)
    specials: list[Special] = Field(default_factory=list)
    history: list[Change] = Field(default_factory=list)


MAX_HISTORY = 200


class LiveMenu:
    """The live state of every venue under one data directory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache: dict[str, tuple[tuple[int, int], MenuState]] = {}
        self._applied: dict[tuple[str, int, tuple[int, int]], VenueKnowledge] = {}

    def _path(self, venue: str) -> Path:
        return self.folder / f"{venue}.json"

    def state(self, venue: str) -> MenuState:
        """The venue's live state, re-read only when its file changed (one `stat` per answer)."""
        path = self._path(venue)
        try:
            st = path.stat()
        except FileNotFoundError:
            return MenuState()
        key = (st.st_mtime_ns, st.st_size)
        cached = self._cache.get(venue)
        if cached and cached[0] == key:
            return cached[1]
        try:
            state = MenuState.model_validate_json(path.read_bytes())
        except (ValidationError, ValueError) as exc:
            raise MenuError(
                f"{path} is damaged ({exc.__class__.__name__}); fix or delete it to reset tonight's menu"
            ) from None
        self._cache[venue] = (key, state)
        return state

    def apply(self, venue: VenueKnowledge) -> VenueKnowledge:
        """The venue as it stands tonight: 86'd items unavailable, specials on the menu with their notes."""
        state = self.state(venue.id)
        if not (state.off or state.on or state.specials):
            return venue
        path = self._path(venue.id)
        st = path.stat()
        key = (venue.id, id(venue), (st.st_mtime_ns, st.st_size))
        if key not in self._applied:
            off, on = set(state.off), set(state.on)
            specials = [s.dish for s in state.specials]
            notes = [
                Note(
                    id=f"tonight-{s.dish.id}",
                    author=s.author,
                    about=[s.dish.id],
                    stance=s.stance,
                    date=s.added_at.date(),
                    body=s.note,
                )
                for s in state.specials
            ]
            self._applied = {
                key: VenueKnowledge(
                    id=venue.id,
                    venue=venue.venue,
                    dishes=[_tonight(d, off, on) for d in [*venue.dishes, *specials]],
                    drinks=[_tonight(d, off, on) for d in venue.drinks],
                    notes=[*venue.notes, *notes],
                    remedies=venue.remedies,
                )
            }
        return self._applied[key]

    # -- changes ---------------------------------------------------------------

    def eighty_six(self, venue: VenueKnowledge, item_id: str, by: str) -> MenuState:
        """Mark a dish or drink as run out for tonight."""
        self._known(venue, item_id)
        with self._editing(venue.id) as state:
            if item_id not in state.off:
                state.off.append(item_id)
            state.on = [i for i in state.on if i != item_id]
            state.history.append(Change(at=_now(), by=by, action="86", item=item_id))
        return self.state(venue.id)

    def restore(self, venue: VenueKnowledge, item_id: str, by: str) -> MenuState:
        """Put an 86'd dish or drink back on."""
        self._known(venue, item_id)
        with self._editing(venue.id) as state:
            state.off = [i for i in state.off if i != item_id]
            standing = venue.item(item_id)
            if standing is not None and not standing.available and item_id not in state.on:
                state.on.append(item_id)
            state.history.append(Change(at=_now(), by=by, action="restore", item=item_id))
        return self.state(venue.id)

    def add_special(
        self, venue: VenueKnowledge, dish: Dish, *, author: str, note: str, stance: Stance = "love"
    ) -> MenuState:
        """Put tonight's special on, with its author's note; the author must be on the venue's staff."""
        if author not in {s.id for s in venue.venue.staff}:
            staff = ", ".join(s.id for s in venue.venue.staff)
            raise MenuError(f"'{author}' is not on {venue.name}'s staff (known: {staff}).")
        if venue.item(dish.id) is not None:
            raise MenuError(f"'{dish.id}' is already on the menu; give the special its own id.")
        with self._editing(venue.id) as state:
            if any(s.dish.id == dish.id for s in state.specials):
                raise MenuError(f"Tonight's special '{dish.id}' is already on.")
            state.specials.append(Special(dish=dish, author=author, note=note, stance=stance, added_at=_now()))
            state.history.append(Change(at=_now(), by=author, action="special", item=dish.id))
        return self.state(venue.id)

    def remove_special(self, venue: VenueKnowledge, dish_id: str, by: str) -> MenuState:
        with self._editing(venue.id) as state:
            if not any(s.dish.id == dish_id for s in state.specials):
                raise MenuError(f"There is no special '{dish_id}' tonight.")
            state.specials = [s for s in state.specials if s.dish.id != dish_id]
            state.off = [i for i in state.off if i != dish_id]
            state.history.append(Change(at=_now(), by=by, action="remove-special", item=dish_id))
        return self.state(venue.id)

    def reset(self, venue: str, by: str) -> None:
        """A new service: nothing 86'd, no specials (the history is kept)."""
        with self._editing(venue) as state:
            state.off, state.on, state.specials = [], [], []
            state.history.append(Change(at=_now(), by=by, action="reset", item="*"))

    def _known(self, venue: VenueKnowledge, item_id: str) -> None:
        tonight = self.apply(venue)
        if tonight.item(item_id) is None:
            raise MenuError(f"'{item_id}' is not a dish or drink at {venue.name}.")

    @contextlib.contextmanager
    def _editing(self, venue: str) -> Iterator[MenuState]:
        """Read-modify-write under an exclusive lock, then replace the file atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / f".{venue}.lock").open("a") as lock:
            if fcntl is not None:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            state = self.state(venue).model_copy(deep=True)
            yield state
            state.history = state.history[-MAX_HISTORY:]
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{venue}-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(state.model_dump_json(indent=2).encode())
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self._path(venue))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise


def _tonight(item: Item, off: set[str], on: set[str]) -> Item:
    available = (item.available or item.id in on) and item.id not in off
    return item if available == item.available else item.model_copy(update={"available": available})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
