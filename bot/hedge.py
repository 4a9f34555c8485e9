"""Phrases that dodge the question. The concierge exists to never say these; the guard and the evals use this list.

Patterns are regular expressions over lower-cased text with curly quotes straightened, matched anywhere.
"""

from __future__ import annotations

import re

# Grouped by the kind of dodge. Every pattern is proved against evals/redteam.yaml (tests/test_redteam.py): add the
# sentence there first, then widen or add a pattern, and keep the committed answers unflagged.
HEDGE_PATTERNS: tuple[str, ...] = (
    # Everything is good: praise for the whole menu instead of a choice from it.
    r"\b(?:everything|the (?:whole|entire) menu)(?: (?:on|in|from) (?:our|the) (?:menu|list|kitchen)| here| we "
    r"(?:make|serve|cook))?(?:'s| is| are) (?:(?:all|really|just|so|truly|honestly) )?(?:great|good|amazing|"
    r"delicious|fantastic|excellent|tasty|wonderful|incredible|lovely|a (?:hit|winner|favou?rite|crowd[- ]pleaser))",
    r"\bit(?:'s| is) all (?:good|great|delicious|amazing)",
    r"\ball (?:of )?our (?:dishes|food|plates|menu items) (?:are|is)\b",
    r"\b(?:every|each) (?:single )?(?:dish|plate|item)(?: on (?:the|our) menu| we (?:make|serve))? (?:is|'s) "
    r"(?:(?:a|so|really|truly) )?(?:winner|favou?rite|hit|great|good|delicious|amazing|special|fantastic|excellent)",
    r"\b(?:they(?:'re| are) (?:all|equally)|all of (?:them|these|those) (?:are|were)) (?:(?:so|really|just|equally) )?"
    r"(?:great|good|amazing|delicious|fantastic|excellent|wonderful|lovely|winners|favou?rites)",
    r"\b(?:like|love|rate) (?:them|all of them) (?:all )?equally\b",
    r"\b(?:guests|people|everyone|everybody) (?:love|loves|enjoy|enjoys|rave about) (?:everything|it all|all of it|"
    r"every dish)\b",
    r"\banything (?:you (?:pick|choose|order|get)|on (?:the|our) menu) (?:will be|is) (?:delicious|great|good|amazing)",
    r"\bmade with (?:love|care|passion)\b",
    r"\b(?:heart|love|passion|care) (?:into|in) (?:every|each) (?:dish|plate)\b",
    r"\bproud of (?:every|each|all (?:of )?(?:our|the)) (?:dish|plate|item)",
    r"\b(?:don't|do not|never) (?:really )?(?:have|serve|make) (?:a )?bad (?:dish|plate|thing)",
    # You cannot go wrong: every option declared safe so none has to be chosen.
    r"\b(?:you )?can(?:'t|not) go wrong\b",
    r"\bhard to go wrong\b",
    r"\bcan(?:'t|not) (?:make a bad (?:choice|call|pick)|lose\b)",
    r"\bno bad (?:choice|option|dish)",
    r"\bno wrong (?:answers?|choices?|picks?|orders?)\b",
    r"\bthere(?:'s| is) something for everyone\b",
    r"\bwhichever (?:one )?you (?:choose|pick|go for|order)\b",
    r"\byou(?:'ll| will) (?:love|enjoy) (?:anything|everything|whatever)",
    # It is up to you: the decision handed back to the guest.
    r"\b(?:it )?(?:really |all )?depends (?:on|upon) (?:your|what you|the guest|personal)",
    r"\bdepends (?:on |upon )?(?:what|how|whether) you\b",
    r"\bcomes? down to (?:you|what you|your|personal|taste|preference)",
    r"\b(?:down|up) to (?:what|whatever|how) you\b",
    r"\b(?:it's|it is|that's|that is) (?:entirely |totally |really |completely |all )?(?:your (?:call|choice|decision)|"
    r"up to you)\b",
    # "whatever you do, don't skip it" commits; "whatever you fancy" does not.
    r"\bwhatever (?:you(?:'re| are)? (?:like|fancy|want|prefer|feel|choose|pick|order|craving|in the mood)|suits|"
    r"takes your fancy|sounds good)",
    r"\b(?:order|pick|choose|get|have) (?:whatever|what|anything that) (?:looks|sounds|feels) (?:good|right|best)",
    r"\b(?:go with|follow|trust) your (?:gut|heart|instincts?|cravings?)\b",
    r"\bpersonal (?:preference|taste|thing)\b",
    r"\bmatter of (?:taste|preference|opinion)\b",
    r"\bto each (?:their|his|her) own\b",
    r"\bsubjective\b",
    # Questions back instead of an answer.
    r"\bwhat (?:flavou?rs?|kind of (?:food|flavou?rs?)|are you) (?:are you )?(?:craving|in the mood for)",
    r"\bwhat(?:'s| is| are) you(?:r)? (?:craving|in the mood for)",
    r"\bwhat (?:kind|sort|type)s? of [a-z ]{0,20}?(?:do|are|would) you\b",
    r"\bwhat (?:are|do) you (?:feeling|fancy|usually (?:like|eat|order|have)|normally (?:like|eat|order)|"
    r"like to eat)\b",
    r"\btell me (?:a (?:bit|little) )?more about (?:what you|your taste|yourself)",
    # I cannot choose.
    r"\bhard to (?:choose|pick|say)\b(?! no\b)",
    r"\b(?:impossible|difficult|tough) to (?:choose|pick|rank)\b",
    r"\b(?:hate|hard|impossible|difficult) to (?:pick|choose|name|single out) (?:just )?(?:one|a favou?rite)",
    r"\bi (?:can(?:'t|not)|could(?:n't| not)|won't|wouldn't(?: want to)?) (?:possibly |really |honestly )?"
    r"(?:rank|choose|pick|decide|recommend one over)",
    r"\bspoil(?:t|ed) for choice\b",
    r"\bso many (?:great|good|amazing|delicious|wonderful) (?:options|choices|dishes|things)\b",
)
_COMPILED = tuple(re.compile(p) for p in HEDGE_PATTERNS)


def normalise(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def find_hedges(text: str) -> list[str]:
    """The hedging phrases in `text`, as they appear; empty when the text commits."""
    low = normalise(text)
    return [m.group(0) for pattern in _COMPILED for m in [pattern.search(low)] if m]
