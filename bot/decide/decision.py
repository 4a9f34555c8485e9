"""What the concierge decided, before anyone phrases it.

A voice turns a `Decision` into words and nothing more; the guard and the eval scorers check those words against it.
Every pick and skip carries the ids of the notes it rests on.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.escalation.model import Remedy
from bot.understand.request import Constraints, Intent

Stance = Literal["love", "like", "mixed", "skip"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Citation(_Model):
    """One staff note behind a pick or a skip, with the sentence that best speaks to this guest."""

    note: str
    author: str
    author_name: str
    role: str
    stance: Stance
    quote: str


class Pick(_Model):
    rank: int
    id: str
    name: str
    kind: Literal["dish", "drink"]
    course: str | None = None
    price: float | None = None
    why: str
    citations: list[Citation] = Field(default_factory=list)
    # A pick the kitchen is split on (taken only to make up the count asked for): the colleague who disagrees,
    # quoted, so the guest hears both sides.
    dissent: list[Citation] = Field(default_factory=list)
    fits: list[str] = Field(default_factory=list)  # the guest's likes this pick answers
    suits: list[str] = Field(default_factory=list)  # the diets part of the table keeps that this pick keeps to
    change: str | None = None  # the kitchen change that makes it safe for this guest ("ask for it without feta")
    # Pairing picks: how a drink is poured and the price of that serve (in `price`), its bottle price when it has
    # one, and the matching logic in plain words (reasons for, caveats against).
    serve: Literal["glass", "bottle"] | None = None
    bottle_price: float | None = None
    reasons: list[str] = Field(default_factory=list)
    caveats: list[str] = Field(default_factory=list)
    for_item: str | None = None  # pairing several dishes a glass each: the dish this drink is poured for

    @property
    def sources(self) -> list[str]:
        return [c.note for c in (*self.citations, *self.dissent)]


class Skip(_Model):
    id: str
    name: str
    why: str
    reason: Literal["staff-lukewarm", "staff-split", "does-not-fit", "clashes", "runner-up", "breaks-limit"]
    citations: list[Citation] = Field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return [c.note for c in self.citations]


class Fact(_Model):
    """An answer to a factual question about one menu item, read straight from the menu."""

    id: str
    name: str
    topic: Literal["diet", "allergen", "ingredients", "price", "availability", "spice", "size", "visit", "compare"]
    verdict: bool | None = None  # yes / no for diet, allergen and availability questions
    detail: str
    asked: list[str] = Field(default_factory=list)  # the diet tags or allergens the question was about


class Praised(_Model):
    """A dish or drink the guest praised, and the member of staff whose note backs it too (if one does)."""

    id: str
    name: str
    backer: Citation | None = None


class Escalated(_Model):
    """A complaint or a request for a person, on its way to a human.

    `remedy` is for staff only: no voice may promise any of it to the guest before a person approves it.
    `id` is set once the ticket is committed to the escalation store; until then the guest must not be told it
    was passed on.
    """

    category: str
    severity: Literal["low", "medium", "high", "critical"]
    sla_minutes: int
    owner: str  # who the guest is told has it: "your server", "the manager on duty"
    items: list[str] = Field(default_factory=list)  # names of what went wrong, to apologise in the guest's terms
    item_ids: list[str] = Field(default_factory=list)
    loss: float | None = None
    remedy: Remedy | None = None
    id: str | None = None

    @property
    def filed(self) -> bool:
        return self.id is not None


Situation = Literal[
    "picks",  # a recommendation or a pairing with at least one pick
    "nothing-fits",  # constraints leave nothing the staff back
    "facts",  # a menu question answered
    "unknown-item",  # a question about something not on the menu
    "no-answer",  # a question the knowledge does not cover (hours, parking)
    "complaint",  # something went wrong: a person must take it
    "handoff",  # the guest asked for a person
    "smalltalk",
    "empty",
    "foreign",  # not English: say so plainly
    "unclear",
    "off-tonight",  # the guest asked for a dish the kitchen has run out of: say so, offer the closest
    "menu-updated",  # staff 86'd or restored something
    "staff-only",  # a guest tried a staff command
    "choice",  # one of the items the guest named, chosen, with the runner-up and what would change the answer
    "skips",  # what to avoid, ranked, from the staff's lukewarm notes
    "nothing-to-skip",  # nobody on staff steers guests away from anything that fits
    "visit",  # facts of a visit (hours, parking, corkage) answered from venue.yaml
    "booking-needs",  # a booking request missing details: ask for them
    "booking-filed",  # a booking request passed to staff (filed before the guest is told)
    "booking-direct",  # booking is done through the venue's own link or phone
    "compare",  # how named items differ
    "vouched",  # one item asked about by name ("is the duck any good?"), backed by the staff: a yes, in their words
]


class BookingRequest(_Model):
    """A booking passed to staff to confirm; `id` is set once it is filed (never "booked": a person confirms)."""

    action: Literal["make", "change", "cancel"] = "make"
    party: int | None = None
    date: str | None = None
    time: str | None = None
    name: str | None = None
    contact: str | None = None
    missing: list[str] = Field(default_factory=list)
    id: str | None = None


class Decision(_Model):
    venue: str
    venue_name: str
    currency: str = "USD"
    intent: Intent
    situation: Situation
    role: Literal["guest", "staff"] = "guest"
    asked: int | None = None  # how many picks the guest asked for
    picks: list[Pick] = Field(default_factory=list)
    skips: list[Skip] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    constraints: Constraints = Field(default_factory=Constraints)
    excluded: int = 0  # how many available dishes the guest's hard constraints ruled out
    confirm_with_staff: bool = False  # an allergy or diet was involved: the answer must say to confirm
    escalation: Escalated | None = None
    pairing_for: str | None = None  # the id of the item a pairing answer starts from
    pairing_name: str | None = None
    pairing_names: list[str] = Field(default_factory=list)  # every dish a several-dish pairing must suit
    pairing_ids: list[str] = Field(default_factory=list)
    switch_if: str | None = None  # choose: what would make the runner-up the better pick
    # Tastes the guest wanted less of that every dish in scope has ("not too sweet" of desserts): the picks are the
    # ones the staff say hold back on them.
    tempered: list[str] = Field(default_factory=list)
    assumed: str | None = None  # the act the model preferred when the words could not carry it
    booking: BookingRequest | None = None
    phone: str | None = None  # what to call when the knowledge does not answer
    unanswered: list[str] = Field(default_factory=list)  # visit topics the venue has not written about
    booking_url: str | None = None
    at_limit: float | None = None  # asked "under" this price, the picks cost exactly it: nothing below would do
    chat: str | None = None  # small talk: greeting, thanks, farewell, praise, about-bot or ack
    praised: Praised | None = None

    @property
    def sources(self) -> list[str]:
        ids = [s for p in self.picks for s in p.sources] + [s for k in self.skips for s in k.sources]
        if self.praised is not None and self.praised.backer is not None:
            ids.append(self.praised.backer.note)
        return list(dict.fromkeys(ids))

    @property
    def shortfall(self) -> bool:
        return self.asked is not None and len(self.picks) < self.asked
