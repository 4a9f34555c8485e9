"""Text handling every stage shares: folding, cleaning, words and number words.

One module so that a phrase can never match in one place and not in another: the reader, the triage rules, the
guard and the scorers all fold the same way. Number words come from the language pack, not from a table here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

MAX_CHARS = 2000  # ~350 words, far past any real message; past this we read the start and say so

_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"'}
)
_COMBINING = re.compile(r"[\u0300-\u036f]")
_CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SPACES = re.compile(r"[ \t\x0b\x0c\u00a0\u2000-\u200a\u3000]+")
_LINES = re.compile(r"\s*\n\s*")
_SURROGATE = re.compile("[\ud800-\udfff]")
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")


def fold(text: str) -> str:
    """Lowercase, accents off, curly quotes straight, so "Jalapeño’s" and "jalapeno's" read alike."""
    lowered = text.lower()
    if not lowered.isascii():
        lowered = _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))
    return lowered.translate(_QUOTES)


def without_surrogates(text: str) -> str:
    """Lone surrogates (from broken clients) replaced: the tokenizer and the JSON writer both refuse them."""
    return _SURROGATE.sub("\ufffd", text)


def clean(text: str, limit: int = MAX_CHARS) -> str:
    """The part of `text` we read: its first `limit` characters (never cut mid-word), lone surrogates replaced,
    control and invisible characters removed, runs of spaces collapsed. Emoji and every script stay."""
    head = without_surrogates(text[:limit])
    if len(text) > limit and not text[limit].isspace():
        head = head.rsplit(None, 1)[0] if len(head.split(None, 1)) > 1 else head
    head = head.replace("\r\n", "\n").replace("\r", "\n")
    head = _CONTROL.sub("", head)
    return _LINES.sub("\n", _SPACES.sub(" ", head)).strip()


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def sentences(text: str) -> list[str]:
    """Written prose (a note, a description) split into sentences, whitespace collapsed."""
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]


def tokens(folded: str) -> list[str]:
    return TOKEN.findall(folded)


def number(word: str, table: dict[str, int]) -> int | None:
    """A count written in digits or words ("12", "twelve", "twenty-one"), or None."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    parts = [p for p in re.split(r"[\s-]+", word) if p]
    if not parts or any(p not in table for p in parts):
        return None
    return sum(table[p] for p in parts)


V = TypeVar("V")

_GLUE = re.compile(r"[ \t\-&]*")  # what may sit between the words of one phrase: "wood-fired" reads as "wood fired"


def _token(raw: str) -> str:
    # "chef's special" and "chefs special" should meet at "chef special"; "don't" keeps its apostrophe.
    return raw[:-2] if raw.endswith("'s") else raw


def phrases(text: str) -> tuple[str, ...]:
    """A comma-separated list of words and phrases, as a tuple: how the vocabulary tables are written."""
    return tuple(p for p in (part.strip() for part in text.split(",")) if p)


def words_of(text: str) -> list[str]:
    """The tokens a phrase is matched on: folded, split on anything that is not a letter, digit or apostrophe."""
    return [_token(m.group()) for m in TOKEN.finditer(fold(text))]


def forms(phrase: str) -> tuple[str, ...]:
    """The spellings of a phrase we accept: as written, and the simple plurals of its last word."""
    words = words_of(phrase)
    if not words:
        return ()
    *head, last = words
    tails = [last]
    if last[-1].isalpha():
        tails += [last + "s", last + "es"]
        if len(last) > 2 and last.endswith("y") and last[-2] not in "aeiou":
            tails.append(last[:-1] + "ies")
    return tuple(dict.fromkeys(" ".join([*head, tail]) for tail in tails))


@dataclass(frozen=True, slots=True)
class Hit(Generic[V]):
    """One phrase found in folded text: where, what it stands for, and the phrase as the table writes it."""

    start: int
    end: int
    value: V
    cue: str


class Words(NamedTuple):
    """Folded text split into words once, so several phrasebooks can read it without splitting it again."""

    spans: list[tuple[int, int, str]]  # start, end, word
    reach: list[int]  # the last word a phrase starting here may extend to without crossing punctuation


@lru_cache(maxsize=512)
def split_words(folded: str) -> Words:
    """The words of already-folded text, with where each may start a phrase and how far it may run. Cached: every
    phrase table reads the same message, and the result is never changed by its readers."""
    spans = [(m.start(), m.end(), _token(m.group())) for m in TOKEN.finditer(folded)]
    reach = list(range(len(spans)))
    for i in range(len(spans) - 2, -1, -1):
        if _GLUE.fullmatch(folded, spans[i][1], spans[i + 1][0]):
            reach[i] = reach[i + 1]
    return Words(spans, reach)


class Phrasebook(Generic[V]):
    """Finds known phrases in folded text: whole words, longest phrase first, simple plurals of the last word.

    Matching walks the text's words and extends a phrase only while it is the start of some known phrase, so its
    cost grows with the text, not with the size of the table (a regex alternation of hundreds of phrases would try
    each one at every position). `ignore` lists phrases that contain a cue but do not mean it ("olive oil" is not a
    taste of olives); they are matched, so they swallow their words, and then dropped.
    """

    def __init__(self, entries: Iterable[tuple[str, V]], *, ignore: Iterable[str] = ()) -> None:
        self._index: dict[str, tuple[str, V] | None] = {}
        for phrase in ignore:
            for form in forms(phrase):
                self._index[form] = None
        for cue, value in entries:
            written = " ".join(words_of(cue))
            for form in forms(cue):
                self._index.setdefault(form, (written, value))
        # Every leading run of a longer phrase: "sea" for "sea bream", so matching knows to look one word further.
        self._openings = {" ".join(f.split()[:n]) for f in self._index for n in range(1, f.count(" ") + 1)}

    def find(self, text: str | Words) -> list[Hit[V]]:
        """Every known phrase in already-folded text (or its `Words`), in order, none overlapping."""
        spans, reach = split_words(text) if isinstance(text, str) else text
        hits: list[Hit[V]] = []
        i = 0
        while i < len(spans):
            key, j = spans[i][2], i
            best: tuple[int, tuple[str, V] | None] | None = None
            while True:
                if key in self._index:
                    best = (j, self._index[key])
                if j >= reach[i] or key not in self._openings:
                    break
                j += 1
                key = f"{key} {spans[j][2]}"
            if best is None:
                i += 1
                continue
            last, entry = best
            if entry is not None:
                hits.append(Hit(spans[i][0], spans[last][1], entry[1], entry[0]))
            i = last + 1
        return hits
