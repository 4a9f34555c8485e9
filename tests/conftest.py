"""Shared fixtures: a small venue written from Python, so each test can break exactly one thing in it."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import pytest
import yaml

from bot.catalog import Catalog
from bot.errors import EmbedderError
from bot.index import MiniLMEmbedder
from bot.index.embedder import Vectors
from bot.triage.classifier import ComplaintClassifier
from bot.understand.act import ActModel
from bot.understand.reader import Reader
from bot.understand.request import Request

REPO = Path(__file__).resolve().parents[1]
SAMPLE_KNOWLEDGE = REPO / "knowledge"
FIXTURE_KNOWLEDGE = Path(__file__).resolve().parent / "fixtures" / "knowledge"


class CountingEmbedder:
    """Wraps the real embedder, counting calls and texts; can be told to fail on its n-th call."""

    def __init__(self, inner: MiniLMEmbedder, *, fail_on_call: int | None = None) -> None:
        self.inner = inner
        self.fail_on_call = fail_on_call
        self.calls = 0
        self.texts: list[str] = []

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        if self.fail_on_call is not None and self.calls == self.fail_on_call:
            raise EmbedderError(f"scripted failure on call {self.calls}")
        self.texts.extend(texts)
        return self.inner.embed(texts)


MINI_VENUE: dict[str, Any] = {
    "name": "Mini Mezze",
    "cuisine": "mezze bar",
    "currency": "USD",
    "staff": [
        {"id": "lina", "name": "Lina Haddad", "role": "head chef"},
        {"id": "tom", "name": "Tom Reyes", "role": "sommelier"},
    ],
}
MINI_MENU: dict[str, Any] = {
    "dishes": [
        {
            "id": "hummus",
            "name": "Warm hummus",
            "course": "starter",
            "price": 11,
            "description": "Chickpeas, tahini, lemon, a pool of chili butter.",
            "dietary": ["vegetarian", "gluten-free", "nut-free"],
            "allergens": ["sesame", "milk"],
            "can_omit": {"dairy": "ask for it without the chili butter"},
        },
        {
            "id": "harissa-carrots",
            "name": "Harissa carrots",
            "course": "starter",
            "price": 10,
            "description": "Roast carrots, fiery harissa, pistachio dukkah.",
            "dietary": ["vegan", "gluten-free", "dairy-free"],
            "allergens": ["tree-nut"],
            "can_omit": {"tree-nut": "ask for it without the dukkah"},
        },
        {
            "id": "lamb-kofta",
            "name": "Lamb kofta",
            "course": "main",
            "price": 26,
            "description": "Charcoal-grilled lamb, yogurt, flatbread.",
            "allergens": ["milk", "gluten"],
        },
        {
            "id": "grilled-bream",
            "name": "Grilled bream",
            "course": "main",
            "price": 32,
            "description": "Whole bream, charred lemon, herbs.",
            "dietary": ["pescatarian", "gluten-free", "dairy-free", "nut-free"],
            "allergens": ["fish"],
        },
        {
            "id": "fried-calamari",
            "name": "Fried calamari",
            "course": "starter",
            "price": 14,
            "description": "Crisp squid, garlic aioli.",
            "dietary": ["pescatarian", "dairy-free"],
            "allergens": ["mollusc", "gluten", "egg"],
            "may_contain": ["crustacean-shellfish"],
        },
        {
            "id": "baklava",
            "name": "Baklava",
            "course": "dessert",
            "price": 9,
            "description": "Walnut and pistachio layers, honey syrup.",
            "dietary": ["vegetarian"],
            "allergens": ["tree-nut", "gluten", "milk"],
        },
        {
            "id": "chocolate-tart",
            "name": "Chocolate tart",
            "course": "dessert",
            "price": 10,
            "description": "Dark chocolate, sea salt.",
            "dietary": ["vegetarian", "nut-free"],
            "allergens": ["gluten", "milk", "egg"],
            "available": False,
        },
    ]
}
MINI_DRINKS: dict[str, Any] = {
    "drinks": [
        {
            "id": "assyrtiko",
            "name": "Santorini Assyrtiko",
            "kind": "wine",
            "style": "crisp white",
            "price_glass": 14,
            "price_bottle": 56,
            "description": "Salty, lemony, taut.",
            "allergens": ["sulphite"],
        },
        {
            "id": "mint-lemonade",
            "name": "Mint lemonade",
            "kind": "non-alcoholic",
            "price_glass": 6,
            "description": "Sharp and cold.",
        },
    ]
}
MINI_NOTES: dict[str, str] = {
    "lina-hummus": "---\nauthor: lina\nabout: [hummus]\nstance: love\ndate: 2026-10-01\n---\n"
    "The chili butter is the whole point. Order it the moment you sit down.\n",
    "lina-carrots": "---\nauthor: lina\nabout: [harissa-carrots]\nstance: love\n---\n"
    "Proper heat from the harissa. If you like it hot, this is your plate.\n",
    "tom-carrots": "---\nauthor: tom\nabout: [harissa-carrots]\nstance: like\npairs_with: [assyrtiko]\n---\n"
    "The Assyrtiko's salt calms the harissa down. Good match.\n",
    "lina-kofta": "---\nauthor: lina\nabout: [lamb-kofta]\nstance: skip\n---\n"
    "Dry on busy nights. Have the bream instead.\n",
    "tom-bream": "---\nauthor: tom\nabout: [grilled-bream]\nstance: love\npairs_with: [assyrtiko]\n---\n"
    "Charred lemon and a cold Assyrtiko. Simple and perfect.\n",
    "tom-baklava": "---\nauthor: tom\nabout: [baklava]\nstance: like\n---\nSticky, nutty, not too sweet. Share it.\n",
    "lina-tart": "---\nauthor: lina\nabout: [chocolate-tart]\nstance: love\n---\n"
    "Best dessert we make when we have it.\n",
    "tom-calamari": "---\nauthor: tom\nabout: [fried-calamari]\nstance: mixed\n---\n"
    "Fine with a beer, but nothing you'll remember.\n",
}


def write_venue(
    root: Path,
    venue_id: str = "mini-mezze",
    *,
    venue: dict[str, Any] | None = None,
    menu: dict[str, Any] | None = None,
    drinks: dict[str, Any] | None = None,
    notes: dict[str, str] | None = None,
) -> Path:
    folder = root / venue_id
    (folder / "notes").mkdir(parents=True, exist_ok=True)
    (folder / "venue.yaml").write_text(yaml.safe_dump(venue or MINI_VENUE, sort_keys=False))
    (folder / "menu.yaml").write_text(yaml.safe_dump(menu or MINI_MENU, sort_keys=False))
    (folder / "drinks.yaml").write_text(yaml.safe_dump(drinks or MINI_DRINKS, sort_keys=False))
    for name, text in (notes if notes is not None else MINI_NOTES).items():
        (folder / "notes" / f"{name}.md").write_text(text)
    return folder


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    write_venue(root)
    return root


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    """The sample venue and the taqueria in one indexed knowledge root, built once for the whole run."""
    tmp = tmp_path_factory.mktemp("catalog")
    root = tmp / "knowledge"
    shutil.copytree(SAMPLE_KNOWLEDGE, root)
    shutil.copytree(FIXTURE_KNOWLEDGE / "tiny-taqueria", root / "tiny-taqueria")
    catalog, _ = Catalog.open(root, tmp / "indexes", MiniLMEmbedder())
    yield catalog
    catalog.store.close()


@pytest.fixture(scope="session")
def triage(catalog: Catalog) -> ComplaintClassifier:
    return ComplaintClassifier(catalog.embedder)


@pytest.fixture(scope="session")
def acts(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> ActModel:
    """The act model, fitted once for the run (embedding the bank is the slow part)."""
    model = ActModel(catalog.embedder, cache_dir=tmp_path_factory.mktemp("acts"))
    model.load()
    return model


@pytest.fixture(scope="session")
def reader(catalog: Catalog, acts: ActModel, triage: ComplaintClassifier) -> Reader:
    return Reader(catalog.embedder, acts, triage)


class Read(Protocol):
    def __call__(self, text: str, **kwargs: Any) -> Request: ...


@pytest.fixture(scope="session")
def read(reader: Reader, catalog: Catalog) -> Read:
    """Read one message as the sample venue's concierge would, with its names, drinks and staff."""
    venue = catalog.venue("cedar-and-tide")
    defaults: dict[str, Any] = {
        "names": catalog.names(venue.id),
        "drinks": frozenset(d.id for d in venue.drinks),
        "staff": {s.first_name: s.id for s in venue.venue.staff},
        "facts": tuple(venue.venue.facts),
        "today": dt.date(2026, 12, 1),
    }

    def _read(text: str, **kwargs: Any) -> Request:
        return reader.read(text, **{**defaults, **kwargs})

    return _read
