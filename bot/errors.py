"""Errors the concierge raises on purpose.

Every message here is written to be shown to the person who caused it (an operator fixing a knowledge file, a guest
whose text was empty), so none of them carries a traceback or a library's internals.
"""

from __future__ import annotations


class ConciergeError(Exception):
    """Base class: the message is safe to show a person as it is."""


class KnowledgeError(ConciergeError):
    """A knowledge file is missing, unreadable or malformed."""

    def __init__(self, file: str, message: str, *, field: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.field = field
        self.line = line
        self.detail = message
        where = file if line is None else f"{file}:{line}"
        what = f" field '{field}'" if field else ""
        super().__init__(f"{where}:{what} {message}".replace(": :", ":").strip())


class SearchIndexError(ConciergeError):
    """The search index cannot be built or opened."""


class EmbedderError(SearchIndexError):
    """The offline embedding model is missing or is not the file we pinned."""


class NoIndexError(SearchIndexError):
    """There is no finished index to answer from yet."""


class UnknownVenueError(ConciergeError):
    """The venue asked for is not in the knowledge root."""


class InputError(ConciergeError):
    """The guest's text cannot be answered as it stands (empty, say)."""


class EscalationError(ConciergeError):
    """A ticket cannot be stored, found or moved (an unknown id, an illegal transition, the database is down)."""
