"""The drink a message asks for: kind, style, origin, serve, price, "the cheapest". Words from the language pack.

The names of items the message mentions are read past first, so "what goes with the Musar Red?" asks for no red.
Budget rule (a restaurant's, not a parser's): "a red under $60" is a bottle price and "a glass under $15" a glass
price; a bare budget under `GLASS_BUDGET_BELOW` reads as a glass price, $30 or more as a bottle price, since no list
pours a $30 glass as its everyday choice and no bottle sells for under $30.
"""

from __future__ import annotations

from bot.language.pack import LanguagePack
from bot.text import fold
from bot.understand.framing import SHAPES
from bot.understand.request import DrinkAsk, Serve

GLASS_BUDGET_BELOW = 30.0
_WINE_STYLES = frozenset({"red", "white", "rosé", "orange", "sweet"})
ALCOHOLIC_KINDS = ("beer", "wine", "cocktail", "spirit")  # the contract's kinds with alcohol in them
NEGATORS = SHAPES.word_list("negators")


def _negated(folded: str, start: int) -> bool:
    return bool(NEGATORS & set(folded[max(0, start - 16) : start].split()[-3:]))


def _words_for(pack: LanguagePack, name: str, folded: str, unwanted: frozenset[str] = frozenset()) -> set[str]:
    table = pack.table(name)
    wanted = set(table.values(folded))
    # "I can't stand anise": a base named as a dislike is a limit (the constraints hold it), not an ask.
    wanted -= {e.value for e in table.entries if unwanted & {fold(p) for p in e.phrases}}
    words = {fold(p) for e in table.entries if e.value in wanted for p in e.phrases}
    return words | ({"local"} if "local" in wanted else set())


def read_drink(
    folded: str,
    budget: float | None,
    pack: LanguagePack,
    *,
    cheapest: bool = False,
    priciest: bool = False,
    drink_budget: bool = False,
    dislikes: frozenset[str] = frozenset(),
    budget_below: bool = False,
) -> DrinkAsk:
    # "we don't drink red wine" names red as a dislike, not as the style wanted.
    kind_hits = pack.table("drink_kinds").find(folded)
    # "not a cocktail person, give me a spirit": a kind said after "not" is not the one asked for.
    kinds = {h.value for h in kind_hits if fold(h.value) not in dislikes and not _negated(folded, h.start)}
    if "alcoholic" in kinds:  # any of the contract's kinds but the alcohol-free one
        kinds = (kinds - {"alcoholic"}) | (set(ALCOHOLIC_KINDS) if kinds == {"alcoholic"} else set())
    said = [folded[h.start : h.end] for h in kind_hits]
    plural = any(w.endswith("s") and not w.endswith("ss") for w in said)
    several = plural or "several" in pack.table("drink_words").values(folded)
    styles = {s for s in pack.table("drink_styles").values(folded) if fold(s) not in dislikes}
    # Origins and bases travel as the pack's words for them, so the decider matches a drink's own text with no
    # vocabulary of its own: "greek" finds the Santorini assyrtiko.
    origins = _words_for(pack, "drink_origins", folded)
    bases = _words_for(pack, "drink_bases", folded, dislikes)
    if styles & _WINE_STYLES and not kinds - {"wine"}:
        kinds.add("wine")
    na_kind = None
    if "non-alcoholic" in kinds and len(kinds) > 1:
        others = [k for k in ALCOHOLIC_KINDS if k in kinds]
        na_kind = others[0] if others else None
        kinds = {"non-alcoholic"}
    # "just a glass, not a whole bottle": a serve said with a "not" before it is the one the guest does not want.
    serves = {h.value for h in pack.table("serves").find(folded) if not _negated(folded, h.start)}
    serve: Serve | None = "glass" if serves == {"glass"} else "bottle" if serves == {"bottle"} else None
    if serve is None and budget is not None and drink_budget:
        serve = "glass" if budget < GLASS_BUDGET_BELOW else "bottle"
    return DrinkAsk(
        kinds=frozenset(kinds),
        styles=frozenset(styles - {"big", "light"}) if kinds - {"wine"} else frozenset(styles),
        origins=frozenset(origins),
        bases=frozenset(bases),
        serve=serve,
        glass_only=serves == {"glass"},
        budget=budget if drink_budget else None,
        budget_below=budget_below and drink_budget,
        cheapest=cheapest,
        priciest=priciest and not cheapest,
        na_kind=na_kind,
        several=several,
    )
