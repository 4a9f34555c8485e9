"""A booking message's details: party size, day, time, name and contact. Day and month words from the pack.

Only what is plainly written is read: "for 4", "party of six", "two of us"; "friday", "tomorrow", "dec 12",
"12/12"; "8pm", "20:00", "at 8" (an evening hour when a restaurant would mean one); "name's Dana", "under Patel";
a phone number or an email. Anything else stays None and the concierge asks for it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bot.language.pack import LanguagePack
from bot.text import number
from bot.understand.request import Booking, BookingAction

_NOT_A_PARTY = r"(?!\s*(?:pm|am|p\.m|a\.m|o'?clock|:\d|\.\d|ish|(?:th|st|nd|rd)\b|dollars|bucks|minutes|mins|hours))"
_PARTIES = (
    re.compile(r"\b(?P<n>\d{1,2}|[a-z]+)\s+(?:people|persons|guests|adults|of us|pax|covers|ppl|diners|top)\b"),
    re.compile(r"\b(?P<n>\d{1,2})(?:people|ppl|pax|guests|covers|top)\b"),  # "2ppl", written run together
    re.compile(
        rf"\b(?:party of|table of|group of|table for|booking for|reservation for|a table for)\s+"
        rf"(?P<n>\d{{1,2}}|[a-z]+)\b{_NOT_A_PARTY}"
    ),
    re.compile(r"(?:\bx\s*(?P<n>\d{1,2})\b|\b(?P<m>\d{1,2})\s*x\b)"),
    re.compile(
        rf"\b(?:for|we(?:'re| are)|there(?:'ll| will) be|add|just|(?:book|reserve)(?:\s+for)?)\s+(?:a\s+)?"
        rf"(?P<n>\d{{1,2}}|[a-z]+)\b"
        rf"{_NOT_A_PARTY}"
    ),
)
_TIME = re.compile(
    r"\b(?:at\s+|around\s+|about\s+|for\s+|@\s*)?(?P<h>\d{1,2})(?:[:.]?(?P<m>[0-5]\d))?\s*(?P<ap>am|pm|a\.m\.|p\.m\.)"
    # "thurs 730", "at 815": hour and minutes run together, after a day or "at" (a phone number has neither)
    r"|(?:\b(?:at|@|around|about|by)\s*|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+)(?P<hc>[1-9])(?P<mc>[0-5]\d)\b"
    r"|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b"
    r"|\b(?:at|around|about|from|by)\s+(?P<hb>\d{1,2})(?:[:.](?P<mb>\d{2}))?\b"
    r"(?!\s*(?:people|persons|guests|of us|pax|ppl|"
    r"covers|adults|diners|minutes|mins|hours|dollars|bucks|%|th|st|nd|rd))"
    r"|\bhalf (?P<half>[a-z]+|\d{1,2})\b"
)
_DATE_NUM = re.compile(r"\b(?P<d>\d{1,2})[/.](?P<mo>\d{1,2})(?:[/.](?P<y>\d{2,4}))?\b")
_ORDINAL = re.compile(r"\b(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)\b")
_NEXT = re.compile(r"\bnext\s+(?=(?:mon|tue|wed|thu|fri|sat|sun))")
_NAME = re.compile(
    r"(?i:\bname(?:'s| is| will be| would be)?|\bunder(?: the name(?: of)?)?|\bfor (?:mr|mrs|ms|dr)\.?)\s*:?\s+"
    r"(?P<name>[^\W\d_][\w'\-]+(?:\s+[A-Z][\w'\-]+)?)"
    r"|\b(?i:this is|it'?s|i'?m|i am|call me)\s+(?P<self>[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?)"
    r"|(?P<signed>[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)?)[,\s]+(?=\+?\(?\d[\d\s().-]{6,}\d|[\w.+-]+@)"
)
_BARE_NAME = re.compile(r"(?P<name>[^\W\d_][\w'\-]+(?:\s+[^\W\d_][\w'\-]+){0,2})[.!]?")  # "Ruth Adler", alone
_PHONE = re.compile(r"(?<![\d$])(?:\+?\(?\d[\d\s().-]{6,}\d)(?!\s*(?:pm|am|people|guests|dollars|bucks))")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_NOT_NAMES = frozenset(
    {"hi", "hello", "hey", "just", "not", "sorry", "looking", "here", "sure", "yes", "no", "so", "the", "a", "my",
     "our",
     "phone", "email", "number", "call", "text", "at", "on", "for", "and", "is", "pm", "am", "tonight", "tomorrow"}
)  # fmt: skip


def _hour(h: int, minute: int, ap: str | None) -> str | None:
    if ap is not None:
        if h > 12:
            return None
        h = h % 12 + (12 if ap.startswith("p") else 0)
    elif 1 <= h <= 10:
        h += 12  # "at 8" for dinner is 20:00; a restaurant that opens at 8am is not taking that booking by chat
    if not (0 <= h <= 23 and 0 <= minute <= 59):
        return None
    return f"{h:02d}:{minute:02d}"


def read_time(text: str, numbers: dict[str, int]) -> str | None:
    for m in _TIME.finditer(text):
        if m["h"] is not None:
            found = _hour(int(m["h"]), int(m["m"] or 0), m["ap"].replace(".", ""))
        elif m["h24"] is not None:
            found = _hour(int(m["h24"]), int(m["m24"]), None)
        elif m["hc"] is not None:
            found = _hour(int(m["hc"]), int(m["mc"]), None)
        elif m["hb"] is not None:
            found = _hour(int(m["hb"]), int(m["mb"] or 0), None)
        else:
            base = number(m["half"], numbers)
            found = _hour(base - 1, 30, None) if base else None  # British "half seven" is 7:30
        if found:
            return found
    return None


def read_day(folded: str, today: dt.date, pack: LanguagePack) -> dt.date | None:
    holiday = pack.table("holidays").first(folded)
    if holiday is not None:
        month_h, day_h = (int(x) for x in holiday.split("-"))
        return _future(today, month_h, day_h)
    ahead = pack.counts("days_ahead").first(folded)
    weekday = pack.table("weekdays").first(folded)
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    if weekday is not None:
        delta = (days.index(weekday) - today.weekday()) % 7
        if _NEXT.search(folded) and delta == 0:
            delta = 7
        return today + dt.timedelta(days=delta)
    if ahead is not None:
        return today + dt.timedelta(days=ahead)
    month = pack.table("months").first(folded)
    if month is not None:
        day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", folded)
        if day:
            return _future(today, int(month), int(day.group(1)))
    if (m := _DATE_NUM.search(folded)) is not None:
        # US order, as the sample venue writes; a day over 12 in first place reads day-first.
        a, b = int(m["d"]), int(m["mo"])
        month_n, day_n = (b, a) if a > 12 else (a, b)
        return _future(today, month_n, day_n)
    for m in _ORDINAL.finditer(folded):
        day_n = int(m["d"])
        if not 1 <= day_n <= 31:
            continue  # "my dad's 60th" is a birthday, not a date
        month_n = today.month if day_n >= today.day else today.month % 12 + 1
        return _future(today, month_n, day_n)
    return None


def _future(today: dt.date, month: int, day: int) -> dt.date | None:
    for year in (today.year, today.year + 1):
        try:
            found = dt.date(year, month, day)
        except ValueError:
            return None
        if found >= today:
            return found
    return None


def party_size(folded: str, numbers: dict[str, int]) -> int | None:
    """How many are coming, when the message says so: "for 4", "party of six", "two of us", "a 4 top"."""
    for pattern in _PARTIES:
        for m in pattern.finditer(folded):
            value = number(m.groupdict().get("n") or m.groupdict().get("m") or "", numbers)
            if value is not None and 1 <= value <= 60:
                return value
    return None


def read_booking(
    text: str,
    folded: str,
    today: dt.date,
    pack: LanguagePack,
    numbers: dict[str, int],
    awaiting: Sequence[str] = (),
) -> Booking:
    """`awaiting`: the details the last turn asked for; asked for a name, a bare "Ruth Adler" is the name."""
    action: BookingAction = "make"
    actions = pack.table("booking_actions").values(folded)
    if "cancel" in actions:
        action = "cancel"
    elif "change" in actions:
        action = "change"
    party = party_size(folded, numbers)
    name = None
    for nm in _NAME.finditer(text):
        found = (nm["name"] or nm["self"] or nm["signed"] or "").strip()
        words = [w for w in found.split() if w.lower() not in _NOT_NAMES]
        if words and found.split()[0].lower() not in _NOT_NAMES:
            name = " ".join(words).title() if found.islower() else " ".join(words)
            break
    if name is None and "name" in awaiting and (bare := _BARE_NAME.fullmatch(text.strip())) is not None:
        words = bare.group("name").split()
        everyday = pack.everyday  # "sounds good" answers the question, but is nobody's name
        if words[0].lower() not in _NOT_NAMES and not any(w.lower() in everyday for w in words):
            name = " ".join(w if w[:1].isupper() else w.title() for w in words)
    contact = None
    if (em := _EMAIL.search(text)) is not None:
        contact = em.group()
    elif (ph := _PHONE.search(text)) is not None and sum(c.isdigit() for c in ph.group()) >= 7:
        contact = ph.group().strip()
    time = read_time(folded.replace(contact or "\0", " "), numbers)
    return Booking(
        action=action,
        party=party,
        date=read_day(folded, today, pack),
        time=time,
        name=name,
        contact=contact,
    )
