"""The reading stage: how fast a message is read once its vector is known, and how well acts are understood.

- reading p50/p95: `Reader.read` over a spread of messages, each message's sentence vector already computed (the
  retriever computes it anyway); so this is the reader's own cost: act model, slots, fallbacks, references.
- the act model's accuracy on the held-out fifth of its own bank, per act;
- the blind paraphrase set (`evals/cases/blind`, written by someone who never saw the code and never used to train
  or tune): per act, how often the last turn is read as the case's act, and how often the whole case passes every
  scorer, through the production concierge with its state in a throwaway folder.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.stats import percentile
from bot.evaluation.case import load_cases
from bot.evaluation.runner import load_thresholds, run_cases
from bot.index.embedder import Embedder, MiniLMEmbedder, Vectors
from bot.runtime import open_concierge
from bot.settings import Settings
from bot.triage.classifier import ComplaintClassifier
from bot.understand.act import ActModel
from bot.understand.reader import Reader

REPO = Path(__file__).resolve().parents[1]

MESSAGES = (
    "We're vegetarian, allergic to nuts, and love heat. What are your top three mains under $30?",
    "lamb shoulder or sea bream? cant decide",
    "what would you steer me away from",
    "table 6 has the bream and the kofta, one bottle?",
    "a big red under 70",
    "is the bream gluten-free?",
    "what time do you close on sunday",
    "table for 4 friday at 8, name's Dana, 207 555 0199",
    "the fish was cold and the waiter was rude",
    "my kid ate the falafel and now he's wheezing, he has a sesame allergy",
    "could you ask Maggie to pop over?",
    "hi",
)


class _Remembered:
    """An embedder that answers from vectors computed up front, so timing the reader leaves the model out."""

    def __init__(self, inner: Embedder, texts: tuple[str, ...]) -> None:
        self._inner = inner
        self._known = dict(zip(texts, inner.embed(list(texts)), strict=True))

    @property
    def model_id(self) -> str:
        return self._inner.model_id

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    def embed(self, texts: list[str]) -> Vectors:  # type: ignore[override]
        import numpy as np

        missing = [t for t in texts if t not in self._known]
        if missing:
            self._known.update(zip(missing, self._inner.embed(missing), strict=True))
        return np.stack([self._known[t] for t in texts])


def bench_reader(cache: Path, embedder: Embedder | None = None) -> Reader:
    """A reader with its models fitted (or read from `cache`), for benchmarks that time the steps after it."""
    embedder = embedder or MiniLMEmbedder()
    return Reader(embedder, ActModel(embedder, cache_dir=cache), ComplaintClassifier(embedder, cache_dir=cache))


def measure_reading(rounds: int = 40) -> dict[str, Any]:
    embedder = MiniLMEmbedder()
    with tempfile.TemporaryDirectory(prefix="concierge-read-") as tmp:
        acts = ActModel(embedder, cache_dir=Path(tmp))
        triage = ComplaintClassifier(embedder, cache_dir=Path(tmp))
        started = time.perf_counter()
        acts.load()
        fit_s = time.perf_counter() - started
        triage.load()
        remembered = _Remembered(embedder, MESSAGES)
        settings = Settings(knowledge=REPO / "knowledge", data_dir=Path(tmp) / "data")
        concierge, _ = open_concierge(settings, REPO / "knowledge", state=Path(tmp) / "state")
        venue = concierge.tonight()
        reader = Reader(remembered, acts, triage)  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {
            "names": concierge.names(venue),
            "drinks": frozenset(d.id for d in venue.drinks),
            "staff": {s.first_name: s.id for s in venue.venue.staff},
            "facts": tuple(venue.venue.facts),
        }
        for text in MESSAGES:  # warm-up: vectors cached, tables loaded, name books built
            reader.read(text, **kwargs)
        samples: list[float] = []
        for _ in range(rounds):
            for text in MESSAGES:
                t = time.perf_counter()
                reader.read(text, **kwargs)
                samples.append((time.perf_counter() - t) * 1000)
        holdout = acts.holdout()
        concierge.escalations.close()
    return {
        "read_p50_ms": percentile(samples, 0.5),
        "read_p95_ms": percentile(samples, 0.95),
        "fit_s": fit_s,
        "holdout": holdout,
    }


def measure_blind(folder: str = "blind") -> dict[str, dict[str, float]]:
    """Per act of a blind set (`evals/cases/<folder>`): the share read as that act, and the share passing every
    scorer."""
    with tempfile.TemporaryDirectory(prefix="concierge-blind-") as tmp:
        root = Path(tmp) / "knowledge"
        shutil.copytree(REPO / "knowledge", root)
        settings = Settings(knowledge=root, data_dir=Path(tmp) / "data")
        concierge, _ = open_concierge(settings, root, state=Path(tmp) / "state")
        cases = load_cases(REPO / "evals" / "cases" / folder)
        thresholds = load_thresholds(REPO / "evals" / "thresholds.yaml")
        run = asyncio.run(run_cases(concierge, cases, thresholds=thresholds, voice="template", knowledge=str(root)))
        concierge.escalations.close()
    read: dict[str, list[bool]] = defaultdict(list)
    for result in run.cases:
        act = str(result.expected.get("intent"))
        score = next((s for s in result.scores if s.scorer == "understanding"), None)
        read[act].append(bool(score and score.passed))
    return {
        act: {"read": sum(v) / len(v), "handled": run.act_rates.get(act, 0.0), "n": float(len(v))}
        for act, v in sorted(read.items())
    }


if __name__ == "__main__":
    print(measure_reading())
    for act, row in measure_blind().items():
        print(act, row)
