"""Pairing: ranked drinks for a dish or dishes for a drink, constraints held, reasons in staff words or plain logic."""

from __future__ import annotations

import re

import pytest

from bot.decide.decision import Decision
from bot.decide.pairing import (
    dish_profile,
    drink_profile,
    fire,
    misses,
    pair,
    serve_for,
)
from bot.hedge import find_hedges
from bot.knowledge.model import Dish, Drink
from bot.knowledge.venue import VenueKnowledge
from bot.understand.naming import names_for
from bot.understand.request import DrinkAsk, Role
from bot.voice.base import VoiceContext
from bot.voice.template import TemplateVoice
from tests.conftest import Read

OFF_TONIGHT = {"ksara-blanc-de-blancs-2022", "date-old-fashioned"}


def ask(read: Read, venue: VenueKnowledge, text: str, role: Role = "staff") -> Decision:
    request = read(text, names=names_for([*venue.dishes, *venue.drinks], venue))
    assert request.intent == "pairing", text
    return pair(venue, request, request.constraints, role=role, count=request.count)


def drinks_of(venue: VenueKnowledge, d: Decision) -> list[Drink]:
    found = [venue.drink(p.id) for p in d.picks]
    assert all(x is not None for x in found)
    return [x for x in found if x is not None]


def _normal(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------------ drink kinds
def test_pair_wine_for_lamb_quotes_the_sommelier(venue: VenueKnowledge, read: Read) -> None:
    """Wine for the lamb: the Musar first, in Elias's own words, with his note in the sources."""
    d = ask(read, venue, "what wine should I pour with the lamb shoulder?")
    assert d.intent == "pairing"
    assert d.situation == "picks"
    assert d.pairing_for == "lamb-shoulder"
    assert all(x.kind == "wine" for x in drinks_of(venue, d))
    top = d.picks[0]
    assert top.id == "musar-red-2016"
    assert top.kind == "drink"
    assert "elias-musar-red" in top.sources
    assert "Elias Papadakis" in top.why


def test_pair_beer_keeps_to_beer_and_avoids_the_ipa_with_chili(venue: VenueKnowledge, read: Read) -> None:
    """Beer with the harissa cauliflower: beers only, and the hoppy IPA is a warning in Kofi's words."""
    d = ask(read, venue, "what beer goes with the charred cauliflower?")
    assert d.picks
    assert all(x.kind == "beer" for x in drinks_of(venue, d))
    assert "lunch-ipa" not in {p.id for p in d.picks}
    ipa = next(s for s in d.skips if s.id == "lunch-ipa")
    assert ipa.reason == "clashes"
    assert "hop bitterness" in ipa.why.lower()
    assert ipa.sources == ["kofi-lunch-ipa"]


def test_pair_cocktail_for_the_sujuk_is_kofis_paloma(venue: VenueKnowledge, read: Read) -> None:
    """A cocktail for the spicy sujuk: the Aleppo Paloma Kofi pairs with it."""
    d = ask(read, venue, "a cocktail for the sujuk", role="guest")
    assert [p.id for p in d.picks] == ["aleppo-paloma"]
    assert d.picks[0].sources == ["kofi-paloma"]


def test_pair_non_alcoholic_for_the_knafeh(venue: VenueKnowledge, read: Read) -> None:
    """Something non-alcoholic with the knafeh: an alcohol-free drink that matches its sweetness."""
    d = ask(read, venue, "something non-alcoholic with the knafeh", role="guest")
    assert len(d.picks) == 1
    assert drinks_of(venue, d)[0].kind == "non-alcoholic"
    assert d.picks[0].id == "jallab"


def test_pair_spirit_for_the_octopus_is_the_arak(venue: VenueKnowledge, read: Read) -> None:
    """A spirit with the octopus: the arak Kofi pairs with it, not the mezcal."""
    d = ask(read, venue, "a spirit with the octopus", role="guest")
    assert [p.id for p in d.picks] == ["arak-brun"]


def test_pair_non_alcoholic_never_offers_alcohol_as_nearest(venue: VenueKnowledge, read: Read) -> None:
    """Nothing alcohol-free in the asked style: the nearest offered is still alcohol-free."""
    d = ask(read, venue, "non-alcoholic beer with the adana kebab")
    for s in d.skips:
        drink = venue.drink(s.id)
        assert drink is not None
        assert drink.kind == "non-alcoholic"


# -------------------------------------------------------------------------------------------------- constraints
def test_pair_bottle_budget_is_a_bottle_price(venue: VenueKnowledge, read: Read) -> None:
    """ "A red under $60" is a bottle price: the Xinomavro at $60 a bottle, never the $64 Morgon."""
    d = ask(read, venue, "a red under $60 for the duck")
    assert d.picks
    assert all(p.serve == "bottle" and p.price is not None and p.price <= 60 for p in d.picks)
    assert d.picks[0].id == "thymiopoulos-xinomavro-2021"
    assert "lapierre-morgon-2022" not in {p.id for p in d.picks}


def test_pair_glass_budget_is_a_glass_price(venue: VenueKnowledge, read: Read) -> None:
    """ "A glass of red under $16" is a glass price, and under means below it: the $16 Morgon is out, the $15
    Xinomavro (the duck's own pairing) is poured by the glass; "up to $16" lets the Morgon in."""
    d = ask(read, venue, "a glass of red under $16 for the duck")
    assert d.picks
    assert "lapierre-morgon-2022" not in {p.id for p in d.picks}
    assert all(p.serve == "glass" and p.price is not None and p.price < 16 for p in d.picks)
    up_to = ask(read, venue, "a glass of red, up to $16, for the duck")
    assert all(p.serve == "glass" and p.price is not None and p.price <= 16 for p in up_to.picks)


@pytest.mark.parametrize(
    ("text", "budget", "serve"),
    [
        ("a red under $20", 20.0, "glass"),
        ("a red under $60", 60.0, "bottle"),
        ("a bottle under $25", 25.0, "bottle"),
        ("a glass under $40", 40.0, "glass"),
    ],
)
def test_read_ask_budget_rule(text: str, budget: float, serve: str, read: Read) -> None:
    """A bare budget under $30 is a glass price, $30 and over a bottle price; a named serve wins."""
    drink = read(text).drink
    assert drink.serve == serve
    assert drink.budget == budget


def test_pair_kind_and_colour_hold(venue: VenueKnowledge, read: Read) -> None:
    """A white is a wine whose style says white; a rosé is the rosé."""
    d = ask(read, venue, "a white for the sea bream")
    assert d.picks
    for drink in drinks_of(venue, d):
        assert drink.kind == "wine"
        assert "white" in (drink.style or "")
    assert [p.id for p in ask(read, venue, "rosé with the fattoush").picks] == ["triennes-rose-2023"]


def test_pair_by_the_glass_only(venue: VenueKnowledge, read: Read) -> None:
    """By the glass: the bottle-only Musar and Tempier stay off the list."""
    d = ask(read, venue, "by the glass, what red for the lamb shoulder?")
    assert d.picks
    assert not {"musar-red-2016", "tempier-bandol-2020"} & {p.id for p in d.picks}
    assert all(x.price_glass is not None for x in drinks_of(venue, d))
    assert all(p.serve == "glass" for p in d.picks)


def test_pair_sulphite_allergy_rules_out_every_wine(venue: VenueKnowledge, read: Read) -> None:
    """Wine for a sulphite allergy: nothing fits, said plainly, and nothing offered contains sulphites."""
    d = ask(read, venue, "wine for the lamb shoulder, I'm allergic to sulphites")
    assert d.situation == "nothing-fits"
    assert not d.picks
    assert d.confirm_with_staff
    for s in d.skips:
        drink = venue.drink(s.id)
        assert drink is not None
        assert "sulphite" not in drink.allergens
    any_drink = ask(read, venue, "what should we drink with the lamb shoulder? I'm allergic to sulphites")
    assert any_drink.picks
    assert all("sulphite" not in x.allergens for x in drinks_of(venue, any_drink))


def test_pair_tree_nut_allergy_excludes_the_orgeat_cocktail(venue: VenueKnowledge, read: Read) -> None:
    """The Rose Mai Tai (almond orgeat) is the cocktail for the chocolate tart, until someone has a nut allergy."""
    assert ask(read, venue, "a cocktail for the chocolate tahini tart").picks[0].id == "rose-mai-tai"
    d = ask(read, venue, "a cocktail for the chocolate tahini tart, nut allergy")
    assert "rose-mai-tai" not in {p.id for p in d.picks} | {s.id for s in d.skips}
    assert d.confirm_with_staff


def test_pair_never_pours_what_is_off_tonight(venue: VenueKnowledge, read: Read) -> None:
    """The 86'd Ksara Blanc de Blancs and Date Old Fashioned are never picked, warned about or offered."""
    for text in (
        "a cocktail for the knafeh",
        "a white for the seafood soup",
        "what should we drink with the lamb shoulder?",
        "a rich white for the sea bream",
    ):
        d = ask(read, venue, text)
        assert not OFF_TONIGHT & ({p.id for p in d.picks} | {s.id for s in d.skips}), text


def test_pair_respects_an_item_flipped_off_tonight(venue: VenueKnowledge, read: Read) -> None:
    """86 the jallab on tonight's list and it is no longer the knafeh's drink."""
    assert ask(read, venue, "something non-alcoholic with the knafeh").picks[0].id == "jallab"
    drinks = [d.model_copy(update={"available": False}) if d.id == "jallab" else d for d in venue.drinks]
    tonight = VenueKnowledge(
        id=venue.id,
        venue=venue.venue,
        dishes=venue.dishes,
        drinks=drinks,
        notes=venue.notes,
        remedies=venue.remedies,
    )
    d = ask(read, tonight, "something non-alcoholic with the knafeh")
    assert d.picks
    assert "jallab" not in {p.id for p in d.picks} | {s.id for s in d.skips}


def test_pair_starting_item_off_tonight_says_so(venue: VenueKnowledge, read: Read) -> None:
    """Asking what goes with an 86'd dish gets no picks and says it is off."""
    d = ask(read, venue, "what goes with the musakhan?")
    assert d.situation == "nothing-fits"
    assert not d.picks
    assert d.pairing_for == "musakhan"
    assert d.skips[0].id == "musakhan"


# ---------------------------------------------------------------------------------------------- reverse pairing
def test_pair_reverse_drink_to_dishes(venue: VenueKnowledge, read: Read) -> None:
    """What food goes with the Sancerre: dishes, the octopus and bream Elias pairs it with first."""
    d = ask(read, venue, "what food goes with the Sancerre?")
    assert d.pairing_for == "sancerre-2022"
    assert all(p.kind == "dish" for p in d.picks)
    assert {p.id for p in d.picks[:2]} == {"grilled-octopus", "sea-bream"}
    assert all(p.price is not None for p in d.picks)


def test_pair_reverse_staff_avoid_lists_clashing_dishes(venue: VenueKnowledge, read: Read) -> None:
    """A young, tannic Bandol: staff are told to keep it away from spicy or seafood plates."""
    d = ask(read, venue, "what goes with the bandol?")
    assert d.picks[0].id == "lamb-shoulder"
    assert d.skips
    for s in d.skips:
        dish = venue.dish(s.id)
        assert dish is not None
        assert s.reason == "clashes"
        assert "tannin" in s.why


# ------------------------------------------------------------------------------------------------------ reasons
def test_pair_note_reasons_quote_the_note_verbatim(venue: VenueKnowledge, read: Read) -> None:
    """Every note-backed reason quotes its note word for word and carries the note id."""
    for text in (
        "what should I pour with the lamb shoulder?",
        "what food goes with the Sancerre?",
        "what should we drink with the charred cauliflower",
        "something non-alcoholic with the knafeh",
    ):
        for pick in ask(read, venue, text).picks:
            for c in pick.citations:
                note = next(n for n in venue.notes if n.id == c.note)
                assert c.quote in _normal(note.body), (text, c.quote)
                assert c.note in pick.sources
            if pick.citations:
                quoted = re.search(r'"([^"]+)"', pick.why)
                assert quoted is not None
                assert quoted.group(1) == pick.citations[0].quote


def test_pair_rule_reasons_for_unnoted_pairs(venue: VenueKnowledge, read: Read) -> None:
    """No note pairs the Xinomavro with the lamb: the reason is the logic, stated plainly."""
    d = ask(read, venue, "a glass of red under $20 with the lamb shoulder")
    pick = next(p for p in d.picks if p.id == "thymiopoulos-xinomavro-2021")
    assert not pick.citations
    assert any("acidity cuts through" in r for r in pick.reasons)
    assert any("tannin" in r for r in pick.reasons)
    assert pick.why.lower().startswith("high acidity")


# ------------------------------------------------------------------------------------------------------- shapes
def test_pair_guest_gets_one_committed_pick(venue: VenueKnowledge, read: Read) -> None:
    """A guest gets one pick and no avoid list."""
    d = ask(read, venue, "what should I pour with the lamb shoulder?", role="guest")
    assert len(d.picks) == 1
    assert d.role == "guest"
    assert d.skips == []


def test_pair_guest_gets_as_many_as_asked(venue: VenueKnowledge, read: Read) -> None:
    """ "Two wines" gets two."""
    d = ask(read, venue, "two wines for the lamb shoulder", role="guest")
    assert len(d.picks) == 2


def test_pair_staff_gets_three_a_bottle_and_what_to_avoid(venue: VenueKnowledge, read: Read) -> None:
    """Staff: up to three ranked, a bottle among them, and what to steer away from with why."""
    d = ask(read, venue, "what should we drink with the charred cauliflower")
    assert d.role == "staff"
    assert [p.rank for p in d.picks] == [1, 2, 3]
    assert any(p.bottle_price is not None for p in d.picks)
    assert d.skips
    assert all(s.reason == "clashes" and s.why for s in d.skips)
    assert not {s.id for s in d.skips} & {p.id for p in d.picks}


def test_pair_nothing_fits_is_honest(venue: VenueKnowledge, read: Read) -> None:
    """A red under $5: no picks, no padding, and the pairing that would work with what stops it."""
    d = ask(read, venue, "a red under $5 for the duck")
    assert d.situation == "nothing-fits"
    assert not d.picks
    nearest = d.skips[0]
    assert nearest.reason == "does-not-fit"
    assert "over $5" in nearest.why


def test_pair_without_an_item_asks_for_one(venue: VenueKnowledge, read: Read) -> None:
    """ "What wine should we get?" names nothing to pair with: no picks, no item."""
    request = read("what wine should we get?", names=names_for([*venue.dishes, *venue.drinks], venue))
    d = pair(venue, request, request.constraints, role="guest", count=None)
    assert d.pairing_for is None
    assert not d.picks


# --------------------------------------------------------------------------------------------------------- voice
def test_pairing_voice_guest_is_short_and_committed(venue: VenueKnowledge, read: Read) -> None:
    """The guest hears one drink, its price and Elias's words, no avoid list and no hedge."""
    d = ask(read, venue, "a red under $60 for the duck", role="guest")
    text = TemplateVoice().render(d, VoiceContext(session="g", turn=0, text=""))
    assert "Xinomavro" in text
    assert "$60 a bottle" in text
    assert d.picks[0].citations[0].quote in text
    assert len(text.splitlines()) == 1
    assert find_hedges(text) == []


def test_pairing_voice_staff_has_ranks_bottle_and_avoid(venue: VenueKnowledge, read: Read) -> None:
    """Staff read the ranked list, both prices, the bottle for the table and what to avoid."""
    d = ask(read, venue, "what should we drink with the charred cauliflower")
    for i in range(6):
        text = TemplateVoice().render(d, VoiceContext(session=f"s{i}", turn=0, text=""))
        for p in d.picks:
            assert p.name in text
        assert "$52" in text  # the rosé by the bottle
        for s in d.skips:
            assert s.why in text
        assert find_hedges(text) == []


def test_pairing_voice_nothing_fits_names_the_nearest(venue: VenueKnowledge, read: Read) -> None:
    """Nothing fits: said plainly, with the pairing that would work and why it is not offered."""
    d = ask(read, venue, "a red under $5 for the duck", role="guest")
    text = TemplateVoice().render(d, VoiceContext(session="n", turn=0, text=""))
    assert "over $5" in text
    assert "Xinomavro" in text


# ------------------------------------------------------------------------------------------- profiles and rules
def _drink(description: str, kind: str = "wine", style: str | None = None) -> Drink:
    return Drink.model_validate(
        {"id": "d", "name": "D", "kind": kind, "style": style, "price_glass": 10, "description": description}
    )


def _dish(description: str, course: str = "main", name: str = "Plate") -> Dish:
    return Dish.model_validate({"id": "x", "name": name, "course": course, "price": 20, "description": description})


def test_drink_profile_reads_a_big_young_red() -> None:
    """Full body, young tannin and fresh acidity are read from the words."""
    p = drink_profile(_drink("Full-bodied and dense; firm and still-young tannin, fresh acidity.", style="big red"))
    assert (p.weight, p.tannin, p.acidity, p.sweetness) == (3, 3, 2, 0)


def test_drink_profile_reads_a_light_rose() -> None:
    """Pale, light and crisp, with no tannin."""
    p = drink_profile(_drink("Pale, dry and light-bodied; crisp acidity. No tannin to speak of.", style="dry rosé"))
    assert (p.weight, p.tannin, p.acidity, p.sweetness) == (1, 0, 2, 0)


@pytest.mark.parametrize(
    ("words", "level"),
    [("Bone-dry and flinty.", 0), ("Off-dry, soft.", 1), ("Rich, round and medium-sweet.", 2), ("Sweet.", 3)],
)
def test_drink_profile_sweetness(words: str, level: int) -> None:
    """Dry, off-dry, medium-sweet and sweet read as 0 to 3."""
    assert drink_profile(_drink(words)).sweetness == level


def test_drink_profile_beer_spirit_and_alcohol_free() -> None:
    """Hops, bubbles, spirit strength, and a yogurt drink's cooling."""
    ipa = drink_profile(_drink("Pine and grapefruit, firm bitterness.", kind="beer", style="IPA"))
    assert ipa.bitterness == 2
    assert ipa.bubbles
    assert ipa.alcohol == 1
    assert drink_profile(_drink("Dry and smoky.", kind="spirit")).alcohol == 2
    ayran = drink_profile(_drink("Whisked yogurt, cold water and salt.", kind="non-alcoholic"))
    assert ayran.alcohol == 0
    assert ayran.cooling


def test_dish_profile_reads_lamb_and_labneh_as_rich_and_heavy() -> None:
    """Lamb and labneh: red meat, rich, heavy."""
    p = dish_profile(_dish("Lamb shoulder roasted for seven hours, with garlic labneh."))
    assert p.protein == "red meat"
    assert p.fat == 2
    assert p.weight == 3
    assert p.fat_cues == ("lamb fat", "labneh")


def test_dish_profile_heat_names_the_chili_and_ignores_spice_blends() -> None:
    """Harissa is heat and the reason names it; "seven-spice" is a blend, not heat."""
    hot = dish_profile(_dish("Cauliflower brushed with spicy harissa. Properly hot."))
    assert hot.heat == 2
    assert hot.heat_cue == "harissa"
    assert dish_profile(_dish("Minced beef with onion and seven-spice, grilled.")).heat == 0


def test_dish_profile_dessert_sweetness_and_light_seafood() -> None:
    """A syrup-soaked dessert is as sweet as it gets; a raw crudo is light seafood."""
    assert dish_profile(_dish("Pastry soaked with orange-blossom syrup.", course="dessert")).sweetness == 3
    crudo = dish_profile(_dish("Raw sea bass with blood orange and sumac.", course="special"))
    assert crudo.protein == "seafood"
    assert crudo.weight == 1
    assert crudo.acidic


def test_rules_tannin_clashes_with_chili_not_with_lamb() -> None:
    """Firm tannin against chili is a clash; against lamb fat it is a reason to pour."""
    red = _drink("Medium-bodied, firm tannin, high acidity.", style="red")
    hot = fire(red, _dish("Cauliflower with spicy harissa."))
    assert any(f.clash and "tannin bitter" in f.reason for f in hot)
    lamb = fire(red, _dish("Slow-roast lamb shoulder with garlic labneh."))
    assert not any(f.clash for f in lamb)
    assert any("cuts through the richness of the lamb fat and labneh" in f.reason for f in lamb)
    assert any("firm tannin meets the lamb fat" in f.reason for f in lamb)


def test_rules_dessert_sweeter_than_the_wine_is_a_clash() -> None:
    """A dry wine with a syrupy dessert clashes; a sweet wine matches it."""
    dessert = _dish("Kataifi and cheese soaked with syrup.", course="dessert")
    dry = fire(_drink("Bone-dry, crisp white.", style="crisp white"), dessert)
    assert any(f.clash and "dessert is sweeter" in f.reason for f in dry)
    sweet = fire(_drink("Sweet dessert wine, apricot and honey.", style="sweet white"), dessert)
    assert not any(f.clash for f in sweet)
    assert any("as sweet as the dessert" in f.reason for f in sweet)


def test_rules_alcohol_free_calms_heat_and_bubbles_scrub_fried() -> None:
    """A cold alcohol-free drink calms chili; bubbles cut fried food."""
    fired = fire(
        _drink("Tamarind, lime and soda water; sour.", kind="non-alcoholic"),
        _dish("Potatoes fried crisp with chili."),
    )
    reasons = [f.reason for f in fired]
    assert any(r.startswith("no alcohol or tannin to fan the chili") for r in reasons)
    assert "bubbles scrub the palate clean after each fried bite" in reasons
    assert [abs(f.points) for f in fired] == sorted((abs(f.points) for f in fired), reverse=True)


def test_rules_spirit_and_hops_clash_with_heat() -> None:
    """Spirit-strength alcohol and firm hop bitterness both clash with chili."""
    dish = _dish("Lamb kebab with chili flakes, spicy.")
    assert any(f.clash for f in fire(_drink("Dry, smoky.", kind="spirit"), dish))
    assert any(f.clash for f in fire(_drink("Firm bitterness.", kind="beer", style="IPA"), dish))


def test_read_ask_kind_style_and_mentioned_names(read: Read) -> None:
    """Kinds and colours are read; a mentioned name's words ("Musar Red") are not a colour asked for."""
    a = read("a red or a white by the glass").drink
    assert a.kinds == {"wine"}
    assert a.styles == {"red", "white"}
    assert a.glass_only
    b = read("non-alcoholic beer please").drink
    assert b.kinds == {"non-alcoholic"}
    assert b.na_kind == "beer"
    assert read("what goes with the Musar Red?").drink.styles == frozenset()


def test_misses_says_what_does_not_fit() -> None:
    """Over budget at the serve asked for, the wrong kind, not by the glass."""
    bottle_only = Drink.model_validate(
        {"id": "b", "name": "B", "kind": "wine", "style": "big red", "price_bottle": 120, "description": ""}
    )
    assert serve_for(bottle_only, DrinkAsk()) == ("bottle", 120)
    ask_ = DrinkAsk(kinds=frozenset({"beer"}), serve="glass", glass_only=True, budget=20)
    assert misses(bottle_only, ask_, "USD") == ["not a beer", "not poured by the glass", "$120 a bottle, over $20"]


def test_a_bottle_asked_for_is_never_a_drink_poured_by_the_glass_only() -> None:
    """ "The best bottle you have" leaves out what is only sold by the glass (a lemonade, a cocktail)."""
    from bot.decide.pairing import misses
    from bot.knowledge.model import Drink
    from bot.understand.request import DrinkAsk

    lemonade = Drink.model_validate(
        {"id": "lemonade", "name": "Lemonade", "kind": "non-alcoholic", "price_glass": 6, "description": "tart"}
    )
    assert "not sold by the bottle" in misses(lemonade, DrinkAsk(serve="bottle"), "USD")
    assert misses(lemonade, DrinkAsk(), "USD") == []
