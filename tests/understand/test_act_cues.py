"""The act model's phrase cues: one column per cue in the pack's `act_cues` table, learnt once for every phrasing
that carries it, and a fit that does not let the cue stand in for the sentence vector."""

from __future__ import annotations

import numpy as np

from bot.language.pack import ACTS, load_pack
from bot.understand.act import CUE_WEIGHT, ActModel, act_cues, fit_softmax

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


def test_a_cue_only_adds_to_what_the_other_features_learn(acts: ActModel) -> None:
    """Fitted as the act model fits (with the cued rows copied, cue blanked), the sentence's own evidence keeps more
    of its weight than in a plain fit, where the cue takes the weight and the evidence learns little."""
    # Column 0 stands for the sentence's own evidence, the rest are the act cues; act 1's rows carry both.
    x = np.zeros((4, 1 + len(NAMES)))
    x[:2, 0] = 1.0
    x[:2, 1] = CUE_WEIGHT
    y = np.array([1, 1, 0, 0])
    blended = acts._fit(x, y)
    plain = fit_softmax(x, y, len(ACTS))

    def evidence(w: np.ndarray) -> float:  # how much column 0 alone says "act 1" over "act 0"
        return float(w[0, 1] - w[0, 0])

    assert evidence(blended) > evidence(plain)
