"""The default voice: offline, deterministic for a conversation, and never the same script for two guests.

Phrasings come from the phrase bank in prompts/; which phrasing is used is seeded by the session and turn, and what
is said is shaped by the guest's own constraints and by the note sentences the decision chose for them.
"""

from __future__ import annotations

import hashlib
import random

from bot.decide.decision import Citation, Decision, Fact, Pick, Skip
from bot.knowledge.model import DIET_EXCLUDES, allergen_words
from bot.money import money
from bot.understand.request import Constraints
from bot.voice import answers
from bot.voice.base import Phrasing, VoiceContext
from bot.voice.phrasebook import Phrasebook, load_phrasebook
from bot.wording import and_list, mid_sentence

_NUMBER = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
# How a taste reads in a sentence: "you're after heat", not "you're after spicy".
_TASTE_PHRASE = {
    "spicy": "heat",
    "smoky": "smoke and char",
    "sweet": "something sweet",
    "light": "something light",
    "rich": "richness",
    "crispy": "crunch",
    "creamy": "creaminess",
    "herby": "herbs",
    "green": "anything green",
    "sour": "sharp, tangy flavours",
    "citrus": "citrus",
    "nutty": "nutty flavours",
    "earthy": "earthy flavours",
    "plain": "plain food",
}
_ITEM_DEFAULT = {"food-quality": "your food", "wrong-missing-discarded": "your order"}
_COURSE_PLURAL = {
    "starter": "starters",
    "main": "mains",
    "side": "sides",
    "dessert": "desserts",
    "special": "specials",
}


def _count(n: int) -> str:
    return _NUMBER.get(n, str(n))


def limits_phrase(wants: Constraints, currency: str) -> str:
    # "nut-free and free of tree nuts and peanuts" says one thing twice: the allergy wording is the stricter one.
    covered = {d for d, excluded in DIET_EXCLUDES.items() if excluded and excluded <= set(wants.allergies)}
    parts: list[str] = [d for d in wants.dietary if d not in covered]
    if wants.allergies:
        parts.append(f"free of {and_list(allergen_words(wants.allergies))}, traces included,")
    if wants.dislikes:
        parts.append(f"without {and_list([_TASTE_PHRASE.get(t, t) for t in wants.dislikes])}")
    if wants.budget is not None:
        parts.append(f"{'under' if wants.budget_below else 'at most'} {money(wants.budget, currency)}")
    return and_list(parts).rstrip(",")


