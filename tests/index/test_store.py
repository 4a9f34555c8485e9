"""The persistent index: incremental by content hash, atomic by generation, one collection per venue."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings

from bot.errors import EmbedderError, NoIndexError, SearchIndexError, UnknownVenueError
from bot.index import IndexDoc, IndexStore, MiniLMEmbedder, MiniLMEmbeddingFunction
from bot.index import store as store_module
from tests.index.conftest import GROVE, GROVE_DOCS, HARBOUR, HARBOUR_DOCS, CountingEmbedder

SNAPSHOT = b'{"venues": ["harbour-table", "olive-grove"]}'


def _sync(store: IndexStore, docs: list[IndexDoc], fingerprint: str = "fp-1", snapshot: bytes = SNAPSHOT) -> None:
    store.sync(docs, snapshot=snapshot, fingerprint=fingerprint)


def _generation_entries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if "-g" in p.name)


def _edited(doc: IndexDoc, text: str) -> IndexDoc:
    return dataclasses.replace(doc, text=text)


def test_content_hash_ignores_venue_and_id_but_not_refs_or_text() -> None:
    """The same words about the same dishes hash alike wherever they live; any change of meaning does not."""
    doc = HARBOUR_DOCS[0]
    assert dataclasses.replace(doc, venue="elsewhere", id="dish:other").content_hash == doc.content_hash
    assert dataclasses.replace(doc, refs=("sea-bream",)).content_hash != doc.content_hash
    assert dataclasses.replace(doc, kind="note").content_hash != doc.content_hash
    assert _edited(doc, doc.text + "!").content_hash != doc.content_hash


def test_store_before_any_sync_serves_nothing(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """No manifest yet: manifest() is None and reads raise NoIndexError, creating nothing on disk."""
    with IndexStore(tmp_path / "index", embedder) as store:
        assert store.manifest() is None
        with pytest.raises(NoIndexError):
            store.snapshot()
        with pytest.raises(NoIndexError):
            store.vector_search(HARBOUR, np.zeros(384, dtype=np.float32), 3)
    assert not (tmp_path / "index").exists()


def test_sync_then_reopen_in_a_new_store_finds_everything(
    tmp_path: Path, embedder: MiniLMEmbedder, docs: list[IndexDoc]
) -> None:
    """A second IndexStore on the same directory sees the manifest, docs, snapshot and vectors."""
    with IndexStore(tmp_path, embedder) as store:
        report = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
    assert (report.embedded, report.reused, report.removed) == (len(docs), 0, 0)
    assert report.venues == (HARBOUR, GROVE)

    with IndexStore(tmp_path, embedder) as reopened:
        manifest = reopened.manifest()
        assert manifest is not None
        assert manifest.generation == report.generation
        assert manifest.fingerprint == "fp-1"
        assert {v: e.doc_count for v, e in manifest.venues.items()} == {HARBOUR: 10, GROVE: 10}
        assert reopened.snapshot() == SNAPSHOT
        assert reopened.docs(HARBOUR) == list(HARBOUR_DOCS)
        assert reopened.docs(GROVE) == list(GROVE_DOCS)
        bream = HARBOUR_DOCS[1]
        hits = reopened.vector_search(HARBOUR, embedder.embed([bream.text])[0], 3)
        assert hits[0][0] == bream.id
        assert hits[0][1] == pytest.approx(1.0, abs=1e-4)
        assert hits[0][1] > hits[1][1] > hits[2][1]


def test_reopened_collection_rebuilds_our_embedding_function(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """A plain chroma client reopening a collection gets our function back from its config, cosine space."""
    with IndexStore(tmp_path, embedder) as store:
        _sync(store, list(HARBOUR_DOCS))
        manifest = store.manifest()
    assert manifest is not None
    client = chromadb.PersistentClient(
        path=tmp_path / f"chroma-g{manifest.generation}", settings=Settings(anonymized_telemetry=False)
    )
    try:
        collection = client.get_collection(manifest.venues[HARBOUR].collection)
        assert isinstance(collection.configuration["embedding_function"], MiniLMEmbeddingFunction)
        hnsw = collection.configuration["hnsw"]
        assert hnsw is not None
        assert hnsw["space"] == "cosine"
    finally:
        client.close()  # type: ignore[attr-defined]


def test_unchanged_resync_embeds_nothing_and_only_updates_the_fingerprint(
    tmp_path: Path, counting: CountingEmbedder, docs: list[IndexDoc]
) -> None:
    """Same docs and snapshot: no embedding, no new generation, the new fingerprint is served."""
    with IndexStore(tmp_path, counting) as store:
        first = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
        counting.calls = 0
        again = store.sync(list(reversed(docs)), snapshot=SNAPSHOT, fingerprint="fp-2")
        manifest = store.manifest()
    assert counting.calls == 0
    assert (again.embedded, again.reused, again.removed) == (0, len(docs), 0)
    assert again.generation == first.generation
    assert manifest is not None
    assert manifest.fingerprint == "fp-2"


def test_changing_one_doc_embeds_exactly_that_doc(
    tmp_path: Path, counting: CountingEmbedder, docs: list[IndexDoc]
) -> None:
    """One edited text is embedded; the rest are reused; the old generation's files are gone."""
    with IndexStore(tmp_path, counting) as store:
        first = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
        counting.texts.clear()
        changed = _edited(docs[3], "Roast cauliflower, now with a yogurt and mint dressing.")
        docs[3] = changed
        report = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-2")
        assert counting.texts == [changed.text]
        assert (report.embedded, report.reused, report.removed) == (1, len(docs) - 1, 0)
        assert report.generation == first.generation + 1
        assert store.docs(HARBOUR)[3] == changed
        top = store.vector_search(HARBOUR, counting.inner.embed([changed.text])[0], 1)
        assert top[0][0] == changed.id
        assert top[0][1] == pytest.approx(1.0, abs=1e-4)
    g = report.generation
    assert _generation_entries(tmp_path) == [f"chroma-g{g}", f"docs-g{g}.json", f"snapshot-g{g}.json"]


