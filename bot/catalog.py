"""A knowledge root, served from a finished index: loads, re-indexes when the files changed, never half-built.

The index and the validated knowledge it was built from are one generation of `IndexStore`; a catalog always
answers from a generation the store committed whole. When the files on disk are malformed, the error is kept for
the operator and the last good generation goes on serving.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.errors import KnowledgeError, NoIndexError, UnknownVenueError
from bot.index import Embedder, HybridRetriever, IndexStore, SyncReport
from bot.knowledge.documents import knowledge_documents
from bot.knowledge.loader import load_root
from bot.knowledge.venue import Knowledge, VenueKnowledge
from bot.understand.naming import names_for

Progress = Callable[[int, int], None]


def index_dir_for(root: Path, index_root: Path) -> Path:
    """One index per knowledge root, so pointing --knowledge somewhere new never mixes two restaurants' data."""
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return index_root / f"{root.resolve().name}-{key}"


def stat_fingerprint(root: Path) -> str:
    """Cheap change detection: names, sizes and modification times of every file under the root."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            st = path.stat()
            h.update(f"{path.relative_to(root)}\x00{st.st_size}\x00{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


@dataclass
class Refresh:
    """What opening the catalog did: rebuilt (with a report), reused, or kept serving despite an error."""

    report: SyncReport | None = None
    problem: KnowledgeError | None = None


class Catalog:
    def __init__(self, root: Path, store: IndexStore, embedder: Embedder) -> None:
        self.root = root
        self.store = store
        self.embedder = embedder
        self._knowledge: Knowledge | None = None
        self._retrievers: dict[str, HybridRetriever] = {}
        self._names: dict[str, dict[str, str]] = {}

    @classmethod
    def open(
        cls, root: Path, index_root: Path, embedder: Embedder, progress: Progress | None = None
    ) -> tuple[Catalog, Refresh]:
        catalog = cls(root, IndexStore(index_dir_for(root, index_root), embedder), embedder)
        return catalog, catalog.refresh(progress)

    def refresh(self, progress: Progress | None = None) -> Refresh:
        """Bring the index up to date with the files, or keep serving the last good one and say why."""
        outcome = Refresh()
        fingerprint = stat_fingerprint(self.root) if self.root.is_dir() else ""
        manifest = self.store.manifest()
        if manifest is None or manifest.fingerprint != fingerprint:
            try:
                knowledge = load_root(self.root)
            except KnowledgeError as exc:
                if manifest is None:
                    raise
                outcome.problem = exc
            else:
                outcome.report = self.store.sync(
                    knowledge_documents(knowledge),
                    snapshot=knowledge.model_dump_json().encode(),
                    fingerprint=fingerprint,
                    progress=progress,
                )
                self._knowledge = knowledge
        self._retrievers.clear()
        self._names.clear()
        if outcome.report is None:
            self._knowledge = None
        return outcome

    @property
    def knowledge(self) -> Knowledge:
        if self._knowledge is None:
            try:
                self._knowledge = Knowledge.model_validate_json(self.store.snapshot())
            except NoIndexError:
                raise NoIndexError(
                    f"There is no index for {self.root} yet: run `concierge ingest --knowledge {self.root}`."
                ) from None
        return self._knowledge

    def venue(self, venue_id: str | None = None) -> VenueKnowledge:
        knowledge = self.knowledge
        chosen = venue_id or knowledge.default_venue()
        if chosen not in knowledge.venues:
            known = ", ".join(sorted(knowledge.venues))
            raise UnknownVenueError(f"No venue '{chosen}' in {self.root} (known: {known}).")
        return knowledge.venues[chosen]

    def retriever(self, venue_id: str) -> HybridRetriever:
        if venue_id not in self._retrievers:
            self._retrievers[venue_id] = HybridRetriever(self.store.docs(venue_id), self.store, self.embedder, venue_id)
        return self._retrievers[venue_id]

    def names(self, venue_id: str) -> dict[str, str]:
        """Every unambiguous way a guest might name a dish or drink → its id ("the bream" → sea-bream)."""
        if venue_id not in self._names:
            venue = self.venue(venue_id)
            self._names[venue_id] = names_for([*venue.dishes, *venue.drinks], venue)
        return self._names[venue_id]
