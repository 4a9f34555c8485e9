"""The persistent search index of one knowledge root: chroma vectors, published a whole generation at a time.

A generation is `chroma-g<N>/` (one collection per venue), `docs-g<N>.json` (the indexed docs) and
`snapshot-g<N>.json` (the caller's validated knowledge, opaque to us). `manifest.json` names the served
generation and is only ever replaced atomically, after every file of the new generation is on disk, so a crash
at any point leaves the previous generation served. Each generation gets its own chroma directory rather than
sharing one, because chroma 1.5.9's `delete_collection` leaves the collection's HNSW files on disk
(chroma-core/chroma#5259): retiring a generation is then one `rmtree`, and nothing leaks.

Readers take no file lock: they follow `manifest.json` (re-checked with a `stat` on every call) and open
chroma lazily, so reading the manifest or the snapshot costs no database start-up.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import importlib
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, cast

import chromadb
import numpy as np
import numpy.typing as npt
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Embeddable, EmbeddingFunction
from chromadb.config import Settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import ConciergeError, EmbedderError, NoIndexError, SearchIndexError, UnknownVenueError
from bot.index.document import DocKind, IndexDoc
from bot.index.embedder import Embedder, MiniLMEmbeddingFunction, Vectors

try:  # POSIX only; elsewhere two syncs of one root at the same time are the operator's to avoid.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MANIFEST = "manifest.json"
_LOCK = ".sync.lock"
_CHROMA_DB = "chroma.sqlite3"  # the file every chroma 1.x persistent directory has
_GENERATION_ENTRY = re.compile(r"^(?:chroma-g(\d+)|docs-g(\d+)\.json|snapshot-g(\d+)\.json)$")
_VENUE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAX_VENUE_LENGTH = 200  # chroma names are at most 512 characters; leave room for the prefix


class VenueIndex(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    collection: str
    doc_count: int = Field(ge=0)


class Manifest(BaseModel):
    """What is served: written last, replaced atomically."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1] = 1
    generation: int = Field(ge=1)
    fingerprint: str
    model_id: str
    venues: dict[str, VenueIndex]
    # Identify the docs and the snapshot of the generation, so an unchanged sync is decided without reading
    # either.
    docs_digest: str
    snapshot_sha256: str
    created_at: dt.datetime


class _StoredDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    venue: str
    kind: DocKind
    refs: tuple[str, ...]
    text: str


class _DocsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1] = 1
    generation: int
    docs: list[_StoredDoc]


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did.

    `embedded` counts texts sent to the embedder (identical texts are embedded once); `reused` counts docs
    whose vector came from the served generation; `removed` counts docs that are no longer indexed.
    """

    embedded: int
    reused: int
    removed: int
    venues: tuple[str, ...]
    generation: int
    seconds: float


def _docs_digest(docs: Sequence[IndexDoc]) -> str:
    digest = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: (d.venue, d.id)):
        for part in (doc.venue, doc.id, doc.content_hash):
            data = part.encode("utf-8")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # pragma: no cover - directories cannot be opened for fsync on Windows
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename: a reader sees the old file or the whole new one, never a torn one."""
    temp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _fsync_tree(root: Path) -> None:
    # chroma does not promise its files are on disk when the client closes; the manifest must never point at
    # a generation a power cut could lose.
    for folder, _, files in os.walk(root):
        for name in files:
            fd = os.open(Path(folder) / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(folder))


def _generation_of(name: str) -> int | None:
    match = _GENERATION_ENTRY.match(name)
    return None if match is None else int(next(g for g in match.groups() if g is not None))


def _remove_path(path: Path) -> None:
    # Best effort: a leftover that cannot be removed now is not served, and the next sync tries again.
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _load_chroma_bindings() -> None:
    importlib.import_module("chromadb.api.rust")


def _close_client(client: ClientAPI) -> None:
    # ClientAPI does not declare close() in 1.5.9; the concrete Client has it and releases the SQLite handles.
    close = getattr(client, "close", None)
    if callable(close):
        close()


@contextlib.contextmanager
def _chroma_errors(action: str) -> Iterator[None]:
    """Translate chroma's exceptions (which include Rust binding errors) at this seam; let ours through."""
    try:
        yield
    except ConciergeError:
        raise
    except Exception as exc:
        raise SearchIndexError(f"The search index could not {action}: {exc}") from exc


