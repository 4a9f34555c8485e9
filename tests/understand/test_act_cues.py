"""The act model's phrase cues: one column per cue in the pack's `act_cues` table, learnt once for every phrasing
that carries it, and a fit that does not let the cue stand in for the sentence vector."""

from __future__ import annotations

import numpy as np

from bot.language.pack import load_pack
from bot.understand.act import act_cues, fit_softmax

CUES = load_pack().table("act_cues")
NAMES = sorted({e.value for e in CUES.entries})


def test_a_cue_phrase_sets_its_column_in_any_company() -> None:
    rows = act_cues(["tree nut allergy, which desserts are off the table for me?", "top three desserts"], CUES)
    steer = NAMES.index("steers-away")
    assert rows[0, steer] > 0
    assert rows[1, steer] == 0


def test_a_cue_said_with_not_is_no_cue() -> None:
    """ "something not boring" asks for picks: the ignore phrase swallows the cue word."""
    rows = act_cues(["she wants something not boring"], CUES)
    assert not rows[0].any()


def test_a_cue_only_adds_to_what_the_other_features_learn() -> None:
    """Fitted on copies with the cue blanked as well, a row without the cue still reads as its act; fitted on the
    cued rows alone, the cue takes the weight and the other feature learns next to nothing."""
    # Feature 0 is the sentence's own evidence, feature 1 the cue; class 1 always has both.
    x = np.array([[1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0]])
    y = np.array([1, 1, 0, 0])
    blanked = x.copy()
    blanked[:, 1] = 0.0
    both = fit_softmax(np.vstack([x, blanked[:2]]), np.concatenate([y, y[:2]]), 2)
    cued_only = fit_softmax(x, y, 2)
    evidence = lambda w: w[0, 1] - w[0, 0]  # noqa: E731 - how much feature 0 alone says "class 1"
    assert evidence(both) > evidence(cued_only)
