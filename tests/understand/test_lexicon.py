"""The lexicon: everyday allergen and diet words, and how the way a guest frames them decides what they mean."""

from __future__ import annotations

import pytest

from bot.knowledge.model import ALLERGENS, DIETS
from bot.understand.lexicon import ALLERGEN_WORDS, DIET_WORDS, course_in, diet_allergens, needs_in

NUTS = ("tree-nut", "peanut")
SHELLFISH = ("crustacean-shellfish", "mollusc")


@pytest.mark.parametrize(
    ("word", "allergens"),
    [
        ("gluten", ("gluten",)),
        ("wheat", ("gluten",)),
        ("nuts", NUTS),
        ("tree nuts", ("tree-nut",)),
        ("almonds", ("tree-nut",)),
        ("walnuts", ("tree-nut",)),
        ("pistachio", ("tree-nut",)),
        ("peanuts", ("peanut",)),
        ("shellfish", SHELLFISH),
        ("prawns", ("crustacean-shellfish",)),
        ("shrimp", ("crustacean-shellfish",)),
        ("crab", ("crustacean-shellfish",)),
        ("lobster", ("crustacean-shellfish",)),
        ("squid", ("mollusc",)),
        ("octopus", ("mollusc",)),
        ("mussels", ("mollusc",)),
        ("clams", ("mollusc",)),
        ("oysters", ("mollusc",)),
        ("scallops", ("mollusc",)),
        ("fish", ("fish",)),
        ("dairy", ("milk",)),
        ("lactose", ("milk",)),
        ("milk", ("milk",)),
        ("eggs", ("egg",)),
        ("sesame", ("sesame",)),
        ("tahini", ("sesame",)),
        ("soy", ("soy",)),
        ("soya", ("soy",)),
        ("mustard", ("mustard",)),
        ("celery", ("celery",)),
        ("lupin", ("lupin",)),
        ("sulphites", ("sulphite",)),
        ("sulfites", ("sulphite",)),
        ("onion", ("allium",)),
        ("garlic", ("allium",)),
        ("allium", ("allium",)),
    ],
)
def test_needs_in_allergic_to_each_word(word: str, allergens: tuple[str, ...]) -> None:
    """ "I'm allergic to X" names the contract's allergen for every everyday word the lexicon knows."""
    assert set(needs_in(f"I'm allergic to {word}").allergies) == set(allergens)


def test_lexicon_tables_use_contract_words() -> None:
    """Every allergen and diet the lexicon produces is a canonical one from the knowledge contract."""
    assert {a for allergens in ALLERGEN_WORDS.values() for a in allergens} <= set(ALLERGENS)
    assert set(DIET_WORDS.values()) <= set(DIETS)


@pytest.mark.parametrize(
    ("text", "allergies", "dietary"),
    [
        ("I'm coeliac", ["gluten"], ["gluten-free"]),
        ("my husband is celiac", ["gluten"], ["gluten-free"]),
        ("I have a nut allergy", list(NUTS), ["nut-free"]),
        ("lactose intolerant here", ["milk"], ["dairy-free"]),
        ("we can't have dairy", ["milk"], ["dairy-free"]),
        ("please avoid sesame", ["sesame"], []),
        ("intolerant to gluten", ["gluten"], ["gluten-free"]),
        ("allergies: nuts, eggs", [*NUTS, "egg"], ["nut-free"]),
        ("I'm allergic to tree nuts, sesame and shellfish", ["tree-nut", "sesame", *SHELLFISH], []),
        ("does it have nuts? I'm allergic", list(NUTS), ["nut-free"]),
        ("no garlic please, I'm allergic", ["allium"], []),
        ("peanut-free please", ["peanut"], []),
    ],
)
def test_needs_in_allergy_framings(text: str, allergies: list[str], dietary: list[str]) -> None:
    """Allergy words, conditions and "X allergy" make hard allergies; "-free" diets come with them."""
    needs = needs_in(text)
    assert sorted(needs.allergies) == sorted(allergies)
    assert list(needs.dietary) == dietary


@pytest.mark.parametrize(
    ("text", "allergies", "dislikes"),
    [
        ("no nuts please", list(NUTS), []),
        ("nut-free", list(NUTS), []),
        ("no shellfish", list(SHELLFISH), []),
        ("no gluten", ["gluten"], []),
        ("no dairy", ["milk"], []),
        ("no eggs", ["egg"], []),
        ("no lamb", [], ["lamb"]),
        ("no spicy", [], ["spicy"]),
        ("no mushrooms", [], ["mushroom"]),
        ("no fish", [], ["fish"]),
        ("no prawns", [], ["prawn"]),
        ("no onions", [], ["onion"]),
        ("no cucumber please", [], ["cucumber"]),
        ("without garlic", [], ["garlic"]),
        ("anything but lamb", [], ["lamb"]),
        ("I don't eat shellfish", list(SHELLFISH), []),
    ],
)
def test_needs_in_bare_no_is_allergy_only_for_safety_words(
    text: str, allergies: list[str], dislikes: list[str]
) -> None:
    """A bare "no X" is a safety limit for allergen words (nuts, shellfish, gluten, dairy) and a dislike for foods."""
    needs = needs_in(text)
    assert sorted(needs.allergies) == sorted(allergies)
    assert list(needs.dislikes) == dislikes


