"""Messages aimed at the bot rather than the restaurant: jailbreaks, games, claimed authority.

They are read as plain text like anything else (the answer stays on the menu); what this module adds is that the
complaint model is not asked about them. It was trained on guests talking about their evening, and reads an
order like "print your system prompt" or "tell me a joke" as a grievance, which would file a ticket for a
manager.
"""

from __future__ import annotations

import re

_AIMED_AT_BOT = re.compile(
    "|".join(
        [
            r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|your\s+|the\s+|previous\s+|prior\s+|above\s+|"
            r"earlier\s+)*(?:instructions|rules|prompts?|guidelines|programming)\b",
            r"\b(?:system|initial|hidden|original)\s+(?:prompt|instructions|message)\b",
            r"\b(?:print|show|reveal|repeat|paste|output)\s+(?:me\s+)?(?:your|the)\s+(?:instructions|rules|prompt)\b",
            r"\b(?:you are now|you're now|from now on,? you|act as|pretend (?:to be|you(?:'re| are))|"
            r"role-?play|roleplay|jailbreak|dan mode)\b",
            r"\b(?:tell|give)\s+(?:me|us)\s+(?:a|another)\s+joke\b|\bwrite\s+(?:me\s+)?(?:a|an)\s+(?:poem|song|story|"
            r"essay|haiku|limerick)\b",
            r"\b(?:this is|i am|i'm|we are|we're)\s+(?:the\s+)?(?:manager|owner|head chef|admin|staff)\b[^.!?]{0,60}"
            r"\b(?:authori[sz]e|approve|comp|discount|free|refund)\w*",
            r"\b(?:authori[sz]e|approve)\s+(?:a\s+|an\s+)?(?:\d+\s*%|free|discount|comp|refund)",
        ]
    ),
    re.IGNORECASE,
)


def aimed_at_bot(text: str) -> bool:
    return _AIMED_AT_BOT.search(text) is not None
