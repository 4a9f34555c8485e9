"""Laying replies and tickets out within Discord's limits."""

from __future__ import annotations

import datetime as dt

from bot.discord_channel.render import (
    MESSAGE_LIMIT,
    new_ticket_line,
    picks_embed,
    reply_messages,
    split_text,
    ticket_embed,
)
from bot.escalation.model import Escalation, Remedy
from bot.reply import Reply, ReplyPick

NOW = dt.datetime(2026, 5, 1, 19, 30, tzinfo=dt.UTC)


def _reply(text: str, picks: int = 0, warnings: list[str] | None = None) -> Reply:
    return Reply(
        venue="v",
        intent="recommend",
        text=text,
        picks=[
            ReplyPick(rank=i + 1, id=f"d{i}", name=f"Dish {i}", why="x" * 1500, sources=["n1"]) for i in range(picks)
        ],
        voice="template",
        latency_ms=1.0,
        session="s",
        situation="picks",
        sources=["n1", "n2"],
        warnings=warnings or [],
    )


def _ticket(**changes: object) -> Escalation:
    base = {
        "id": "esc-0000abcd",
        "venue": "cedar-and-tide",
        "session": "dc-g1-c2-u3",
        "guest_text": "The bream was raw inside.\nAnd nobody came back.",
        "category": "food-quality",
        "severity": "high",
        "remedy": Remedy(
            tier="replace-and-gesture",
            actions=["replace the bream now", "dessert on the house"],
            value=49.0,
            approval="manager",
            currency="USD",
        ),
        "sla_minutes": 5,
        "loss": 38.0,
        "items": ["sea-bream"],
        "state": "open",
        "created_at": NOW,
        "due_at": NOW + dt.timedelta(minutes=5),
    }
    return Escalation.model_validate({**base, **changes})


def test_split_text_keeps_every_message_within_the_limit() -> None:
    """Long text is cut at paragraph breaks into messages of at most 2,000 characters, losing no word."""
    paragraphs = [f"Paragraph {i}. " + "word " * 150 for i in range(8)]
    text = "\n\n".join(paragraphs)
    parts = split_text(text)
    assert len(parts) > 1
    assert all(len(p) <= MESSAGE_LIMIT for p in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())
    assert all(p.startswith("Paragraph") for p in parts)  # cut between paragraphs, not inside one


def test_split_text_cuts_a_giant_word_hard() -> None:
    """A run with no break at all is still cut to the limit rather than sent and refused."""
    parts = split_text("x" * 4500)
    assert [len(p) for p in parts] == [2000, 2000, 500]


def test_split_text_short_text_is_one_message() -> None:
    """A short answer is sent as it is."""
    assert split_text("  Hello there.  ") == ["Hello there."]


def test_reply_messages_put_the_picks_embed_on_the_last_message() -> None:
    """A long reply becomes several messages; the picks embed rides on the last, warnings close the text."""
    messages = reply_messages(_reply("line\n" * 900, picks=3, warnings=["The message was long."]))
    assert len(messages) >= 3
    assert all(m.embed is None for m in messages[:-1])
    last = messages[-1]
    assert last.embed is not None
    assert last.content is not None
    assert last.content.endswith("*The message was long.*")


def test_picks_embed_clips_fields_to_discord_limits() -> None:
    """Each pick is a field named "rank. name", its reason clipped to 1,024 characters; sources in the footer."""
    embed = picks_embed(_reply("t", picks=3))
    assert embed is not None
    assert [f.name for f in embed.fields] == ["1. Dish 0", "2. Dish 1", "3. Dish 2"]
    assert all(len(f.value or "") <= 1024 for f in embed.fields)
    assert embed.footer.text == "From the staff's notes: n1, n2"
    assert len(embed) <= 6000


def test_picks_embed_none_without_picks() -> None:
    """A plain answer has no card."""
    assert picks_embed(_reply("Yes, it does.")) is None


def test_ticket_embed_shows_what_staff_need() -> None:
    """The staff card has the guest's words, category, severity, loss, the remedy, who may approve it and the SLA."""
    embed = ticket_embed(_ticket())
    fields = {f.name: f.value or "" for f in embed.fields}
    assert "> The bream was raw inside.\n> And nobody came back." in (embed.description or "")
    assert fields["Category"] == "food-quality"
    assert fields["Severity"] == "high"
    assert fields["Loss"] == "$38 (sea-bream)"
    assert "replace-and-gesture" in fields["Suggested remedy"]
    assert "• dessert on the house" in fields["Suggested remedy"]
    assert "$49" in fields["Suggested remedy"]
    assert "manager" in fields["Approval"]
    assert fields["SLA"].startswith("5 min · due <t:")
    assert fields["State"].startswith("Open")


def test_ticket_embed_follows_the_state() -> None:
    """Approved and resolved tickets say by whom; an adjusted remedy is shown beside the suggested one."""
    adjusted = Remedy(
        tier="replace-and-gesture", actions=["comp the bream"], value=20, approval="manager", currency="USD"
    )
    approved = ticket_embed(_ticket(state="approved", approved_by="Maggie", approved_remedy=adjusted))
    fields = {f.name: f.value or "" for f in approved.fields}
    assert fields["State"] == "Remedy approved by Maggie"
    assert "comp the bream" in fields["Approved remedy"]
    resolved = ticket_embed(_ticket(state="resolved", resolved_by="Sam", resolution="comped"))
    assert {f.name: f.value for f in resolved.fields}["State"] == "Resolved by Sam: comped"
    assert (resolved.title or "").startswith("✅")


def test_new_ticket_line_pings_roles() -> None:
    """A new ticket's message mentions the staff roles by id."""
    assert new_ticket_line(_ticket(), [11, 12]).startswith("<@&11> <@&12>: a guest needs a person")
