"""A loaded venue: its menu, drinks, staff and notes, with the look-ups every later step needs."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, PrivateAttr

from bot.knowledge.model import Dish, Drink, Note, RemedyPolicy, StaffMember, Venue

Item = Dish | Drink


class VenueKnowledge(BaseModel):
    """Everything one venue wrote, validated and cross-checked (the loader guarantees every id resolves)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    venue: Venue
    dishes: list[Dish]
    drinks: list[Drink]
    notes: list[Note]
    remedies: RemedyPolicy

    _items: dict[str, Item] = PrivateAttr(default_factory=dict)
    _staff: dict[str, StaffMember] = PrivateAttr(default_factory=dict)
    _notes_about: dict[str, list[Note]] = PrivateAttr(default_factory=dict)
    _pairings: dict[str, list[tuple[str, Note]]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        items: list[Item] = [*self.dishes, *self.drinks]
        self._items = {i.id: i for i in items}
        self._staff = {s.id: s for s in self.venue.staff}
        for note in self.notes:
            for ref in note.about:
                self._notes_about.setdefault(ref, []).append(note)
            # A pairing is symmetric: a note on the lamb that pairs it with a Syrah also speaks for the Syrah.
            for ref in note.about:
                for other in note.pairs_with:
                    self._pairings.setdefault(ref, []).append((other, note))
                    self._pairings.setdefault(other, []).append((ref, note))

    @property
    def name(self) -> str:
        return self.venue.name

    @property
    def currency(self) -> str:
        return self.venue.currency

    def item(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    def dish(self, item_id: str) -> Dish | None:
        item = self._items.get(item_id)
        return item if isinstance(item, Dish) else None

    def drink(self, item_id: str) -> Drink | None:
        item = self._items.get(item_id)
        return item if isinstance(item, Drink) else None

    def staff(self, staff_id: str) -> StaffMember:
        return self._staff[staff_id]

    def notes_about(self, item_id: str) -> list[Note]:
        return self._notes_about.get(item_id, [])

    def pairings(self, item_id: str) -> list[tuple[str, Note]]:
        """(other item id, the note that pairs them) for every note-backed pairing of this item."""
        return self._pairings.get(item_id, [])


class Knowledge(BaseModel):
    """A whole knowledge root: one entry per venue folder, keyed by venue id."""

    model_config = ConfigDict(extra="forbid")

    venues: dict[str, VenueKnowledge]

    def default_venue(self) -> str:
        """The contract's default: the only venue, else the first by id."""
        return sorted(self.venues)[0]
