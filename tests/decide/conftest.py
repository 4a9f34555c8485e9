"""The sample venue as the deciders see it, loaded once per module."""

from __future__ import annotations

import pytest

from bot.knowledge.loader import load_root
from bot.knowledge.venue import VenueKnowledge
from tests.conftest import SAMPLE_KNOWLEDGE


@pytest.fixture(scope="module")
def venue() -> VenueKnowledge:
    return load_root(SAMPLE_KNOWLEDGE).venues["cedar-and-tide"]