class IndexStore:
    """The index for one knowledge root, kept in `directory`.

    One writer at a time (a lock file serialises `sync` across processes on POSIX); any number of readers.
    `vector_search` and `docs` raise `NoIndexError` before the first sync and `UnknownVenueError` for a venue
    the served generation does not have.
    """

    def __init__(self, directory: Path, embedder: Embedder, *, batch_size: int = 32) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._dir = Path(directory)
        self._embedder = embedder
        self._batch_size = batch_size
        # chroma types its parameter as EmbeddingFunction[Documents | Images] and its generic is invariant, so
        # no text-only function (not even chroma's own) fits without a cast.
        self._function = cast("EmbeddingFunction[Embeddable]", MiniLMEmbeddingFunction(embedder))
        # `_lock` guards the caches and the reader's chroma client, and is held only briefly; `_writer` keeps
        # two syncs of this object apart without making searches wait for a sync's embedding.
        self._lock = threading.RLock()
        self._writer = threading.Lock()
        self._highest_attempted = 0
        self._manifest_key: tuple[int, int, int] | None = None
        self._manifest: Manifest | None = None
        self._docs_cache: tuple[int, dict[str, list[IndexDoc]]] | None = None
        self._client: ClientAPI | None = None
        self._client_generation = 0
        self._collections: dict[str, Collection] = {}

    @property
    def directory(self) -> Path:
        return self._dir

    # -- lifecycle -----------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._drop_client()

    def __enter__(self) -> IndexStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- reading -------------------------------------------------------------

    def manifest(self) -> Manifest | None:
        """The served generation, or None before the first finished sync."""
        path = self._dir / MANIFEST
        with self._lock:
            try:
                stat = path.stat()
            except FileNotFoundError:
                self._manifest_key, self._manifest = None, None
                return None
            key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if key != self._manifest_key:
                try:
                    self._manifest = Manifest.model_validate_json(path.read_bytes())
                except (OSError, ValidationError) as exc:
                    raise SearchIndexError(
                        f"{path} is unreadable ({exc.__class__.__name__}); run the index sync again to rebuild it."
                    ) from exc
                self._manifest_key = key
            return self._manifest

    def snapshot(self) -> bytes:
        """The snapshot bytes the served generation was synced with."""
        served = self._served()
        try:
            return self._snapshot_file(served.generation).read_bytes()
        except FileNotFoundError:
            # A writer may have just retired this generation: follow the manifest once more.
            served = self._served()
            try:
                return self._snapshot_file(served.generation).read_bytes()
            except FileNotFoundError as exc:
                raise SearchIndexError(
                    f"The index in {self._dir} is damaged: generation {served.generation} has no snapshot. "
                    "Run the index sync again."
                ) from exc

    def docs(self, venue: str) -> list[IndexDoc]:
        """The served docs of one venue, in the order they were synced."""
        served = self._served()
        if venue not in served.venues:
            raise UnknownVenueError(f"The search index has no venue '{venue}'.")
        return list(self._served_docs(served).get(venue, []))

    def vector_search(self, venue: str, embedding: npt.NDArray[np.floating[Any]], k: int) -> list[tuple[str, float]]:
        """The `k` docs of `venue` nearest to `embedding`, as (doc id, cosine similarity), best first.

        Only that venue's collection is queried, so another venue's docs cannot appear.
        """
        served = self._served()
        entry = served.venues.get(venue)
        if entry is None:
            raise UnknownVenueError(f"The search index has no venue '{venue}'.")
        if served.model_id != self._embedder.model_id:
            raise SearchIndexError(
                f"The search index was built with {served.model_id}, not {self._embedder.model_id}; "
                "run the index sync again."
            )
        vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self._embedder.dimension:
            raise ValueError(f"expected a {self._embedder.dimension}-dimensional embedding, got {vector.shape[0]}")
        n = min(k, entry.doc_count)
        if n <= 0:
            return []
        # Under the lock: a sync in this process retiring the generation must not close the client mid-query.
        with self._lock, _chroma_errors("be searched"):
            collection = self._collection(served.generation, entry.collection)
            result = collection.query(query_embeddings=vector.reshape(1, -1), n_results=n, include=["distances"])
        ids = result["ids"][0]
        distances = (result["distances"] or [[]])[0]
        # chroma's cosine distance is 1 - cosine similarity.
        return [(doc_id, 1.0 - float(distance)) for doc_id, distance in zip(ids, distances, strict=True)]

    def _served(self) -> Manifest:
        served = self.manifest()
        if served is None:
            raise NoIndexError(f"There is no search index in {self._dir} yet; run the index sync first.")
        return served

    def _served_docs(self, served: Manifest) -> dict[str, list[IndexDoc]]:
        with self._lock:
            if self._docs_cache is not None and self._docs_cache[0] == served.generation:
                return self._docs_cache[1]
            path = self._docs_file(served.generation)
            try:
                stored = _DocsFile.model_validate_json(path.read_bytes())
            except (OSError, ValidationError) as exc:
                raise SearchIndexError(
                    f"The index in {self._dir} is damaged: {path.name} is unreadable. Run the index sync again."
                ) from exc
            by_venue: dict[str, list[IndexDoc]] = {}
            for d in stored.docs:
                by_venue.setdefault(d.venue, []).append(IndexDoc(d.id, d.venue, d.kind, d.refs, d.text))
            self._docs_cache = (served.generation, by_venue)
            return by_venue

    def _collection(self, generation: int, name: str) -> Collection:
        with self._lock:
            if self._client is None or self._client_generation != generation:
                self._drop_client()
                if not self._is_whole(generation):
                    # PersistentClient would quietly create an empty database in its place.
                    raise SearchIndexError(
                        f"The index in {self._dir} is damaged: generation {generation} is incomplete. "
                        "Run the index sync again."
                    )
                with _chroma_errors("be opened"):
                    self._client = self._open_client(generation)
                self._client_generation = generation
            if name not in self._collections:
                with _chroma_errors("be opened"):
                    self._collections[name] = self._client.get_collection(name, embedding_function=self._function)
            return self._collections[name]

    def _open_client(self, generation: int) -> ClientAPI:
        return chromadb.PersistentClient(
            path=self._chroma_dir(generation),
            settings=Settings(anonymized_telemetry=False, allow_reset=False),
        )

    def _drop_client(self) -> None:
        self._collections.clear()
        if self._client is not None:
            _close_client(self._client)
            self._client = None

    # -- writing -------------------------------------------------------------

    def sync(
        self,
        docs: Sequence[IndexDoc],
        *,
        snapshot: bytes,
        fingerprint: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> SyncReport:
        """Make the served index exactly `docs` (every venue of the root), with `snapshot` beside it.

        `docs(venue)` keeps the order of the sync that made the generation; a reordering alone is no change.

        Only texts whose content hash the served generation lacks are embedded, `batch_size` at a time,
        calling `progress(done, total)` before the first batch and after each one. If the docs, the snapshot
        and the model are those served, only the fingerprint is rewritten and no generation is made.
        """
        started = time.perf_counter()
        by_venue = self._validated(docs)
        with self._writer:
            try:
                self._dir.mkdir(parents=True, exist_ok=True)
                with self._sync_lock():
                    report = self._sync_locked(docs, by_venue, snapshot, fingerprint, progress)
            except OSError as exc:
                raise SearchIndexError(f"The search index in {self._dir} could not be written: {exc}") from exc
        return dataclasses.replace(report, seconds=time.perf_counter() - started)

    def _sync_locked(
        self,
        docs: Sequence[IndexDoc],
        by_venue: dict[str, list[IndexDoc]],
        snapshot: bytes,
        fingerprint: str,
        progress: Callable[[int, int], None] | None,
    ) -> SyncReport:
        digest = _docs_digest(docs)
        snapshot_sha = hashlib.sha256(snapshot).hexdigest()
        try:
            served = self.manifest()
        except SearchIndexError:
            served = None  # an unreadable manifest is rebuilt from scratch
        self._clean_leftovers(served)
        venue_names = tuple(sorted(by_venue))
        if (
            served is not None
            and served.docs_digest == digest
            and served.snapshot_sha256 == snapshot_sha
            and served.model_id == self._embedder.model_id
            and self._is_whole(served.generation)
        ):
            if served.fingerprint != fingerprint:
                self._publish(served.model_copy(update={"fingerprint": fingerprint}))
            return SyncReport(0, len(docs), 0, venue_names, served.generation, 0.0)

        reusable = self._served_vectors(served) if served is not None else {}
        removed = self._count_removed(served, docs)
        # chroma's client loads its Rust bindings on first use (~0.25 s of imports); do that while we embed.
        warm = threading.Thread(target=_load_chroma_bindings, daemon=True)
        warm.start()
        vectors, embedded = self._vectors_for(docs, reusable, progress)
        warm.join()
        generation = self._next_generation(served)
        try:
            venues = self._write_generation(generation, by_venue, vectors, snapshot)
        except BaseException:
            # Nothing points at the half-written generation; removing it now is a courtesy (the next sync
            # would), so that it does not outlive an error the caller may retry after.
            self._remove_generation(generation)
            raise
        # Should this fail before its rename, the previous generation stays served; the next sync cleans up.
        self._publish(
            Manifest(
                generation=generation,
                fingerprint=fingerprint,
                model_id=self._embedder.model_id,
                venues=venues,
                docs_digest=digest,
                snapshot_sha256=snapshot_sha,
                created_at=dt.datetime.now(dt.UTC),
            )
        )
        if served is not None:
            self._retire(served.generation)
        reused = sum(1 for d in docs if d.content_hash in reusable)
        return SyncReport(embedded, reused, removed, venue_names, generation, 0.0)

    @staticmethod
    def _validated(docs: Sequence[IndexDoc]) -> dict[str, list[IndexDoc]]:
        by_venue: dict[str, list[IndexDoc]] = {}
        seen: set[tuple[str, str]] = set()
        for doc in docs:
            if not _VENUE.match(doc.venue) or len(doc.venue) > _MAX_VENUE_LENGTH:
                raise SearchIndexError(f"'{doc.venue}' is not a kebab-case venue id; doc '{doc.id}' cannot be indexed.")
            if (doc.venue, doc.id) in seen:
                raise SearchIndexError(f"Venue '{doc.venue}' has two index docs with the id '{doc.id}'.")
            seen.add((doc.venue, doc.id))
            by_venue.setdefault(doc.venue, []).append(doc)
        return by_venue

    @contextlib.contextmanager
    def _sync_lock(self) -> Iterator[None]:
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        with (self._dir / _LOCK).open("a") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _served_vectors(self, served: Manifest) -> dict[str, Vectors]:
        """content hash → vector, read back from the served collections (only if made by this same model)."""
        if served.model_id != self._embedder.model_id:
            return {}
        found: dict[str, Vectors] = {}
        for entry in served.venues.values():
            try:
                with self._lock, _chroma_errors("be read back"):
                    collection = self._collection(served.generation, entry.collection)
                    stored = collection.get(include=["embeddings", "metadatas"])
            except SearchIndexError:
                continue  # a damaged served collection is not reused: its docs are embedded again
            embeddings = stored["embeddings"]
            metadatas = stored["metadatas"] or []
            if embeddings is None:
                continue
            for metadata, vector in zip(metadatas, embeddings, strict=True):
                content_hash = metadata.get("content_hash") if metadata else None
                if isinstance(content_hash, str):
                    found[content_hash] = np.asarray(vector, dtype=np.float32)
        return found

    def _vectors_for(
        self,
        docs: Sequence[IndexDoc],
        reusable: dict[str, Vectors],
        progress: Callable[[int, int], None] | None,
    ) -> tuple[dict[str, Vectors], int]:
        vectors = dict(reusable)
        pending: dict[str, str] = {}
        for doc in docs:
            if doc.content_hash not in vectors:
                pending.setdefault(doc.content_hash, doc.text)
        # Embed in order of length, as `embed` does within one call: chunks of similar lengths pad the least, and
        # chunking in doc order would otherwise cost ingest a third of the embedder's throughput.
        hashes = sorted(pending, key=lambda h: len(pending[h]))
        texts = [pending[h] for h in hashes]
        total = len(texts)
        if total and progress is not None:
            progress(0, total)
        for start in range(0, total, self._batch_size):
            chunk = texts[start : start + self._batch_size]
            batch = self._embedder.embed(chunk)
            if batch.shape != (len(chunk), self._embedder.dimension):
                raise EmbedderError(f"The embedder returned {batch.shape} vectors for {len(chunk)} texts.")
            for offset, vector in enumerate(batch):
                vectors[hashes[start + offset]] = vector
            if progress is not None:
                progress(min(start + self._batch_size, total), total)
        return vectors, total

    def _write_generation(
        self,
        generation: int,
        by_venue: dict[str, list[IndexDoc]],
        vectors: dict[str, Vectors],
        snapshot: bytes,
    ) -> dict[str, VenueIndex]:
        venues: dict[str, VenueIndex] = {}
        folder = self._chroma_dir(generation)
        with _chroma_errors("be written"):
            client = self._open_client(generation)
            try:
                for venue, venue_docs in sorted(by_venue.items()):
                    name = f"venue-{venue}"
                    collection = client.create_collection(
                        name,
                        configuration={"hnsw": {"space": "cosine"}},
                        embedding_function=self._function,
                        metadata={"venue": venue, "generation": generation},
                    )
                    collection.add(
                        ids=[d.id for d in venue_docs],
                        embeddings=np.stack([vectors[d.content_hash] for d in venue_docs]),
                        metadatas=[{"kind": d.kind, "content_hash": d.content_hash} for d in venue_docs],
                        documents=[d.text for d in venue_docs],
                    )
                    venues[venue] = VenueIndex(collection=name, doc_count=len(venue_docs))
            finally:
                _close_client(client)
        _fsync_tree(folder)
        stored = _DocsFile(
            generation=generation,
            docs=[
                _StoredDoc(id=d.id, venue=d.venue, kind=d.kind, refs=d.refs, text=d.text)
                for venue_docs in by_venue.values()
                for d in venue_docs
            ],
        )
        _write_durably(self._docs_file(generation), stored.model_dump_json().encode("utf-8"))
        _write_durably(self._snapshot_file(generation), snapshot)
        return venues

    def _publish(self, manifest: Manifest) -> None:
        _write_durably(self._dir / MANIFEST, manifest.model_dump_json(indent=2).encode("utf-8"))
        self.manifest()  # refresh the cache from what is now on disk

    def _count_removed(self, served: Manifest | None, docs: Sequence[IndexDoc]) -> int:
        if served is None:
            return 0
        try:
            old = self._served_docs(served)
        except SearchIndexError:
            return 0  # only the report needs it; a damaged old generation is being replaced anyway
        current = {(d.venue, d.id) for d in docs}
        return sum(1 for venue_docs in old.values() for d in venue_docs if (d.venue, d.id) not in current)

    def _retire(self, generation: int) -> None:
        with self._lock:
            if self._client_generation == generation:
                self._drop_client()
        self._remove_generation(generation)

    def _next_generation(self, served: Manifest | None) -> int:
        # Numbers only grow, even past failed attempts whose files are gone: a path chroma has seen in this
        # process is never handed to it again for different data.
        highest = max(served.generation if served is not None else 0, self._highest_attempted)
        for entry in self._dir.iterdir():
            generation = _generation_of(entry.name)
            if generation is not None:
                highest = max(highest, generation)
        self._highest_attempted = highest + 1
        return highest + 1

    def _clean_leftovers(self, served: Manifest | None) -> None:
        keep = served.generation if served is not None else None
        for entry in self._dir.iterdir():
            generation = _generation_of(entry.name)
            if generation is not None:
                self._highest_attempted = max(self._highest_attempted, generation)
                if generation != keep:
                    _remove_path(entry)
            elif entry.name.endswith(".tmp"):
                _remove_path(entry)

    def _is_whole(self, generation: int) -> bool:
        # Three stats, so that a generation damaged by hand (a deleted folder) is rebuilt, not trusted.
        paths = (
            self._chroma_dir(generation) / _CHROMA_DB,
            self._docs_file(generation),
            self._snapshot_file(generation),
        )
        return all(path.exists() for path in paths)

    def _remove_generation(self, generation: int) -> None:
        for path in (
            self._chroma_dir(generation),
            self._docs_file(generation),
            self._snapshot_file(generation),
        ):
            _remove_path(path)

    def _chroma_dir(self, generation: int) -> Path:
        return self._dir / f"chroma-g{generation}"

    def _docs_file(self, generation: int) -> Path:
        return self._dir / f"docs-g{generation}.json"

    def _snapshot_file(self, generation: int) -> Path:
        return self._dir / f"snapshot-g{generation}.json"
