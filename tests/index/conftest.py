"""Fixtures of the index tests: one real embedder per session, a counting fake around it, two small venues."""

from __future__ import annotations

import pytest

from bot.index import IndexDoc, MiniLMEmbedder
from tests.conftest import CountingEmbedder


@pytest.fixture(scope="session")
def embedder() -> MiniLMEmbedder:
    model = MiniLMEmbedder()
    model.load()
    return model


@pytest.fixture
def counting(embedder: MiniLMEmbedder) -> CountingEmbedder:
    return CountingEmbedder(embedder)


def _dish(venue: str, dish_id: str, text: str) -> IndexDoc:
    return IndexDoc(f"dish:{dish_id}", venue, "dish", (dish_id,), text)


def _drink(venue: str, drink_id: str, text: str) -> IndexDoc:
    return IndexDoc(f"drink:{drink_id}", venue, "drink", (drink_id,), text)


def _note(venue: str, note_id: str, about: tuple[str, ...], text: str) -> IndexDoc:
    return IndexDoc(f"note:{note_id}", venue, "note", about, text)


HARBOUR = "harbour-table"
GROVE = "olive-grove"

HARBOUR_DOCS: tuple[IndexDoc, ...] = (
    _dish(HARBOUR, "fish-soup", "Fisherman's bowl. Seafood soup of mussels, hake and prawns in a saffron broth."),
    _dish(HARBOUR, "sea-bream", "Grilled sea bream. Whole fish, charred lemon, fennel and green herbs."),
    _dish(HARBOUR, "lamb-shoulder", "Slow-roasted lamb shoulder with rosemary, garlic and crushed potatoes."),
    _dish(HARBOUR, "spicy-cauliflower", "Roast cauliflower with fiery harissa, chili oil and toasted almonds."),
    _dish(HARBOUR, "chocolate-pot", "Dark chocolate pot with sea salt and a shortbread biscuit."),
    _drink(HARBOUR, "sancerre-2022", "Sancerre 2022. Crisp, mineral Loire white with citrus and flint."),
    _drink(HARBOUR, "house-lager", "House lager. Cold, light, a little bitter."),
    _note(
        HARBOUR,
        "rania-bream",
        ("sea-bream", "sancerre-2022"),
        "Rania: the bream with a glass of Sancerre is the best plate in the house. Order it.",
    ),
    _note(
        HARBOUR,
        "tom-lamb",
        ("lamb-shoulder",),
        "Tom: the lamb falls off the bone; skip it if you want a light dinner.",
    ),
    _note(
        HARBOUR,
        "rania-cauli",
        ("spicy-cauliflower",),
        "Rania: properly hot. If you love heat, this is yours.",
    ),
)

GROVE_DOCS: tuple[IndexDoc, ...] = (
    _dish(GROVE, "mushroom-risotto", "Wild mushroom risotto with parmesan and thyme."),
    _dish(GROVE, "duck-breast", "Pan-roasted duck breast, cherries and a red wine jus."),
    _dish(GROVE, "burrata", "Burrata with heirloom tomatoes, basil and olive oil."),
    _dish(GROVE, "tiramisu", "Tiramisu, espresso-soaked savoiardi, mascarpone and cocoa."),
    _dish(GROVE, "gnocchi", "Potato gnocchi with brown butter and sage."),
    _drink(GROVE, "chianti-2020", "Chianti Classico 2020. Cherry, leather and firm tannins."),
    _drink(GROVE, "limoncello", "Limoncello spritz. Lemon, prosecco and soda."),
    _note(
        GROVE,
        "marco-duck",
        ("duck-breast", "chianti-2020"),
        "Marco: the duck and the Chianti were made for each other.",
    ),
    _note(
        GROVE,
        "marco-risotto",
        ("mushroom-risotto",),
        "Marco: earthy and rich; the best vegetarian main we do.",
    ),
    _note(GROVE, "ana-tiramisu", ("tiramisu",), "Ana: the only dessert worth ordering here."),
)


@pytest.fixture
def docs() -> list[IndexDoc]:
    return [*HARBOUR_DOCS, *GROVE_DOCS]
