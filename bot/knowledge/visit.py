"""The facts of a visit a venue may write in venue.yaml: address, phone, booking, opening hours, closures, policies.

Hours are written the way a restaurant prints them (`tue-thu: "17:00-22:00"`, `fri-sat: "12:00-15:00, 17:00-23:00"`,
`mon: closed`) and validated into one list of spans per weekday, so a question about Sunday never has to parse a
string again. A day the venue did not write is unknown, not closed: the concierge says so instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^(?P<a>\d{1,2}):(?P<am>\d{2})\s*-\s*(?P<b>\d{1,2}):(?P<bm>\d{2})$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Booking(_Strict):
    url: str | None = None
    phone: str | None = None
    requests: bool = False  # the concierge may take a booking request and pass it to staff
    max_party: int | None = Field(default=None, ge=1)


class Span(_Strict):
    """One opening span of a day, in minutes after midnight; `close` may pass midnight (a bar open to 01:00)."""

    open: int
    close: int

    def label(self) -> str:
        return f"{_clock(self.open)}–{_clock(self.close)}"


def _clock(minutes: int) -> str:
    return f"{(minutes // 60) % 24:02d}:{minutes % 60:02d}"


def _days(key: str) -> list[str]:
    key = key.strip().lower()
    if "-" in key:
        first, last = (k.strip() for k in key.split("-", 1))
        if first not in DAYS or last not in DAYS:
            raise ValueError(f"'{key}' is not a day range like 'tue-thu' (days: {', '.join(DAYS)})")
        i, j = DAYS.index(first), DAYS.index(last)
        return list(DAYS[i : j + 1]) if i <= j else [*DAYS[i:], *DAYS[: j + 1]]
    if key not in DAYS:
        raise ValueError(f"'{key}' is not a day (days: {', '.join(DAYS)}, or a range like 'tue-thu')")
    return [key]


def _spans(value: str) -> list[Span]:
    if value.strip().lower() == "closed":
        return []
    spans: list[Span] = []
    for part in value.split(","):
        m = _SPAN.match(part.strip())
        if m is None:
            raise ValueError(f"'{part.strip()}' is not a span like '17:00-22:00' (or write 'closed')")
        start = int(m["a"]) * 60 + int(m["am"])
        end = int(m["b"]) * 60 + int(m["bm"])
        if int(m["a"]) > 24 or int(m["b"]) > 24 or int(m["am"]) > 59 or int(m["bm"]) > 59:
            raise ValueError(f"'{part.strip()}' is not a time of day")
        spans.append(Span(open=start, close=end if end > start else end + 24 * 60))
    return spans


class Hours(_Strict):
    """Opening spans per weekday (mon..sun); a day missing from `days` was not written."""

    days: dict[str, list[Span]] = Field(default_factory=dict)

    @classmethod
    def parse(cls, raw: object) -> Hours:
        if isinstance(raw, Hours):
            return raw
        if isinstance(raw, dict) and set(raw) == {"days"} and isinstance(raw["days"], dict):
            return cls.model_validate(raw)  # the index's own snapshot of already-parsed hours
        if not isinstance(raw, dict):
            raise ValueError("must be a mapping of days to spans, like {tue-thu: '17:00-22:00', mon: closed}")
        days: dict[str, list[Span]] = {}
        for key, value in raw.items():
            text = "closed" if value is False or value is None else str(value)
            for day in _days(str(key)):
                if day in days:
                    raise ValueError(f"'{day}' is given twice (check overlapping ranges like 'mon-fri' and 'fri')")
                days[day] = _spans(text)
        return cls(days=days)

    def on(self, day: dt.date) -> list[Span] | None:
        """The spans of that date's weekday; [] when closed, None when the venue did not say."""
        return self.days.get(DAYS[day.weekday()])
