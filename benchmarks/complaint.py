"""How well the complaint classifier finds complaints in text it never saw: two shared labelled sets.

Both are read from `../shared/data` at benchmark time and never copied into the repository; neither is used to
train, to pick thresholds or to choose examples (the classifier learns only from `bot/triage/examples.yaml`).

- Yelp labelled sentences: real restaurant-review sentences; label 0 (negative) is the positive class here, a
  sentence counts as detected when the classifier calls it a complaint.
- Bitext customer support: generic e-commerce requests; intent `complaint` or `contact_human_agent` is the
  positive class, detected when the classifier says complaint or handoff.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.reading import _Remembered
from bot.index.embedder import MiniLMEmbedder
from bot.triage import ComplaintClassifier, Triage
from bot.understand.act import ActModel
from bot.understand.reader import Reader

REPO = Path(__file__).resolve().parents[1]
YELP = Path("yelp-labelled-sentences") / "yelp_labelled.txt"
BITEXT = Path("bitext-customer-support") / "Bitext_Sample_Customer_Support_Training_Dataset.csv"
BITEXT_POSITIVE = frozenset({"complaint", "contact_human_agent"})


def data_root(repo_root: Path = REPO) -> Path:
    return Path(repo_root).parent / "shared" / "data"


def _read_yelp(path: Path) -> tuple[list[str], list[bool]]:
    texts, positive = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        sentence, _, label = line.rpartition("\t")
        if sentence and label.strip() in {"0", "1"}:
            texts.append(sentence.strip())
            positive.append(label.strip() == "0")
    return texts, positive


def _read_bitext(path: Path) -> tuple[list[str], list[bool]]:
    texts, positive = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts.append(row["instruction"])
            positive.append(row["intent"] in BITEXT_POSITIVE)
    return texts, positive


def _is_complaint(triage: Triage) -> bool:
    # The category is set exactly when the complaint probability passes its threshold, whatever the kind.
    return triage.category is not None


def _is_escalation(triage: Triage) -> bool:
    return triage.kind != "none"


def _score(
    name: str,
    classifier: ComplaintClassifier,
    texts: Sequence[str],
    truth: Sequence[bool],
    detected: Callable[[Triage], bool],
) -> dict[str, Any]:
    started = time.perf_counter()
    results = classifier.classify_many(texts)
    seconds = time.perf_counter() - started
    return _row(f"{name} (classifier)", texts, truth, [detected(r) for r in results], seconds)


def _row(
    name: str, texts: Sequence[str], truth: Sequence[bool], predicted: list[bool], seconds: float
) -> dict[str, Any]:
    hits = sum(p and t for p, t in zip(predicted, truth, strict=True))
    precision = hits / max(sum(predicted), 1)
    recall = hits / max(sum(truth), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "dataset": name,
        "n": len(texts),
        "positives": sum(truth),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "texts_per_second": round(len(texts) / seconds, 1),
    }


def _score_concierge(
    name: str, classifier: ComplaintClassifier, acts: ActModel, texts: Sequence[str], truth: Sequence[bool]
) -> dict[str, Any]:
    """What the concierge itself would do: the reading stage (act model, harm rule, complaint model as backstop)
    files a ticket when it reads a complaint or an ask for a person."""
    started = time.perf_counter()
    reader = Reader(_Remembered(classifier.embedder, tuple(dict.fromkeys(texts))), acts, classifier)  # type: ignore[arg-type]
    predicted = [reader.read(t).intent in ("complaint", "handoff") for t in texts]
    seconds = time.perf_counter() - started
    return _row(f"{name} (concierge: reading stage)", texts, truth, predicted, seconds)


def measure_complaint_detection(repo_root: Path = REPO) -> list[dict[str, Any]]:
    """One row per shared data set: n, precision, recall, F1 and texts/s; a row saying so when data is missing."""
    root = data_root(repo_root)
    sets: list[tuple[str, Path, Callable[[Path], tuple[list[str], list[bool]]], Callable[[Triage], bool]]] = [
        ("yelp-labelled-sentences", root / YELP, _read_yelp, _is_complaint),
        ("bitext-customer-support", root / BITEXT, _read_bitext, _is_escalation),
    ]
    embedder = MiniLMEmbedder(batch_size=32)
    classifier = ComplaintClassifier(embedder)
    classifier.load()  # fitting on the project's own examples is start-up, not throughput
    acts = ActModel(embedder)
    acts.load()
    classifier.classify_many(["warm-up", "the soup was cold"])
    rows: list[dict[str, Any]] = []
    for name, path, read, detected in sets:
        if not path.is_file():
            rows.append({"dataset": name, "missing": f"{path} not found; the shared data folder is not here"})
            continue
        texts, truth = read(path)
        rows.append(_score(name, classifier, texts, truth, detected))
        rows.append(_score_concierge(name, classifier, acts, texts, truth))
    report = classifier.holdout
    rows.append(
        {
            "dataset": "own examples, held-out fifth",
            "n": report.n_holdout,
            "complaint_precision": round(report.complaint_precision, 3),
            "complaint_recall": round(report.complaint_recall, 3),
            "handoff_precision": round(report.handoff_precision, 3),
            "handoff_recall": round(report.handoff_recall, 3),
        }
    )
    return rows


if __name__ == "__main__":
    for row in measure_complaint_detection():
        print(row)
