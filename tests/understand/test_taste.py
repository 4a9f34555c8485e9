"""The taste vocabulary: one table read from a dish's words and from a guest's, with plurals and parents."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.understand.taste import PARENTS, TASTES, Phrasebook, fold, forms, taste_words, tastes_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cajun-spiced snapper, mango salsa, coconut rice.", {"spicy", "fish", "seafood", "rice"}),
        ("Whole grilled sea bream, harissa butter", {"smoky", "fish", "seafood", "spicy", "rich"}),
        ("Slow-roast lamb shoulder", {"lamb", "meat", "red meat"}),
        ("Charred cauliflower with zhoug", {"smoky", "vegetables", "spicy"}),
        ("Crispy calamari, aioli", {"crispy", "shellfish", "seafood", "garlic"}),
        ("Porcini risotto, parmesan", {"mushroom", "earthy", "rice", "cheese"}),
        ("Baba ghanoush with pita", {"aubergine", "vegetables", "bread"}),
        ("Chocolate mousse", {"chocolate", "sweet", "creamy"}),
        ("Pistachio baklava with honey", {"nutty", "sweet"}),
        ("Tuna crudo, lime, coriander", {"fish", "seafood", "light", "citrus", "coriander", "herby", "green"}),
        ("Duck breast, sour cherry", {"duck", "meat", "sour"}),
        ("Pork belly, crackling", {"pork", "meat", "red meat", "crispy"}),
        ("Beef kofta with mint yogurt", {"beef", "meat", "red meat", "herby", "green", "creamy"}),
        ("Chicken thighs, smoked paprika", {"chicken", "meat", "smoky"}),
        ("Kalamata olives, feta, tomato", {"olive", "cheese", "tomato", "vegetables"}),
        ("Linguine with clams", {"pasta", "shellfish", "seafood"}),
        ("Chicken, pickles, grilled tomato", {"chicken", "meat", "smoky", "sour", "tomato", "vegetables"}),
        ("Charred broccolini, chili", {"smoky", "leafy", "vegetables", "green", "spicy"}),
    ],
)
def test_tastes_in_dish_descriptions(text: str, expected: set[str]) -> None:
    """A dish's own words tag it with every taste they show, parents included."""
    assert tastes_in(text) == expected


@pytest.mark.parametrize(
    ("text", "taste"),
    [
        ("PRAWNS", "shellfish"),
        ("grilled prawns", "shellfish"),
        ("wild mushrooms", "mushroom"),
        ("marinated anchovies", "fish"),
        ("heirloom tomatoes", "tomato"),
        ("Jalapeño crema", "spicy"),
        ("wood-fired", "smoky"),
        ("the chef’s za’atar", "herby"),
    ],
)
def test_tastes_in_plurals_case_and_accents(text: str, taste: str) -> None:
    """Plurals, capitals, accents, hyphens and curly apostrophes all match the plain cue."""
    assert taste in tastes_in(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Orange and olive oil cake", "olive"),
        ("nut-free, made in a nut free kitchen", "nutty"),
        ("Soup served hot", "spicy"),
        ("Oyster mushrooms on toast", "shellfish"),
        ("Coconut rice", "nutty"),
        ("Sweet potato wedges", "sweet"),
        ("Red snapper", "vegetables"),
        ("Lemon sole", "citrus"),
    ],
)
def test_tastes_in_phrases_that_only_look_like_a_taste(text: str, absent: str) -> None:
    """A longer phrase that contains a cue without meaning it does not carry the cue's taste."""
    assert absent not in tastes_in(text)


def test_tastes_in_plain_text_has_no_tastes() -> None:
    """Words with no taste in them give an empty set, and so does empty text."""
    assert tastes_in("A table for four at eight, please") == set()
    assert tastes_in("") == set()


@pytest.mark.parametrize(
    ("taste", "word"),
    [("seafood", "prawn"), ("seafood", "bream"), ("meat", "lamb"), ("meat", "chorizo"), ("spicy", "harissa")],
)
def test_taste_words_include_narrower_tastes(taste: str, word: str) -> None:
    """A broad taste's cue words include those of every taste under it, so a search for seafood finds prawns."""
    assert word in taste_words(taste)


def test_taste_words_unknown_taste_is_empty() -> None:
    """An unknown taste has no cue words rather than raising."""
    assert taste_words("umami-bomb") == ()


def test_tastes_vocabulary_each_spelling_means_one_taste() -> None:
    """No cue spelling belongs to two tastes, so the reading of a word never depends on table order."""
    spellings = Counter(form for words in TASTES.values() for word in words for form in forms(word))
    assert [form for form, n in spellings.items() if n > 1] == []


def test_tastes_vocabulary_size_and_parents() -> None:
    """About thirty canonical tastes, and every parent and child named in PARENTS is one of them."""
    assert 28 <= len(TASTES) <= 40
    for child, parents in PARENTS.items():
        assert child in TASTES
        assert all(parent in TASTES for parent in parents)


def test_phrasebook_longest_phrase_wins_and_stops_at_punctuation() -> None:
    """The longest known phrase is taken first, and a phrase never runs across a comma."""
    book = Phrasebook([("sea bream", "a"), ("bream", "b"), ("sea", "c")])
    assert [hit.value for hit in book.find(fold("Sea Bream, sea, bream"))] == ["a", "c", "b"]
