"""The unit of indexing: one dish, drink or staff note of one venue, as the text the search sees."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

DocKind = Literal["dish", "drink", "note"]
DOC_KINDS: tuple[DocKind, ...] = ("dish", "drink", "note")


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """One searchable document.

    `id` is unique within a venue ("dish:sea-bream", "note:rania-bream"); `refs` are the dish/drink ids the
    document is about (a dish doc: its own id; a note: the ids it is `about`): what a search hit points at.
    """

    id: str
    venue: str
    kind: DocKind
    refs: tuple[str, ...]
    text: str

    @property
    def content_hash(self) -> str:
        """sha256 over what decides the embedding and the hit (kind, refs, text).

        Venue and id are left out on purpose: a doc that moves or is renamed but says the same thing keeps its
        vector, so the incremental sync does not embed it again.
        """
        digest = hashlib.sha256()
        # Length-prefixed fields and a ref count, so no two different docs can be spelled into the same bytes.
        digest.update(len(self.refs).to_bytes(8, "big"))
        for part in (self.kind, *self.refs, self.text):
            data = part.encode("utf-8")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()
