"""How names and lists read inside a sentence, shared by the voice and by the plans staff read."""

from __future__ import annotations


def mid_sentence(name: str) -> str:
    """'Whole grilled sea bream' reads as 'whole grilled sea bream' mid-sentence; 'Domaine Vacheron' stays."""
    words = name.split()
    if not words:
        return name
    sentence_case = all(not w[:1].isupper() for w in words[1:]) and not words[0].isupper()
    return name[:1].lower() + name[1:] if sentence_case else name


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
