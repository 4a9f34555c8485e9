"""The concierge: one object every channel (terminal, Discord, the eval runner) talks to.

A turn goes text → understand → decide → voice. Everything up to the voice is plain deterministic code over the
catalog; the voice only phrases the decision it is handed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.catalog import Catalog
from bot.conversation import Conversation, ConversationStore, Turn
from bot.decide.answer import answer_question
from bot.decide.booking import booking_answer
from bot.decide.choose import choose
from bot.decide.compare import compare
from bot.decide.complaint import escalate
from bot.decide.constraint import check
from bot.decide.decision import Decision, Fact, Situation
from bot.decide.drink import pick_drinks
from bot.decide.off_tonight import gone_dish, off_tonight
from bot.decide.pairing import pair, pair_many
from bot.decide.recommend import recommend
from bot.decide.skip import skip
from bot.decide.smalltalk import small_talk
from bot.decide.verdict import verdict
from bot.decide.visit import visit_answer
from bot.errors import EscalationError
from bot.escalation.model import NewEscalation
from bot.knowledge.venue import Item, VenueKnowledge
from bot.live_menu import LiveMenu
from bot.reply import Reply
from bot.text import fold, without_surrogates
from bot.triage.classifier import ComplaintClassifier
from bot.understand import Request
from bot.understand.act import ActModel
from bot.understand.command import MenuAction, menu_command
from bot.understand.items import find_items
from bot.understand.naming import names_for
from bot.understand.reader import Context, Reader, looks_english
from bot.understand.request import Constraints, Role
from bot.understand.taste import taste_words
from bot.voice.base import Voice, VoiceContext

if TYPE_CHECKING:  # the reader pulls in the openai SDK; only a concierge configured for it pays that import
    from bot.escalation.store import EscalationStore
    from bot.understand.llm_reader import LLMConstraintReader

# Control characters other than newline and tab come from paste accidents and terminals, never from meaning.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str, limit: int) -> str:
    text = without_surrogates(text[: limit * 2])
    return " ".join(_CONTROL.sub(" ", text).split())[:limit]


def _context(convo: Conversation) -> Context:
    """What the conversation so far gives the reader to point back at: mostly the last turn."""
    last = convo.turns[-1] if convo.turns else None
    return Context(
        picks=tuple(last.picks) if last else (),
        mentions=tuple(m for t in convo.turns[-2:] for m in t.mentions),
        booking=convo.booking,
        constraints=convo.constraints,
        harm=bool(last and last.critical),
        last_act=last.intent if last else None,
        drink=last.drink if last else None,
        day=last.day if last else None,
        topics=tuple(last.topics) if last else (),
        course=last.course if last else None,
    )


def _staff_words(venue: VenueKnowledge) -> dict[str, str]:
    """The words a guest names a member of staff by: first name, role ("pastry chef"), and a head role's noun
    ("the chef's favourite" is the head chef's)."""
    words: dict[str, str] = {}
    for person in venue.venue.staff:
        words.setdefault(person.first_name, person.id)
        words.setdefault(person.role, person.id)
    for person in venue.venue.staff:
        head, _, noun = person.role.partition(" ")
        if head in ("head", "executive") and noun:
            words.setdefault(noun, person.id)
    return words


def _wall_clock() -> dt.datetime:
    return dt.datetime.now()


class Concierge:
    def __init__(
        self,
        catalog: Catalog,
        conversations: ConversationStore,
        voice: Voice,
        triage: ComplaintClassifier,
        escalations: EscalationStore,
        live: LiveMenu,
        *,
        acts: ActModel,
        max_input_chars: int = 2000,
        constraints_reader: LLMConstraintReader | None = None,
        clock: Callable[[], dt.datetime] = _wall_clock,
    ) -> None:
        self.constraints_reader = constraints_reader  # opt-in: an LLM widens what the rules read, never narrows it
        self.reader = Reader(catalog.embedder, acts, triage)
        self.clock = clock  # the venue's local time: "tonight" and "friday" are read against it
        self.catalog = catalog
        self.conversations = conversations
        self.voice = voice
        self.triage = triage
        self.escalations = escalations
        self.live = live
        self.max_input_chars = max_input_chars

    async def ask(
        self, text: str, *, session: str | None = None, venue: str | None = None, role: Role = "guest"
    ) -> Reply:
        started = time.perf_counter()
        place = self.tonight(venue)
        session = session or uuid.uuid4().hex[:12]
        convo = self.conversations.load(session, place.id)
        said = clean(text, self.max_input_chars)
        hint = await self.constraints_reader.read(said, session=session) if self.constraints_reader and said else None
        context = _context(convo)
        decision, request = await asyncio.to_thread(self._decide, place, said, context, role, hint)
        if decision.skips and convo.warned and decision.intent != "skip":
            # A side warning is said once a conversation; asked what to skip, the guest hears it again.
            decision = decision.model_copy(update={"skips": [s for s in decision.skips if s.id not in convo.warned]})
        if decision.escalation is not None:
            decision = await asyncio.to_thread(self._file, decision, session, said)
        if decision.situation == "booking-filed":
            decision = await asyncio.to_thread(self._file_booking, decision, session, said)
        spoken = VoiceContext(
            session=session,
            turn=len(convo.turns),
            text=said,
            history=tuple(t.text for t in convo.turns[-6:]),
            venue=place,
        )
        phrasing = await self.voice.phrase(decision, spoken)
        if request is not None:
            convo.constraints = convo.constraints.merged_with(request.constraints)
            if request.intent == "reservation" and request.booking is not None:
                # Kept after filing too: "make it 7:30 instead" amends the request just passed on.
                convo.booking = request.booking
        convo.turns.append(
            Turn(
                text=said,
                intent=decision.intent,
                picks=[p.id for p in decision.picks],
                skips=[s.id for s in decision.skips],
                mentions=list(request.mentions) if request is not None else [],
                drink=request.drink if request is not None and not request.drink.is_empty else None,
                day=request.day if request is not None else None,
                topics=list(request.topics) if request is not None else [],
                course=request.constraints.course if request is not None else None,
                critical=decision.escalation is not None and decision.escalation.severity == "critical",
                at=dt.datetime.now(dt.UTC),
            )
        )
        await asyncio.to_thread(self.conversations.save, convo)
        warnings = []
        if len(text) > self.max_input_chars or (request is not None and request.truncated):
            warnings.append("The message was long: only its beginning was read.")
        return Reply.from_decision(
            decision,
            text=phrasing.text,
            voice=phrasing.voice,
            latency_ms=(time.perf_counter() - started) * 1000,
            session=session,
            voice_note=phrasing.note,
            warnings=warnings,
        )

    def warm(self) -> None:
        """Fit or load the act and complaint models now, so no guest's answer is the one that waits for them."""
        self.reader.acts.load()
        self.triage.load()

    def tonight(self, venue: str | None = None) -> VenueKnowledge:
        """The venue as it stands tonight: the indexed knowledge with the live menu (86s, specials) on top."""
        return self.live.apply(self.catalog.venue(venue))

    def find_item(self, venue: VenueKnowledge, words: str) -> Item | None:
        """The dish or drink staff or a guest named: its id (as autocomplete sends it), its name, or the way a guest
        would say it, typos included. The one way every channel finds an item."""
        key = words.strip()
        if (item := venue.item(key)) is not None:
            return item
        found = find_items(fold(key), self.names(venue))
        return venue.item(found[0]) if found else None

    def names(self, venue: VenueKnowledge) -> dict[str, str]:
        """How guests name this venue's dishes and drinks, tonight's specials included."""
        names = self.catalog.names(venue.id)
        extra = [d for d in venue.dishes if d.id not in names.values()]
        return {**names_for(extra), **names} if extra else names

    def _decide(
        self, venue: VenueKnowledge, said: str, context: Context, role: Role, hint: Constraints | None = None
    ) -> tuple[Decision, Request | None]:
        if not said:
            return self._plain(venue, "empty", "other", role), None
        command = menu_command(said)
        if command is not None:
            return self._menu_change(venue, command, role), None
        if not looks_english(said):
            return self._plain(venue, "foreign", "other", role), None
        names = self.names(venue)
        request = self.reader.read(
            said,
            names=names,
            drinks=frozenset(d.id for d in venue.drinks),
            staff=_staff_words(venue),
            facts=tuple(venue.venue.facts),
            allergen_holders={d.id: frozenset(d.allergens) | frozenset(d.may_contain) for d in venue.dishes},
            context=context,
            today=self.clock().date(),
        )
        if hint is not None:  # the rules' reading is laid over the LLM's: it wins every conflict
            request = request.model_copy(update={"constraints": hint.merged_with(request.constraints)})
        decision = self._answer(venue, request, context.constraints.merged_with(request.constraints), role)
        return decision.model_copy(update={"role": role, "assumed": decision.assumed or request.assumed}), request

    def _answer(self, venue: VenueKnowledge, request: Request, wants: Constraints, role: Role) -> Decision:
        """One decider per act; each takes the request and never the text."""
        act = request.intent
        if act in ("complaint", "handoff"):
            return escalate(venue, request, wants)
        # Asking after a dish that is off tonight gets that said first, with a stand-in; a request for picks that
        # merely names it ("top two desserts, and is the bream on?") is answered as asked, without it.
        about_it = act in ("question", "other", "smalltalk") or (
            act == "recommend" and request.count is None and request.constraints.course is None
        )
        gone = gone_dish(venue, request) if about_it else None
        if gone is not None and not check(gone.model_copy(update={"available": True}), wants, course=False).ok:
            gone = None  # "I'm allergic to crab" names the crab without asking for it
        if gone is not None:
            similar = self.catalog.retriever(venue.id).relevance(f"{gone.name}. {gone.description}")
            facts = answer_question(venue, request).facts if act == "question" else []
            return off_tonight(venue, gone, wants, similar, facts, asked_about=act == "question")
        if act == "smalltalk":
            return small_talk(venue, request, wants, role)
        if act == "other":
            return self._plain(venue, "unclear", "other", role, wants)
        if act == "venue":
            return visit_answer(venue, request)
        if act == "reservation":
            return booking_answer(venue, request)
        if act == "question":
            opinion = verdict(venue, request, wants) if "verdict" in request.topics else None
            return opinion or answer_question(venue, request)
        if act in ("choose", "compare"):
            relevance = self._relevance(venue.id, wants)
            if act == "compare":
                return compare(venue, request, wants, relevance, pick=True)
            return choose(venue, request, wants, relevance)
        if act == "skip":
            # "should I avoid the knafeh?" of a dish nobody doubts: the honest answer is the fan's word for it.
            # "any starters to skip alongside it?" names the main only to scope the starters: no verdict on it.
            of_it = request.mentions and request.constraints.course is None
            opinion = verdict(venue, request, wants) if of_it else None
            return opinion or skip(venue, request, wants)
        if act == "drink":
            return pick_drinks(venue, request, wants, role=role)
        if act == "pairing":
            dishes = [d for d in (venue.dish(m) for m in request.mentions) if d is not None]
            if len(dishes) >= 2:
                return pair_many(venue, dishes, request, wants, role=role, count=request.count)
            if not request.mentions:
                return pick_drinks(venue, request, wants, role=role)
            return pair(venue, request, wants, role=role, count=request.count)
        relevance = self._relevance(venue.id, wants)
        return recommend(
            venue,
            wants,
            request.count,
            relevance,
            among=request.among,
            besides=request.besides,
            instead=request.instead,
            by=request.person,
            shared=request.shared,
            courses=request.courses,
        )

    def _menu_change(self, venue: VenueKnowledge, command: tuple[MenuAction, str], role: Role) -> Decision:
        """Staff typing "86 the bream": change tonight's menu, and say what changed."""
        if role != "staff":
            return self._plain(venue, "staff-only", "other", role)
        action, words = command
        item = self.find_item(venue, words)
        if item is None:
            return self._plain(venue, "menu-updated", "other", role)
        if action == "86":
            self.live.eighty_six(venue, item.id, by="staff")
        else:
            self.live.restore(venue, item.id, by="staff")
        fact = Fact(
            id=item.id,
            name=item.name,
            topic="availability",
            verdict=action == "restore",
            detail="back on" if action == "restore" else "off tonight",
        )
        return self._plain(venue, "menu-updated", "other", role).model_copy(update={"facts": [fact]})

    def _file(self, decision: Decision, session: str, said: str) -> Decision:
        """Commit the ticket before anyone tells the guest it was passed on; if that fails, the voice says so."""
        assert decision.escalation is not None
        esc = decision.escalation
        try:
            ticket = self.escalations.file(
                NewEscalation(
                    venue=decision.venue,
                    session=session,
                    guest_text=said,
                    category=esc.category,
                    severity=esc.severity,
                    remedy=esc.remedy,
                    sla_minutes=esc.sla_minutes,
                    loss=esc.loss,
                    items=list(esc.item_ids),
                )
            )
        except EscalationError:
            return decision
        return decision.model_copy(update={"escalation": esc.model_copy(update={"id": ticket.id})})

    def _file_booking(self, decision: Decision, session: str, said: str) -> Decision:
        """A booking request goes to staff like a ticket: committed before the guest hears a person will confirm."""
        booking = decision.booking
        assert booking is not None
        details = ", ".join(
            f"{k} {v}" for k, v in booking.model_dump(exclude={"missing", "id"}).items() if v is not None
        )
        try:
            ticket = self.escalations.file(
                NewEscalation(
                    venue=decision.venue,
                    session=session,
                    guest_text=f"Booking request ({details}). Guest wrote: {said}",
                    category="booking-request",
                    severity="low",
                    remedy=None,
                    sla_minutes=60,
                )
            )
        except EscalationError:
            return decision.model_copy(update={"situation": "booking-direct"})
        return decision.model_copy(update={"booking": booking.model_copy(update={"id": ticket.id})})

    def _relevance(self, venue_id: str, wants: Constraints) -> dict[str, float]:
        if not wants.likes:
            return {}
        query = " ".join(w for like in wants.likes for w in (like, *taste_words(like)[:4]))
        return self.catalog.retriever(venue_id).relevance(query)

    @staticmethod
    def _plain(
        venue: VenueKnowledge,
        situation: Situation,
        intent: str,
        role: Role,
        wants: Constraints | None = None,
    ) -> Decision:
        return Decision.model_validate(
            {
                "venue": venue.id,
                "venue_name": venue.name,
                "currency": venue.currency,
                "intent": intent,
                "situation": situation,
                "role": role,
                "constraints": wants or Constraints(),
            }
        )
