"""Scorers without any model: hand each an answer that must pass and one that must fail."""

from __future__ import annotations

from typing import Any

import pytest

from bot.evaluation import scorers
from bot.evaluation.case import Case
from bot.knowledge.loader import load_root
from bot.knowledge.venue import VenueKnowledge
from tests.conftest import SAMPLE_KNOWLEDGE


@pytest.fixture(scope="module")
def venue() -> VenueKnowledge:
    return load_root(SAMPLE_KNOWLEDGE).venues["cedar-and-tide"]


def _case(**fields: Any) -> Case:
    return Case.model_validate({"id": "c", "venue": "cedar-and-tide", "kind": "recommend", "turns": ["hi"], **fields})


def _pick(venue: VenueKnowledge, rank: int, dish_id: str, note_id: str | None = None) -> dict[str, Any]:
    dish = venue.dish(dish_id)
    assert dish is not None
    note = next(n for n in venue.notes_about(dish_id) if note_id in (None, n.id))
    author = venue.staff(note.author).name
    return {"rank": rank, "id": dish_id, "name": dish.name, "why": f"{author} loves it.", "sources": [note.id]}


def _reply(text: str, picks: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"text": text, "picks": picks or [], "skips": [], "facts": [], "constraints": {}, "latency_ms": 5.0, **extra}


def _top3(venue: VenueKnowledge) -> tuple[str, list[dict[str, Any]]]:
    picks = [_pick(venue, 1, "lamb-shoulder"), _pick(venue, 2, "knafeh"), _pick(venue, 3, "charred-cauliflower")]
    text = "\n".join(f"{p['rank']}. {p['name']}: {p['why']}" for p in picks)
    return text, picks


def test_hedging_passes_committed_and_fails_dodges(venue: VenueKnowledge) -> None:
    """A ranked answer passes; 'everything's great' fails; no picks without a reason fails."""
    text, picks = _top3(venue)
    case = _case(expect={"picks": 3})
    assert scorers.hedging(case, [_reply(text, picks)]).passed
    assert not scorers.hedging(case, [_reply("Everything's great here!", picks)]).passed
    assert not scorers.hedging(case, [_reply("Let me know what you like.", [])]).passed
    assert scorers.hedging(case, [_reply("Nothing fits.", [], situation="nothing-fits")]).passed


def test_commitment_counts_ranks_and_reasons(venue: VenueKnowledge) -> None:
    """Exactly N distinct ranked picks with reasons and sources; anything else fails."""
    text, picks = _top3(venue)
    case = _case(expect={"picks": 3})
    assert scorers.commitment(case, [_reply(text, picks)]).passed
    assert not scorers.commitment(case, [_reply(text, picks[:2])]).passed
    assert not scorers.commitment(case, [_reply(text, [picks[0], picks[0], picks[1]])]).passed
    no_reason = [dict(p, why="") for p in picks]
    assert not scorers.commitment(case, [_reply(text, no_reason)]).passed
    swapped = [dict(picks[0], rank=2), dict(picks[1], rank=1), picks[2]]
    assert not scorers.commitment(case, [_reply(text, swapped)]).passed
    assert not scorers.commitment(_case(), [_reply(text, picks)]).applies


def test_grounding_catches_invented_dish_price_and_quote(venue: VenueKnowledge) -> None:
    """Real picks, real quotes and menu prices pass; an invented dish, a wrong price or a made-up quote fails."""
    text, picks = _top3(venue)
    case = _case()
    assert scorers.grounding(case, [_reply(text, picks)], venue).passed, scorers.grounding(
        case, [_reply(text, picks)], venue
    ).detail
    invented = [*picks, {"rank": 4, "id": "unicorn-steak", "name": "Unicorn steak", "why": "x", "sources": []}]
    assert not scorers.grounding(case, [_reply(text + " Unicorn steak", invented)], venue).passed
    assert not scorers.grounding(case, [_reply(text + " The lamb shoulder is $12.", picks)], venue).passed
    lamb = venue.dish("lamb-shoulder")
    assert lamb is not None
    assert scorers.grounding(case, [_reply(text + f" It is ${lamb.price:g}.", picks)], venue).passed
    quote = next(n for n in venue.notes_about("knafeh")).body.split(".")[0]
    assert scorers.grounding(case, [_reply(text + f' "{quote}."', picks)], venue).passed
    assert not scorers.grounding(
        case, [_reply(text + ' "The best lamb in all of Maine, no question."', picks)], venue
    ).passed
    dropped = text.replace(picks[2]["name"], "the third one")
    assert not scorers.grounding(case, [_reply(dropped, picks)], venue).passed
    extra = text + " Also try the Muhammara."
    assert not scorers.grounding(case, [_reply(extra, picks)], venue).passed


def test_safety_catches_allergens_traces_and_untold_changes(venue: VenueKnowledge) -> None:
    """A tree-nut allergy: the knafeh fails unless its change is told; the muhammara always fails."""
    case = _case(truth={"allergies": ["tree-nut"]})
    knafeh = _pick(venue, 1, "knafeh")
    told = "1. Knafeh. Ask for it without the pistachio. Please confirm with your server."
    assert scorers.safety(case, [_reply(told, [knafeh])], venue).passed
    assert not scorers.safety(case, [_reply("1. Knafeh. Please confirm with your server.", [knafeh])], venue).passed
    muhammara = _pick(venue, 1, "muhammara")
    assert not scorers.safety(case, [_reply("1. Muhammara. Confirm with staff.", [muhammara])], venue).passed
    bream = _pick(venue, 1, "sea-bream")
    assert not scorers.safety(case, [_reply("1. Whole grilled sea bream.", [bream])], venue).passed  # no confirm line
    assert scorers.safety(case, [_reply("1. Whole grilled sea bream. Tell your server.", [bream])], venue).passed


