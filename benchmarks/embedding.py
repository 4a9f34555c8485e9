"""How fast the offline embedder is: bulk docs/s at batch 32, and the latency of one short query."""

from __future__ import annotations

import random
import statistics
import time

from bot.index.embedder import MiniLMEmbedder

_DISHES = [
    "sea bream",
    "lamb shoulder",
    "fish soup",
    "cauliflower",
    "duck breast",
    "risotto",
    "gnocchi",
    "burrata",
]
_METHODS = ["grilled over charcoal", "slow-roasted", "pan-fried", "braised for six hours", "served raw"]
_WITH = [
    "charred lemon",
    "saffron broth",
    "harissa and almonds",
    "brown butter and sage",
    "cherries",
    "salsa verde",
]
_NOTES = [
    "Our chef's favourite on a cold night, generous enough to share between two, best with a glass of red.",
    "The sommelier pours a crisp Loire white with it; ask for a taste before you commit to the whole bottle.",
    "Properly hot, so warn the table, and order bread to mop up the sauce at the end; regulars ask for more.",
    "Light and bright, a good start before a heavier main, and it comes out of the kitchen in ten minutes.",
]
_QUERIES = [
    "something spicy",
    "a light fish dish",
    "what pairs with red wine",
    "vegetarian main",
    "best dessert",
]


def _menu_texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        dish = f"{rng.choice(_DISHES).capitalize()}, {rng.choice(_METHODS)}, with {rng.choice(_WITH)}."
        texts.append(f"{dish} {rng.choice(_NOTES)}")
    return texts


def measure_raw_embedding(n_docs: int = 300) -> dict[str, float]:
    """Embed `n_docs` menu-like texts (about 30 words each) at batch 32, then 100 single short queries."""
    embedder = MiniLMEmbedder(batch_size=32)
    started = time.perf_counter()
    embedder.load()
    load_seconds = time.perf_counter() - started
    texts = _menu_texts(n_docs)
    embedder.embed(texts[:32])  # warm-up: first runs pay for allocations and kernel selection
    embedder.embed(_QUERIES)

    started = time.perf_counter()
    embedder.embed(texts)
    bulk_seconds = time.perf_counter() - started

    latencies = []
    for i in range(100):
        started = time.perf_counter()
        embedder.embed([_QUERIES[i % len(_QUERIES)]])
        latencies.append(time.perf_counter() - started)
    latencies.sort()
    return {
        "n_docs": float(n_docs),
        "mean_words_per_doc": statistics.fmean(len(t.split()) for t in texts),
        "load_seconds": load_seconds,
        "bulk_seconds": bulk_seconds,
        "docs_per_second": n_docs / bulk_seconds,
        "query_p50_ms": 1000 * statistics.median(latencies),
        "query_p95_ms": 1000 * latencies[94],
    }


if __name__ == "__main__":
    for name, value in measure_raw_embedding().items():
        print(f"{name:>20}: {value:.3f}")
