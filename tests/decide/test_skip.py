"""What to skip, on the sample venue: the scope the guest asked about, and honesty about dishes the team is split on."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.catalog import Catalog
from bot.decide.recommend import STANCE_WEIGHT, recommend
from bot.decide.skip import skip
from bot.decide.visit import visit_answer
from bot.knowledge.venue import VenueKnowledge
from bot.understand.reader import Context
from bot.understand.request import Constraints, DrinkAsk, Request
from tests.conftest import Read

DIPS = ["hummus", "muhammara", "baba-ghanoush", "labneh"]


@pytest.fixture
def venue(catalog: Catalog) -> VenueKnowledge:
    return catalog.venue("cedar-and-tide")


def _net(venue: VenueKnowledge, item: str) -> float:
    return sum(STANCE_WEIGHT[n.stance] for n in venue.notes_about(item))


def test_skip_over_the_whole_menu_names_only_dishes_more_disliked_than_liked(venue: VenueKnowledge) -> None:
    decision = skip(venue, Request(text="", intent="skip"), Constraints())
    assert decision.skips
    assert all(s.reason == "staff-lukewarm" for s in decision.skips)
    assert all(_net(venue, s.id) <= 0 for s in decision.skips)


def test_skip_within_a_kind_names_the_dish_the_team_is_split_on(venue: VenueKnowledge) -> None:
    """Asked which dip to skip, the guest gets the weak spot among the dips, said to be contested."""
    decision = skip(venue, Request(text="", intent="skip", among=DIPS), Constraints())
    assert [s.id for s in decision.skips] == ["baba-ghanoush"]
    assert decision.skips[0].reason == "staff-split"


def test_skip_scope_is_not_narrowed_by_a_taste_said_turns_ago(venue: VenueKnowledge) -> None:
    """ "I love lamb" earlier does not turn "any starters to skip?" into "any lamb starters to skip?"."""
    wants = Constraints(likes=["lamb"], course="starter")
    decision = skip(venue, Request(text="", intent="skip", constraints=Constraints(course="starter")), wants)
    assert decision.skips
    assert {venue.dish(s.id).course for s in decision.skips if venue.dish(s.id)} == {"starter"}


def test_skip_for_a_limit_said_in_the_ask_names_what_breaks_it(venue: VenueKnowledge) -> None:
    """ "What should I avoid if I hate spicy food?": the spicy dishes, each with the word that makes it so, then
    one lukewarm dish the guest could have; asked of one part of the menu, the weak spot within the limits."""
    said = Constraints(dislikes=["spicy"])
    decision = skip(venue, Request(text="", intent="skip", constraints=said), said)
    against = [s for s in decision.skips if s.reason == "breaks-limit"]
    assert against
    assert decision.excluded >= len(against)
    for s in against:
        dish = venue.dish(s.id)
        assert dish is not None
        assert s.why.startswith("has ")
        assert s.why.removeprefix("has ") in f"{dish.name} {dish.description}".lower()
    staff = [s for s in decision.skips if s.reason != "breaks-limit"]
    assert len(staff) <= 1
    assert all(s.id not in {a.id for a in against} for s in staff)
    within = skip(venue, Request(text="", intent="skip", among=DIPS), said)
    assert not any(s.reason == "breaks-limit" for s in within.skips)  # "which dip is weak?" stays within the limits


def test_skip_asked_bare_after_a_limit_names_what_breaks_it(venue: VenueKnowledge) -> None:
    """ "Shellfish allergy, all of it", then "what do I stay away from?": the limit said before is the reason."""
    held = Constraints(allergies=["crustacean-shellfish", "mollusc"])
    decision = skip(venue, Request(text="", intent="skip"), held)
    against = {s.id for s in decision.skips if s.reason == "breaks-limit"}
    assert "grilled-prawns" in against
    assert all(s.reason != "breaks-limit" for s in skip(venue, Request(text="", intent="skip"), Constraints()).skips)


def test_skip_for_an_allergy_names_traces_too(venue: VenueKnowledge) -> None:
    said = Constraints(allergies=["sesame"])
    decision = skip(venue, Request(text="", intent="skip", constraints=said), said)
    assert decision.confirm_with_staff
    whys = {s.id: s.why for s in decision.skips if s.reason == "breaks-limit"}
    assert whys
    assert all("sesame" in w for w in whys.values())
    for ident in whys:
        dish = venue.dish(ident)
        assert dish is not None
        assert "sesame" in dish.allergens or "sesame" in dish.may_contain


def test_recommend_among_a_kind_picks_from_that_kind(venue: VenueKnowledge) -> None:
    decision = recommend(venue, Constraints(), 1, among=DIPS)
    assert len(decision.picks) == 1
    assert decision.picks[0].id in DIPS


def test_hours_for_a_date_name_the_date_once(venue: VenueKnowledge) -> None:
    """New Year's Eve is a Thursday: the answer says which Thursday, and says it once."""
    request = Request(text="", intent="venue", topics=["hours", "closures"], day=dt.date(2026, 12, 31))
    facts = visit_answer(venue, request).facts
    assert [f.name for f in facts] == ["Thursday 31 December"]


@pytest.mark.parametrize(
    ("kinds", "styles", "then"),
    [
        ({"non-alcoholic"}, set(), "any of those to avoid?"),
        ({"wine"}, {"red"}, "which of those is the weakest?"),
        ({"wine"}, set(), "before we pick, are there any on the list you'd avoid?"),
    ],
)
def test_skip_after_a_kind_of_drink_asks_of_that_kind(
    venue: VenueKnowledge, read: Read, kinds: set[str], styles: set[str], then: str
) -> None:
    """ "what alcohol-free stuff do you have?", then "any of those to avoid?": that kind, not the one drink poured."""
    asked = DrinkAsk(kinds=frozenset(kinds), styles=frozenset(styles))
    context = Context(last_act="drink", drink=asked, picks=("mint-lemonade",) if "non-alcoholic" in kinds else ())
    request = read(then, context=context)
    assert request.intent == "skip"
    decision = skip(venue, request, request.constraints)
    assert decision.skips
    drinks = [venue.drink(s.id) for s in decision.skips]
    assert all(d is not None and d.kind in kinds for d in drinks)
    if styles:
        assert all(d is not None and "red" in (d.style or "") for d in drinks)


def test_a_reason_given_for_asking_puts_the_dishes_faulted_for_it_first_in_the_sentence_that_says_so(
    venue: VenueKnowledge,
) -> None:
    plain = skip(venue, Request(text="", intent="skip"), Constraints())
    busy = skip(venue, Request(text="", intent="skip", faults=["keeps-poorly"]), Constraints())
    assert [s.id for s in busy.skips] != [s.id for s in plain.skips]
    first = busy.skips[0]
    quote = first.citations[0].quote
    assert any(w in quote.lower() for w in ("busy", "sits", "minutes", "waits"))
    assert quote in " ".join(n.body for n in venue.notes_about(first.id)).replace("\n", " ")


def test_a_reason_no_note_faults_anything_for_leaves_the_weakest_spots(venue: VenueKnowledge) -> None:
    plain = skip(venue, Request(text="", intent="skip"), Constraints())
    unheard = skip(venue, Request(text="", intent="skip", faults=["no-such-fault"]), Constraints())
    assert [s.id for s in unheard.skips] == [s.id for s in plain.skips]
