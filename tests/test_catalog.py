"""The catalog: index on first use, re-index on change, and never serve a half-built or malformed state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.catalog import Catalog, index_dir_for, stat_fingerprint
from bot.errors import EmbedderError, KnowledgeError, NoIndexError
from bot.index import IndexStore, MiniLMEmbedder
from tests.conftest import FIXTURE_KNOWLEDGE, CountingEmbedder


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_KNOWLEDGE, tmp_path / "k")
    return tmp_path / "k"


def test_open_indexes_on_first_use_and_reuses_after(root: Path, tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """The first open builds the index; the next one, with nothing changed, builds nothing."""
    _, first = Catalog.open(root, tmp_path / "idx", embedder)
    assert first.report is not None
    assert first.report.embedded > 0
    catalog, second = Catalog.open(root, tmp_path / "idx", embedder)
    assert second.report is None
    assert catalog.venue().id == "tiny-taqueria"


def test_open_half_built_index_is_never_served(root: Path, tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """A build that dies part-way leaves the previous generation answering, with the previous knowledge."""
    Catalog.open(root, tmp_path / "idx", embedder)
    menu = root / "tiny-taqueria" / "menu.yaml"
    menu.write_text(menu.read_text().replace("name: ", "name: New ", 1))
    for note in (root / "tiny-taqueria" / "notes").glob("*.md"):
        note.write_text(note.read_text() + "\nChanged.\n")
    with pytest.raises(EmbedderError):
        Catalog.open(root, tmp_path / "idx", CountingEmbedder(embedder, fail_on_call=1))  # type: ignore[arg-type]
    served = Catalog(root, _store(root, tmp_path, embedder), embedder)
    assert served.venue().dishes
    assert not any(d.name.startswith("New ") for d in served.venue().dishes)
    _, retry = Catalog.open(root, tmp_path / "idx", embedder)
    assert retry.report is not None


def _store(root: Path, tmp_path: Path, embedder: MiniLMEmbedder) -> IndexStore:
    return IndexStore(index_dir_for(root, tmp_path / "idx"), embedder)


def test_open_malformed_keeps_serving_and_says_why(root: Path, tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """Broken files after a good index: the old knowledge answers, and the problem names the file."""
    Catalog.open(root, tmp_path / "idx", embedder)
    (root / "tiny-taqueria" / "menu.yaml").write_text("dishes: [oops\n")
    catalog, refresh = Catalog.open(root, tmp_path / "idx", embedder)
    assert refresh.problem is not None
    assert "menu.yaml" in str(refresh.problem)
    assert catalog.venue().dishes


def test_open_malformed_without_index_raises(root: Path, tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """With no earlier index there is nothing to serve: the knowledge error is raised."""
    (root / "tiny-taqueria" / "venue.yaml").write_text("name: X\n")
    with pytest.raises(KnowledgeError):
        Catalog.open(root, tmp_path / "idx", embedder)


def test_knowledge_without_index_is_a_clear_error(root: Path, tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """Reading a catalog nobody indexed says how to fix it."""
    catalog = Catalog(root, _store(root, tmp_path, embedder), embedder)
    with pytest.raises(NoIndexError, match="concierge ingest"):
        catalog.venue()


def test_stat_fingerprint_changes_with_a_file(root: Path) -> None:
    """Touching a file changes the fingerprint; hidden files do not."""
    before = stat_fingerprint(root)
    (root / ".DS_Store").write_text("x")
    assert stat_fingerprint(root) == before
    (root / "tiny-taqueria" / "notes" / "extra.txt").write_text("x")
    assert stat_fingerprint(root) != before


def test_names_are_unambiguous(root: Path, tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """Every alias maps to one item; an alias two items share is dropped."""
    catalog, _ = Catalog.open(root, tmp_path / "idx", embedder)
    names = catalog.names("tiny-taqueria")
    venue = catalog.venue("tiny-taqueria")
    for item in [*venue.dishes, *venue.drinks]:
        assert names[item.name.lower()] == item.id