def test_safety_never_list(venue: VenueKnowledge) -> None:
    """A pick the case says never to make fails."""
    case = _case(expect={"never": ["lamb-shoulder"]})
    assert not scorers.safety(case, [_reply("x", [_pick(venue, 1, "lamb-shoulder")])], venue).passed


def test_safety_holds_earlier_answers_to_what_they_knew(venue: VenueKnowledge) -> None:
    """The lamb picked before the guest said "vegetarian" is fine; picked while the answer held it, it fails; the
    last answer with picks is held to the whole truth and to `never` whatever it reported."""
    case = _case(truth={"dietary": ["vegetarian"]}, expect={"never": ["lamb-shoulder"]})
    lamb, cauliflower = _pick(venue, 1, "lamb-shoulder"), _pick(venue, 1, "charred-cauliflower")
    before = _reply("1. Lamb.", [lamb])
    knew = _reply("1. Lamb.", [lamb], constraints={"dietary": ["vegetarian"]})
    after = _reply("1. Cauliflower.", [cauliflower], constraints={"dietary": ["vegetarian"]})
    assert scorers.safety(case, [before, after], venue).passed
    assert not scorers.safety(case, [knew, after], venue).passed
    assert not scorers.safety(case, [after, before], venue).passed
    assert not scorers.safety(case, [after, before, _reply("Thanks!")], venue).passed


@pytest.mark.parametrize(
    ("expect", "esc", "text", "ok"),
    [
        (
            {"escalate": True, "severity": "high"},
            {"severity": "high", "remedy": {"tier": "replace-and-gesture"}},
            "Sorry, the manager has it.",
            True,
        ),
        ({"escalate": True, "severity": "high"}, {"severity": "medium", "remedy": None}, "Sorry.", True),
        ({"escalate": True, "severity": "high"}, {"severity": "low", "remedy": None}, "Sorry.", False),
        ({"escalate": True, "severity": "critical"}, {"severity": "high", "remedy": None}, "Sorry.", False),
        ({"escalate": True}, None, "Sorry to hear that.", False),
        ({"escalate": False}, {"severity": "low", "remedy": None}, "Thanks!", False),
        ({"escalate": False}, None, "Thanks!", True),
        (
            {"escalate": True, "remedy_at_least": "replace-and-gesture"},
            {"severity": "high", "remedy": {"tier": "apologise-and-fix"}},
            "Sorry.",
            False,
        ),
        (
            {"escalate": True, "remedy_at_most": "comp-item"},
            {"severity": "high", "remedy": {"tier": "manager-and-comp"}},
            "Sorry.",
            False,
        ),
        ({"escalate": True}, {"severity": "high", "remedy": None}, "Dessert is on the house!", False),
    ],
)
def test_escalation(expect: dict[str, Any], esc: dict[str, Any] | None, text: str, ok: bool) -> None:
    """Escalated iff expected, severity within a step (critical exact), tier in bounds, no comp promised."""
    case = _case(kind="complaint", expect=expect)
    assert scorers.escalation(case, [_reply(text, escalation=esc)]).passed is ok


def test_expectations_any_of_and_mentions(venue: VenueKnowledge) -> None:
    """One of `any_of` must be picked, and every `mentions` item named."""
    text, picks = _top3(venue)
    assert scorers.expectations(_case(expect={"any_of": ["knafeh", "baklava"]}), [_reply(text, picks)], venue).passed
    assert not scorers.expectations(_case(expect={"any_of": ["baklava"]}), [_reply(text, picks)], venue).passed
    assert scorers.expectations(_case(expect={"mentions": ["knafeh"]}), [_reply(text, picks)], venue).passed
    assert not scorers.expectations(_case(expect={"mentions": ["sea-bream"]}), [_reply(text, picks)], venue).passed


def test_authenticity_flags_one_script_and_deaf_answers(venue: VenueKnowledge) -> None:
    """Same script with names swapped fails; different wording that speaks to each taste passes."""
    a = _case(id="a", truth={"likes": ["spicy"]}, group="g")
    b = _case(id="b", truth={"likes": ["seafood"]}, group="g")
    script = "Thank you for your question. Here are our recommendations for you today: {}. Enjoy your visit."
    same = scorers.authenticity(
        [(a, [_reply(script.format("Knafeh"))]), (b, [_reply(script.format("Muhammara"))])], venue, 0.5
    )
    assert not same["a"].passed
    assert not same["b"].passed
    varied = scorers.authenticity(
        [
            (a, [_reply("Heat first: the cauliflower brings real chili, and the batata harra after it.")]),
            (b, [_reply("For a seafood lover I'd open with the octopus, then the whole fish from the grill.")]),
        ],
        venue,
        0.5,
    )
    assert varied["a"].passed
    assert varied["b"].passed


def test_latency_budget() -> None:
    """An answer over the budget fails."""
    assert scorers.latency([_reply("x")], 100).passed
    assert not scorers.latency([_reply("x", latency_ms=250.0)], 100).passed
