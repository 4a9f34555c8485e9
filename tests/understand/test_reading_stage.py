"""The reading stage beyond the act: slots, the fallbacks that keep an act answerable, references to the
conversation, the harm rule, bookings, time frames and the drink ask's scope."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.understand.quantity import budget_below
from bot.understand.reader import Context, _fallback
from bot.understand.request import Booking, Constraints, DrinkAsk
from tests.conftest import Read


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("kunafa or mahalabia?", ["knafeh", "malabi"]),
        ("tabouli please", ["tabbouleh"]),
        ("is the muhamara spicy", ["muhammara"]),
        ("chiken shish for the kid", ["chicken-shish"]),
        ("should i do the bream or the sayadieh", ["sea-bream", "sayadieh"]),
        ("the chocolate tart or the olive oil cake", ["chocolate-tahini-tart", "olive-oil-cake"]),
        ("assyrtiko or the rosé?", ["sigalas-assyrtiko-2023", "triennes-rose-2023"]),
    ],
)
def test_items_are_found_through_typos_transliterations_and_short_names(
    text: str, mentions: list[str], read: Read
) -> None:
    """Misspelt, transliterated and shortened names find their item; ordinary words ("should") never do."""
    assert read(text).mentions == mentions


def test_choose_picks_between_named_items(read: Read) -> None:
    """Two named items and "or" is a choice."""
    request = read("lamb shoulder or sea bream? cant decide")
    assert request.intent == "choose"
    assert request.mentions == ["lamb-shoulder", "sea-bream"]


@pytest.mark.parametrize(
    ("act", "items", "dishes", "pointed", "topics", "stated", "expected"),
    [
        ("choose", 1, 1, 0, False, False, "question"),
        ("choose", 0, 0, 0, False, False, "recommend"),
        ("compare", 0, 0, 2, False, False, "compare"),
        ("question", 0, 0, 0, True, False, "venue"),
        ("pairing", 0, 0, 0, False, False, "drink"),
        ("drink", 1, 1, 0, False, False, "pairing"),
        ("venue", 0, 0, 0, False, True, "recommend"),
        ("recommend", 0, 0, 0, False, False, "recommend"),
    ],
)
def test_fallback_moves_an_act_to_one_the_words_can_carry(
    act: str, items: int, dishes: int, pointed: int, topics: bool, stated: bool, expected: str
) -> None:
    """A choice naming one item is a question about it, one naming none a request for picks; a pairing with nothing
    to pair is a drinks question; a venue question about food is a request for picks."""
    assert _fallback(act, items, dishes, pointed, topics, stated) == expected


def test_reference_pairs_with_what_was_just_recommended(read: Read) -> None:
    """ "a bottle of wine for that" after picks pairs with those picks."""
    context = Context(picks=("lamb-shoulder",))
    request = read("a bottle of wine for that?", context=context)
    assert request.intent == "pairing"
    assert request.mentions == ["lamb-shoulder"]


def test_reference_both_chooses_between_the_last_two_named(read: Read) -> None:
    """ "which of those two" chooses between the two items the conversation last named."""
    context = Context(mentions=("beef-kofta", "adana-kebab"))
    request = read("ok which of those two then", context=context)
    assert request.intent == "choose"
    assert request.mentions == ["beef-kofta", "adana-kebab"]


@pytest.mark.parametrize(
    "text",
    [
        "my kid ate the falafel and now he's wheezing, he has a sesame allergy",
        "someone at our table collapsed after eating the prawns",
        "help, allergic reaction",
        "alergic reacshun pls help",
        "the shakshuka made me throw up",
        "we all got food poisoning after saturday",
        "my lips are tingling and swelling",
    ],
)
def test_harm_is_always_a_critical_complaint(text: str, read: Read) -> None:
    """A reaction or an illness report is a critical complaint, whatever the act model says, typos included."""
    request = read(text)
    assert request.intent == "complaint"
    assert request.complaint is not None
    assert request.complaint.harm
    assert request.complaint.severity == "critical"


@pytest.mark.parametrize(
    "text",
    [
        "I'm allergic to nuts, what can I eat?",
        "is the soup too spicy for kids?",
        "we got sick of waiting for the menu, what's good?",
        "my son is allergic to sesame, is the hummus safe?",
        "my son has a severe nut allergy and carries an epipen, which dessert can he have?",
        "Need to cancel. Family emergency came up. Booking was for 6 tomorrow night, name Alvarez.",
    ],
)
def test_allergy_talk_is_not_harm(text: str, read: Read) -> None:
    """Saying you have an allergy, or asking about one, is not a reaction."""
    request = read(text)
    assert not (request.complaint and request.complaint.harm)


def test_harm_follow_up_stays_critical(read: Read) -> None:
    """After a reaction report, "he ate the tart" is the same emergency, not a question about the tart."""
    request = read("he ate the tart", context=Context(harm=True))
    assert request.complaint is not None
    assert request.complaint.severity == "critical"


def test_symptom_after_an_allergy_is_harm(read: Read) -> None:
    """A symptom from a guest who told us of an allergy is a reaction."""
    context = Context(constraints=Constraints(allergies=["sesame"]))
    request = read("now he has a rash all over", context=context)
    assert request.complaint is not None
    assert request.complaint.harm


def test_booking_reads_every_detail(read: Read) -> None:
    """Party, day, time, name and contact, read against the venue's today."""
    request = read("Hi, I'd like to book a table for 2 this Saturday at 7:30pm. Name is Hannah Cole, 207-555-0148.")
    assert request.intent == "reservation"
    booking = request.booking
    assert booking is not None
    assert (booking.party, booking.date, booking.time) == (2, dt.date(2026, 12, 5), "19:30")
    assert (booking.name, booking.contact) == ("Hannah Cole", "207-555-0148")
    assert booking.missing == []


