"""The complaint classifier: the issue's stories, what must not be a complaint, the examples file, and the cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.errors import KnowledgeError
from bot.index.embedder import MiniLMEmbedder
from bot.triage import ComplaintClassifier, Triage
from bot.triage.classifier import (
    CUE_NAMES,
    best_threshold,
    cue_features,
    fit_logistic,
    holdout_mask,
    load_examples,
)
from bot.triage.model import CATEGORIES, SEVERITIES, Category, Example, Severity
from tests.conftest import CountingEmbedder


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    model = MiniLMEmbedder()
    model.load()
    return model


@pytest.fixture(scope="module")
def classifier(embedder: MiniLMEmbedder) -> ComplaintClassifier:
    model = ComplaintClassifier(embedder)
    model.load()
    return model


STORIES: list[tuple[str, Category, Severity | None]] = [
    ("They threw our leftovers in the bin while we were paying.", "wrong-missing-discarded", "high"),
    ("The waiter poured away the rest of our wine without asking.", "wrong-missing-discarded", "high"),
    ("we waited ten minutes and nobody looked at us", "staff-attitude", None),
    ("the staff were chatting on their phones while we waited", "staff-attitude", None),
    ("My daughter had an allergic reaction to the satay.", "allergen-safety", "critical"),
    ("My pasta was stone cold.", "food-quality", "medium"),
    ("charged twice", "billing", "medium"),
    ("I've been charged twice for one dinner.", "billing", "medium"),
    ("The hostess was really rude to my mum.", "staff-attitude", "high"),
    ("There's a hair in my risotto.", "food-quality", "high"),
]


@pytest.mark.parametrize(("text", "category", "severity"), STORIES)
def test_classify_story_is_complaint(
    classifier: ComplaintClassifier, text: str, category: Category, severity: Severity | None
) -> None:
    """The issue's stories are complaints, of the right category and, where the issue says, severity."""
    triage = classifier.classify(text)
    assert triage.kind == "complaint"
    assert triage.category == category
    if severity is not None:
        assert triage.severity == severity
    assert triage.cues


NOT_COMPLAINTS = [
    "is it loud on Saturdays?",
    "I don't like lamb, what should I get?",
    "is the harissa too hot for kids?",
    "The food was wonderful, thank you so much!",
    "Our waiter was brilliant and the tiramisu was the best I've had.",
    "No complaints at all, lovely evening.",
    "Can we get a table for two at eight?",
    "Could we have the bill please?",
    "Can I take my leftovers home?",
    "Hello!",
]


@pytest.mark.parametrize("text", NOT_COMPLAINTS)
def test_classify_non_complaint_is_none(classifier: ComplaintClassifier, text: str) -> None:
    """Praise, questions and dislikes said while ordering are neither complaints nor requests for a person."""
    triage = classifier.classify(text)
    assert triage.kind == "none"
    assert triage.category is None
    assert triage.severity is None


@pytest.mark.parametrize("text", ["can I talk to a person?", "Could I speak to the manager please?", "get me a human"])
def test_classify_request_for_person_is_handoff(classifier: ComplaintClassifier, text: str) -> None:
    """Asking for a person is a handoff, with no complaint category when nothing went wrong."""
    triage = classifier.classify(text)
    assert triage.kind == "handoff"
    assert triage.category is None


def test_classify_complaint_with_request_for_person_keeps_category(classifier: ComplaintClassifier) -> None:
    """A complaint that asks for the manager is a handoff that still carries its category and severity."""
    triage = classifier.classify("The waiter was rude to my wife, I want to speak to the manager.")
    assert triage.kind == "handoff"
    assert triage.category == "staff-attitude"
    assert triage.severity == "high"


def test_classify_many_matches_classify_in_order(classifier: ComplaintClassifier) -> None:
    """The batch gives the same answers as one at a time, in the order given; blank text is none."""
    texts = ["The soup was cold.", "", "Lovely meal!", "   ", "Can I speak to a manager?"]
    batch = classifier.classify_many(texts)
    assert [t.kind for t in batch] == ["complaint", "none", "none", "none", "handoff"]
    single = classifier.classify(texts[0])
    assert batch[0].category == single.category
    assert batch[0].complaint_probability == pytest.approx(single.complaint_probability, abs=1e-5)


def test_classify_many_refuses_a_bare_string(classifier: ComplaintClassifier) -> None:
    """One string is not a batch of characters."""
    with pytest.raises(TypeError):
        classifier.classify_many("the soup was cold")


def test_complaint_scores_rank_complaints_above_praise(classifier: ComplaintClassifier) -> None:
    """Scores are probabilities, one per text, higher for a complaint than for praise."""
    scores = classifier.complaint_scores(["The steak was raw and the waiter laughed at us.", "Best steak in town."])
    assert scores.shape == (2,)
    assert np.all((scores >= 0) & (scores <= 1))
    assert scores[0] > classifier.complaint_threshold > scores[1]
    assert classifier.complaint_scores([]).shape == (0,)


