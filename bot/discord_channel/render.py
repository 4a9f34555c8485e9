"""Replies and tickets as Discord messages: text cut to Discord's limits, picks and tickets as embeds.

Nothing here decides anything: it lays out what the core produced. Discord's limits are hard (a message over 2,000
characters or an embed field over 1,024 is refused outright), so every string is measured before it is sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import discord

from bot.escalation.model import Escalation, Remedy
from bot.money import money
from bot.reply import Reply

MESSAGE_LIMIT = 2000
_TITLE = 256
_FIELD_NAME = 256
_FIELD_VALUE = 1024
_DESCRIPTION = 4096
_FOOTER = 2048
_FIELDS = 25

_PICKS_COLOUR = discord.Colour(0xC8553D)  # ember: the grill
_SEVERITY_COLOUR = {
    "critical": discord.Colour.dark_red(),
    "high": discord.Colour.red(),
    "medium": discord.Colour.orange(),
    "low": discord.Colour.gold(),
}
_SEVERITY_MARK = {"critical": "🚨", "high": "🔴", "medium": "🟠", "low": "🟡"}
_STATE_WORDS = {"open": "Open — nobody has it yet", "acknowledged": "Acknowledged", "approved": "Remedy approved"}


@dataclass(frozen=True)
class Outgoing:
    """One message to send: text, an embed, or both."""

    content: str | None = None
    embed: discord.Embed | None = None


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut text into messages of at most `limit` characters: at a paragraph, else a line, else a space."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]  # a break right after the limit still leaves a full first message
        cut = limit  # no break worth keeping near the end (a 2,000-character word): cut hard
        for sep in ("\n\n", "\n", " "):
            at = window.rfind(sep)
            if at >= limit // 4:
                cut = at
                break
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def reply_messages(reply: Reply) -> list[Outgoing]:
    """The voice's words, split to fit, with the picks as an embed on the last message."""
    text = reply.text
    if reply.warnings:
        text += "\n\n" + "\n".join(f"*{w}*" for w in reply.warnings)
    parts = split_text(text) or ["…"]
    embed = picks_embed(reply)
    return [Outgoing(content=part, embed=embed if i == len(parts) - 1 else None) for i, part in enumerate(parts)]


def picks_embed(reply: Reply) -> discord.Embed | None:
    if not reply.picks:
        return None
    title = f"Pairings for {reply.pairing_for}" if reply.pairing_for else "My picks"
    embed = discord.Embed(title=clip(title, _TITLE), colour=_PICKS_COLOUR)
    for pick in reply.picks[: _FIELDS - 1]:
        why = pick.why + (f"\n*Ask for:* {pick.change}" if pick.change else "")
        name = clip(f"{pick.rank}. {pick.name}", _FIELD_NAME)
        embed.add_field(name=name, value=clip(why, _FIELD_VALUE), inline=False)
    if reply.skips:
        skips = "\n".join(f"• {s.why}" for s in reply.skips)
        embed.add_field(name="Worth skipping", value=clip(skips, _FIELD_VALUE), inline=False)
    if reply.sources:
        embed.set_footer(text=clip("From the staff's notes: " + ", ".join(reply.sources), _FOOTER))
    return embed


# -- tickets ---------------------------------------------------------------------------------------------------------


def ticket_embed(ticket: Escalation, currency: str | None = None) -> discord.Embed:
    """A complaint as the staff channel sees it, in its current state."""
    cur = currency or (ticket.remedy.currency if ticket.remedy else "USD")
    resolved = ticket.state == "resolved"
    mark = "✅" if resolved else _SEVERITY_MARK.get(ticket.severity, "•")
    embed = discord.Embed(
        title=clip(f"{mark} {ticket.severity.upper()} · {ticket.category} · {ticket.id}", _TITLE),
        description=clip(f"**Guest said**\n> {_quote(ticket.guest_text)}", _DESCRIPTION),
        colour=discord.Colour.dark_grey() if resolved else _SEVERITY_COLOUR.get(ticket.severity),
        timestamp=ticket.created_at,
    )
    embed.add_field(name="Category", value=ticket.category)
    embed.add_field(name="Severity", value=ticket.severity)
    loss = money(ticket.loss, cur) if ticket.loss is not None else "—"
    if ticket.items:
        loss += f" ({', '.join(ticket.items)})"
    embed.add_field(name="Loss", value=clip(loss, _FIELD_VALUE))
    if ticket.remedy is None:
        embed.add_field(name="Suggested remedy", value="A person, now: no remedy suggested.", inline=False)
    else:
        embed.add_field(name="Suggested remedy", value=_remedy(ticket.remedy), inline=False)
        embed.add_field(name="Approval", value=f"needs **{ticket.remedy.approval}** or above")
    due = int(ticket.due_at.timestamp())
    embed.add_field(name="SLA", value=f"{ticket.sla_minutes} min · due <t:{due}:R>")
    embed.add_field(name="State", value=clip(_state(ticket), _FIELD_VALUE), inline=False)
    if ticket.approved_remedy is not None and ticket.approved_remedy != ticket.remedy:
        embed.add_field(name="Approved remedy", value=_remedy(ticket.approved_remedy), inline=False)
    embed.set_footer(text=f"{ticket.venue} · {ticket.id}")
    return embed


def _quote(text: str) -> str:
    return text.replace("\n", "\n> ") or "(nothing)"


def _remedy(remedy: Remedy) -> str:
    actions = "\n".join(f"• {a}" for a in remedy.actions) or "• (no actions)"
    return clip(f"**{remedy.tier}** — {money(remedy.value, remedy.currency)}\n{actions}", _FIELD_VALUE)


def _state(ticket: Escalation) -> str:
    if ticket.state == "resolved":
        note = f": {ticket.resolution}" if ticket.resolution else ""
        return f"Resolved by {ticket.resolved_by}{note}"
    words = _STATE_WORDS.get(ticket.state, ticket.state)
    if ticket.state == "acknowledged":
        words += f" by {ticket.acknowledged_by}"
    if ticket.state == "approved":
        words += f" by {ticket.approved_by}"
    return words


def new_ticket_line(ticket: Escalation, role_ids: list[int]) -> str:
    """The text above a new ticket's embed: who is called, and by when."""
    who = " ".join(f"<@&{r}>" for r in role_ids) or "Staff"
    due = int(ticket.due_at.timestamp())
    return f"{who}: a guest needs a person — {ticket.severity} {ticket.category}, due <t:{due}:R>."


def overdue_line(ticket: Escalation, role_ids: list[int], now: dt.datetime) -> str:
    who = " ".join(f"<@&{r}>" for r in role_ids) or "Staff"
    late = max(1, int((now - ticket.due_at).total_seconds() // 60))
    return (
        f"⏰ {who}: {ticket.id} ({ticket.severity} {ticket.category}) is {late} min past its SLA and nobody has "
        "acknowledged it."
    )


def resolved_notice(ticket: Escalation) -> str:
    """What the guest hears when staff close their ticket. The staff's own note stays with the staff."""
    return (
        f"An update on your concern ({ticket.id}): the team has marked it resolved. Thank you for telling us — "
        "if anything is still not right, just say so here and it goes straight back to them."
    )