@pytest.mark.parametrize(
    ("text", "party", "time"),
    [
        ("can i book for 2 tomorrow at 8pm? Jamie Chen, jamie.chen@example.com", 2, "20:00"),
        ("2ppl thurs 730 under sam 2075550110", 2, "19:30"),
        ("table for 3 friday at 815, name Ruiz", 3, "20:15"),
    ],
)
def test_booking_reads_shorthand_parties_and_times(read: Read, text: str, party: int, time: str) -> None:
    """ "book for 2" (the "for" after "book"), "2ppl" run together, and "730" for half past seven; the digits
    of a phone number are never a time."""
    booking = read(text).booking
    assert booking is not None
    assert (booking.party, booking.time) == (party, time)


def test_pushing_a_booking_is_a_change(read: Read) -> None:
    request = read("Running late, can we push our 7pm tonight to 8:30?")
    assert request.intent == "reservation"
    assert request.booking is not None
    assert request.booking.action == "change"


def test_booking_details_given_later_fill_the_draft(read: Read) -> None:
    """A booking being put together is a form: the next message's name and phone fill it, whatever it looks like."""
    draft = Booking(party=4, date=dt.date(2026, 12, 4), time="20:00")
    request = read("Ines Moreau, +1 207 555 0156", context=Context(booking=draft))
    assert request.intent == "reservation"
    assert request.booking is not None
    assert request.booking.missing == []


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("we were there last night and the wine was poured out", "past"),
        ("we're coming next week and last time the music was too loud", "future"),
        ("we've been sitting here for forty minutes", "now"),
    ],
)
def test_time_frame(text: str, frame: str, read: Read) -> None:
    """A past visit, a coming one, or now at the table."""
    assert read(text).timeframe == frame


def test_no_alcohol_is_a_limit_that_holds(read: Read) -> None:
    """ "I'm pregnant so no alcohol" is a limit, like a diet, not a one-turn drink ask."""
    assert read("I'm pregnant so no alcohol for me — what would go with the lamb shoulder?").constraints.no_alcohol


