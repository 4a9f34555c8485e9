"""The recommender on a small venue: conviction, fit, balance, honesty about skips and shortfalls."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.decide.constraint import check
from bot.decide.recommend import best_quote, recommend
from bot.knowledge.loader import load_venue
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints


@pytest.fixture
def mini(mini_root: Path) -> VenueKnowledge:
    return load_venue(mini_root / "mini-mezze")


def test_recommend_commits_to_three_ranked_backed_picks(mini: VenueKnowledge) -> None:
    """The default answer is three distinct, ranked picks, each resting on at least one staff note."""
    decision = recommend(mini, Constraints())
    assert [p.rank for p in decision.picks] == [1, 2, 3]
    assert len({p.id for p in decision.picks}) == 3
    for pick in decision.picks:
        assert pick.citations
        note = next(n for n in mini.notes if n.id == pick.citations[0].note)
        assert pick.citations[0].quote in " ".join(note.body.split())
        assert pick.id in note.about


def test_recommend_never_picks_what_staff_say_to_skip(mini: VenueKnowledge) -> None:
    """A dish whose only note says skip it is never a pick, even when it would fill a course."""
    decision = recommend(mini, Constraints(), count=5)
    assert "lamb-kofta" not in {p.id for p in decision.picks}
    assert "fried-calamari" not in {p.id for p in decision.picks}


def test_recommend_never_picks_an_86d_dish(mini: VenueKnowledge) -> None:
    """The chocolate tart is loved but off tonight."""
    decision = recommend(mini, Constraints(course="dessert"))
    assert "chocolate-tart" not in {p.id for p in decision.picks}


def test_recommend_likes_move_matching_dishes_up(mini: VenueKnowledge) -> None:
    """A guest who loves heat gets the harissa dish first, with the fit named."""
    decision = recommend(mini, Constraints(likes=["spicy"]))
    assert decision.picks[0].id == "harissa-carrots"
    assert decision.picks[0].fits == ["spicy"]


def test_recommend_quotes_the_sentence_that_fits_the_guest(mini: VenueKnowledge) -> None:
    """For a heat lover, the quoted sentence is the one about heat."""
    decision = recommend(mini, Constraints(likes=["spicy"]))
    assert "heat" in decision.picks[0].citations[0].quote.lower()


def test_recommend_balances_courses(mini: VenueKnowledge) -> None:
    """Without a course asked for, three picks do not all come from one course."""
    decision = recommend(mini, Constraints())
    assert len({p.course for p in decision.picks}) >= 2


def test_recommend_course_filter(mini: VenueKnowledge) -> None:
    """'top two starters' gives two starters."""
    decision = recommend(mini, Constraints(course="starter"), count=2)
    assert [p.course for p in decision.picks] == ["starter", "starter"]


def test_recommend_states_the_change_for_an_allergy(mini: VenueKnowledge) -> None:
    """A dish made safe by leaving something out carries that change."""
    decision = recommend(mini, Constraints(allergies=["tree-nut"]))
    carrots = next(p for p in decision.picks if p.id == "harissa-carrots")
    assert carrots.change == "ask for it without the dukkah"
    assert decision.confirm_with_staff


def test_recommend_shortfall_is_not_padded(mini: VenueKnowledge) -> None:
    """Vegan leaves one backed dish: one pick, not three, and nothing that breaks the diet."""
    wants = Constraints(dietary=["vegan"])
    decision = recommend(mini, wants)
    assert decision.shortfall
    assert [p.id for p in decision.picks] == ["harissa-carrots"]
    for pick in decision.picks:
        dish = mini.dish(pick.id)
        assert dish is not None
        assert check(dish, wants).ok


def test_recommend_nothing_fits(mini: VenueKnowledge) -> None:
    """A budget below every backed dish gives no picks and says so."""
    decision = recommend(mini, Constraints(budget=5))
    assert decision.picks == []
    assert decision.situation == "nothing-fits"


def test_recommend_skips_a_favourite_that_does_not_fit(mini: VenueKnowledge) -> None:
    """A vegan hears that the loved hummus is not for them, and why."""
    decision = recommend(mini, Constraints(dietary=["vegan"]))
    skip = next(s for s in decision.skips if s.reason == "does-not-fit")
    assert skip.id == "hummus"
    assert "not vegan" in skip.why


def test_recommend_warns_off_a_lukewarm_dish(mini: VenueKnowledge) -> None:
    """A guest who likes seafood is warned off the calamari the sommelier is lukewarm on."""
    decision = recommend(mini, Constraints(likes=["seafood"]))
    lukewarm = [s for s in decision.skips if s.reason == "staff-lukewarm"]
    assert [s.id for s in lukewarm] == ["fried-calamari"]
    assert lukewarm[0].citations[0].author == "tom"


def test_best_quote_prefers_guest_taste(mini: VenueKnowledge) -> None:
    """Different tastes pull different sentences from the same note."""
    note = next(n for n in mini.notes if n.id == "lina-carrots")
    assert "heat" in best_quote(note, ["spicy"], "Harissa carrots").lower()
    assert best_quote(note, [], "Harissa carrots") == "Proper heat from the harissa."
