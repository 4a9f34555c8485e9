"""The Discord configuration file: shape, clear errors, and its match against the knowledge."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.discord_channel.config import DiscordConfig, DiscordConfigError, load_config
from bot.escalation.approval import roles
from bot.knowledge.loader import load_root
from tests.conftest import SAMPLE_KNOWLEDGE

REPO = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "discord.yaml"
    path.write_text(text)
    return path


def test_load_config_example_file_matches_the_sample_knowledge() -> None:
    """The shipped discord.example.yaml is valid and names only venues and roles the sample knowledge has."""
    config = load_config(REPO / "discord.example.yaml")
    knowledge = load_root(SAMPLE_KNOWLEDGE)
    config.check({v.id: roles(v.remedies) for v in knowledge.venues.values()})
    assert config.direct_messages == "cedar-and-tide"


def test_load_config_unknown_key_names_the_field(tmp_path: Path) -> None:
    """A typo is an error naming the file and the full path of the field, not a silently ignored key."""
    path = _write(tmp_path, "guilds:\n  42:\n    venue: v\n    staff_chanel: 5\n    staff_roles: {Staff: server}\n")
    with pytest.raises(DiscordConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert str(path) in message
    assert "guilds.42.staff_chanel: Extra inputs are not permitted" in message
    assert "guilds.42.staff_channel: Field required" in message


def test_load_config_missing_file_says_what_to_do(tmp_path: Path) -> None:
    """No file: the error points at the example and at CONCIERGE_DISCORD_CONFIG."""
    with pytest.raises(DiscordConfigError, match=r"discord\.example\.yaml.*CONCIERGE_DISCORD_CONFIG"):
        load_config(tmp_path / "discord.yaml")


def test_load_config_bad_yaml_gives_the_line(tmp_path: Path) -> None:
    """Broken YAML is reported with its line number."""
    path = _write(tmp_path, "guilds:\n  42: [unclosed\n")
    with pytest.raises(DiscordConfigError, match=rf"{path.name}:\d+: not valid YAML"):
        load_config(path)


def test_load_config_rejects_non_snowflake_ids(tmp_path: Path) -> None:
    """Guild and channel ids must be Discord ids (positive integers)."""
    path = _write(tmp_path, "guilds:\n  my-server:\n    venue: v\n    staff_channel: -1\n    staff_roles: {A: b}\n")
    with pytest.raises(DiscordConfigError, match=r"guilds\.my-server"):
        load_config(path)


def test_check_reports_unknown_venue_and_role() -> None:
    """Every venue and every remedies role named must exist; all problems are listed at once."""
    config = DiscordConfig.model_validate(
        {
            "guilds": {
                1: {"venue": "nowhere", "staff_channel": 9, "staff_roles": {"Staff": "server"}},
                2: {"venue": "cedar", "staff_channel": 9, "staff_roles": {"Boss": "captain"}},
            },
            "direct_messages": "elsewhere",
        }
    )
    with pytest.raises(DiscordConfigError) as err:
        config.check({"cedar": ["server", "manager", "owner"]})
    message = str(err.value)
    assert "guilds.1.venue: no venue 'nowhere'" in message
    assert "guilds.2.staff_roles.Boss: 'captain' is not a role in cedar's remedies.yaml" in message
    assert "direct_messages: no venue 'elsewhere'" in message


def test_remedy_roles_match_role_names_in_any_case_or_ids() -> None:
    """Discord roles map to remedies roles by name (case-insensitive) or by id; unmapped roles give nothing."""
    config = DiscordConfig.model_validate(
        {"guilds": {1: {"venue": "v", "staff_channel": 9, "staff_roles": {"manager": "manager", "77": "server"}}}}
    )
    guild = config.guilds[1]
    assert guild.remedy_roles([(5, "Manager")]) == ["manager"]
    assert guild.remedy_roles([(77, "Floor")]) == ["server"]
    assert guild.remedy_roles([(6, "Regular"), (7, "@everyone")]) == []


def test_staff_channels_are_per_venue() -> None:
    """A venue's tickets go to the staff channels of the guilds that serve it, and no other."""
    config = DiscordConfig.model_validate(
        {
            "guilds": {
                1: {"venue": "a", "staff_channel": 10, "staff_roles": {"S": "server"}},
                2: {"venue": "b", "staff_channel": 20, "staff_roles": {"S": "server"}},
                3: {"venue": "a", "staff_channel": 30, "staff_roles": {"S": "server"}},
            }
        }
    )
    assert config.staff_channels("a") == [10, 30]
    assert config.staff_channels("b") == [20]
    assert config.staff_channels("c") == []