def test_skip_about_a_named_dish_is_not_a_dislike(read: Read) -> None:
    """ "should I avoid the kofta?" asks about the kofta; it does not rule the kofta out."""
    request = read("should i avoid the kofta?")
    assert request.intent == "skip"
    assert request.mentions == ["beef-kofta"]
    assert "kofta" not in request.constraints.dislikes


def test_venue_fact_keys_of_the_venue_are_topics(read: Read) -> None:
    """A venue's own fact keys are asked about in their own words."""
    request = read("can we bring our own wine? what's corkage")
    assert request.intent == "venue"
    assert "corkage" in request.topics


def test_a_need_stated_beside_an_ask_does_not_drown_it(read: Read) -> None:
    """ "Shellfish allergy at our table." sets the scene; the sentence beside it is what is asked. Alone, a stated
    need is a request for picks."""
    request = read("Shellfish allergy at our table. Which of the mains would you not bother with?")
    assert request.intent == "skip"
    assert "crustacean-shellfish" in request.constraints.allergies
    assert read("Gluten free here.").intent == "recommend"


def test_a_kind_of_dish_named_as_a_group_reads_as_its_dishes(read: Read) -> None:
    """ "the dips" are the dishes whose names make them dips; a name that merely holds the word ("mixed grill") is
    that dish, not a group."""
    compared = read("so how are your three dips different from each other?")
    assert compared.intent == "compare"
    assert {"hummus", "muhammara", "baba-ghanoush"} <= set(compared.mentions)
    assert {"hummus", "muhammara", "baba-ghanoush"} <= set(read("which dip would you go for?").among)
    assert read("is the mixed grill enough for two").among == []


def test_a_drink_named_with_a_price_or_tonight_is_a_question() -> None:
    """A named drink and a price is a fact to look up; with a dish named too it is still a pairing."""
    assert _fallback("pairing", 1, 0, 0, False, facts=True) == "question"
    assert _fallback("drink", 1, 0, 0, False, facts=True) == "question"
    assert _fallback("pairing", 2, 1, 0, False, facts=True) == "pairing"
    assert _fallback("pairing", 1, 0, 0, False) == "pairing"


def test_a_bare_follow_up_asks_what_the_last_turn_asked(read: Read) -> None:
    """ "what about the 26th?" after an opening-hours question is an opening-hours question."""
    request = read("and what about boxing day", context=Context(last_act="venue"))
    assert request.intent == "venue"
    assert request.day == dt.date(2026, 12, 26)


def test_a_drink_follow_up_keeps_what_was_asked_before(read: Read) -> None:
    """ "we like red" then "by the glass under 15?" is a red by the glass under 15; a new kind starts afresh."""
    before = Context(last_act="drink", drink=DrinkAsk(kinds=frozenset({"wine"}), styles=frozenset({"red"})))
    request = read("and something by the glass under 15?", context=before)
    assert request.intent == "drink"
    assert request.drink.styles == {"red"}
    assert (request.drink.serve, request.drink.budget) == ("glass", 15)
    assert read("any beers on tap?", context=before).drink.styles == frozenset()


def test_a_taste_word_never_names_a_drink(read: Read) -> None:
    """The one dry rosé is not "dry": a style that says how a drink tastes ranks drinks and names none."""
    assert read("something dry and light by the glass").mentions == []
    assert read("is the rosé dry?").mentions == ["triennes-rose-2023"]


def test_a_sure_ask_is_not_overruled_by_the_complaint_model(read: Read) -> None:
    """Reviews taught the complaint model that "not worth the money" is a grievance; asked of a concierge it asks
    what to skip."""
    assert read("be straight with me, what here isn't worth the money").intent == "skip"


