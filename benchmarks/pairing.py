"""Pairing latency next to recommendation latency: the decide step alone, on the sample venue, in the same run.

No index and no voice: each question is read once up front, then `pair` and `recommend` are timed over the same
rounds, so the ratio says what pairing costs relative to the step it sits beside. One warm-up pass runs first: the
profile caches fill once per process, as they would in a running concierge.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.reading import bench_reader
from benchmarks.stats import percentile
from bot.decide.pairing import pair
from bot.decide.recommend import recommend
from bot.knowledge.loader import load_root
from bot.understand.naming import names_for
from bot.understand.request import Request, Role

REPO = Path(__file__).resolve().parents[1]

# What staff and guests ask: both directions, every kind, budgets, allergies, and a nothing-fits.
PAIRING_QUESTIONS: tuple[tuple[str, Role], ...] = (
    ("what should I pour with the lamb shoulder?", "staff"),
    ("a red under $60 for the duck", "guest"),
    ("something non-alcoholic with the knafeh", "guest"),
    ("what food goes with the Sancerre?", "staff"),
    ("what beer goes with the charred cauliflower?", "staff"),
    ("a cocktail for the halloumi, nut allergy", "guest"),
    ("wine for the lamb shoulder, I'm allergic to sulphites", "staff"),
    ("a glass of red under $20 with the lamb shoulder", "staff"),
    ("a spirit with the octopus", "guest"),
    ("a red under $5 for the duck", "staff"),
)
RECOMMEND_QUESTIONS = (
    "what are your top three?",
    "We're vegetarian and love heat. What are your top three?",
    "I'm coeliac, what should I get?",
    "into seafood, no lamb please, top two",
    "what desserts do you love?",
    "allergic to nuts and sesame, what's good?",
)


def measure_pairing_latency(rounds: int = 50) -> dict[str, float | int]:
    """p50 and p95 in milliseconds of `pair` over a spread of pairing questions, and of `recommend` over
    recommendation questions, with the ratio of the medians."""
    venue = load_root(REPO / "knowledge").venues["cedar-and-tide"]
    names = names_for([*venue.dishes, *venue.drinks], venue)
    with tempfile.TemporaryDirectory(prefix="concierge-pair-") as tmp:
        reader = bench_reader(Path(tmp))
        drinks = frozenset(d.id for d in venue.drinks)
        pairings: list[tuple[Request, Role]] = [
            (reader.read(text, names=names, drinks=drinks), role) for text, role in PAIRING_QUESTIONS
        ]
        recommends = [reader.read(text, names=names, drinks=drinks) for text in RECOMMEND_QUESTIONS]
    for request, role in pairings:  # warm-up
        pair(venue, request, request.constraints, role=role, count=request.count)
    for request in recommends:
        recommend(venue, request.constraints, request.count)

    pair_ms: list[float] = []
    recommend_ms: list[float] = []
    for _ in range(rounds):
        for request, role in pairings:
            t = time.perf_counter()
            pair(venue, request, request.constraints, role=role, count=request.count)
            pair_ms.append((time.perf_counter() - t) * 1000)
        for request in recommends:
            t = time.perf_counter()
            recommend(venue, request.constraints, request.count)
            recommend_ms.append((time.perf_counter() - t) * 1000)
    pair_p50, recommend_p50 = percentile(pair_ms, 0.5), percentile(recommend_ms, 0.5)
    return {
        "rounds": rounds,
        "pairing_questions": len(pairings),
        "recommend_questions": len(recommends),
        "pair_p50_ms": round(pair_p50, 3),
        "pair_p95_ms": round(percentile(pair_ms, 0.95), 3),
        "recommend_p50_ms": round(recommend_p50, 3),
        "recommend_p95_ms": round(percentile(recommend_ms, 0.95), 3),
        "pair_to_recommend_p50": round(pair_p50 / recommend_p50, 2) if recommend_p50 else float("nan"),
    }


if __name__ == "__main__":
    for key, value in measure_pairing_latency().items():
        print(f"{key}: {value}")