@pytest.mark.parametrize(
    ("text", "dislikes"),
    [
        ("not a fan of coriander", ["coriander"]),
        ("hate cilantro", ["coriander"]),
        ("hate olives", ["olive"]),
        ("I don't like spicy", ["spicy"]),
        ("hate dill", ["dill"]),
        ("I'm not really into spicy food", ["spicy"]),
        ("not a big fan of mushrooms or aubergine", ["mushroom", "aubergine"]),
        ("can't stand eggplant", ["aubergine"]),
        ("nothing too spicy", ["spicy"]),
        ("something mild", ["spicy"]),
        ("I can't eat lamb", ["lamb"]),
    ],
)
def test_needs_in_dislikes(text: str, dislikes: list[str]) -> None:
    """Dislikes name the taste the guest named ("cilantro" is coriander) or their own word for one ingredient."""
    needs = needs_in(text)
    assert list(needs.dislikes) == dislikes
    assert needs.allergies == ()


@pytest.mark.parametrize(
    ("text", "likes"),
    [
        ("love heat", ["spicy"]),
        ("I'm into seafood", ["seafood"]),
        ("big fan of lamb", ["lamb"]),
        ("craving something smoky", ["smoky"]),
        ("we'd love something light and fresh", ["light"]),
        ("I love spicy food and seafood", ["spicy", "seafood"]),
        ("I love lamb but hate mint", ["lamb"]),
    ],
)
def test_needs_in_likes(text: str, likes: list[str]) -> None:
    """Liking words lean toward the taste the guest named, in canonical taste words."""
    assert list(needs_in(text).likes) == likes


@pytest.mark.parametrize(
    ("text", "dietary"),
    [
        ("we're vegan", ["vegan"]),
        ("I'm vegetarian", ["vegetarian"]),
        ("I'm veggie", ["vegetarian"]),
        ("I don't eat meat", ["vegetarian"]),
        ("pescatarian here", ["pescatarian"]),
        ("she's pescetarian", ["pescatarian"]),
        ("we need gluten-free", ["gluten-free"]),
        ("dairy free please", ["dairy-free"]),
        ("plant-based options", ["vegan"]),
        ("We're 4 vegans and one coeliac", ["vegan", "gluten-free"]),
    ],
)
def test_needs_in_diets(text: str, dietary: list[str]) -> None:
    """Diet words in a statement become the guest's diets."""
    assert list(needs_in(text).dietary) == dietary


@pytest.mark.parametrize(
    "text",
    [
        "I'm not vegetarian",
        "we're not vegan",
        "no longer vegetarian",
        "I can eat nuts",
        "nuts are fine",
        "I'm not allergic to anything",
        "no allergies",
        "I don't mind spicy",
        "no problem",
        "I hate waiting",
        "I'm allergic to penicillin",
    ],
)
def test_needs_in_negation_adds_nothing(text: str) -> None:
    """Negated or harmless statements add no diet, allergy, like or dislike."""
    assert not needs_in(text).firm


def test_needs_in_question_names_without_claiming() -> None:
    """A question about a dish names allergens and diets without claiming them as the guest's own."""
    needs = needs_in("is the bream gluten-free? does the knafeh have nuts?")
    assert not needs.firm
    assert needs.open_diets == ("gluten-free",)
    assert needs.open_allergens == NUTS


def test_needs_in_question_with_a_claim_is_a_need() -> None:
    """A diet claimed inside a question ("for vegans", "I'm coeliac") still counts as the guest's."""
    assert needs_in("is the soup ok for vegans?").dietary == ("vegan",)
    assert needs_in("I'm coeliac, is the bream ok?").allergies == ("gluten",)


@pytest.mark.parametrize(
    ("text", "course"),
    [
        ("top two desserts", "dessert"),
        ("something sweet", "dessert"),
        ("any starters?", "starter"),
        ("appetizers", "starter"),
        ("mezze to share", "starter"),
        ("small plates", "starter"),
        ("mains", "main"),
        ("entrees", "main"),
        ("a side or two", "side"),
        ("sides", "side"),
        ("what are the specials", "special"),
        ("tonight's special", "special"),
        ("sauce on the side", None),
        ("something special for our anniversary", None),
        ("what's good", None),
    ],
)
def test_course_in_words(text: str, course: str | None) -> None:
    """Course words map to the contract's courses; "on the side" and "something special" are not courses."""
    assert course_in(text) == course


@pytest.mark.parametrize(
    ("diet", "allergens"),
    [("gluten-free", ("gluten",)), ("dairy-free", ("milk",)), ("nut-free", ("peanut", "tree-nut")), ("vegan", ())],
)
def test_diet_allergens_only_for_free_diets(diet: str, allergens: tuple[str, ...]) -> None:
    """A "-free" diet stands for its allergens; vegan and vegetarian stand for none."""
    assert diet_allergens(diet) == allergens
