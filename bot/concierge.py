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

from bot.catalog import Catalog
from bot.conversation import ConversationStore, Turn
from bot.decide.answer import answer_question, pair
from bot.decide.complaint import escalate, needs_person
from bot.decide.decision import Decision, Situation
from bot.decide.recommend import recommend
from bot.errors import EscalationError
from bot.escalation.model import NewEscalation
from bot.escalation.store import EscalationStore
from bot.knowledge.venue import VenueKnowledge
from bot.reply import Reply
from bot.triage.classifier import ComplaintClassifier
from bot.understand import Request, read
from bot.understand.reader import looks_english
from bot.understand.request import Constraints, Role
from bot.understand.taste import taste_words
from bot.voice.base import Voice, VoiceContext

# Control characters other than newline and tab come from paste accidents and terminals, never from meaning.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str, limit: int) -> str:
    return " ".join(_CONTROL.sub(" ", text[: limit * 2]).split())[:limit]


class Concierge:
    def __init__(
        self,
        catalog: Catalog,
        conversations: ConversationStore,
        voice: Voice,
        triage: ComplaintClassifier,
        escalations: EscalationStore,
        *,
        max_input_chars: int = 2000,
    ) -> None:
        self.catalog = catalog
        self.conversations = conversations
        self.voice = voice
        self.triage = triage
        self.escalations = escalations
        self.max_input_chars = max_input_chars

    async def ask(
        self, text: str, *, session: str | None = None, venue: str | None = None, role: Role = "guest"
    ) -> Reply:
        started = time.perf_counter()
        place = self.catalog.venue(venue)
        session = session or uuid.uuid4().hex[:12]
        convo = self.conversations.load(session, place.id)
        said = clean(text, self.max_input_chars)
        decision, request = await asyncio.to_thread(self._decide, place, said, convo.constraints, role)
        if decision.skips and convo.warned:
            decision = decision.model_copy(update={"skips": [s for s in decision.skips if s.id not in convo.warned]})
        if decision.escalation is not None:
            decision = await asyncio.to_thread(self._file, decision, session, said)
        context = VoiceContext(
            session=session, turn=len(convo.turns), text=said, history=tuple(t.text for t in convo.turns[-6:])
        )
        phrasing = await self.voice.phrase(decision, context)
        if request is not None:
            convo.constraints = convo.constraints.merged_with(request.constraints)
        convo.turns.append(
            Turn(
                text=said,
                intent=decision.intent,
                picks=[p.id for p in decision.picks],
                skips=[s.id for s in decision.skips],
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

    def _decide(
        self, venue: VenueKnowledge, said: str, earlier: Constraints, role: Role
    ) -> tuple[Decision, Request | None]:
        if not said:
            return self._plain(venue, "empty", "other", role), None
        if not looks_english(said):
            return self._plain(venue, "foreign", "other", role), None
        request = read(said, names=self.catalog.names(venue.id))
        wants = earlier.merged_with(request.constraints)
        intent = request.intent
        triage = needs_person(request, self.triage.classify)
        if triage is not None:
            decision = escalate(venue, request, triage, wants, self.catalog.names(venue.id))
            return decision.model_copy(update={"role": role}), request
        if intent == "smalltalk":
            return self._plain(venue, "smalltalk", "smalltalk", role, wants), request
        if intent == "question":
            if request.mentions:
                return answer_question(venue, request), request
            if request.constraints.is_empty:
                return self._plain(venue, "no-answer", "question", role, wants), request
            intent = "recommend"  # "do you have vegan options?" is a request for picks
        if intent == "pairing":
            return pair(venue, request, wants, request.count), request
        if intent == "other" and request.constraints.is_empty:
            return self._plain(venue, "unclear", "other", role, wants), request
        decision = recommend(venue, wants, request.count, self._relevance(venue.id, wants))
        return decision.model_copy(update={"role": role}), request

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