def test_holdout_report_is_good_enough(classifier: ComplaintClassifier) -> None:
    """A fifth of the examples is held out, and the heads do well on it."""
    report = classifier.holdout
    assert report.n_holdout == pytest.approx((report.n_train + report.n_holdout) / 5, rel=0.05)
    assert report.complaint_precision >= 0.85
    assert report.complaint_recall >= 0.85
    assert report.handoff_precision >= 0.8
    assert report.handoff_recall >= 0.8
    assert report.category_accuracy >= 0.8


def test_triage_result_validates_probabilities() -> None:
    """A probability outside 0..1 is refused."""
    with pytest.raises(ValueError, match="less than or equal to 1"):
        Triage(kind="none", complaint_probability=1.5, handoff_probability=0.0)


# The examples file.


def test_examples_file_is_valid_and_covers_every_label() -> None:
    """The shipped examples load, number at least 400, and cover every category, severity and kind."""
    examples = load_examples()
    assert len(examples) >= 400
    complaints = [e for e in examples if e.complaint]
    assert {e.category for e in complaints} == set(CATEGORIES)
    assert {e.severity for e in complaints} == set(SEVERITIES)
    assert any(e.handoff and not e.complaint for e in examples)
    assert any(e.handoff and e.complaint for e in examples)
    assert sum(not e.complaint and not e.handoff for e in examples) >= len(examples) / 3


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {
                "text": "cold soup",
                "complaint": True,
                "handoff": False,
                "category": "food-quality",
                "severity": "medium",
                "mood": "sad",
            },
            "Extra inputs are not permitted",
        ),
        ({"text": "cold soup", "complaint": True, "handoff": False}, "needs both a category and a severity"),
        ({"text": "lovely", "complaint": False, "handoff": False, "category": "other"}, "only a complaint"),
        (
            {"text": "cold soup", "complaint": True, "handoff": False, "category": "temperature", "severity": "low"},
            "Input should be",
        ),
    ],
)
def test_load_examples_rejects_bad_entries(tmp_path: Path, entry: dict[str, object], message: str) -> None:
    """A malformed example is a KnowledgeError naming the file and saying what is wrong."""
    path = tmp_path / "examples.yaml"
    path.write_text(yaml.safe_dump({"examples": [entry]}))
    with pytest.raises(KnowledgeError, match=message) as raised:
        load_examples(path)
    assert str(path) in str(raised.value)


def test_load_examples_rejects_repeats_and_bad_yaml(tmp_path: Path) -> None:
    """The same text twice, or a file that is not YAML, is refused with the file named."""
    path = tmp_path / "examples.yaml"
    twice = {"text": "Hi", "complaint": False, "handoff": False}
    path.write_text(yaml.safe_dump({"examples": [twice, {**twice, "text": "hi "}]}))
    with pytest.raises(KnowledgeError, match="written twice"):
        load_examples(path)
    path.write_text("examples: [ {text: ")
    with pytest.raises(KnowledgeError, match="not valid YAML"):
        load_examples(path)
    with pytest.raises(KnowledgeError, match="cannot be read"):
        load_examples(tmp_path / "missing.yaml")


def test_holdout_mask_is_a_stable_fifth_of_each_label() -> None:
    """Every fifth example of each label pair is held out, the same ones on every run."""
    examples = load_examples()
    mask = holdout_mask(examples)
    assert np.array_equal(mask, holdout_mask(examples))
    for complaint in (True, False):
        group = [i for i, e in enumerate(examples) if e.complaint == complaint and not e.handoff]
        assert mask[group].sum() == pytest.approx(len(group) / 5, abs=1)


# The cache of fitted heads.


def _small_examples() -> list[dict[str, object]]:
    complaints = [
        "The soup was cold.",
        "The waiter was rude.",
        "We waited an hour.",
        "I was charged twice.",
        "The table was filthy.",
        "My steak was raw.",
        "They forgot my drink.",
        "The music was too loud.",
    ]
    praise = [
        "Lovely meal, thank you.",
        "Best pasta ever.",
        "Great service tonight.",
        "What's good here?",
        "Can I book for two?",
        "Is the curry spicy?",
        "Delicious desserts.",
        "We loved it.",
    ]
    person = ["Can I speak to the manager?", "I want to talk to a person.", "Get me a human please."]
    rows: list[dict[str, object]] = [
        {"text": t, "complaint": True, "handoff": False, "category": "other", "severity": "low"} for t in complaints
    ]
    rows += [{"text": t, "complaint": False, "handoff": False} for t in praise]
    rows += [{"text": t, "complaint": False, "handoff": True} for t in person]
    return rows


