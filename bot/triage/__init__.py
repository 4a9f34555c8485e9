"""Complaint triage: is a guest's message a complaint or a request for a person, and if so what kind and how bad.

Complements the rules in `bot.understand`, which tag the plain cases; this catches complaints told indirectly
("we waited ten minutes and nobody looked at us") and leaves alone negative words that are not complaints
("is it loud on Saturdays?").
"""

from bot.triage.classifier import ComplaintClassifier
from bot.triage.model import Category, Severity, Triage

__all__ = ["Category", "ComplaintClassifier", "Severity", "Triage"]
