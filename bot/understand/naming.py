"""How guests name a venue's dishes and drinks: every unambiguous alias → the item's id ("the bream" → sea-bream)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.knowledge.venue import Item
from bot.understand.reader import aliases


def names_for(items: Iterable[Item]) -> dict[str, str]:
    """Aliases two items share are dropped: "the lamb" names no dish when two dishes are lamb."""
    owners: dict[str, set[str]] = {}
    for item in items:
        for alias in {*aliases(item.name), item.id.replace("-", " ")}:
            owners.setdefault(alias, set()).add(item.id)
    return {alias: next(iter(ids)) for alias, ids in owners.items() if len(ids) == 1}
