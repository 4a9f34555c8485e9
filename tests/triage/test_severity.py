"""The triage rules on their own, without any model: category and severity from the guest's words."""

from __future__ import annotations

import pytest

from bot.triage.model import Category, Severity
from bot.triage.severity import adjust, assess, find_cues, intensity, wait_minutes, wait_severity

STORIES: list[tuple[str, Category, Severity]] = [
    # The stories.
    ("The busboy binned our leftovers while we were paying.", "wrong-missing-discarded", "high"),
    ("They threw away the rest of my lasagne that I'd asked them to box up.", "wrong-missing-discarded", "high"),
    ("The waiter poured out the rest of our wine before we'd finished it.", "wrong-missing-discarded", "high"),
    ("we waited ten minutes and nobody looked at us", "staff-attitude", "medium"),
    ("the staff were chatting on their phones while we waited", "staff-attitude", "medium"),
    ("My son had an allergic reaction to the dessert.", "allergen-safety", "critical"),
    ("The soup was cold.", "food-quality", "medium"),
    ("charged twice", "billing", "medium"),
    ("I was double charged for last night's dinner.", "billing", "medium"),
    # Defaults the issue names.
    ("The waiter was rude to us.", "staff-attitude", "high"),
    ("There was a hair in my pasta.", "food-quality", "high"),
    ("We waited forty-five minutes for our mains.", "wait", "medium"),
    ("Our food took an hour and a half.", "wait", "high"),
    ("Service was a bit slow.", "wait", "low"),
    # Harm to a person is critical however calmly it is told.
    ("I think I got food poisoning from the mussels.", "allergen-safety", "critical"),
    ("My wife slipped on the wet floor by the bar.", "allergen-safety", "critical"),
    ("I told them about my nut allergy and the sauce was full of cashews.", "allergen-safety", "critical"),
    ("There was a piece of glass in my salad.", "allergen-safety", "high"),
    ("Bit of a minor thing, but I found a piece of glass in my salad and cut my lip.", "allergen-safety", "critical"),
    # The other categories.
    ("The toilets had no soap and the floor was sticky.", "cleanliness", "medium"),
    ("I saw a mouse run under the bar.", "cleanliness", "high"),
    ("They gave me the chicken instead of the fish.", "wrong-missing-discarded", "medium"),
    ("The music was far too loud to talk.", "other", "low"),
    ("They lost our booking.", "other", "medium"),
    ("We were seated right by the toilets.", "other", "low"),
    ("The room felt cold all night.", "other", "low"),
    # Intensity moves the severity.
    ("The pasta was cold and I'm furious.", "food-quality", "high"),
    ("Furious, never coming back: you ruined our anniversary with a lost booking.", "other", "high"),
    ("The chips were a little cold, just so you know.", "food-quality", "low"),
    # A plain cue beats a mere topic ("the bill"), and the gravest cue sets the category.
    ("The bill took 25 minutes to come.", "wait", "medium"),
    ("The food was cold and the waiter was rude about it.", "staff-attitude", "high"),
    ("They charged us for a dessert that never came.", "billing", "medium"),
]


@pytest.mark.parametrize(("text", "category", "severity"), STORIES)
def test_assess_story(text: str, category: Category, severity: Severity) -> None:
    """Each story gets the category and severity an operator would give it."""
    judged = assess(text, "other")
    assert (judged.category, judged.severity) == (category, severity)
    assert judged.cues, "the operator should see which words decided it"


@pytest.mark.parametrize(
    ("text", "fallback", "severity"),
    [
        ("The flavours just didn't work for us.", "food-quality", "medium"),
        ("Honestly, it was mediocre.", "food-quality", "low"),
        ("Very disappointing evening.", "other", "medium"),
        ("Something about the place felt off to us, hard to say what.", "allergen-safety", "high"),
    ],
)
def test_assess_without_category_cue_uses_fallback(text: str, fallback: Category, severity: Severity) -> None:
    """With no rule naming a category, the classifier's guess is kept and its default or a verdict sets severity."""
    judged = assess(text, fallback)
    assert judged.category == fallback
    assert judged.severity == severity


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("we waited ten minutes", 10),
        ("forty-five minutes for a coffee", 45),
        ("forty five mins", 45),
        ("over an hour", 60),
        ("an hour and a half", 90),
        ("half an hour at the door", 30),
        ("2 hours", 120),
        ("25 minutes then another 50 minutes", 50),
        ("a quarter of an hour", 15),
        ("no time named", None),
    ],
)
def test_wait_minutes_reads_durations(text: str, minutes: float | None) -> None:
    """Durations in words or digits become minutes; the longest one counts."""
    assert wait_minutes(text) == minutes


@pytest.mark.parametrize(
    ("minutes", "severity"), [(5, "low"), (14, "low"), (15, "medium"), (45, "medium"), (60, "high"), (180, "high")]
)
def test_wait_severity_grows_with_minutes(minutes: float, severity: Severity) -> None:
    """Under a quarter of an hour is low, an hour or more is high."""
    assert wait_severity(minutes) == severity


@pytest.mark.parametrize(
    ("severity", "step", "expected"),
    [
        ("low", 1, "medium"),
        ("medium", 2, "high"),
        ("high", 1, "high"),
        ("medium", -1, "low"),
        ("low", -1, "low"),
        ("critical", -1, "critical"),
        ("critical", 1, "critical"),
        ("medium", 0, "medium"),
    ],
)
def test_adjust_stays_in_bounds(severity: Severity, step: int, expected: Severity) -> None:
    """Anger never makes a complaint critical, and mildness never makes harm less than critical."""
    assert adjust(severity, step) == expected


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("I'm furious", 1),
        ("furious, and you ruined my birthday", 2),
        ("a bit slow", -1),
        ("just so you know, it was cold", -1),
        ("furious, but only a bit", 0),
        ("the soup was cold", 0),
        ("a bit of metal in my burger", 0),
    ],
)
def test_intensity_steps(text: str, step: int) -> None:
    """Anger words step up (two different ones, two steps), mild framing steps down; "a bit of" is no framing."""
    assert intensity(text)[0] == step


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("the soup was cold", True),
        ("the soup wasn't cold at all", False),
        ("the staff were never rude", False),
        ("a cold beer please", False),
        ("it's cold outside", False),
    ],
)
def test_find_cues_drops_negated_and_unrelated_words(text: str, present: bool) -> None:
    """A cue right after a negator, or a word in a sense that is not a fault, is not a cue."""
    found = [cue for cue in find_cues(text) if cue.category in {"food-quality", "staff-attitude"}]
    assert bool(found) is present


def test_find_cues_keeps_the_guests_own_words() -> None:
    """Cues quote the original text (case and all), in reading order."""
    cues = find_cues("The Waiter was RUDE and the soup was Cold.")
    assert [cue.phrase for cue in cues] == ["RUDE", "Cold"]
