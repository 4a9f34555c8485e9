"""Complaint triage: the rules, the examples and the classifier."""
