"""Language packs: vocabulary, phrase tables and the act example bank, one folder of data files per language."""

from bot.language.pack import LanguagePack, PhraseTable, load_pack

__all__ = ["LanguagePack", "PhraseTable", "load_pack"]
