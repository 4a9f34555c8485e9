"""The hedge detector catches dodges and leaves committed answers alone."""

from __future__ import annotations

import pytest

from bot.hedge import find_hedges


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, everything's great here!",
        "Everything is delicious, you'll be happy.",
        "It's all good, order what you like.",
        "All our dishes are made fresh daily.",
        "It depends on your taste, really.",
        "That really depends on what you like.",
        "You can't go wrong with any of them.",
        "What flavours are you craving tonight?",
        "What are you in the mood for?",
        "It's hard to choose just three!",
        "It's down to personal preference.",
        "I can't rank them, they're all favourites.",
        "There's something for everyone on our menu.",
        "You\u2019ll love anything you order.",
    ],
)
def test_find_hedges_catches_dodges(text: str) -> None:
    """Each dodge is flagged."""
    assert find_hedges(text)


@pytest.mark.parametrize(
    "text",
    [
        "1. Whole grilled sea bream — Rania loves it. 2. Lamb shoulder. 3. Knafeh.",
        "Skip the kofta: it's dry on busy nights.",
        "Order the cauliflower first; it's the hottest thing we make.",
        "The lamb depends on a twelve-hour braise, and it shows.",
        "Our top pick is the muhammara, no contest.",
    ],
)
def test_find_hedges_leaves_commitment_alone(text: str) -> None:
    """Committed answers are not flagged, even with words like 'depends'."""
    assert find_hedges(text) == []