class TemplateVoice:
    name = "template"

    def __init__(self, book: Phrasebook | None = None) -> None:
        self.book = book or load_phrasebook()

    async def phrase(self, decision: Decision, context: VoiceContext) -> Phrasing:
        return Phrasing(text=self.render(decision, context), voice=self.name)

    def render(self, decision: Decision, context: VoiceContext) -> str:
        seed = hashlib.sha256(f"{context.session}\x00{context.turn}".encode()).digest()
        rng = random.Random(seed)
        lines = self._body(decision, rng)
        if decision.at_limit is not None and decision.picks and lines:
            # Said in the same breath as the pick: a guest's answer stays one short paragraph.
            lines[-1] += " " + self.book.say("at_limit", rng, limit=money(decision.at_limit, decision.currency))
        if decision.confirm_with_staff:
            lines.append(self.book.say("confirm", rng))
        return "\n".join(line for line in lines if line)

    def _body(self, d: Decision, rng: random.Random) -> list[str]:
        return [*answers.assumption(self.book, d, rng), *self._answer(d, rng)]

    def _answer(self, d: Decision, rng: random.Random) -> list[str]:
        say = self.book.say
        book = self.book
        if d.intent == "pairing" and len(d.pairing_names) > 1 and d.picks:
            return answers.pairing_many(book, d, rng)
        if d.intent == "drink" and d.situation in ("picks", "nothing-fits"):
            return answers.drinks(book, d, rng)
        if d.intent == "choose" and d.situation in ("choice", "nothing-fits"):
            return answers.choice(book, d, rng)
        if d.situation == "vouched":
            return answers.vouched(book, d, rng)
        if d.situation in ("skips", "nothing-to-skip"):
            return answers.skips(book, d, rng)
        if d.situation == "compare":
            return answers.comparison(book, d, rng)
        if d.intent == "venue":
            return answers.visit(book, d, rng)
        if d.intent == "reservation":
            return answers.booking(book, d, rng)
        if d.situation in ("picks", "nothing-fits") and d.intent == "pairing":
            return self._pairing(d, rng)
        if d.situation == "picks":
            return self._picks(d, rng)
        if d.situation == "nothing-fits":
            limits = limits_phrase(d.constraints, d.currency) or "what you asked for"
            return [say("nothing_fits", rng, limits=limits), *self._skips(d.skips, rng)]
        if d.situation == "facts":
            return [self._fact(f, rng) for f in d.facts]
        if d.escalation is not None:
            return self._escalation(d, rng)
        if d.situation in ("off-tonight", "menu-updated", "staff-only"):
            return self._tonight(d, rng)
        if d.situation == "smalltalk" and d.chat not in (None, "greeting"):
            return [self._chat(d, rng)]
        if d.situation in ("smalltalk", "complaint", "handoff", "no-answer", "unclear"):
            slot = {"no-answer": "no_answer"}.get(d.situation, d.situation)
            return [say(slot, rng, venue=d.venue_name)]
        return [say(d.situation, rng)]

    def _chat(self, d: Decision, rng: random.Random) -> str:
        said = d.praised
        if said is not None and said.backer is not None:
            backer = said.backer
            first = _first(backer)
            return self.book.say(
                "smalltalk_praise_item", rng, name=mid_sentence(said.name), first=first, role=backer.role
            )
        if said is not None:
            return self.book.say("smalltalk_praise_item_plain", rng, name=mid_sentence(said.name))
        return self.book.say(f"smalltalk_{d.chat}", rng, venue=d.venue_name)

    def _tonight(self, d: Decision, rng: random.Random) -> list[str]:
        say = self.book.say
        if d.situation == "staff-only":
            return [say("staff_only", rng)]
        if d.situation == "menu-updated":
            if not d.facts:
                return [say("menu_unknown", rng)]
            fact = d.facts[0]
            return [say("menu_on" if fact.verdict else "menu_off", rng, name=mid_sentence(fact.name))]
        lines = [say("off_tonight", rng, name=mid_sentence(d.facts[0].name))] if d.facts else []
        lines.extend(self._fact(f, rng) for f in d.facts[1:])
        if not d.picks:
            return [*lines, say("off_tonight_none", rng)]
        pick = d.picks[0]
        lead = pick.citations[0]
        lines.append(
            say(
                "off_tonight_alternative",
                rng,
                name=mid_sentence(pick.name),
                price=money(pick.price, d.currency),
                **_person(lead),
            )
        )
        if pick.change:
            lines.append(say("change", rng, change=pick.change))
        return lines

    def _escalation(self, d: Decision, rng: random.Random) -> list[str]:
        say = self.book.say
        esc = d.escalation
        assert esc is not None
        when = "right away" if esc.sla_minutes <= 1 else f"within {esc.sla_minutes} minutes"
        if d.situation == "handoff":
            if esc.id is None:
                return [say("handoff_not_filed", rng, owner=esc.owner)]
            return [say("handoff_filed", rng, owner=esc.owner, when=when, ticket=esc.id)]
        lines = []
        if esc.severity == "critical":
            if esc.id is None:
                return [say("critical_not_filed", rng, owner=esc.owner)]
            return [say("critical_now", rng, owner=esc.owner, ticket=esc.id)]
        item = f"your {mid_sentence(esc.items[0])}" if esc.items else _ITEM_DEFAULT.get(esc.category, "it")
        slot = f"apology_{esc.category}" if f"apology_{esc.category}" in self.book.slots else "apology_other"
        lines.append(say(slot, rng, item=item))
        if esc.id is None:
            lines.append(say("not_filed", rng, owner=esc.owner))
        else:
            lines.append(say("passed_on", rng, owner=esc.owner, when=when, ticket=esc.id))
        return lines

    def _picks(self, d: Decision, rng: random.Random) -> list[str]:
        say = self.book.say
        wants = d.constraints
        n = len(d.picks)
        likes = [_TASTE_PHRASE.get(t, t) for t in wants.likes]
        if n == 1:
            lines = [say("open_one_course", rng, course=wants.course) if wants.course else say("open_one", rng)]
        elif wants.course:
            course = _COURSE_PLURAL.get(wants.course, wants.course)
            lines = [say("open_course", rng, course=course, count_word=_count(n))]
        elif likes:
            lines = [say("open_likes", rng, likes=and_list(likes), count_word=_count(n))]
        else:
            lines = [say("open_plain", rng, count_word=_count(n))]
        limits = limits_phrase(wants, d.currency)
        scope = _COURSE_PLURAL.get(wants.course, wants.course) if wants.course else "what you asked for"
        if d.tempered:
            lines.append(say("tempered", rng, tastes=and_list(d.tempered), scope=scope if wants.course else "dishes"))
        if d.shortfall and d.asked:
            lines.append(
                say(
                    "shortfall",
                    rng,
                    asked_word=_count(d.asked),
                    found_word=_count(n),
                    limits=limits or scope,
                )
            )
        elif limits:
            lines.append(say("limits_line", rng, limits=limits))
        for pick in d.picks:
            lines.append(self._pick_line(pick, d.currency, rng))
        lines.extend(self._skips(d.skips, rng))
        return lines

    def _reason(self, pick: Pick, rng: random.Random) -> str:
        say = self.book.say
        if not pick.citations:
            return pick.why
        lead = pick.citations[0]
        slot = "reason_love" if lead.stance == "love" else "reason_like"
        parts = [say(slot, rng, **_person(lead))]
        if len(pick.citations) > 1:
            parts.append(
                say("also_backed", rng, others=and_list([c.author_name.split()[0] for c in pick.citations[1:]]))
            )
        if pick.fits:
            parts.append(say("fit", rng, likes=and_list([_TASTE_PHRASE.get(t, t) for t in pick.fits])))
        if pick.suits:
            parts.append(say("suits", rng, diets=and_list(pick.suits)))
        for against in pick.dissent:
            parts.append(say("split_vote", rng, **_person(against)))
        if pick.change:
            parts.append(say("change", rng, change=pick.change))
        return " ".join(parts)

    def _pick_line(self, pick: Pick, currency: str, rng: random.Random) -> str:
        return self.book.say(
            "pick_line",
            rng,
            rank=str(pick.rank),
            name=pick.name,
            price=money(pick.price, currency),
            reason=self._reason(pick, rng),
        )

    def _skips(self, skips: list[Skip], rng: random.Random) -> list[str]:
        lines: list[str] = []
        for skip in skips:
            who = skip.citations[0] if skip.citations else None
            if who is None:
                continue
            if skip.reason == "staff-lukewarm":
                lines.append(self.book.say("skip_lukewarm", rng, name=mid_sentence(skip.name), **_person(who)))
            else:
                problem = skip.why.split(": ", 1)[-1].rstrip(".")
                lines.append(
                    self.book.say(
                        "skip_not_for_you",
                        rng,
                        name=mid_sentence(skip.name),
                        first=_first(who),
                        problem=problem,
                    )
                )
        return lines

    def _pairing(self, d: Decision, rng: random.Random) -> list[str]:
        """A guest gets the pick (or as many as they asked for) and its reason; staff get the ranked list with
        prices both ways, the bottle for the table, what to steer away from, and why."""
        say = self.book.say
        if d.pairing_name is None:
            return [say("pairing_no_item", rng)]
        item = mid_sentence(d.pairing_name)
        staff = d.role == "staff"
        if any(s.id == d.pairing_for for s in d.skips):
            return [say("pairing_off", rng, item=item)]
        avoid = [self._pairing_avoid(s, rng) for s in d.skips if s.reason == "clashes"]
        if not d.picks:
            limits = _pairing_limits(d.constraints, d.currency)
            lines = [
                say("pairing_none_limits", rng, item=item, limits=limits)
                if limits
                else say("pairing_none", rng, item=item)
            ]
            lines += [
                say("pairing_nearest", rng, name=s.name, why=s.why) for s in d.skips if s.reason == "does-not-fit"
            ]
            return [*lines, *(avoid if staff else [])]
        n = len(d.picks)
        if n == 1:
            pick = d.picks[0]
            slot = "pairing_guest_drink" if pick.kind == "drink" else "pairing_guest_dish"
            line = say(slot, rng, item=item, name=pick.name, price=_pairing_price(pick, d.currency, staff))
            lines = [f"{line} {self._pairing_reason(pick, rng, staff)}"]
            if d.shortfall and d.asked:
                lines.append(say("pairing_shortfall", rng, asked_word=_count(d.asked), found_word=_count(n)))
        else:
            lines = self._pairing_ranked(d, item, rng)
        # The bottle for the table, unless the list already pours it by the bottle.
        bottle = next((p for p in d.picks if p.bottle_price is not None), None)
        if staff and bottle is not None and bottle.serve == "glass" and bottle.bottle_price is not None:
            lines.append(say("pairing_bottle", rng, name=bottle.name, price=money(bottle.bottle_price, d.currency)))
        return [*lines, *(avoid if staff else [])]

    def _pairing_ranked(self, d: Decision, item: str, rng: random.Random) -> list[str]:
        say = self.book.say
        staff = d.role == "staff"
        n = len(d.picks)
        lines = [say("pairing_staff_open" if staff else "pairing_open", rng, item=item, count_word=_count(n))]
        if d.shortfall and d.asked:
            lines.append(say("pairing_shortfall", rng, asked_word=_count(d.asked), found_word=_count(n)))
        for pick in d.picks:
            price = _pairing_price(pick, d.currency, staff)
            reason = self._pairing_reason(pick, rng, staff)
            lines.append(say("pairing_line", rng, rank=str(pick.rank), name=pick.name, price=price, reason=reason))
        return lines

    def _pairing_reason(self, pick: Pick, rng: random.Random, staff: bool) -> str:
        """The staff member's words when a note pairs them, then the logic; a guest hears one reason, staff all of it,
        caveats included."""
        say = self.book.say
        parts: list[str] = []
        if pick.citations:
            lead = pick.citations[0]
            parts.append(say("pairing_note", rng, **_person(lead)))
            others = [_first(c) for c in pick.citations[1:] if c.author != lead.author]
            if others:
                parts.append(say("pairing_others", rng, others=and_list(others)))
        reasons = pick.reasons if staff else pick.reasons[: 0 if pick.citations else 2]
        if reasons:
            slot = "pairing_also" if pick.citations else "pairing_logic"
            parts.append(say(slot, rng, reasons="; ".join(reasons)))
        if staff and pick.caveats:
            parts.append(say("pairing_caveat", rng, caveats="; ".join(pick.caveats)))
        return " ".join(parts) or pick.why

    def _pairing_avoid(self, skip: Skip, rng: random.Random) -> str:
        return self.book.say("pairing_avoid", rng, name=skip.name, why=skip.why)

    def _fact(self, fact: Fact, rng: random.Random) -> str:
        name = mid_sentence(fact.name)
        if fact.topic in ("diet", "allergen", "availability", "spice"):
            slot = f"fact_{fact.topic}_{'yes' if fact.verdict else 'no'}"
        else:
            slot = f"fact_{fact.topic}"
        if fact.topic == "availability":
            return self.book.say(slot, rng, name=name)
        return self.book.say(slot, rng, name=name, detail=fact.detail.rstrip("."))


def _pairing_limits(wants: Constraints, currency: str) -> str:
    """The limits a pairing had to keep, as they read after "nothing that is": "free of sulphites and under $5"."""
    covered = {d for d, excluded in DIET_EXCLUDES.items() if excluded and excluded <= set(wants.allergies)}
    parts = [d for d in wants.dietary if d not in covered]
    if wants.allergies:
        parts.append(f"free of {and_list(allergen_words(wants.allergies))}")
    if wants.budget is not None:
        parts.append(f"under {money(wants.budget, currency)}")
    return and_list(parts)


def _pairing_price(pick: Pick, currency: str, staff: bool) -> str:
    """A drink's price as poured ("$16 a glass"; staff also see "$64 a bottle"), or a dish's ("$38")."""
    if pick.kind == "dish" or pick.serve is None:
        return money(pick.price, currency)
    price = f"{money(pick.price, currency)} a {pick.serve}"
    if staff and pick.serve == "glass" and pick.bottle_price is not None:
        price += f", {money(pick.bottle_price, currency)} a bottle"
    return price


def _first(c: Citation) -> str:
    return c.author_name.split()[0]


def _person(c: Citation) -> dict[str, str]:
    return {"first": _first(c), "role": c.role, "quote": c.quote}