@pytest.mark.parametrize(
    ("text", "chat"),
    [
        ("thank you so much!", "thanks"),
        ("thanks, the knafeh was outstanding", "praise"),
        ("right, off we go, bye", "farewell"),
        ("hang on, is this a chatbot?", "about-bot"),
        ("hiya", "greeting"),
    ],
)
def test_small_talk_says_what_kind_it_is(text: str, chat: str, read: Read) -> None:
    request = read(text)
    assert request.intent == "smalltalk"
    assert request.chat == chat


def test_a_bare_name_answers_a_booking_that_asked_for_one(read: Read) -> None:
    """Asked for a name, "Ruth Adler" is the name; "sounds good" is nobody's."""
    pending = Booking(party=2, date=dt.date(2026, 12, 4), time="21:00")
    filled = read("Ines Moreau", context=Context(booking=pending))
    assert filled.intent == "reservation"
    assert filled.booking is not None
    assert filled.booking.name == "Ines Moreau"
    assert read("sounds good", context=Context(booking=pending)).booking is None


def test_a_day_asked_about_carries_into_the_booking_that_follows(read: Read) -> None:
    """ "do you have space this friday?" then "4 people at 8": the booking is for Friday."""
    request = read("4 people at 8", context=Context(last_act="venue", day=dt.date(2026, 12, 4)))
    assert request.intent == "reservation"
    assert request.booking is not None
    assert request.booking.date == dt.date(2026, 12, 4)


def test_a_drink_the_guest_does_not_drink_is_a_dislike_not_the_ask(read: Read) -> None:
    request = read("we don't really drink red wine")
    assert "red" in request.constraints.dislikes
    assert "red" not in request.drink.styles


@pytest.mark.parametrize(
    ("text", "below"),
    [
        ("a red by the glass under 15 bucks", True),
        ("mains less than $30", True),
        ("up to $15", False),
        ("15 max", False),
    ],
)
def test_under_a_price_is_below_it_and_up_to_includes_it(text: str, below: bool) -> None:
    assert budget_below(text) is below


def test_a_plural_drink_ask_wants_a_few(read: Read) -> None:
    assert read("which beers have you got from maine?").drink.several
    assert not read("a beer please").drink.several


def test_policy_questions_that_book_nothing_are_visit_facts() -> None:
    """ "can we bring the kids to an 8:30 booking?" asks the children policy; a booking needs a party or a day."""
    assert _fallback("reservation", 0, 0, 0, True, policy=True, books=False) == "venue"
    assert _fallback("reservation", 0, 0, 0, True, policy=True, books=True) == "reservation"
    assert _fallback("drink", 0, 0, 0, True, corkage=True) == "venue"
    assert _fallback("recommend", 0, 0, 0, False, drink_kinds=True) == "drink"


def test_misspelt_food_words_are_read_as_meant(read: Read) -> None:
    """ "chiken" is chicken and "vegitarian" a diet; "daily" stays daily (not dairy)."""
    assert "chicken" in read("whats ur best chiken dish").constraints.likes
    assert "vegetarian" in read("im vegitarian, what's good").constraints.dietary
    assert read("what's the daily special?").constraints.allergies == []
    assert "shellfish" not in read("wats ur best cocktale").constraints.likes  # a cocktail, not cockles


def test_an_intolerance_said_with_an_adverb_is_still_a_limit(read: Read) -> None:
    assert "milk" in read("only catch is dairy and me really don't get along").constraints.allergies


def test_no_red_meat_keeps_the_chicken_and_the_fish(read: Read) -> None:
    wants = read("what mains for someone who doesn't eat red meat?").constraints
    assert wants.dislikes == ["red meat"]


def test_another_day_after_asking_the_hours_asks_the_hours_again(read: Read) -> None:
    """ "are you open on the 24th?", then "what about the 26th then": the hours of the 26th, no booking; said with a
    party it books."""
    after_hours = Context(last_act="venue", topics=("hours",))
    assert read("what about the 26th then", context=after_hours).intent == "venue"
    assert read("what about saturday for 4 people?", context=after_hours).intent == "reservation"