def test_cache_dir_keeps_fitted_heads(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """With a cache dir the second start-up embeds none of the examples; changed examples are fitted afresh."""
    examples = tmp_path / "examples.yaml"
    examples.write_text(yaml.safe_dump({"examples": _small_examples()}))
    cache = tmp_path / "cache"

    first = CountingEmbedder(embedder)
    ComplaintClassifier(first, examples, cache_dir=cache).load()
    assert len(first.texts) == len(_small_examples())
    assert len(list(cache.glob("*.npz"))) == 1

    second = CountingEmbedder(embedder)
    warm = ComplaintClassifier(second, examples, cache_dir=cache)
    warm.load()
    assert len(second.texts) == 0
    cold = ComplaintClassifier(embedder, examples)
    assert warm.holdout == cold.holdout
    probe = ["The soup was cold.", "Lovely meal."]
    np.testing.assert_allclose(warm.complaint_scores(probe), cold.complaint_scores(probe), atol=1e-6)

    examples.write_text(
        yaml.safe_dump({"examples": [*_small_examples(), {"text": "Hi", "complaint": False, "handoff": False}]})
    )
    third = CountingEmbedder(embedder)
    ComplaintClassifier(third, examples, cache_dir=cache).load()
    assert len(third.texts) == len(_small_examples()) + 1


def test_cache_dir_survives_a_corrupt_file(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    """A damaged cache file is ignored and rewritten, never trusted."""
    examples = tmp_path / "examples.yaml"
    examples.write_text(yaml.safe_dump({"examples": _small_examples()}))
    cache = tmp_path / "cache"
    ComplaintClassifier(embedder, examples, cache_dir=cache).load()
    (saved,) = cache.glob("*.npz")
    saved.write_bytes(b"not a numpy file")
    counting = CountingEmbedder(embedder)
    ComplaintClassifier(counting, examples, cache_dir=cache).load()
    assert len(counting.texts) == len(_small_examples())


# The pieces, without the model.


@pytest.mark.parametrize(
    ("text", "negative", "positive"),
    [
        ("The food was not good.", True, False),
        ("No complaints, it was great.", False, True),
        ("Never disappointed here.", False, True),
        ("Bland and overpriced.", True, False),
        ("Lovely staff.", False, True),
    ],
)
def test_cue_features_flip_negated_words(text: str, negative: bool, positive: bool) -> None:
    """A word right after a negator counts for the other side."""
    features = dict(zip(CUE_NAMES, cue_features(text), strict=True))
    assert (features["negative words"] > 0) is negative
    assert (features["positive words"] > 0) is positive


@pytest.mark.parametrize(
    ("text", "name", "on"),
    [
        ("is it loud on Saturdays?", "question", True),
        ("It was loud.", "question", False),
        ("I don't like lamb, what should I get?", "states a dislike", True),
        ("I don't like lamb, what should I get?", "asks for a suggestion", True),
        ("We were charged twice.", "rule cue outside a question", True),
        ("Is the beer cold?", "rule cue outside a question", False),
        ("Can I speak to the manager?", "names and reaches a person", True),
    ],
)
def test_cue_features_mark_framing(text: str, name: str, on: bool) -> None:
    """Questions, dislikes while ordering, rule cues in statements and requests for a person are marked."""
    features = dict(zip(CUE_NAMES, cue_features(text), strict=True))
    assert (features[name] > 0) is on


def test_fit_logistic_is_deterministic_and_separates() -> None:
    """Newton's method gives the same weights twice, and they separate separable points."""
    x = np.array([[0.0, 1.0], [0.2, 0.9], [1.0, 0.1], [0.9, 0.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    weights = fit_logistic(x, y, l2=0.1)
    np.testing.assert_array_equal(weights, fit_logistic(x, y, l2=0.1))
    scores = 1 / (1 + np.exp(-(np.hstack([x, np.ones((4, 1))]) @ weights)))
    assert list(scores > 0.5) == [False, False, True, True]


def test_best_threshold_picks_best_f1_nearest_half() -> None:
    """Among thresholds with the best F1 the one nearest 0.5 wins, with its precision and recall."""
    threshold, precision, recall = best_threshold(np.array([0.1, 0.3, 0.7, 0.9]), np.array([0.0, 0.0, 1.0, 1.0]))
    assert threshold == 0.5
    assert (precision, recall) == (1.0, 1.0)


def test_example_labels_are_frozen() -> None:
    """An example is a value: it cannot be changed after loading."""
    example = Example(text="Cold soup", complaint=True, handoff=False, category="food-quality", severity="medium")
    with pytest.raises(ValueError, match="frozen"):
        example.text = "warm soup"  # type: ignore[misc]
