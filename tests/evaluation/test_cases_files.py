"""The shipped eval suite (evals/cases/*.yaml) is well formed and true to the sample venue it tests."""

from __future__ import annotations

from collections import Counter
from typing import get_args

import pytest

from bot.decide.remedy import LADDER
from bot.evaluation.case import BLIND, Case, CaseKind, load_cases
from bot.knowledge.loader import load_root
from bot.knowledge.venue import Knowledge
from tests.conftest import REPO, SAMPLE_KNOWLEDGE

CASES_DIR = REPO / "evals" / "cases"
# The contract's words (../shared/CONTRACT.md section 1), written out so the suite answers to the contract.
CONTRACT_ALLERGENS = (
    "gluten",
    "crustacean-shellfish",
    "mollusc",
    "fish",
    "egg",
    "milk",
    "peanut",
    "tree-nut",
    "soy",
    "sesame",
    "mustard",
    "celery",
    "lupin",
    "sulphite",
    "allium",
)
CONTRACT_DIETS = ("vegetarian", "vegan", "pescatarian", "gluten-free", "dairy-free", "nut-free")


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_cases(CASES_DIR)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_root(SAMPLE_KNOWLEDGE)


def test_load_cases_suite_is_big_enough(cases: list[Case]) -> None:
    """At least 150 cases, spread over several theme files."""
    assert len(cases) >= 150
    assert len(list(CASES_DIR.glob("*.yaml"))) >= 5


def test_load_cases_every_kind_is_present(cases: list[Case]) -> None:
    """Every case kind the format knows has at least one case."""
    kinds = {c.kind for c in cases}
    assert kinds == set(get_args(CaseKind))


def test_load_cases_every_venue_exists(cases: list[Case], knowledge: Knowledge) -> None:
    """Each case names a venue the knowledge root has."""
    missing = {c.id: c.venue for c in cases if c.venue not in knowledge.venues}
    assert not missing


def test_load_cases_every_named_id_is_on_the_venue(cases: list[Case], knowledge: Knowledge) -> None:
    """Every id in never, any_of and mentions is a dish or drink of the case's venue."""
    unknown = []
    for case in cases:
        venue = knowledge.venues[case.venue]
        for field in ("never", "any_of", "mentions"):
            unknown += [f"{case.id}.{field}: {i}" for i in getattr(case.expect, field) if venue.item(i) is None]
    assert not unknown


def test_load_cases_remedy_bounds_are_ladder_tiers(cases: list[Case]) -> None:
    """remedy_at_least and remedy_at_most name tiers of the ladder, and the floor is not above the ceiling."""
    for case in cases:
        least, most = case.expect.remedy_at_least, case.expect.remedy_at_most
        for tier in (least, most):
            assert tier is None or tier in LADDER, (case.id, tier)
        if least and most:
            assert LADDER.index(least) <= LADDER.index(most), case.id


def test_load_cases_every_group_has_company(cases: list[Case]) -> None:
    """A group is guests asking the same thing: it needs at least two cases to compare."""
    sizes = Counter(c.group for c in cases if c.group)
    assert sizes
    assert all(n >= 2 for n in sizes.values()), sizes
    assert sum(1 for n in sizes.values() if 3 <= n <= 4) >= 6
    grouped = [c for c in cases if c.group]
    assert all(c.truth.likes for c in grouped)


def test_load_cases_every_allergen_word_is_someones_truth(cases: list[Case]) -> None:
    """Each allergen word of the contract is the real allergy of at least one guest."""
    said = {a for c in cases for a in c.truth.allergies}
    assert set(CONTRACT_ALLERGENS) <= said
    assert said <= set(CONTRACT_ALLERGENS)


def test_load_cases_every_diet_is_someones_truth(cases: list[Case]) -> None:
    """Each diet of the contract is the real diet of at least one guest."""
    said = {d for c in cases for d in c.truth.dietary}
    assert set(CONTRACT_DIETS) <= said
    assert said <= set(CONTRACT_DIETS)


def test_load_cases_any_of_never_overlaps_never(cases: list[Case]) -> None:
    """Nothing is both acceptable and forbidden in the same case."""
    clashes = {c.id: set(c.expect.any_of) & set(c.expect.never) for c in cases}
    assert not {k: v for k, v in clashes.items() if v}


def test_load_cases_complaints_escalate_with_bounds(cases: list[Case]) -> None:
    """Every complaint expects a person; a hand-written one also a severity and a remedy range (the blind sets grade
    the escalation, and the severity only where it must be critical); smalltalk never escalates."""
    for case in cases:
        if case.kind == "complaint":
            assert case.expect.escalate is True, case.id
            if not case.id.startswith(BLIND):
                assert case.expect.severity, case.id
                assert case.expect.remedy_at_least, case.id
                assert case.expect.remedy_at_most, case.id
        if case.kind == "smalltalk":
            assert case.expect.escalate is False, case.id
        if case.expect.severity:
            assert case.expect.escalate is True, case.id


def test_load_cases_critical_complaints_are_safety_first(cases: list[Case]) -> None:
    """A critical complaint (an allergic reaction, food poisoning) accepts nothing below safety-first."""
    critical = [c for c in cases if c.expect.severity == "critical" and not c.id.startswith(BLIND)]
    assert critical
    assert all(c.expect.remedy_at_least == "safety-first" for c in critical)


def test_load_cases_blind_set_covers_every_act(cases: list[Case]) -> None:
    """The blind paraphrase set has at least 25 cases for every act, and at least 60 reaction reports."""
    blind = [c for c in cases if c.id.startswith(BLIND)]
    acts = {c.expect.intent for c in blind}
    assert all(sum(1 for c in blind if c.expect.intent == act) >= 25 for act in acts), acts
    assert len(acts) == 13
    reactions = [c for c in blind if c.expect.severity == "critical"]
    assert len(reactions) >= 60


def test_load_cases_blind_turns_are_not_in_the_bank(cases: list[Case]) -> None:
    """No example the act model learns from is a blind turn: the paraphrase set stays held out."""
    from bot.language.pack import load_pack

    def norm(text: str) -> str:
        return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())

    bank = {norm(t) for examples in load_pack().acts().values() for t in examples}
    leaked = [t for c in cases if c.id.startswith(BLIND) for t in c.turns if norm(t) in bank and len(t) > 12]
    assert not leaked, leaked[:5]


def test_load_cases_any_of_holds_nothing_off_tonight(cases: list[Case], knowledge: Knowledge) -> None:
    """No case accepts a dish or drink the kitchen has marked unavailable."""
    for case in cases:
        venue = knowledge.venues[case.venue]
        off = {d.id for d in venue.dishes if not d.available} | {d.id for d in venue.drinks if not d.available}
        assert not off & set(case.expect.any_of), case.id
