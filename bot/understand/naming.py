"""How guests name a venue's dishes and drinks: every alias that points at one item → the item's id.

"Whole grilled sea bream" is also "grilled sea bream", "sea bream" and "the bream"; "Chocolate and tahini tart" is
"the chocolate tart"; "Adana lamb kebab" is "the adana"; "Tempier Bandol" is "the Tempier"; the only rosé on the
list is "the rosé". The words that decide what may be dropped or kept are the language pack's (`name_words.yaml`).

An alias two items share is ambiguous. It is kept for the item the staff clearly back most when one stands out
("the lamb" at this table is the lamb shoulder, as a server would hear it), and dropped otherwise. The answer
always names the item, so a guest who meant another hears which one was taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from bot.knowledge.model import Dish, Drink
from bot.knowledge.venue import Item, VenueKnowledge
from bot.language.pack import load_pack
from bot.text import fold
from bot.understand.request import BODIES

_VINTAGE = re.compile(r"\b(?:19|20)\d{2}\b|\bnv\b")
_HEAD = re.compile(r",|\s(?:with|in|on|over|served|topped|for)\s|\s[-\u2013\u2014(]")
STANCE = {"love": 3.0, "like": 1.5, "mixed": -0.5, "skip": -3.0}
CLEAR_LEAD = 1.5  # one "love" over a "like": enough for "the Musar" to be the one the sommelier swears by


@cache
def _words(kind: str) -> frozenset[str]:
    table = load_pack().table("name_words")
    return frozenset(p for e in table.entries if e.value == kind for p in e.phrases)


@cache
def _places() -> frozenset[str]:
    return frozenset(load_pack().table("drink_origins").mapping)


def _distinctive(word: str) -> bool:
    never = _words("kind") | _words("leading") | _words("common") | _words("link") | _words("cut")
    return len(word) >= 4 and not any(c.isdigit() for c in word) and word not in never


def aliases(name: str, *, first_word: bool = False, every_word: bool = False) -> list[str]:
    """Names a guest might use for an item: the full name, then shorter ones. Collisions are the caller's to settle.

    `first_word` adds the first distinctive word (a producer, "the adana"); `every_word` adds each distinctive word
    of the name's head (dishes: "the shish"), and the dish type when it is the name's last word ("the sorbet").
    """
    full = " ".join(name.lower().replace("&", " & ").split())
    if not full:
        return []
    found = [full]
    core = " ".join(_VINTAGE.sub(" ", full).split()).strip(" ,-")
    found.append(core)
    head = _HEAD.split(core, maxsplit=1)[0].strip()
    found.append(head)
    words = head.split()
    links = _words("link") | {"&"}
    while len(words) > 1 and (words[0] in _words("leading") or words[0] in links):
        words = words[1:]
        found.append(" ".join(words))
    plain = _words("kind") | _words("dish_type")
    if len(words) >= 2 and words[-2] not in links and not {words[-2], words[-1]} <= plain:
        found.append(" ".join(words[-2:]))
    # "Chocolate and tahini tart" is "the chocolate tart" and "the tahini tart"; never "the tahini".
    if "and" in words[:-1] or "&" in words[:-1]:
        last = words[-1]
        for word in words[:-1]:
            if word not in links and _distinctive(word):
                found.append(f"{word} {last}")
        if len(words) >= 3 and words[-2] not in links:
            found.append(" ".join(words[-2:]))
        if every_word and last in _words("dish_type"):
            found.append(last)
    elif words:
        if _distinctive(words[-1]):
            found.append(words[-1])
        elif words[-1] in _words("cut") and len(words) >= 2 and _distinctive(words[-2]):
            found.append(words[-2])
        if every_word and words[-1] in _words("dish_type"):
            found.append(words[-1])
        if first_word and len(words) >= 2 and _distinctive(words[0]) and words[0] not in _places():
            found.append(words[0])
        if every_word:
            found += [w for w in words if len(w) >= 5 and _distinctive(w)]
            found += [w for w in words if w in _words("cut")]
    return [alias for alias in dict.fromkeys(found) if alias]


@cache
def _kind_words() -> frozenset[str]:
    pack = load_pack()
    styles = set(pack.table("drink_styles").mapping)
    kinds = set(pack.table("drink_kinds").mapping) | set(pack.table("drink_bases").mapping)
    return frozenset(kinds - styles) | _places() | _words("common")


@cache
def _style_words() -> frozenset[str]:
    table = load_pack().table("drink_styles").mapping
    styles = {fold(p) for p, value in table.items() if value not in BODIES}
    return frozenset(styles | {fold(w) for w in _words("cut")}) - _kind_words()


def _style_aliases(drink: Drink) -> list[str]:
    """A drink's style words ("rosé", "orange", "pilsner"): they name it when no other drink shares them. Only words
    the pack knows as styles: "free" in "alcohol-free sparkling" or "long" in "long and refreshing" name nothing,
    and a kind ("beer") or a place ("lebanese") never does."""
    words = re.findall(r"[a-zé]+", (drink.style or "").lower())
    return [w for w in words if fold(w) in _style_words()]


def _conviction(venue: VenueKnowledge | None, item: Item) -> float:
    if venue is None:
        return 0.0
    score = sum(STANCE[n.stance] for n in venue.notes_about(item.id))
    return score + (0.0 if item.available else -10.0)


def names_for(items: Iterable[Item], venue: VenueKnowledge | None = None) -> dict[str, str]:
    """Alias → item id, for every alias that names one item (or one item the staff clearly back most)."""
    items = list(items)
    owners: dict[str, set[str]] = {}
    by_id = {i.id: i for i in items}
    for item in items:
        dish = isinstance(item, Dish)
        said = {*aliases(item.name, first_word=True, every_word=dish), item.id.replace("-", " ")}
        if isinstance(item, Drink):
            said |= set(_style_aliases(item))
        for alias in said:
            owners.setdefault(alias, set()).add(item.id)
    names: dict[str, str] = {}
    for alias, ids in owners.items():
        if len(ids) == 1:
            names[alias] = next(iter(ids))
            continue
        ranked = sorted(ids, key=lambda i: (-_conviction(venue, by_id[i]), i))
        best, second = ranked[0], ranked[1]
        if _conviction(venue, by_id[best]) >= _conviction(venue, by_id[second]) + CLEAR_LEAD:
            names[alias] = best
    return names
