"""Turn a venue's knowledge into the texts the search index holds: one per dish, drink and note."""

from __future__ import annotations

from bot.index.document import IndexDoc
from bot.knowledge.venue import Knowledge, VenueKnowledge


def venue_documents(venue: VenueKnowledge) -> list[IndexDoc]:
    docs: list[IndexDoc] = []
    for dish in venue.dishes:
        tags = f" {', '.join(dish.dietary)}." if dish.dietary else ""
        text = f"{dish.name}. A {dish.course}. {dish.description}{tags}"
        docs.append(IndexDoc(id=f"dish:{dish.id}", venue=venue.id, kind="dish", refs=(dish.id,), text=text))
    for drink in venue.drinks:
        facts = ", ".join(x for x in (drink.kind, drink.style, drink.grape, drink.region) if x)
        text = f"{drink.name}. {facts}. {drink.description}".strip()
        docs.append(IndexDoc(id=f"drink:{drink.id}", venue=venue.id, kind="drink", refs=(drink.id,), text=text))
    for note in venue.notes:
        # Name what the note is about, so "the bream" finds a note whose body only says "it".
        about = ", ".join(item.name for item in (venue.item(ref) for ref in note.about) if item is not None)
        docs.append(
            IndexDoc(
                id=f"note:{note.id}",
                venue=venue.id,
                kind="note",
                refs=tuple(note.about),
                text=f"{about}: {note.body}",
            )
        )
    return docs


def knowledge_documents(knowledge: Knowledge) -> list[IndexDoc]:
    return [doc for venue_id in sorted(knowledge.venues) for doc in venue_documents(knowledge.venues[venue_id])]
