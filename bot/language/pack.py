"""A language pack: every word list the reader uses, and the example bank the act model learns from, as files.

`bot/language/<code>/` holds:
- `acts/<act>.yaml` — example messages for each act (what a guest or staff member is asking for);
- `<table>.yaml` — phrase tables: each entry maps everyday phrases (and, where word order matters, regular
  expressions) to one value, with example sentences a test checks the table finds the value in;
- `shapes/<name>.yaml` — where a whole phrase's shape is the vocabulary (how counts and prices are said), the
  shapes as regular expressions over named word lists, read by the module that owns them (`document`).

Adding a language is adding a folder: nothing in the code names an English word that a table could hold.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path
from typing import Generic, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import ConciergeError
from bot.text import Phrasebook, fold
from bot.understand.request import Intent
from bot.yaml_files import parse

PACKS = Path(__file__).parent
ACTS: tuple[str, ...] = get_args(Intent)  # the acts of `bot.understand.request`, in the model's column order

V = TypeVar("V", str, int)
T = TypeVar("T", bound=BaseModel)


class PackError(ConciergeError):
    """A language pack file is missing or malformed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _regexes(patterns: list[str], what: str) -> list[str]:
    """`patterns` unchanged, once each is known to compile; else the error names the pattern and why."""
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"{what} {p!r} is not a valid regular expression: {exc}") from None
    return patterns


class Entry(_Strict, Generic[V]):
    value: V
    phrases: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)  # only where word order matters ("throat is closing")
    examples: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        return _regexes(patterns, "pattern")


class Found(BaseModel, Generic[V]):
    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    value: V
    cue: str


class PhraseTable(_Strict, Generic[V]):
    """Phrases and patterns → values. `find` reads already-folded text; phrases match as whole words with the
    simple plurals of their last word, longest first."""

    entries: list[Entry[V]] = Field(min_length=1)
    # Where a cue word is not meant ("a big Gamay fan" is no big wine): hits inside a match are dropped.
    ignore: list[str] = Field(default_factory=list)
    # Phrases that hold a cue without meaning it ("oat milk" is no dairy): matched whole, so they swallow their
    # words, then dropped. Cheaper than a pattern where the words alone say it.
    ignore_phrases: list[str] = Field(default_factory=list)

    @field_validator("ignore")
    @classmethod
    def _ignore_compiles(cls, patterns: list[str]) -> list[str]:
        return _regexes(patterns, "ignore pattern")

    @cached_property
    def _book(self) -> Phrasebook[V]:
        return Phrasebook(((fold(p), e.value) for e in self.entries for p in e.phrases), ignore=self.ignore_phrases)

    @cached_property
    def _ignored(self) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in self.ignore)) if self.ignore else None

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], V]]:
        return [(re.compile(p), e.value) for e in self.entries for p in e.patterns]

    def find(self, folded: str) -> list[Found[V]]:
        hits = [Found[V](start=h.start, end=h.end, value=h.value, cue=h.cue) for h in self._book.find(folded)]
        for pattern, value in self._patterns:
            for m in pattern.finditer(folded):
                # A pattern may span words a phrase of another value took ("sick after eating" holds the exposure
                # "after eating"): both are true of the text. Only a hit for the same value is not repeated.
                if not any(h.start < m.end() and m.start() < h.end and h.value == value for h in hits):
                    hits.append(Found[V](start=m.start(), end=m.end(), value=value, cue=m.group()))
        if self._ignored is not None:
            spans = [(m.start(), m.end()) for m in self._ignored.finditer(folded)]
            hits = [h for h in hits if not any(a <= h.start and h.end <= b for a, b in spans)]
        return sorted(hits, key=lambda h: h.start)

    def values(self, folded: str) -> list[V]:
        return list(dict.fromkeys(h.value for h in self.find(folded)))

    def first(self, folded: str) -> V | None:
        hits = self.find(folded)
        return hits[0].value if hits else None

    @property
    def mapping(self) -> dict[str, V]:
        return {fold(p): e.value for e in self.entries for p in e.phrases}

    @property
    def grouped(self) -> dict[str, tuple[V, ...]]:
        """Each phrase with every value whose entry lists it, in entry order: for tables where one word stands for
        several values ("nut" is a tree nut and a peanut)."""
        out: dict[str, list[V]] = {}
        for e in self.entries:
            for p in e.phrases:
                held = out.setdefault(fold(p), [])
                if e.value not in held:
                    held.append(e.value)
        return {phrase: tuple(values) for phrase, values in out.items()}


class ActBank(_Strict):
    act: str
    examples: list[str] = Field(min_length=1)

    @field_validator("act")
    @classmethod
    def _known(cls, act: str) -> str:
        if act not in ACTS:
            raise ValueError(f"'{act}' is not an act (acts: {', '.join(ACTS)})")
        return act


def _read(path: Path) -> object:
    try:
        return parse(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(f"{path}: cannot be read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise PackError(f"{where}: is not valid YAML") from None


def _invalid(path: Path, exc: ValidationError) -> PackError:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"])
    return PackError(f"{path}: field '{field}': {err['msg']}")


class LanguagePack:
    """One language's tables and example bank, loaded and validated on first use of each file."""

    def __init__(self, folder: Path) -> None:
        if not folder.is_dir():
            raise PackError(f"{folder}: there is no language pack here")
        self.folder = folder
        self.code = folder.name
        self._tables: dict[str, PhraseTable[str]] = {}
        self._counts: dict[str, PhraseTable[int]] = {}

    @cached_property
    def everyday(self) -> frozenset[str]:
        """The language's everyday words (`common_words.yaml`): never a misspelt dish, an unknown food or a name."""
        return frozenset(self.table("common_words").mapping)

    def table(self, name: str) -> PhraseTable[str]:
        """The phrase table `<name>.yaml`, values as strings."""
        if name not in self._tables:
            self._tables[name] = self._load(name, PhraseTable[str])
        return self._tables[name]

    def counts(self, name: str) -> PhraseTable[int]:
        """The phrase table `<name>.yaml`, values as integers (number words, days ahead)."""
        if name not in self._counts:
            self._counts[name] = self._load(name, PhraseTable[int])
        return self._counts[name]

    def _load(self, name: str, model: type[T]) -> T:
        path = self.folder / f"{name}.yaml"
        try:
            return model.model_validate(_read(path))
        except ValidationError as exc:
            raise _invalid(path, exc) from None

    def document(self, name: str, model: type[T]) -> T:
        """`shapes/<name>.yaml`, validated by the reading module's own `model`."""
        return self._load(f"shapes/{name}", model)

    @property
    def table_names(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.yaml"))

    def acts(self) -> dict[str, list[str]]:
        """act → example messages, from `acts/*.yaml`; every act must have examples."""
        bank: dict[str, list[str]] = {}
        for path in sorted((self.folder / "acts").glob("*.yaml")):
            try:
                part = ActBank.model_validate(_read(path))
            except ValidationError as exc:
                raise _invalid(path, exc) from None
            bank.setdefault(part.act, []).extend(part.examples)
        missing = [a for a in ACTS if a not in bank]
        if missing:
            raise PackError(f"{self.folder / 'acts'}: no examples for {', '.join(missing)}")
        return bank

    def bank_bytes(self) -> bytes:
        """The bank's files as bytes, to key a cached model on exactly what it learned from."""
        return b"\0".join(p.read_bytes() for p in sorted((self.folder / "acts").glob("*.yaml")))


@cache
def load_pack(code: str = "en") -> LanguagePack:
    return LanguagePack(PACKS / code)
