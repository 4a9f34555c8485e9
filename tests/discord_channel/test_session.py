"""Session ids that say where the guest is."""

from __future__ import annotations

from bot.discord_channel.session import GuestPlace


def test_guest_place_round_trips_through_its_key() -> None:
    """A guild channel and a DM both come back from the session id they were given."""
    for place in (GuestPlace(user_id=3, guild_id=1, channel_id=2), GuestPlace(user_id=3)):
        assert GuestPlace.parse(place.key) == place


def test_guest_place_keys_differ_per_user_and_channel() -> None:
    """Each user in each channel has their own conversation."""
    keys = {GuestPlace(user_id=u, guild_id=1, channel_id=c).key for u in (10, 11) for c in (20, 21)} | {
        GuestPlace(user_id=10).key
    }
    assert len(keys) == 5


def test_guest_place_parse_ignores_other_sessions() -> None:
    """A terminal session is not a Discord place, so nobody is messaged about it."""
    assert GuestPlace.parse("e94442a30717") is None
    assert GuestPlace.parse("dc-pair-g1-u2") is None