def test_removed_docs_and_venues_are_gone(tmp_path: Path, embedder: MiniLMEmbedder, docs: list[IndexDoc]) -> None:
    """Docs left out of a sync are not searchable any more; a venue left out entirely is unknown."""
    dropped = {HARBOUR_DOCS[0].id, HARBOUR_DOCS[2].id}
    kept = [d for d in HARBOUR_DOCS if d.id not in dropped]
    with IndexStore(tmp_path, embedder) as store:
        _sync(store, docs)
        report = store.sync(kept, snapshot=SNAPSHOT, fingerprint="fp-2")
        assert report.removed == len(dropped) + len(GROVE_DOCS)
        assert report.embedded == 0
        assert report.venues == (HARBOUR,)
        assert store.docs(HARBOUR) == kept
        found = store.vector_search(HARBOUR, embedder.embed([HARBOUR_DOCS[0].text])[0], 50)
        assert {doc_id for doc_id, _ in found} == {d.id for d in kept}
        with pytest.raises(UnknownVenueError):
            store.vector_search(GROVE, embedder.embed(["duck"])[0], 3)
        with pytest.raises(UnknownVenueError):
            store.docs(GROVE)


def test_vector_search_never_crosses_venues(tmp_path: Path, embedder: MiniLMEmbedder, docs: list[IndexDoc]) -> None:
    """Asked with another venue's exact doc, a venue answers only from its own docs."""
    with IndexStore(tmp_path, embedder) as store:
        _sync(store, docs)
        duck = GROVE_DOCS[1]
        found = store.vector_search(HARBOUR, embedder.embed([duck.text])[0], 100)
        assert {doc_id for doc_id, _ in found} == {d.id for d in HARBOUR_DOCS}
        assert store.vector_search(GROVE, embedder.embed([duck.text])[0], 1)[0][0] == duck.id


