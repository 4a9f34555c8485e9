"""Faults read in both directions: a guest's reason for asking what to avoid, and a note's sentence faulting a dish."""

from __future__ import annotations

from bot.text import fold
from bot.understand.faults import faulted_sentences, faults_in
from tests.conftest import Read


def test_the_guests_reason_and_the_notes_sentence_meet_on_one_theme() -> None:
    assert faults_in(fold("anything that suffers when the kitchen is slammed?")) == ["keeps-poorly"]
    [(sentence, themes)] = faulted_sentences("Good beef. The kofta is dry on a busy night.")
    assert sentence == "The kofta is dry on a busy night."
    assert themes == {"keeps-poorly"}


def test_a_skip_ask_carries_its_reason_and_a_plain_one_none(read: Read) -> None:
    assert read("we eat slowly, anything that won't hold up if it sits?").faults == ["keeps-poorly"]
    assert read("what should we skip?").faults == []
    assert read("what's good tonight? we're in no rush").faults == []  # only a skip ask reads a reason
