"""Discord objects for tests: real discord.py objects built from gateway payloads, as discord.py's own tests do, and
spec'd mocks of `Interaction` whose responses are recorded instead of sent. Nothing here touches the network."""

from __future__ import annotations

import itertools
from typing import Any
from unittest import mock

import discord

BOT_ID = 1
_ids = itertools.count(900_000)


def role_payload(role_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name,
        "permissions": "0",
        "position": 1,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": True,
        "flags": 0,
    }


def user_payload(user_id: int, name: str) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "global_name": name.title(), "discriminator": "0", "avatar": None}


def member_payload(user_id: int, name: str, role_ids: list[int]) -> dict[str, Any]:
    return {
        "user": user_payload(user_id, name),
        "roles": [str(r) for r in role_ids],
        "joined_at": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": "0",
    }


def log_in(client: discord.Client) -> None:
    """What login does to the connection state that objects built from payloads rely on: who "me" is."""
    state = client._connection
    state.user = discord.ClientUser(state=state, data={**user_payload(BOT_ID, "concierge"), "bot": True})


def add_guild(
    client: discord.Client, guild_id: int, name: str, roles: dict[int, str], channels: list[int]
) -> discord.Guild:
    """A guild in the client's cache, as the GUILD_CREATE of the `guilds` intent puts it there."""
    data = {
        "id": str(guild_id),
        "name": name,
        "roles": [role_payload(guild_id, "@everyone"), *(role_payload(i, n) for i, n in roles.items())],
        "channels": [
            {"id": str(c), "type": 0, "name": f"channel-{c}", "position": 0, "permission_overwrites": []}
            for c in channels
        ],
        "member_count": 1,
    }
    state = client._connection
    guild = discord.Guild(data=data, state=state)
    state._add_guild(guild)
    return guild


def member(
    client: discord.Client, guild: discord.Guild, user_id: int, name: str, role_ids: list[int]
) -> discord.Member:
    return discord.Member(data=member_payload(user_id, name, role_ids), guild=guild, state=client._connection)


def dm_user(client: discord.Client, user_id: int, name: str) -> discord.User:
    return discord.User(state=client._connection, data=user_payload(user_id, name))


def interaction(
    client: discord.Client,
    user: discord.User | discord.Member,
    *,
    guild: discord.Guild | None = None,
    channel_id: int = 5000,
    message: discord.Message | None = None,
) -> Any:
    """A spec'd `Interaction`: its attributes are real objects, its response and followup record what was sent."""
    it = mock.create_autospec(discord.Interaction, instance=True)
    it.id = next(_ids)
    it.client = client
    it.user = user
    it.guild = guild
    it.guild_id = guild.id if guild is not None else None
    it.channel_id = channel_id
    it.message = message
    it.response = mock.create_autospec(discord.InteractionResponse, instance=True)
    it.response.is_done.return_value = False
    it.followup = mock.create_autospec(discord.Webhook, instance=True)
    return it


def sent_texts(it: Any) -> list[str]:
    """Everything the user saw: immediate responses and follow-ups, in order."""
    texts = [str(c.args[0]) for c in it.response.send_message.await_args_list if c.args]
    texts += [str(c.args[0]) if c.args else str(c.kwargs.get("content", "")) for c in it.followup.send.await_args_list]
    return texts


def sent_embeds(it: Any) -> list[discord.Embed]:
    return [c.kwargs["embed"] for c in it.followup.send.await_args_list if "embed" in c.kwargs]


def http_error(status: int = 503, reason: str = "Service Unavailable") -> discord.HTTPException:
    """A `discord.HTTPException` as the library raises it, built around a fake aiohttp response."""
    response = mock.Mock(status=status, reason=reason)
    return discord.HTTPException(response, {"message": reason, "code": 0})


def component_payload(guild: discord.Guild, user: dict[str, Any], custom_id: str, channel_id: int) -> dict[str, Any]:
    """A raw INTERACTION_CREATE for a button press on a message the bot posted earlier, as the gateway sends it."""
    return {
        "id": str(next(_ids)),
        "application_id": str(BOT_ID),
        "type": 3,
        "token": "token",
        "version": 1,
        "guild_id": str(guild.id),
        "channel": {"id": str(channel_id), "type": 0},
        "channel_id": str(channel_id),
        "member": user,
        "attachment_size_limit": 8_000_000,
        "data": {"custom_id": custom_id, "component_type": 2},
        "message": {
            "id": str(next(_ids)),
            "channel_id": str(channel_id),
            "author": {**user_payload(BOT_ID, "concierge"), "bot": True},
            "content": "",
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [
                {"type": 1, "components": [{"type": 2, "style": 1, "label": "Acknowledge", "custom_id": custom_id}]}
            ],
        },
    }


def text_channel(guild: discord.Guild, channel_id: int) -> Any:
    """A spec'd guild text channel whose sends are recorded."""
    channel = mock.create_autospec(discord.TextChannel, instance=True)
    channel.id = channel_id
    channel.guild = guild
    channel.type = discord.ChannelType.text
    return channel


def dm_channel(channel_id: int) -> Any:
    channel = mock.create_autospec(discord.DMChannel, instance=True)
    channel.id = channel_id
    channel.guild = None
    channel.type = discord.ChannelType.private
    return channel


def message(
    client: discord.Client,
    channel: Any,
    author: dict[str, Any],
    content: str,
    *,
    mention_bot: bool = False,
    author_roles: list[int] | None = None,
) -> discord.Message:
    """A real `discord.Message` from a MESSAGE_CREATE payload, in a spec'd channel."""
    data: dict[str, Any] = {
        "id": str(next(_ids)),
        "channel_id": str(channel.id),
        "author": author,
        "content": content,
        "timestamp": "2026-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [{**user_payload(BOT_ID, "concierge"), "bot": True}] if mention_bot else [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
    }
    if channel.guild is not None:
        data["guild_id"] = str(channel.guild.id)
        data["member"] = {
            "roles": [str(r) for r in author_roles or []],
            "joined_at": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
    return discord.Message(state=client._connection, channel=channel, data=data)  # type: ignore[arg-type]