def test_same_doc_id_in_two_venues_stays_separate(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """Ids are unique within a venue only: the same id in two venues is two docs."""
    lamb_a = IndexDoc("dish:lamb", HARBOUR, "dish", ("lamb",), "Lamb chops with mint.")
    lamb_b = IndexDoc("dish:lamb", GROVE, "dish", ("lamb",), "Braised lamb neck with polenta.")
    with IndexStore(tmp_path, embedder) as store:
        _sync(store, [lamb_a, lamb_b])
        assert store.docs(HARBOUR) == [lamb_a]
        assert store.docs(GROVE) == [lamb_b]


def test_sync_failing_midway_keeps_previous_generation_served(
    tmp_path: Path, embedder: MiniLMEmbedder, docs: list[IndexDoc]
) -> None:
    """An embedder error on the second batch leaves the old generation served, nothing half-written."""
    with IndexStore(tmp_path, embedder) as store:
        first = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
    before = _generation_entries(tmp_path)
    edited = [_edited(d, d.text + " New this season.") for d in docs]

    failing = CountingEmbedder(embedder, fail_on_call=2)
    with IndexStore(tmp_path, failing, batch_size=4) as store:
        with pytest.raises(EmbedderError, match="scripted failure"):
            store.sync(edited, snapshot=b"new", fingerprint="fp-2")
        assert failing.calls == 2
        manifest = store.manifest()
        assert manifest is not None
        assert (manifest.generation, manifest.fingerprint) == (first.generation, "fp-1")
        assert store.snapshot() == SNAPSHOT
        assert store.docs(HARBOUR) == list(HARBOUR_DOCS)
        assert store.vector_search(HARBOUR, embedder.embed([docs[0].text])[0], 1)[0][0] == docs[0].id
    assert _generation_entries(tmp_path) == before

    with IndexStore(tmp_path, embedder) as store:
        report = store.sync(edited, snapshot=b"new", fingerprint="fp-2")
        assert report.generation > first.generation
        assert store.docs(HARBOUR)[0].text.endswith("New this season.")
        assert store.snapshot() == b"new"


def test_sync_failing_while_writing_files_keeps_previous_generation_served(
    tmp_path: Path, embedder: MiniLMEmbedder, docs: list[IndexDoc], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk error after the new collections exist, before the manifest moves, leaves the old one served."""
    with IndexStore(tmp_path, embedder) as store:
        first = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
        before = _generation_entries(tmp_path)
        real_write = store_module._write_durably

        def failing_write(path: Path, data: bytes) -> None:
            if path.name.startswith("snapshot-"):
                raise OSError("disk full")
            real_write(path, data)

        monkeypatch.setattr(store_module, "_write_durably", failing_write)
        with pytest.raises(SearchIndexError, match="disk full"):
            store.sync(docs[:5], snapshot=b"new", fingerprint="fp-2")
        manifest = store.manifest()
        assert manifest is not None
        assert manifest.generation == first.generation
        assert store.snapshot() == SNAPSHOT
        assert len(store.docs(GROVE)) == len(GROVE_DOCS)
        assert _generation_entries(tmp_path) == before


def test_sync_cleans_up_the_leftovers_of_a_killed_sync(
    tmp_path: Path, embedder: MiniLMEmbedder, docs: list[IndexDoc]
) -> None:
    """Files of a generation no manifest names (a sync killed half-way) are removed, and never reused."""
    with IndexStore(tmp_path, embedder) as store:
        first = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
        (tmp_path / "chroma-g7").mkdir()
        (tmp_path / "chroma-g7" / "chroma.sqlite3").write_bytes(b"half")
        (tmp_path / "docs-g7.json").write_text("{")
        (tmp_path / "manifest.json.0123.tmp").write_text("{")
        assert store.manifest() == store.manifest()  # leftovers do not disturb readers
        report = store.sync(docs[:-1], snapshot=SNAPSHOT, fingerprint="fp-2")
    assert report.generation == 8
    assert first.generation == 1
    names = {p.name for p in tmp_path.iterdir()}
    assert "chroma-g7" not in names
    assert "docs-g7.json" not in names
    assert not any(name.endswith(".tmp") for name in names)
    assert _generation_entries(tmp_path) == ["chroma-g8", "docs-g8.json", "snapshot-g8.json"]


def test_sync_rebuilds_a_served_generation_damaged_by_hand(
    tmp_path: Path, counting: CountingEmbedder, docs: list[IndexDoc]
) -> None:
    """With the served chroma folder deleted, searching fails clearly and the next sync rebuilds it."""
    with IndexStore(tmp_path, counting) as store:
        first = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
    shutil.rmtree(tmp_path / f"chroma-g{first.generation}")
    with IndexStore(tmp_path, counting) as store:
        with pytest.raises(SearchIndexError):
            store.vector_search(HARBOUR, counting.inner.embed(["soup"])[0], 3)
        counting.texts.clear()
        report = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
        assert report.generation == first.generation + 1
        assert len(counting.texts) == len(docs)
        assert store.vector_search(HARBOUR, counting.inner.embed([docs[0].text])[0], 1)[0][0] == docs[0].id


class _OtherModel(CountingEmbedder):
    @property
    def model_id(self) -> str:
        return "another-model@000000000000"


def test_vectors_of_another_model_are_neither_searched_nor_reused(
    tmp_path: Path, embedder: MiniLMEmbedder, docs: list[IndexDoc]
) -> None:
    """An index made by one model refuses another model's queries, and a sync with it re-embeds everything."""
    with IndexStore(tmp_path, embedder) as store:
        _sync(store, docs)
    other = _OtherModel(embedder)
    with IndexStore(tmp_path, other) as store:
        with pytest.raises(SearchIndexError, match="another-model"):
            store.vector_search(HARBOUR, embedder.embed(["soup"])[0], 3)
        report = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
        assert (report.embedded, report.reused) == (len(docs), 0)
        manifest = store.manifest()
        assert manifest is not None
        assert manifest.model_id == "another-model@000000000000"


def test_snapshot_change_alone_makes_a_generation_without_embedding(
    tmp_path: Path, counting: CountingEmbedder, docs: list[IndexDoc]
) -> None:
    """New knowledge that changes no indexed text is served as a new generation with every vector reused."""
    with IndexStore(tmp_path, counting) as store:
        first = store.sync(docs, snapshot=SNAPSHOT, fingerprint="fp-1")
        counting.calls = 0
        report = store.sync(docs, snapshot=b'{"price": 12}', fingerprint="fp-2")
        assert counting.calls == 0
        assert report.generation == first.generation + 1
        assert report.reused == len(docs)
        assert store.snapshot() == b'{"price": 12}'


def test_sync_reports_progress_per_batch(tmp_path: Path, embedder: MiniLMEmbedder, docs: list[IndexDoc]) -> None:
    """progress(done, total) is called before the first batch and after each one."""
    seen: list[tuple[int, int]] = []
    with IndexStore(tmp_path, embedder, batch_size=8) as store:
        store.sync(
            docs,
            snapshot=SNAPSHOT,
            fingerprint="fp-1",
            progress=lambda done, total: seen.append((done, total)),
        )
    assert seen == [(0, 20), (8, 20), (16, 20), (20, 20)]


def test_sync_rejects_duplicate_ids_and_bad_venues(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """Two docs with one id in a venue, or a venue id not in kebab-case, fail before anything is written."""
    doc = HARBOUR_DOCS[0]
    with IndexStore(tmp_path, embedder) as store:
        with pytest.raises(SearchIndexError, match="two index docs"):
            _sync(store, [doc, _edited(doc, "other")])
        with pytest.raises(SearchIndexError, match="kebab-case"):
            _sync(store, [dataclasses.replace(doc, venue="Harbour Table")])
        assert store.manifest() is None
