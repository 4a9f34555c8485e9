"""The one guarantee the reader makes by rule: a reaction or an illness report is a critical complaint.

The act model decides everything else. This cannot be left to it: a guest whose son is wheezing after the hummus
must never be answered with picks, however the sentence is phrased or spelt. The words are the language pack's
(`safety.yaml`):
- harm alone is enough ("can't breathe", "food poisoning"), also misspelt ("alergic reacshun", "food poisining");
- a symptom counts with an exposure in the same message ("since the seafood soup"), or when the conversation
  already holds an allergy ("now he has a rash");
- an exposure counts alone when the guest told us of an allergy and names a dish that holds it.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import pairwise

from rapidfuzz import fuzz, process

from bot.language.pack import LanguagePack
from bot.text import TOKEN

FUZZY = 78.0  # "alergic reacshun" is 79 from "allergic reaction"; unrelated pairs score far lower
WORD_FUZZY = 50.0  # and word by word: "reacshun" is 62 from "reaction", "came" 25 from "room"


def _fuzzy_harm(folded: str, pack: LanguagePack) -> bool:
    """A harm phrase written with typos: words and word pairs of six letters or more, close to a harm phrase."""
    phrases = [p for e in pack.table("safety").entries if e.value == "harm" for p in e.phrases if len(p) >= 8]
    # A word is held against one-word phrases and a pair against two-word ones: "hospital" (where someone works)
    # is a close spelling of "in hospital" only by the measure, never in meaning.
    single = [p for p in phrases if " " not in p]
    double = [p for p in phrases if p.count(" ") == 1 and len(p) >= 12]
    words = TOKEN.findall(folded)
    singles = [w for w in words if len(w) >= 8]
    pairs = [g for g in (f"{a} {b}" for a, b in pairwise(words)) if len(g) >= 12]
    return any(_close(w, single) for w in singles) or any(_close(g, double) for g in pairs)


def _close(gram: str, phrases: list[str]) -> bool:
    """A misspelling of a phrase, not another form of one of its words ("hospital" is not "hospitalised"), and
    word by word: "emergency came" shares one word with "emergency room" and is no misspelling of it."""
    best = process.extractOne(gram, phrases, scorer=fuzz.ratio, score_cutoff=FUZZY)
    if best is None or best[0].startswith(gram) or gram.startswith(best[0]):
        return False
    return all(fuzz.ratio(a, b) >= WORD_FUZZY for a, b in zip(gram.split(), best[0].split(), strict=False))


def reports_harm(
    folded: str,
    pack: LanguagePack,
    *,
    allergic: bool = False,
    exposed: Collection[str] = (),
    ongoing: bool = False,
    ate_earlier: bool = False,
) -> bool:
    """`allergic`: the conversation holds an allergy; `exposed`: the message names a dish holding it; `ongoing`: the
    last turn already reported harm (what follows is the same emergency); `ate_earlier`: the last turn named food."""
    found = set(pack.table("safety").values(folded))
    if "harm" in found or {"symptom", "exposure"} <= found:
        return True
    if (allergic or ate_earlier or ongoing) and "symptom" in found:
        return True
    if "exposure" in found and ((allergic and exposed) or ongoing):
        return True
    return _fuzzy_harm(folded, pack)
