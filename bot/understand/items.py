"""Which dishes and drinks a message names, tolerant of how guests actually spell them.

Four passes over the folded text, each only where the one before found nothing:
1. the venue's own aliases ("the bream", "musar"), whole words, longest first;
2. the language pack's transliteration groups (`dish_names.yaml`): "kunafa" is the knafeh on any menu that names a
   knafeh;
3. two words side by side that only one item's name holds, in either order ("kataifi prawns" is the
   kataifi-wrapped prawns, "chocolate tart" the chocolate and tahini tart);
4. a fuzzy match (rapidfuzz) of the remaining words and word pairs against the aliases, for typos ("chiken",
   "muhamara", "assyrtico"). Only words of five letters or more, and never a word the pack uses for something
   else ("drinks" is not a misspelt dish), so ordinary talk does not turn into a mention.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process

from bot.language.pack import LanguagePack, load_pack
from bot.text import TOKEN, Phrasebook, fold

FUZZY_SCORE = 80.0  # rapidfuzz ratio: "chiken"/"chicken" 92, "breem"/"bream" 80; "bream"/"brim" 67 is no match
MIN_FUZZY = 5

_BOOKS: dict[int, tuple[dict[str, str], Phrasebook[str], dict[str, str], dict[str, frozenset[str]]]] = {}


def _guard_words(pack: LanguagePack) -> frozenset[str]:
    words: set[str] = set()
    for name in pack.table_names:
        if name in ("dish_names", "numbers", "days_ahead", "months", "quantities", "name_words"):
            continue  # names themselves, and the number tables (a number is never a misspelt dish)
        for phrase in pack.table(name).mapping:
            words.update(TOKEN.findall(phrase))
    return frozenset(words)


@lru_cache(maxsize=4)
def _guards(code: str) -> frozenset[str]:
    return _guard_words(load_pack(code))


def _synonyms(names: Mapping[str, str], pack: LanguagePack) -> dict[str, str]:
    """Every spelling in a transliteration group → the item whose alias is another spelling of that group."""
    out: dict[str, str] = {}
    for entry in pack.table("dish_names").entries:
        spellings = [fold(p) for p in entry.phrases]
        owners = {names[s] for s in spellings if s in names}
        if len(owners) == 1:
            owner = next(iter(owners))
            out.update({s: owner for s in spellings if s not in names})
    return out


def _book(
    names: Mapping[str, str], pack: LanguagePack
) -> tuple[Phrasebook[str], dict[str, str], dict[str, frozenset[str]]]:
    held = _BOOKS.get(id(names))
    snapshot = dict(names)
    if held is not None and held[0] == snapshot:
        return held[1], held[2], held[3]
    if len(_BOOKS) >= 16:
        _BOOKS.pop(next(iter(_BOOKS)))
    # Aliases first, so a venue's own name for a dish always wins over a group spelling.
    spelled = {**_synonyms(snapshot, pack), **snapshot}
    book = Phrasebook(spelled.items())
    holders = _word_holders(spelled)
    _BOOKS[id(names)] = (snapshot, book, spelled, holders)
    return book, spelled, holders


def _word_holders(spelled: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Each word of every alias → the items whose aliases hold it."""
    held: dict[str, set[str]] = {}
    for alias, item in spelled.items():
        for word in TOKEN.findall(alias):
            held.setdefault(word, set()).add(item)
    return {w: frozenset(items) for w, items in held.items()}


def find_items(folded: str, names: Mapping[str, str], pack: LanguagePack | None = None) -> list[str]:
    """The ids the text names, in order of appearance, once each."""
    if not names:
        return []
    pack = pack or load_pack()
    book, spelled, holders = _book(names, pack)
    hits = book.find(folded)
    found: list[tuple[int, str]] = [(h.start, h.value) for h in hits]
    taken = [(h.start, h.end) for h in hits]
    guards = _guards(pack.code)
    single = [a for a in spelled if " " not in a and len(a) >= MIN_FUZZY]
    double = [a for a in spelled if a.count(" ") == 1]
    words = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(folded)]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    everyday = pack.everyday  # the words themselves are the menu's, so only "the", "with" are ruled out
    for (start, _, first), (_, end, second) in pairwise(words):
        if first in everyday or second in everyday or min(len(first), len(second)) < 3:
            continue
        both = holders.get(first, frozenset()) & holders.get(second, frozenset())
        inside = [(s, e) for s, e in taken if start <= s and e <= end]
        if len(both) != 1 or any(s < end and start < e for s, e in taken if (s, e) not in inside):
            continue
        # The pair says more than a one-word alias inside it: "kataifi prawns" is not the grilled prawns.
        found = [(at, item) for at, item in found if not start <= at < end]
        taken = [span for span in taken if span not in inside]
        found.append((start, next(iter(both))))
        taken.append((start, end))

    for i, (start, end, word) in enumerate(words):
        if i + 1 < len(words) and double:
            pair_end = words[i + 1][1]
            pair = f"{word} {words[i + 1][2]}"
            if free(start, pair_end) and not {word, words[i + 1][2]} <= guards and len(pair) >= 2 * MIN_FUZZY:
                best = process.extractOne(pair, double, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
                if best is not None:
                    found.append((start, spelled[best[0]]))
                    taken.append((start, pair_end))
                    continue
        if len(word) < MIN_FUZZY or word in guards or not free(start, end) or not single:
            continue
        best = process.extractOne(word, single, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
        if best is not None:
            found.append((start, spelled[best[0]]))
            taken.append((start, end))
    return list(dict.fromkeys(item for _, item in sorted(found)))
