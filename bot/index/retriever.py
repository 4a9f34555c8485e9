"""Hybrid search over one venue: vector similarity and BM25 keywords, fused by reciprocal rank.

Vectors find paraphrases ("something from the sea" → the bream); BM25 finds the exact words a vector can blur
("seafood soup" → the doc that says seafood soup). Reciprocal-rank fusion adds 1 / (RRF_K + rank) from each
list a doc appears in, so neither scorer's scale matters, only its order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np
import Stemmer

from bot.index.document import DocKind, IndexDoc
from bot.index.embedder import Embedder
from bot.index.store import IndexStore

# 60 is the constant of Cormack, Clarke & Büttcher (SIGIR 2009), found robust across collections. It flattens
# the curve enough that steady agreement wins (4th in both lists, 2/64, beats 1st and 10th, 1/61 + 1/70; with
# k=1 the lone first place would win), while the top of each list still counts for more than its tail.
RRF_K = 60
# How deep each list is read before fusing; a doc below this in both lists could not reach the top k anyway.
_DEPTH = 50
# The best a doc can score: first in both lists. relevance() divides by it, so 1.0 means "top of both".
_BEST = 2.0 / (RRF_K + 1)


@dataclass(frozen=True, slots=True)
class Hit:
    doc_id: str
    kind: DocKind
    refs: tuple[str, ...]
    score: float
    vector_rank: int | None  # 1-based; None when the doc was not in the vector list
    bm25_rank: int | None  # 1-based; None when no query word (after stemming and stopwords) is in the doc


def fuse(vector: Sequence[str], keyword: Sequence[str]) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion of two rankings of doc ids (best first): (doc id, fused score), best first.

    Ties (the same ranks swapped between the lists) go to the better single rank, then to the id, so the order
    never depends on which list a doc came from first.
    """
    scores: dict[str, float] = {}
    best_rank: dict[str, int] = {}
    for ranking in (vector, keyword):
        for rank, doc_id in enumerate(ranking, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (RRF_K + rank)
            best_rank[doc_id] = min(best_rank.get(doc_id, rank), rank)
    ordered = sorted(scores, key=lambda d: (-scores[d], best_rank[d], d))
    return [(doc_id, scores[doc_id]) for doc_id in ordered]


RELEVANCE_CACHE = 256  # distinct taste queries remembered per retriever (one retriever per index generation)


class HybridRetriever:
    """Search over the docs of one venue.

    `docs` may hold other venues' docs too; only `venue`'s are kept, and vector hits are asked of that venue's
    collection alone. Build a new retriever when the store serves a new generation: vector hits for docs this
    retriever does not know are skipped. The store's errors pass through: `NoIndexError` before the first
    sync, `UnknownVenueError` for a venue it does not serve.
    """

    def __init__(self, docs: Sequence[IndexDoc], store: IndexStore, embedder: Embedder, venue: str) -> None:
        self._venue = venue
        self._store = store
        self._embedder = embedder
        self._docs = [d for d in docs if d.venue == venue]
        self._by_id = {d.id: d for d in self._docs}
        self._relevant: dict[tuple[str, int], dict[str, float]] = {}
        self._stemmer = Stemmer.Stemmer("english")
        self._bm25: bm25s.BM25 | None = None
        corpus = self._tokens([d.text for d in self._docs])
        # bm25s cannot index a corpus without a single token; such a venue simply has no keyword side.
        if any(corpus):
            self._bm25 = bm25s.BM25()
            self._bm25.index(corpus, show_progress=False)

    @property
    def venue(self) -> str:
        return self._venue

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """The `k` best docs for `query`, best first; an empty or blank query finds nothing."""
        if not query.strip() or k <= 0 or not self._docs:
            return []
        depth = min(max(k, _DEPTH), len(self._docs))
        vector = [d for d in self._vector_ranking(query, depth) if d in self._by_id]
        keyword = self._bm25_ranking(query, depth)
        vector_rank = {d: i for i, d in enumerate(vector, start=1)}
        keyword_rank = {d: i for i, d in enumerate(keyword, start=1)}
        hits = []
        for doc_id, score in fuse(vector, keyword)[:k]:
            doc = self._by_id[doc_id]
            hits.append(Hit(doc_id, doc.kind, doc.refs, score, vector_rank.get(doc_id), keyword_rank.get(doc_id)))
        return hits

    def relevance(self, query: str, k: int = 20) -> dict[str, float]:
        """dish/drink id → how well the query matches it, 0..1, from the best of the top-`k` hits about it.

        A note counts for every id it is about. Scores are divided by the best possible fused score (first in
        both lists) rather than by the best one found, so a query nothing really matches stays low.
        """
        known = self._relevant.get((query, k))
        if known is not None:
            return dict(known)
        best: dict[str, float] = {}
        for hit in self.search(query, k):
            for ref in hit.refs:
                best[ref] = max(best.get(ref, 0.0), min(1.0, hit.score / _BEST))
        # Guests' tastes repeat ("spicy", "seafood"): the same query against the same generation is the same answer.
        if len(self._relevant) >= RELEVANCE_CACHE:
            self._relevant.pop(next(iter(self._relevant)))
        self._relevant[(query, k)] = best
        return dict(best)

    def _vector_ranking(self, query: str, depth: int) -> list[str]:
        embedding = self._embedder.embed([query])[0]
        return [doc_id for doc_id, _ in self._store.vector_search(self._venue, embedding, depth)]

    def _bm25_ranking(self, query: str, depth: int) -> list[str]:
        if self._bm25 is None:
            return []
        tokens = self._tokens([query])[0]
        if not tokens:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
        # Stable sort, so equal scores keep corpus order; zero means no query word is in the doc: not a match.
        order = np.argsort(-scores, kind="stable")[:depth]
        return [self._docs[i].id for i in order if scores[i] > 0.0]

    def _tokens(self, texts: list[str]) -> list[list[str]]:
        tokenized: list[list[str]] = bm25s.tokenize(
            texts, stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False
        )
        return tokenized
