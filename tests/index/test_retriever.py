"""Hybrid retrieval: BM25 rescues exact words, RRF fuses the two rankings, venues never mix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.index import RRF_K, HybridRetriever, IndexDoc, IndexStore, MiniLMEmbedder, fuse
from tests.index.conftest import GROVE, GROVE_DOCS, HARBOUR, HARBOUR_DOCS


@pytest.fixture
def store(tmp_path: Path, embedder: MiniLMEmbedder, docs: list[IndexDoc]) -> Iterator[IndexStore]:
    with IndexStore(tmp_path, embedder) as opened:
        opened.sync(docs, snapshot=b"{}", fingerprint="fp")
        yield opened


@pytest.fixture
def harbour(store: IndexStore, embedder: MiniLMEmbedder) -> HybridRetriever:
    return HybridRetriever(store.docs(HARBOUR), store, embedder, HARBOUR)


def test_fuse_prefers_agreement_over_one_first_place() -> None:
    """Ranked 3rd and 1st beats 2nd and 2nd, which beats a lone 1st: scores are 1/(60 + rank) summed."""
    fused = fuse(["a", "b", "c"], ["c", "b", "d"])
    assert [doc_id for doc_id, _ in fused] == ["c", "b", "a", "d"]
    scores = dict(fused)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert scores["b"] == pytest.approx(2 / 62)
    assert scores["d"] == pytest.approx(1 / 63)


def test_fuse_with_k_60_lets_steady_ranks_beat_one_lucky_first_place() -> None:
    """4th and 4th beats 1st and 10th at k=60 (a small k, like 1, would let the lone first place win)."""
    vector = ["a", "x1", "x2", "b", "x3", "x4", "x5", "x6", "x7", "x8"]
    keyword = ["y1", "y2", "y3", "b", "y4", "y5", "y6", "y7", "y8", "a"]
    order = [doc_id for doc_id, _ in fuse(vector, keyword)]
    assert RRF_K == 60
    assert order.index("b") < order.index("a")


def test_fuse_breaks_ties_by_best_single_rank_then_id() -> None:
    """Equal fused scores are ordered by the better single rank, then by id, whichever list came first."""
    assert [d for d, _ in fuse(["b", "a"], ["a", "b"])] == ["a", "b"]
    assert [d for d, _ in fuse(["x", "y", "z"], ["z", "y", "x"])] == ["x", "z", "y"]
    assert fuse([], []) == []


def test_search_finds_exact_words_through_bm25(harbour: HybridRetriever) -> None:
    """'seafood soup' puts the doc that says seafood soup first, ranked first by BM25 too."""
    hits = harbour.search("seafood soup", k=5)
    assert hits[0].doc_id == "dish:fish-soup"
    assert hits[0].bm25_rank == 1
    assert hits[0].vector_rank is not None
    assert hits[0].refs == ("fish-soup",)
    assert hits[0].kind == "dish"


def test_search_finds_paraphrases_through_vectors(harbour: HybridRetriever) -> None:
    """A query sharing no word with the lamb dish still finds it: the vectors carry it."""
    hits = harbour.search("braised mutton with herbs", k=3)
    lamb = next(h for h in hits if h.doc_id == "dish:lamb-shoulder")
    assert lamb.vector_rank is not None
    assert lamb.vector_rank <= 2


def test_search_ranks_and_scores_are_consistent(harbour: HybridRetriever) -> None:
    """Hits come best first, at most k of them, and each score is the RRF of its ranks."""
    hits = harbour.search("spicy cauliflower with chili", k=4)
    assert len(hits) == 4
    assert hits[0].doc_id == "dish:spicy-cauliflower"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        expected = sum(1 / (RRF_K + r) for r in (hit.vector_rank, hit.bm25_rank) if r is not None)
        assert hit.score == pytest.approx(expected)


def test_search_stays_in_its_venue(store: IndexStore, embedder: MiniLMEmbedder, docs: list[IndexDoc]) -> None:
    """Given every venue's docs, a retriever answers from its own venue only, even about the other's dish."""
    grove = HybridRetriever(docs, store, embedder, GROVE)
    hits = grove.search("seafood soup with saffron", k=50)
    assert {h.doc_id for h in hits} <= {d.id for d in GROVE_DOCS}
    assert len(hits) == len(GROVE_DOCS)
    harbour_hits = HybridRetriever(docs, store, embedder, HARBOUR).search("duck breast with cherries", k=50)
    assert {h.doc_id for h in harbour_hits} <= {d.id for d in HARBOUR_DOCS}


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_search_blank_query_finds_nothing(harbour: HybridRetriever, query: str) -> None:
    """An empty or blank query is an empty result, not an error."""
    assert harbour.search(query) == []
    assert harbour.relevance(query) == {}


def test_search_stopwords_only_query_uses_vectors_alone(harbour: HybridRetriever) -> None:
    """A query of stopwords has no BM25 side; it still returns vector hits without error."""
    hits = harbour.search("the and of", k=3)
    assert len(hits) == 3
    assert all(h.bm25_rank is None for h in hits)


def test_relevance_credits_every_ref_of_a_note_and_is_normalised(harbour: HybridRetriever) -> None:
    """A note hit counts for each id it is about; scores lie in 0..1, first in both lists scoring 1."""
    relevance = harbour.relevance("bream with a glass of Sancerre", k=20)
    assert relevance["sea-bream"] == pytest.approx(1.0)
    assert relevance["sancerre-2022"] == pytest.approx(1.0)
    assert all(0.0 < value <= 1.0 for value in relevance.values())
    assert max(v for ref, v in relevance.items() if ref not in {"sea-bream", "sancerre-2022"}) < 1.0


def test_relevance_is_remembered_and_a_caller_cannot_change_it(harbour: HybridRetriever) -> None:
    """The same taste query is answered once per retriever; what a caller does to its copy changes nothing."""
    first = harbour.relevance("bream with a glass of Sancerre", k=20)
    first.clear()
    again = harbour.relevance("bream with a glass of Sancerre", k=20)
    assert again["sea-bream"] == pytest.approx(1.0)


def test_retriever_with_no_docs_for_its_venue_finds_nothing(store: IndexStore, embedder: MiniLMEmbedder) -> None:
    """A venue with no docs in hand gives empty results rather than an index error."""
    assert HybridRetriever([], store, embedder, HARBOUR).search("soup") == []
