"""YAML parsing for the project's own data files, through libyaml when it is installed.

The language pack, the voice's phrasebook and the complaint examples are read at every process start; the pure
Python parser spent most of a cold `concierge ask` on them.
"""

from __future__ import annotations

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> object:
    """The document in `text`, as `yaml.safe_load` would read it (raises `yaml.YAMLError` the same way)."""
    return yaml.load(text, Loader=_LOADER)
