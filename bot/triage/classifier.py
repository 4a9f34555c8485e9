"""Is this message a complaint, a request for a person, or neither; and if a complaint, what kind and how bad.

Built at start-up from the project's own labelled examples (`examples.yaml`), never from benchmark data:

- features: the MiniLM sentence vector, plus ten hand-written cues (`cue_features`): how many negative and
  positive words (a negated one counts for the other side: "not good", "no complaints"), whether it is a question,
  whether it asks for a suggestion or states a dislike while ordering, whether a triage rule (`severity.find_cues`)
  names a complaint and whether that happens outside a question, and whether it names a person and a way to reach
  one. The embedding carries the meaning; the cues carry what a small set of examples cannot teach a linear head
  (negation, "is it loud?" versus "it was loud").
- two logistic-regression heads (complaint, handoff), L2-regularised, fitted by Newton's method in numpy:
  deterministic, a few milliseconds.
- thresholds: every fifth example of each label (by a hash of its text, so the split never changes unless the
  examples do) is held out; the heads are fitted on the rest, each threshold is the one with the best F1 on the
  held-out fifth, and the precision and recall there are kept in `holdout`. The shipped heads are then refitted on
  every example, with those thresholds.
- category: the rules in `severity` when they name one (they are plainer than an embedding for "charged twice" or
  "threw away our leftovers"), else the nearest category centroid of the complaint examples' vectors. Severity
  always comes from the rules (`severity.assess`).

Embedding the examples is the slow part (about a second); pass `cache_dir` to keep the fitted heads in a file keyed
by the examples' hash, the embedder's model id and `HEAD_VERSION`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import yaml
from pydantic import ValidationError

from bot.errors import KnowledgeError
from bot.index.embedder import Embedder, Vectors
from bot.text import fold
from bot.triage.model import CATEGORIES, Category, Example, ExampleSet, HoldoutReport, Kind, Triage
from bot.triage.severity import assess, find_cues
from bot.yaml_files import parse

EXAMPLES_PATH = Path(__file__).with_name("examples.yaml")
# Bump whenever the features, the training or the split change: cached heads carry it in their key.
HEAD_VERSION = "1"

Floats = npt.NDArray[np.float64]

_L2 = 0.1  # on the summed log-loss; chosen on the training part of the examples, never on benchmark data
_CUE_SCALE = 2.0  # cue features are 0..1 while a unit vector's components are ~0.05: keep both in reach of _L2
_HOLDOUT_EVERY = 5

# Words that lean negative or positive in a guest's message. A word right after a negator flips side.
_NEGATIVE = re.compile(
    r"\b(?:bad|badly|terrible|terribly|awful|horrible|horrid|disgusting|gross|worst|worse|rude|rudely|cold|slow|"
    r"slowly|bland|overpriced|overrated|dirty|wrong|disappoint\w*|mediocre|poor|poorly|sick|nasty|inedible|stale|"
    r"soggy|greasy|overcooked|undercooked|burnt|burned|tasteless|flavou?rless|unfriendly|ignored|ignoring|waste|"
    r"wasted|avoid|meh|sucks?|sucked|lousy|crap|crappy|shitty|unacceptable|rubbish|pathetic|hated|annoyed|annoying|"
    r"angry|furious|upset|ridiculous|boring|bored|dull|lifeless|lacking|lacked|lukewarm|chewy|rubbery|mushy|"
    r"watery|dry|tough|salty|unhappy|underwhelm\w*|letdown|let down|forgettable|unprofessional|incompetent|"
    r"careless|sloppy|filthy|sticky|smelly|stank|stinks?|insult\w*|dreadful|appalling|atrocious|abysmal|"
    r"horrendous|shocking|joke|fail\w*|mess|messed|problem|complain\w*|overcharged|forgot|forgotten|missing|"
    r"unpleasant|uncomfortable|noisy|cramped|ripoff|rip-off|regret\w*|sadly|unfortunately|sad|shame|lame|weak|yuck|"
    r"ugh|inattentive|neglected|rushed|frozen|microwaved|ruined|ruin|waited|cheap|bitter|sour|lack|barely|"
    r"hype|used to be|gone downhill|went downhill|won'?t be back|not coming back|never again|"
    r"never (?:coming|going|be) back|unimpressive|subpar|sub-par|lacklust\w*|soulless|tired|run down|"
    r"unbearable|inconvenience|clueless|nowhere to be seen|(?:had|'ve had|have had) better|"
    r"too (?!good|kind|nice|much fun)\w+)\b"
)
_POSITIVE = re.compile(
    r"\b(?:good|great|amazing|excellent|delicious|love|loved|loves|lovely|perfect|perfectly|best|fantastic|"
    r"wonderful|friendly|tasty|fresh|awesome|nice|recommend\w*|superb|incredible|outstanding|attentive|enjoy\w*|"
    r"favou?rite|yummy|beautiful|beautifully|brilliant|fabulous|gem|impress\w*|impeccable|spot on|delight\w*|"
    r"divine|heavenly|phenomenal|stellar|terrific|wow|cosy|cozy|welcoming|generous|helpful|kind|fun|happy|"
    r"pleased|glad|thanks|thank|compliments|worth|juicy|crispy|tender|flavou?rful|fast|quick|prompt|clean|"
    r"spotless|reasonable|fair|solid|authentic|winner|gorgeous|charming|pleasant|cheerful|polite|professional|"
    r"knowledgeable|efficient|satisfied|satisfying|five stars|5 stars|10/10)\b"
)
# Flips are cut at a comma or a "but", so "not cheap, but lovely" keeps "lovely" positive.
_NEGATOR = re.compile(
    r"(?:\b(?:not|no|never|nothing|none|hardly|without)\b|n'?t\b|\bcan'?t\b)[^,;]*$",
)
_QUESTION_START = re.compile(
    r"^(?:is|are|was|were|do|does|did|can|could|will|would|what|which|how|where|when|who|should|any|has|have you)\b"
)
_ASKS = re.compile(
    r"\b(?:what (?:should|would|do|else|can|could|is good|'s good)|what's good|anything|any good|suggest\w*|"
    r"recommend(?:ation)?s?\s*\??$|which|options?|can i (?:get|have)|could i (?:get|have)|could we|can we|please)\b"
)
_DISLIKES = re.compile(
    r"\b(?:(?:don'?t|do not|doesn'?t|does not) (?:like|eat|want|drink|fancy|do)|not (?:a |big )?(?:fan|keen|into|"
    r"big on)|hate|can'?t (?:stand|do|handle|have|eat)|dislike|isn'?t my thing|aren'?t for me|no \w+ for me|"
    r"allergic to|won'?t eat)\b"
)
_PERSON = re.compile(
    r"\b(?:manager|managers|human|humans|person|someone|somebody|anyone|anybody|staff|owner|supervisor|agent|"
    r"representative|rep|waiter|waitress|server|chef|team|member|front desk|operator|boss|in charge|senior)\b"
)
_REACH = re.compile(
    r"\b(?:speak|talk|chat|word|call|ring|phone|callback|contact|connect|put me through|get me|get a|see|send|"
    r"transfer|escalate|hand me over|come over|come to|line|email|deal with|sort this)\b"
)
CUE_NAMES: tuple[str, ...] = (
    "negative words",
    "positive words",
    "question",
    "asks for a suggestion",
    "states a dislike",
    "rule cue",
    "rule cue outside a question",
    "names a person",
    "asks to reach someone",
    "names and reaches a person",
)


def _polarity(folded: str) -> tuple[int, int]:
    negative = positive = 0
    for pattern, is_negative in ((_NEGATIVE, True), (_POSITIVE, False)):
        for match in pattern.finditer(folded):
            flipped = _NEGATOR.search(re.split(r"\bbut\b", folded[max(0, match.start() - 24) : match.start()])[-1])
            if is_negative != bool(flipped):
                negative += 1
            else:
                positive += 1
    return negative, positive


def cue_features(text: str) -> list[float]:
    """The hand-written features of one message, each in 0..1, in the order of `CUE_NAMES`."""
    folded = fold(text).strip()
    negative, positive = _polarity(folded)
    question = 1.0 if folded.endswith("?") or _QUESTION_START.match(folded) else 0.0
    rule = 1.0 if any(cue.category is not None and cue.specific for cue in find_cues(text)) else 0.0
    person = 1.0 if _PERSON.search(folded) else 0.0
    reach = 1.0 if _REACH.search(folded) else 0.0
    return [
        min(negative, 3) / 3,
        min(positive, 3) / 3,
        question,
        1.0 if _ASKS.search(folded) else 0.0,
        1.0 if _DISLIKES.search(folded) else 0.0,
        rule,
        rule * (1.0 - question),
        person,
        reach,
        person * reach,
    ]


def load_examples(path: Path = EXAMPLES_PATH) -> list[Example]:
    """The labelled examples, validated; a malformed file raises `KnowledgeError` naming the file and the entry."""
    try:
        raw = parse(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KnowledgeError(str(path), f"cannot be read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise KnowledgeError(str(path), "is not valid YAML", line=None if line is None else line + 1) from exc
    try:
        return ExampleSet.model_validate(raw).examples
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise KnowledgeError(str(path), first["msg"], field=where or None) from exc


def holdout_mask(examples: Sequence[Example]) -> npt.NDArray[np.bool_]:
    """Every fifth example of each (complaint, handoff) label pair, ordered by a hash of its text."""
    mask = np.zeros(len(examples), dtype=bool)
    groups: dict[tuple[bool, bool], list[int]] = {}
    for i, example in enumerate(examples):
        groups.setdefault((example.complaint, example.handoff), []).append(i)
    for members in groups.values():
        members.sort(key=lambda i: hashlib.sha256(examples[i].text.lower().encode()).hexdigest())
        mask[members[::_HOLDOUT_EVERY]] = True
    return mask


def _sigmoid(z: Floats) -> Floats:
    out: Floats = 0.5 * (1.0 + np.tanh(0.5 * z))  # stable for any z
    return out


def _with_bias(x: Floats) -> Floats:
    return np.hstack([x, np.ones((x.shape[0], 1))])


def fit_logistic(x: Floats, y: Floats, *, l2: float = _L2, positive_weight: float = 1.0) -> Floats:
    """Weights (last one the bias, unpenalised) of an L2-regularised logistic regression, by Newton's method."""
    xb = _with_bias(x)
    weights = np.zeros(xb.shape[1])
    sample = np.where(y > 0.5, positive_weight, 1.0)
    penalty = l2 * np.eye(xb.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(50):
        p = _sigmoid(xb @ weights)
        gradient = xb.T @ (sample * (p - y)) + penalty @ weights
        hessian = (xb * (sample * p * (1.0 - p))[:, None]).T @ xb + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return weights


def best_threshold(scores: Floats, truth: Floats) -> tuple[float, float, float]:
    """The threshold with the best F1 (ties: nearest 0.5), and the precision and recall it gives."""
    best = (-1.0, 0.0, 0.5, 0.0, 0.0)
    for threshold in np.round(np.arange(0.05, 0.951, 0.01), 2):
        precision, recall = _precision_recall(scores >= threshold, truth > 0.5)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        candidate = (f1, -abs(threshold - 0.5), float(threshold), precision, recall)
        best = max(best, candidate)
    return best[2], best[3], best[4]


def _precision_recall(predicted: npt.NDArray[np.bool_], truth: npt.NDArray[np.bool_]) -> tuple[float, float]:
    hits = int((predicted & truth).sum())
    precision = hits / int(predicted.sum()) if predicted.any() else 0.0
    recall = hits / int(truth.sum()) if truth.any() else 0.0
    return precision, recall


@dataclass(frozen=True)
class _Heads:
    complaint: Floats
    handoff: Floats
    complaint_threshold: float
    handoff_threshold: float
    centroids: Floats  # one unit row per category in `categories`
    categories: tuple[Category, ...]
    report: HoldoutReport


def _features(texts: Sequence[str], vectors: Vectors) -> Floats:
    cues = np.array([cue_features(t) for t in texts], dtype=np.float64).reshape(len(texts), len(CUE_NAMES))
    return np.hstack([vectors.astype(np.float64), _CUE_SCALE * cues])


def _centroids(vectors: Vectors, examples: Sequence[Example]) -> tuple[Floats, tuple[Category, ...]]:
    labels = [e.category for e in examples]
    present = tuple(c for c in CATEGORIES if c in labels)
    rows = []
    for category in present:
        mean = vectors[[i for i, label in enumerate(labels) if label == category]].astype(np.float64).mean(axis=0)
        rows.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
    return np.array(rows), present


def _nearest(centroids: Floats, categories: tuple[Category, ...], vector: Floats) -> Category:
    return categories[int(np.argmax(centroids @ vector[: centroids.shape[1]]))]


def _fit(examples: Sequence[Example], vectors: Vectors) -> _Heads:
    x = _features([e.text for e in examples], vectors)
    complaint = np.array([e.complaint for e in examples], dtype=np.float64)
    handoff = np.array([e.handoff for e in examples], dtype=np.float64)
    held = holdout_mask(examples)
    train = ~held

    def handoff_weight(mask: npt.NDArray[np.bool_]) -> float:
        # Requests for a person are rare among the examples; balance them so the head does not learn "never".
        positives = float(handoff[mask].sum())
        return float(mask.sum() - positives) / max(positives, 1.0)

    c_weights = fit_logistic(x[train], complaint[train])
    h_weights = fit_logistic(x[train], handoff[train], positive_weight=handoff_weight(train))
    c_threshold, c_precision, c_recall = best_threshold(_sigmoid(_with_bias(x[held]) @ c_weights), complaint[held])
    h_threshold, h_precision, h_recall = best_threshold(_sigmoid(_with_bias(x[held]) @ h_weights), handoff[held])

    train_complaints = [e for e, t in zip(examples, train, strict=True) if t and e.complaint]
    centroids, categories = _centroids(
        vectors[[i for i, e in enumerate(examples) if train[i] and e.complaint]], train_complaints
    )
    held_complaints = [i for i, e in enumerate(examples) if held[i] and e.complaint]
    right_category = right_severity = 0
    for i in held_complaints:
        judged = assess(examples[i].text, _nearest(centroids, categories, x[i]))
        right_category += judged.category == examples[i].category
        right_severity += judged.severity == examples[i].severity
    report = HoldoutReport(
        n_train=int(train.sum()),
        n_holdout=int(held.sum()),
        complaint_threshold=c_threshold,
        complaint_precision=c_precision,
        complaint_recall=c_recall,
        handoff_threshold=h_threshold,
        handoff_precision=h_precision,
        handoff_recall=h_recall,
        category_accuracy=right_category / max(len(held_complaints), 1),
        severity_accuracy=right_severity / max(len(held_complaints), 1),
    )

    everything = np.ones(len(examples), dtype=bool)
    all_complaints = [i for i, e in enumerate(examples) if e.complaint]
    centroids, categories = _centroids(vectors[all_complaints], [examples[i] for i in all_complaints])
    return _Heads(
        complaint=fit_logistic(x, complaint),
        handoff=fit_logistic(x, handoff, positive_weight=handoff_weight(everything)),
        complaint_threshold=c_threshold,
        handoff_threshold=h_threshold,
        centroids=centroids,
        categories=categories,
        report=report,
    )


def _save(path: Path, heads: _Heads) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(
                out,
                complaint=heads.complaint,
                handoff=heads.handoff,
                thresholds=np.array([heads.complaint_threshold, heads.handoff_threshold]),
                centroids=heads.centroids,
                categories=np.array(heads.categories),
                report=np.array(heads.report.model_dump_json()),
            )
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _load(path: Path, width: int) -> _Heads | None:
    """The cached heads, or None when the file is missing, unreadable or not the shape this code expects."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            names = [str(name) for name in saved["categories"]]
            heads = _Heads(
                complaint=saved["complaint"].astype(np.float64),
                handoff=saved["handoff"].astype(np.float64),
                complaint_threshold=float(saved["thresholds"][0]),
                handoff_threshold=float(saved["thresholds"][1]),
                centroids=saved["centroids"].astype(np.float64),
                categories=tuple(c for name in names for c in CATEGORIES if c == name),
                report=HoldoutReport.model_validate_json(str(saved["report"])),
            )
    except (OSError, KeyError, ValueError, IndexError, ValidationError):
        return None
    shapes_fit = heads.complaint.shape == heads.handoff.shape == (width + 1,)
    categories_fit = len(heads.categories) == len(names) == heads.centroids.shape[0]
    return heads if shapes_fit and categories_fit else None


class ComplaintClassifier:
    """Complaint / handoff / neither, with category, severity and cues; fitted on first use (or `load`), once."""

    def __init__(self, embedder: Embedder, examples_path: Path | None = None, *, cache_dir: Path | None = None) -> None:
        self._embedder = embedder
        self._examples_path = examples_path or EXAMPLES_PATH
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._heads: _Heads | None = None

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    @property
    def examples_path(self) -> Path:
        return self._examples_path

    @property
    def holdout(self) -> HoldoutReport:
        """Precision and recall of the heads on the held-out fifth of the examples, at the chosen thresholds."""
        return self._fitted().report

    @property
    def complaint_threshold(self) -> float:
        return self._fitted().complaint_threshold

    @property
    def handoff_threshold(self) -> float:
        return self._fitted().handoff_threshold

    def load(self) -> None:
        """Read the examples and fit (or read cached) heads now rather than on the first message."""
        self._fitted()

    def _fitted(self) -> _Heads:
        heads = self._heads
        if heads is not None:
            return heads
        with self._lock:
            if self._heads is None:
                self._heads = self._build()
            return self._heads

    def _build(self) -> _Heads:
        source = self._examples_path.read_bytes() if self._examples_path.is_file() else b""
        key = hashlib.sha256(b"\0".join([source, self._embedder.model_id.encode(), HEAD_VERSION.encode()]))
        cached = None
        path = None
        if self._cache_dir is not None:
            path = self._cache_dir / f"triage-heads-{key.hexdigest()[:20]}.npz"
            cached = _load(path, self._embedder.dimension + len(CUE_NAMES))
        if cached is not None:
            return cached
        examples = load_examples(self._examples_path)
        heads = _fit(examples, self._embedder.embed([e.text for e in examples]))
        if path is not None:
            _save(path, heads)
        return heads

    def complaint_scores(self, texts: Sequence[str]) -> Floats:
        """The complaint probability of each text, shape (len(texts),)."""
        heads = self._fitted()
        if not texts:
            return np.zeros(0)
        x = _features(texts, self._embedder.embed(list(texts)))
        return _sigmoid(_with_bias(x) @ heads.complaint)

    def classify(self, text: str) -> Triage:
        return self.classify_many([text])[0]

    def classify_vector(self, text: str, vector: Vectors) -> Triage:
        """`classify` for a text whose sentence vector the caller already has (the reader embeds each message
        once and shares the vector)."""
        if not text.strip():
            return Triage(kind="none", complaint_probability=0.0, handoff_probability=0.0)
        heads = self._fitted()
        x = _features([text], np.asarray(vector, dtype=np.float32).reshape(1, -1))
        complaint = float(_sigmoid(_with_bias(x) @ heads.complaint)[0])
        handoff = float(_sigmoid(_with_bias(x) @ heads.handoff)[0])
        return self._triage(heads, text, x[0], complaint, handoff)

    def classify_many(self, texts: Sequence[str]) -> list[Triage]:
        """One `Triage` per text, in order; the texts are embedded in one batch."""
        if isinstance(texts, str):
            raise TypeError("classify_many takes a sequence of texts, not one string")
        heads = self._fitted()
        results: list[Triage | None] = [None] * len(texts)
        live = [i for i, text in enumerate(texts) if text.strip()]
        for i, text in enumerate(texts):
            if not text.strip():
                results[i] = Triage(kind="none", complaint_probability=0.0, handoff_probability=0.0)
        if live:
            chosen = [texts[i] for i in live]
            x = _features(chosen, self._embedder.embed(chosen))
            complaint = _sigmoid(_with_bias(x) @ heads.complaint)
            handoff = _sigmoid(_with_bias(x) @ heads.handoff)
            for row, i in enumerate(live):
                results[i] = self._triage(heads, texts[i], x[row], float(complaint[row]), float(handoff[row]))
        return [r for r in results if r is not None]

    @staticmethod
    def _triage(heads: _Heads, text: str, features: Floats, complaint: float, handoff: float) -> Triage:
        is_complaint = complaint >= heads.complaint_threshold
        kind: Kind = "handoff" if handoff >= heads.handoff_threshold else "complaint" if is_complaint else "none"
        if not is_complaint:
            return Triage(kind=kind, complaint_probability=complaint, handoff_probability=handoff)
        judged = assess(text, _nearest(heads.centroids, heads.categories, features))
        return Triage(
            kind=kind,
            complaint_probability=complaint,
            handoff_probability=handoff,
            category=judged.category,
            severity=judged.severity,
            cues=list(judged.cues),
        )
