"""What a complaint says was lost, counted the way the guest counted it: dishes, glasses or bottles.

Sentences that ask for something free are the guest's wish, not a loss, and are read past ("the owner said you'd
comp a bottle of Musar" prices nothing). A count belongs to the item or serve it stands right before: "two
glasses of the Musar" is two glasses, never two bottles; "table 4" is a table, not four of anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.language.pack import LanguagePack
from bot.text import fold, number
from bot.understand.items import find_items
from bot.understand.request import Lost

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_SERVED = re.compile(r"\b(?P<n>[a-z0-9]+)\s+(?P<unit>glass(?:es)?|bottles?|portions?|plates?|orders?)\b")


def lost_items(
    text: str, names: Mapping[str, str], drinks: frozenset[str], pack: LanguagePack, numbers: dict[str, int]
) -> tuple[list[Lost], bool]:
    """(what was lost, whether it was meant to go home), from the complaint's own words."""
    table = pack.table("loss")
    sentences = [fold(s) for s in _SENTENCE_END.split(text)]
    kept = " ".join(s for s in sentences if "demand" not in table.values(s))
    takeaway = "takeaway" in table.values(fold(text))
    lost: list[Lost] = []
    for item in find_items(kept, names, pack):
        unit, quantity = "dish", 1
        if item in drinks:
            unit = "bottle" if re.search(r"\bbottles?\b", kept) else "glass"
        for m in _SERVED.finditer(kept):
            n = number(m["n"], numbers)
            if n is None:
                continue
            word = m["unit"]
            if word.startswith("glass"):
                unit = "glass" if item in drinks else unit
            elif word.startswith("bottle"):
                unit = "bottle" if item in drinks else unit
            quantity = n
            break
        else:
            alias = next((a for a, i in names.items() if i == item and re.search(rf"\b{re.escape(a)}\b", kept)), None)
            if alias is not None:
                before = re.search(rf"\b([a-z0-9]+)\s+(?:\w+\s+)?{re.escape(alias)}\b", kept)
                n = number(before.group(1), numbers) if before else None
                quantity = n if n and n <= 12 else 1
        lost.append(Lost(id=item, unit=unit, quantity=quantity))
    return lost, takeaway
