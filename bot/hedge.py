"""Phrases that dodge the question. The concierge exists to never say these; the guard and the evals use this list.

Patterns are regular expressions over lower-cased text with curly quotes straightened, matched anywhere.
"""

from __future__ import annotations

import re

HEDGE_PATTERNS: tuple[str, ...] = (
    r"\beverything(?:'s| is) (?:great|good|amazing|delicious|fantastic|excellent)",
    r"\bit(?:'s| is) all (?:good|great|delicious|amazing)",
    r"\ball (?:of )?our (?:dishes|food|plates|menu items) (?:are|is)\b",
    r"\b(?:it |that )?(?:really |all )?depends (?:on|upon) (?:your|what you|the guest|personal)",
    r"\b(?:you )?can(?:'t|not) go wrong\b",
    r"\bwhat (?:flavou?rs?|kind of (?:food|flavou?rs?)|are you) (?:are you )?(?:craving|in the mood for)",
    r"\bwhat(?:'s| is| are) you(?:r)? (?:craving|in the mood for)",
    r"\bhard to (?:choose|pick|say)\b",
    r"\b(?:impossible|difficult|tough) to (?:choose|pick|rank)\b",
    r"\bpersonal (?:preference|taste)\b",
    r"\bto each (?:their|his|her) own\b",
    r"\bno bad (?:choice|option|dish)",
    r"\bwhatever (?:you|suits|takes your fancy)",
    r"\bi (?:can(?:'t|not)|won't|wouldn't want to) (?:really )?(?:rank|choose|pick)",
    r"\byou(?:'ll| will) (?:love|enjoy) (?:anything|everything|whatever)",
    r"\bthere(?:'s| is) something for everyone\b",
    r"\bsubjective\b",
)
_COMPILED = tuple(re.compile(p) for p in HEDGE_PATTERNS)


def normalise(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def find_hedges(text: str) -> list[str]:
    """The hedging phrases in `text`, as they appear; empty when the text commits."""
    low = normalise(text)
    return [m.group(0) for pattern in _COMPILED for m in [pattern.search(low)] if m]
