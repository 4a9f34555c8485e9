"""The Discord channel: a thin adapter over the same `Concierge` the terminal uses.

Slash commands, mentions, DMs and staff buttons are translated into calls on the core and back into messages; no
decision is made here. Nothing under `bot/` outside this package imports discord, and this `__init__` does not
either, so `config` can be loaded and checked without the library.
"""
