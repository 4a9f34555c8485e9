"""What a dish can be faulted for, read in both directions: the reason a guest gives for asking what to avoid, and
the sentences of a staff note that fault a dish for it. One table (`critique_themes`) serves both, as the taste
vocabulary does for likes, so "slammed" in a question meets "on a busy night" in a note."""

from __future__ import annotations

from functools import lru_cache

from bot.language.pack import load_pack
from bot.text import fold, sentences

_THEMES = load_pack().table("critique_themes")


def faults_in(folded: str) -> list[str]:
    """The themes of fault named in already-folded text, in the order they first appear."""
    return _THEMES.values(folded)


@lru_cache(maxsize=1024)
def faulted_sentences(body: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each sentence of a note that names a fault, with the themes it names; cached, since notes do not change."""
    out: list[tuple[str, frozenset[str]]] = []
    for sentence in sentences(body):
        themes = frozenset(faults_in(fold(sentence)))
        if themes:
            out.append((sentence, themes))
    return tuple(out)
