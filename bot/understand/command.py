"""Staff commands typed into the chat: "86 the bream", "restore the bream", "the bream is back on"."""

from __future__ import annotations

import re
from typing import Literal

MenuAction = Literal["86", "restore"]

_EIGHTY_SIX = re.compile(r"^\s*(?:please\s+)?(?:86|eighty[- ]?six)\s*(?:the\s+)?(?P<item>.+?)[\s.!]*$", re.I)
_RESTORE = re.compile(
    r"^\s*(?:please\s+)?(?:restore|un-?86|put back|bring back|back on:?)\s+(?:the\s+)?(?P<item>.+?)[\s.!]*$", re.I
)
_IS_BACK = re.compile(r"^\s*(?:the\s+)?(?P<item>.+?)\s+(?:is|are)\s+back(?:\s+on)?[\s.!]*$", re.I)
_IS_OUT = re.compile(
    r"^\s*(?:we(?:'re| are)\s+(?:out of|all out of)|no more)\s+(?:the\s+)?(?P<item>.+?)(?:\s+tonight)?[\s.!]*$", re.I
)


def menu_command(text: str) -> tuple[MenuAction, str] | None:
    """(action, the words naming the item), or None when the text is not a live-menu command."""
    for pattern, action in ((_EIGHTY_SIX, "86"), (_IS_OUT, "86"), (_RESTORE, "restore"), (_IS_BACK, "restore")):
        found = pattern.match(text)
        if found:
            return action, found.group("item")  # type: ignore[return-value]
    return None
