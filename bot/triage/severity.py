"""Category and severity of a complaint from the guest's own words: plain rules, no model.

The rules are for what words say plainly and an embedding blurs: "charged twice" is billing and "threw away our
leftovers" is a discarded item however the sentence around them reads, an allergic reaction is critical however
calmly it is told, and "an hour" is longer than "ten minutes". So:

- each rule cue has a category and a severity (a wait's severity comes from the duration named near it). The
  gravest cue names the category; on a tie a cue that names a fault beats a mere topic ("the bill", "the
  toilets"), then the category listed first in `PRIORITY` wins. The gravest cue of that category is the base
  severity;
- with no category cue the classifier's own guess (nearest centroid over the examples) names the category, and a
  verdict ("disappointing", "mediocre") or else the category's default in `DEFAULT_SEVERITY` is the base severity;
- intensity cues then move the severity: anger or lasting damage ("furious", "never coming back", "ruined our
  anniversary") one step up, two for two different ones, never past high (critical is kept for harm to a person);
  mild framing ("a bit slow", "just so you know") one step down, never below low and never down from critical.

Rules are only asked once a message reads as a complaint, so they never decide whether it is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import fold
from bot.triage.model import SEVERITIES, Category, Severity

PRIORITY: tuple[Category, ...] = (
    "allergen-safety",
    "wrong-missing-discarded",
    "billing",
    "staff-attitude",
    "cleanliness",
    "food-quality",
    "wait",
    "other",
)

DEFAULT_SEVERITY: dict[Category, Severity] = {
    "food-quality": "medium",
    "wrong-missing-discarded": "medium",
    "wait": "medium",
    "staff-attitude": "medium",
    "billing": "medium",
    "cleanliness": "medium",
    # A safety complaint with no plain cue is still one a person must read soon.
    "allergen-safety": "high",
    "other": "low",
}


@dataclass(frozen=True)
class Cue:
    """A phrase in the guest's message and what it says: a category (None for severity-only cues) and a severity."""

    phrase: str
    category: Category | None
    severity: Severity
    start: int = 0
    # False for a topic ("the bill", "the toilets"): it names a category without saying what went wrong.
    specific: bool = True


@dataclass(frozen=True)
class Assessment:
    category: Category
    severity: Severity
    cues: tuple[str, ...]


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "couple of": 2,
    "few": 3,
    "several": 3,
}
_NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")"
_DURATION_PATTERN = (
    r"\b(?P<half>half an?|quarter of an?)\s+hour\b|"
    r"\b(?P<n>" + _NUMBER + r")(?:[- ](?P<units>one|two|three|four|five|six|seven|eight|nine))?\s*"
    r"(?:and a half\s+)?(?P<unit>minutes?|mins?|hours?|hrs?|h)\b(?P<andhalf>\s+and a half)?"
)
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_DURATION = re.compile(_DURATION_PATTERN)

_ME = r"(?:my|our|his|her|their|the|a|your)"
_FOOD = (
    r"(?:food|dish|dishes|plate|meal|main|mains|starter|starters|dessert|soup|salad|pasta|pizza|burger|steak|"
    r"chicken|fish|fries|chips|rice|bread|sauce|curry|noodles|sandwich|wrap|taco|tacos|risotto|lamb|pork|beef|"
    r"coffee|tea|drink|drinks|wine|beer|cocktail|order|cake|pie|omelette|eggs|bowl|broth|stew|sushi)"
)
_OBJ = (
    r"(?:leftovers|left-overs|doggy bag|doggie bag|to-go box|takeaway box|box|wine|bottle|glass|glasses|food|"
    r"plates?|drinks?|cake|dessert|starters?|mains?|pizza|steak)"
)
_PERSON = (
    r"(?:i|he|she|we|they|mum|mom|dad|son|daughter|wife|husband|partner|friend|kid|child|baby|grandma|grandad|"
    r"grandmother|grandfather|father|mother|sister|brother)"
)

# (category, severity, pattern), read in this order; a later rule never claims words an earlier one took. A None
# severity marks a topic: it names the category and leaves the severity to the category's default. Patterns run
# on lower-cased text with straight apostrophes.
_RULES: tuple[tuple[Category | None, Severity | None, re.Pattern[str]], ...] = (
    # Harm to a person.
    (
        "allergen-safety",
        "critical",
        _rx(
            r"\ballergic reaction",
            r"\banaphyla\w*",
            r"\bepi-?pens?\b",
            r"\bhives\b",
            r"\b(?:lips?|throat|face|tongue|mouth|eyes?)\s+(?:\w+\s+){0,2}?(?:swell\w*|swollen|puff\w*|clos\w*|"
            r"tight\w*|itch\w*|tingl\w*)",
            r"\b(?:couldn'?t|could not|can'?t|cannot|struggl\w* to|hard to)\s+breathe",
            r"\b(?:had|having|has|got|went into)\s+(?:a\s+|an\s+)?(?:bad\s+|severe\s+|serious\s+|nasty\s+)?"
            r"(?:reaction|anaphylactic shock|shock)\b",
            r"\breact(?:ed|ing)\b",
            r"\ballerg\w*\s+(?:flared|kicked|started|went off|came on)",
            r"\bfood poisoning\b",
            # A person got sick: "that mixed grill was sick" is slang praise, so the subject must be someone.
            rf"\b{_PERSON}(?:'s|'re|'m)?\s+(?:\w+\s+)?(?:got|get|gotten|was|were|felt|feel|feeling|been|became|is|are|am)"
            r"\s+(?:\w+\s+)?(?:sick|ill|unwell|poorly)\b(?! of)",
            r"\bmade (?:me|us|him|her|them|everyone)\s+(?:\w+\s+)?(?:sick|ill|unwell|poorly)\b",
            r"\b(?:vomit\w*|threw up|throwing up|been sick|puk\w*|diarrh\w*|stomach (?:cramps|pains?|bug|ache)|"
            r"upset stomach|stomach (?:\w+\s+)?upset)",
            r"\b(?:in|to|into|at)\s+(?:the\s+)?(?:hospital|a&e|a and e|emergency room|urgent care)\b|\bambulance\b",
            r"\b(?:burn(?:ed|t|s)?|scald\w*|cut|sliced|hurt|bruised|sprained|twisted)\s+(?:\w+\s+)?"
            r"(?:hand|arm|mouth|tongue|finger|lip|gums?|leg|head|knee|foot|face|chin|back|wrist|ankle)s?\b",
            r"\b(?:burn(?:ed|t)|scalded)\s+(?:me|him|her|us|them|myself)\b",
            r"\b(?:a|nasty|bad|painful)\s+burns?\b",
            r"\b(?:chipped|broke|broken|cracked)\s+(?:a|my|his|her|their)\s+(?:\w+\s+)?tooth",
            r"\b(?:slipped|tripped)\b|\bfell\s+(?:over|down|off (?:the|a|his|her|my) chair)\b|\bhad a fall\b",
            r"\binjur\w*",
            r"\bbleed\w*",
        ),
    ),
    (
        "allergen-safety",
        "critical",
        # A declared allergy and the allergen served anyway: critical before anyone reacts.
        re.compile(
            # ...said, not asked: "celery allergy, is there celery in the soup?" is a question before the order.
            r"\b(?:allerg\w*|coeliac|celiac|intoleran\w*)\b"
            r"(?:(?!\b(?:is|are) there\b|\b(?:does|do|any)\b|\b(?:can|could) (?:you|u|the|they|it|we)\b)[^.!?]){0,80}?"
            r"\b(?:still|anyway|despite|even though|"
            r"contained|had (?:nuts|gluten|dairy|shellfish|sesame|egg)|in it|in (?:my|the|his|her)|came with|"
            r"came covered|covered in|full of|served)\b|"
            r"\b(?:despite|even though|after)\s+(?:we |i |she |he |they )?(?:told|telling|said|saying|mentioned|"
            r"mentioning|warned|warning|explained)\b[^.!?]{0,60}?\ballerg\w*"
        ),
    ),
    (
        "allergen-safety",
        "high",
        _rx(
            r"\b(?:piece|bit|shard|sliver|chunk|fragment)s?\s+of\s+(?:broken\s+)?(?:glass|metal|plastic|wire)",
            r"\b(?:glass|metal|plastic|wire|a staple|a screw|a bolt|a nail|a plaster|a band-?aid|a blue plaster)"
            r"\s+(?:\w+\s+){0,2}in\s+" + _ME,
            r"\bfound\s+(?:a\s+|some\s+)?(?:glass|metal|plastic|wire|staple|screw|bolt|nail|plaster|band-?aid)\b",
            r"\bbroken glass\b|\bglass (?:went )?everywhere\b|\bsmashed\b",
            r"\b(?:raw|pink|undercooked)\s+(?:in the middle\s+)?(?:chicken|pork)\b",
            r"\b(?:chicken|pork)\s+(?:was|were)\s+(?:still\s+)?(?:raw|pink|undercooked|bloody)",
            r"\ballerg\w*\s+(?:info|information|labels?|labelling|labeling|advice|matrix|list|menu|details)\b",
            r"\b(?:no idea|didn'?t know|did not know|wasn'?t sure|guess\w*)\b[^.!?]{0,40}?\b(?:nuts|gluten|"
            r"allergen\w*|dairy|shellfish|sesame)\b",
        ),
    ),
    # Something the guest ordered or owned: thrown away, wrong, or missing.
    (
        "wrong-missing-discarded",
        "high",
        _rx(
            r"\b(?:threw|thrown|throw|throwing|tossed|binned|chucked|dumped|scraped)\s+(?:\w+\s+){0,4}?"
            r"(?:away|out|in the bin|into the bin)\b",
            r"\b(?:threw|thrown|tossed|binned|chucked|dumped)\s+(?:away\s+|out\s+)?" + _ME + r"\s+(?:\w+\s+)?" + _OBJ,
            r"\bbinned\b|\b(?:ended up|went|gone) in(?:to)? the bin\b",
            r"\bpoured\s+(?:\w+\s+){0,4}?(?:out|away|down the sink|down the drain|into the sink)\b",
            r"\b(?:cleared|took|whisked|grabbed|removed|snatched)\s+(?:away\s+)?"
            + _ME
            + r"\s+(?:\w+\s+)?"
            + _OBJ
            + r"\s+(?:away\s+)?(?:before|while|when)\b",
            r"\b(?:cleared|took|whisked|grabbed|snatched)\s+" + _ME + r"\s+(?:\w+\s+)?" + _OBJ + r"\s+away\b",
            r"\b(?:leftovers|left-overs|doggy bag|doggie bag|to-go box|takeaway box)\b[^.!?]{0,40}?"
            r"\b(?:gone|disappeared|lost|missing|bin|thrown|binned)\b",
            r"\b(?:wine|bottle|leftovers|cake|food|drink|coat|bag)\b[^.!?]{0,50}?\b(?:was|were|had)\s+(?:all\s+)?"
            r"(?:gone|disappeared|vanished)\b",
        ),
    ),
    (
        "wrong-missing-discarded",
        "medium",
        _rx(
            r"\bwrong\s+(?:\w+\s+)?(?:order|dish|dishes|item|food|drink|wine|plate|meal|main|starter|side|table|"
            r"pizza|burger|steak|sauce|size|one|thing|coffee)",
            r"\bnot what (?:i|we|he|she|they) (?:had )?ordered",
            r"\b(?:never|didn'?t|did not)\s+(?:even\s+)?order(?:ed)?\s+(?:that|this|it|the|a|any)\b",
            r"\b(?:forgot|forgotten|forget)\s+(?:about\s+)?(?:my|our|his|her|the|it|them|to bring|to put|one of)\b",
            r"\bmissing\b",
            r"\bleft (?:off|out)\b",
            r"\bran out of\b",
            r"\b(?:asked|ordered|said)\s+(?:for\s+)?(?:\w+\s+){0,5}?(?:but|and)\s+(?:got|received|they brought|it came|"
            r"came with|was served|it was)",
            r"\b(?:got|brought|gave|sent)\s+(?:us\s+|me\s+)?(?:a|an|the)\s+(?:\w+\s+)?(?:when|but)\s+(?:i|we)\s+"
            r"(?:clearly\s+)?(?:said|asked|ordered)",
            r"\binstead of\b(?!\s+apologi)",
            r"\b(?:got|given|gave us|brought|served|sent)\s+(?:us\s+|me\s+)?someone else'?s\b",
        ),
    ),
    # Money.
    (
        "billing",
        "medium",
        _rx(
            r"\b(?:charged|billed)\s+(?:us\s+|me\s+|him\s+|her\s+)?(?:twice|double|two times|two|for|extra|more|"
            r"the wrong|a la carte|à la carte)",
            r"\bdouble[- ]charg\w*",
            r"\bovercharg\w*",
            r"\b(?:took|charged|billed|debited|paid|payments?)\b[^.!?]{0,30}?\b(?:twice|two times)\b",
            r"\btwo payments\b",
            r"\b(?:wrong|incorrect)\s+(?:\w+\s+)?(?:bill|amount|total|charge|price|change)",
            r"\b(?:bill|receipt|tab|check)\b[^.!?]{0,60}?\b(?:never|didn'?t|wrong|extra|twice|double|mistake|error|"
            r"incorrect)\b",
            r"\brefund\w*",
            r"\bservice (?:charge|fee)\b",
            r"\b(?:hidden|extra|surprise|no-show|cancellation|corkage|cakeage|booking)\s+(?:fee|charge|cost)s?",
            r"\bcharged corkage\b",
            r"\badded\s+(?:a\s+|the\s+|an?\s+)?(?:\w+\s+)?(?:tip|gratuity|service|charge)",
            r"\b(?:short[- ]?changed|wrong change|(?:didn'?t|did not) get (?:my|the right|the correct|any) change)",
            r"\b(?:didn'?t|did not|doesn'?t|does not)\s+(?:match|add up)\b",
            r"\b(?:took|kept|keeping)\s+(?:my|our|the)\s+deposit\b",
            r"\b(?:voucher|gift card)\b",
            r"\bcharged my card\b",
        ),
    ),
    # People.
    (
        "staff-attitude",
        "high",
        _rx(
            r"\brude\w*",
            r"\binsult\w*",
            r"\b(?:shout|yell|scream|snapp|snarl)(?:ed|ing|s)?\b",
            r"\bsarcas\w*",
            r"\bcondescend\w*",
            r"\bpatronis\w*|\bpatroniz\w*",
            r"\bmock(?:ed|ing)\b",
            r"\blaughed at\b",
            r"\bswore\b|\bswearing at\b",
            r"\brolled (?:his|her|their) eyes",
            r"\baggressive\w*",
            r"\bhostile\b",
            r"\bracis\w*|\bsexis\w*|\bhomophob\w*",
            r"\b(?:told|asked) us to (?:leave|get out|hurry up)",
            r"\b(?:kicked|threw|thrown|rushed|hurried) us out\b|\b(?:were|got) (?:rushed|hurried|kicked|thrown) out\b",
            r"\bmade (?:us|me|her|him) feel (?:unwelcome|stupid|small|like)",
            r"\barrogant\b|\bsnobb\w*|\bsnooty\b|\bsnotty\b|\bsnippy\b|\bcurt\b|\bshort with\b",
            r"\bbelittl\w*",
            r"\b(?:nasty|abusive|obnoxious)\b(?!\s+(?:burn|cut|fall|bruise))",
            r"\battitude\b",
            r"\b(?:argued|arguing) with (?:us|me|my)\b",
            r"\btook it out on\b",
        ),
    ),
    (
        "staff-attitude",
        "medium",
        _rx(
            r"\bignor\w*",
            r"\b(?:nobody|no one|no-one|none of (?:them|the staff)|not one (?:\w+\s+){0,3}?)\s*(?:even\s+)?"
            r"(?:looked|came|acknowledged|greeted|served|checked|noticed|bothered|cared|asked|offered|said|would)",
            r"\b(?:their|his|her)\s+phones?\b",
            r"\b(?:chatting|gossiping|joking|messing about|standing around|hanging around|stood around)\b",
            r"\b(?:laughing|talking)\s+(?:\w+\s+){0,3}?(?:among|amongst|with|to)\s+(?:themselves|each other|"
            r"one another)",
            r"\b(?:couldn'?t|could not|can'?t|cannot)\s+(?:get|catch|find)\s+(?:anyone|anybody|a waiter|"
            r"a server|their|someone|a member of staff)",
            r"\b(?:tried|trying|try)\s+to\s+(?:get|catch)\s+(?:[\w']+\s+){0,2}?(?:attention|eye)",
            r"\bto get anyone to\b|\b(?:wave|waving|flag|flagging) (?:\w+\s+){0,2}?(?:down|arms)\b",
            r"\bunfriendly\b|\bunhelpful\b|\binattentive\b|\bnot attentive\b|\bunprofessional\b|\bdismissive\b",
            r"\b(?:un|dis)interested\b|\bindifferent\b|\bdidn'?t (?:seem to )?care\b|\bcouldn'?t care less\b|"
            r"\bcouldn'?t be bothered\b",
            r"\bnever (?:once )?checked (?:on|in on) us\b|\bchecked on us\b",
            r"\bhad to (?:flag|wave|chase|hunt)\b",
            r"\b(?:walked|walking|walk) (?:right )?past (?:us|our table)\b",
            r"\b(?:grumpy|surly|stroppy|moody|bored|impatient|pushy)\b",
            r"\bshrug\w*|\bslamm\w*|\btold (?:us|me) off\b|\btold off\b|\bblamed (?:us|me)\b",
            r"\bkept disappearing\b|\bnever (?:came|come) back\b|\bunwelcoming\b",
        ),
    ),
    # Rooms, tables, tableware.
    (
        "cleanliness",
        "high",
        _rx(
            r"\b(?:cockroach\w*|roach(?:es)?|mouse|mice|rats?|vermin|droppings)\b",
            r"\bsmell\w* (?:of|like) (?:sewage|drains|urine|vomit)",
            r"\bfilth\w*",
        ),
    ),
    (
        "cleanliness",
        "medium",
        _rx(
            r"\bdirt\w*",
            r"\bgrim\w*|\bgrubby\b|\bcaked\b|\bcrusty\b",
            r"\bstick(?:y|iness)\b",
            r"\bstain\w*",
            r"\bsmudg\w*",
            r"\blipstick\b",
            r"\bunclean\b|\bunwashed\b|\bunhygienic\b|\bnot clean\b|\bhygiene\b|\bhadn'?t been (?:wiped|cleaned)\b",
            r"\b(?:dried|crusted|stuck)[- ]on\b|\bdried (?:\w+\s+)?(?:food|egg|sauce)\b",
            r"\bcrumbs\b",
            r"\bno (?:soap|toilet paper|loo roll|paper towels|hand towels)\b",
            r"\b(?:overflowing|full) bins?\b|\bbins? (?:were |was )?overflowing\b",
            r"\bsmell\w* (?:\w+\s+)?(?:bad|awful|terrible|horrible|musty|damp|stale|of bleach|of old)",
            r"\bstinks?\b|\bstank\b|\bstench\b",
            r"\b(?:mould|mold|damp) on the (?:walls?|ceiling|windows?)",
            r"\b(?:fruit flies|flies|wasps?)\s+(?:\w+\s+)?(?:everywhere|all over|buzzing)",
            r"\bhairs?\b[^.!?]{0,30}?\b(?:sink|floor|seat|toilet|bathroom|table)\b",
            r"\bsame cloth\b",
        ),
    ),
    # The room's temperature, read before the food's so "the room felt cold" is not cold food.
    (
        "other",
        "low",
        _rx(
            r"\b(?:room|place|restaurant|dining room|terrace|inside|in here|in there)\s+(?:felt|was|is|were|got)\s+"
            r"(?:\w+\s+)?(?:cold|freezing|chilly|hot|stuffy|boiling)\b",
        ),
    ),
    # The food and drink.
    (
        "food-quality",
        "high",
        _rx(
            r"\bhairs?\s+(?:\w+\s+){0,3}?(?:in|on)\s+" + _ME + r"\s+(?:\w+\s+)?" + _FOOD,
            # A hair in any named dish: menus name dishes the generic food words do not cover ("my fattoush").
            r"\bhairs?\s+(?:\w+\s+){0,2}?in\s+(?:my|our|his|her|their|the)\s+\w+",
            r"\bdropped\s+(?:\w+\s+){0,3}?(?:on the floor|on the ground)\b",
            r"\bfound\s+(?:a\s+|another\s+|some\s+)?(?:\w+\s+)?hairs?\b",
            r"\b" + _FOOD + r"\b[^.!?]{0,40}?\bhairs?\b|\bhairs?\b[^.!?]{0,25}?\b(?:baked|cooked) into\b",
            r"\b(?:fly|flies|bug|bugs|insect|insects|maggots?|worms?|slugs?|beetles?|caterpillars?|spiders?|ants)\s+"
            r"(?:\w+\s+){0,2}?in\s+" + _ME,
            r"\bfound\s+(?:a\s+|an\s+|some\s+)?(?:dead\s+)?(?:fly|bug|insect|maggot|worm|slug|beetle|caterpillar|"
            r"spider)",
            r"\b(?:rotten|mouldy|moldy|mould|mold|rancid|putrid|gone off|went off|expired|"
            r"out of date)\b",
            r"\b(?:smelled|smelt|tasted|tastes|smells|was|were|is|seemed)\s+(?:\w+\s+)?off\b(?!-)",
            r"\b(?:smelled|smelt|smells|tasted)\s+fishy\b",
            r"\b(?:sour|curdled) milk\b|\bmilk was sour\b",
            r"\binedible\b",
        ),
    ),
    (
        "food-quality",
        "medium",
        _rx(
            r"\b(?:stone[- ])?cold\b(?!\s+(?:drinks?|beers?|brew|water|wine|glass|one|air|in here|in the|inside|"
            r"outside|draught|draft|night|evening|weather|day))",
            r"\blukewarm\b|\btepid\b|\bnot (?:even )?(?:hot|warm)\b|\bbarely warm\b",
            r"\b(?:over|under)[- ]?(?:cooked|done|seasoned|salted|baked|ripe)\b",
            r"\braw\b",
            r"\bburn(?:t|ed)\b|\bcharred to\b|\bblackened\b",
            r"\b(?:dry|dried out|stale|soggy|limp|bland|blandest|tasteless|flavou?rless|insipid|greasy|grease|oily|"
            r"chewy|rubbery|tough|mush|mushy|watery|gluey|gristly|gristle|fatty|hard as|lumpy|congealed|curdled|"
            r"flat(?! white)|watered down|overpowering|slimy|wilted|runny|gritty|sandy|corked|doughy|melted|"
            r"frozen in the middle|still frozen|soapy)\b",
            r"\bno (?:flavou?r|taste|seasoning)\b|\blacked (?:flavou?r|taste|seasoning)\b|\bany seasoning\b",
            r"\b(?:too|way too|far too|so|very|incredibly|really)\s+(?:salty|sweet|sour|bitter|spicy|oily|greasy|"
            r"rich|dry)\b",
            r"\bmicrowaved\b|\breheated\b|\bfrom frozen\b|\b(?:out of|from) (?:a|the) (?:packet|freezer|tin|jar|bag)\b",
            r"\bnot fresh\b|\bwasn'?t fresh\b|\bweren'?t fresh\b",
            r"\btasted? (?:like|of) (?:cardboard|nothing|plastic|soap|bleach|the fridge|old)",
        ),
    ),
    (
        "food-quality",
        "low",
        _rx(
            r"\b(?:tiny|small|stingy|mean|measly|miserly)\s+(?:portions?|serving|servings|helping)",
            r"\bportions?\s+(?:was|were|is|are)\s+(?:\w+\s+)?(?:tiny|small|stingy|mean)",
        ),
    ),
    # The clock.
    (
        "wait",
        "medium",
        _rx(
            # Not the interjection: "wait, am I talking to a person?", "wait a sec".
            r"\bwait(?:ed|ing)\b|\bwaits?\b(?<!^wait)(?!\s+(?:a\s+)?(?:sec|second|minute|min|moment)\b)(?!\s*,)",
            r"\btook\s+(?:forever|ages|an age|so long|too long|far too long|way too long|an eternity)\b",
            r"\b(?:slow|slowly|slowest|sluggish)\b",
            r"\bdelay\w*",
            r"\b(?:ages|forever|an eternity)\b",
            r"\bstruggle to get\b|\b(?:took|take|takes) (?:a while|a long time|an age)\b",
            r"\bstill (?:no|not|nothing|haven'?t|hasn'?t)\b",
            r"\b(?:sat|stood|sitting|standing)\s+(?:there|around|at the (?:door|bar|table))\b",
            _DURATION_PATTERN,
        ),
    ),
    # Not there (yet): a wait or a missing item, so a plainer cue of either beats it.
    (
        "wrong-missing-discarded",
        None,
        _rx(
            r"\b(?:never|didn'?t|did not|still hasn'?t|hasn'?t|haven'?t|hadn'?t)\s+(?:\w+\s+)?(?:came|come|arrived|"
            r"arrive|turned up|showed up|brought|bring|got|received|there)\b",
            r"\b(?:wasn'?t|weren'?t) (?:in|there)\b",
            r"\bonly\s+(?:\w+\s+)?(?:of|out of)\s+(?:our|the)\b",
        ),
    ),
    # Everything else.
    (
        "other",
        "medium",
        _rx(
            r"\b(?:lost|no record of|couldn'?t find|gave away|gave (?:\w+\s+)?our)\s+(?:our|my|the)?\s*"
            r"(?:booking|reservation|table)",
            r"\b(?:booking|reservation)\s+(?:was|had been|got)\s+(?:lost|cancelled|canceled|deleted|given away)",
            r"\bwrong (?:date|day|time)\b",
        ),
    ),
    (
        "other",
        "low",
        _rx(
            r"\b(?:too|so|really|very|incredibly|far too|way too)\s+(?:loud|noisy|dark|hot|cold|cramped|crowded|"
            r"stuffy|draughty|drafty)\b",
            r"\b(?:freezing|boiling|sweltering|froze)\b",
            r"\bcold air\b",
            r"\b(?:wobbl\w*|uncomfortable|cramped|tiny)\s+(?:tables?|chairs?|seats?|booths?|stools?)",
            r"\b(?:tables?|chairs?|seats?|benches|booths?|stools?)\s+(?:was|were|is|are)\s+(?:\w+\s+)?"
            r"(?:uncomfortable|wobbly|cramped|hard)",
            r"\bwobbl\w*",
            r"\b(?:sat|seated|put|table)\s+(?:\w+\s+)?(?:next to|by|beside|near)\s+the\s+(?:toilets?|kitchen|door|"
            r"bins?|bathroom|loos?)",
            r"\b(?:overpriced|rip[- ]?off|not worth (?:it|the (?:money|price))|too expensive|pricey|price tag)\b",
            r"\b(?:no|the)\s+(?:parking|wifi|wi-fi)\b",
        ),
    ),
    # Topics: they name the category but say nothing of how bad, so the category's default severity holds and
    # any plainer cue beats them.
    ("billing", None, _rx(r"\b(?:bill|receipt|invoice|statement|card|payment|price|prices|tab|deposit)\b")),
    ("cleanliness", None, _rx(r"\b(?:toilets?|bathrooms?|restrooms?|loos?|washrooms?|gents|ladies)\b")),
    ("other", None, _rx(r"\b(?:music|noise|volume|temperature|air[- ]con\w*|heating|heaters?|draught|draft)\b")),
    # Verdicts with nothing named: with no other cue they say how bad, not what.
    (
        None,
        "medium",
        _rx(
            r"\b(?:disappoint\w*|unhappy|not happy|dissatisfied|displeased|let ?down|waste of (?:money|time)|"
            r"avoid|went wrong|wrong with|problem|issue|complaint|complain|bad|poor|joke|careless|regret\w*|"
            r"elsewhere|unpleasant|annoyed|waste)\b",
        ),
    ),
    (
        None,
        "low",
        _rx(
            r"\b(?:mediocre|nothing special|underwhelm\w*|so-so|forgettable|average|meh|just okay|just ok|"
            r"could (?:have|'ve) been better|not (?:that |very |so |too )?(?:great|good|impressive|impressed))\b",
            r"\b(?:wasn'?t|weren'?t|isn'?t|aren'?t)\s+(?:that |very |so |too |all that )?(?:great|good|impressive)\b",
            r"\b(?:didn'?t|did not|doesn'?t|does not|never) live up to\b",
        ),
    ),
)

_RAISE = _rx(
    r"\b(?:furious|livid|fuming|outraged|outrageous|appall\w*|disgust\w*|disgrace\w*|unacceptable|horrendous|"
    r"atrocious|abysmal|shocking|shocked|humiliat\w*|embarrass\w*|mortified|unbelievable|ridiculous|pathetic|"
    r"inexcusable|terrible|horrible|awful|worst)\b",
    r"\bnever\s+(?:\w+\s+)?(?:coming|going|come|go|be back|returning|eat(?:ing)? here)\b",
    r"\bnever again\b",
    r"\bwon'?t be (?:coming |going )?back\b|\bwon'?t (?:come|go|be) back\b|\bnot coming back\b",
    r"\bruin(?:ed|s|ing)?\b|\bspoil(?:ed|t)\b",
    r"\b(?:in tears|crying|cried|upset|angry|livid)\b",
    r"\b(?:lawyer|solicitor|trading standards|environmental health|health inspector|health department|"
    r"chargeback|report (?:you|this))\b",
    r"\b(?:one|1|zero|0|no)[- ]stars?\b",
    r"\b(?:would not|wouldn'?t|won'?t|will not|never)\s+(?:be\s+)?(?:go(?:ing)?|come|coming|return\w*)\s+back\b",
    r"\bwon'?t be returning\b|\bnot returning\b",
    r"\b(?:i'?ve|we'?ve|i have|we have) ever (?:had|experienced|eaten|seen|been)",
    r"\b(?:walked out|left without (?:eating|paying|food|our food)|gave up and left|ended up leaving)\b",
)
_LOWER = _rx(
    r"\b(?:a bit|a little|a tad|slightly|somewhat|kind of|kinda|sort of|fairly|a touch|marginally)\b(?! of\b)",
    r"\b(?:not a big deal|no big deal|not a huge deal|not the end of the world|minor|small thing|tiny thing|"
    r"nothing major|not a problem really)\b",
    r"\bjust (?:so you know|a heads[- ]up|letting you know|saying|fyi|mentioning|to let you know|flagging)\b",
    r"\b(?:only|one small|small) (?:complaint|niggle|gripe|quibble|issue)\b",
    r"\b(?:otherwise|but otherwise|apart from that|other than that)\b",
)
_NEGATED = re.compile(r"(?:\bnot|\bnever|n't|\bwasnt|\bisnt|\bno)\s+(?:\w+\s+)?$")


def wait_minutes(text: str) -> float | None:
    """The longest duration named in the text, in minutes ("forty-five minutes", "an hour and a half", "2 hrs")."""
    longest: float | None = None
    for match in _DURATION.finditer(fold(text)):
        if match.group("half"):
            minutes = 30.0 if match.group("half").startswith("half") else 15.0
        else:
            word = match.group("n")
            amount = float(word) if word[0].isdigit() else float(_WORD_NUMBERS[word])
            if match.group("units"):
                amount += _UNITS[match.group("units")]
            if "and a half" in match.group(0):
                amount += 0.5
            minutes = amount * 60 if match.group("unit").startswith("h") else amount
        longest = minutes if longest is None else max(longest, minutes)
    return longest


def wait_severity(minutes: float) -> Severity:
    """A long wait by how long: under a quarter of an hour is low, an hour or more is high."""
    if minutes >= 60:
        return "high"
    if minutes >= 15:
        return "medium"
    return "low"


def _grade(severity: Severity) -> int:
    return SEVERITIES.index(severity)


def find_cues(text: str) -> list[Cue]:
    """Every rule cue in the text, in reading order; a cue right after "not"/"never" ("wasn't cold") is dropped."""
    folded = fold(text)
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for category, severity, pattern in _RULES:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if any(start < stop and end > begin for begin, stop in taken):
                continue
            if _NEGATED.search(folded[max(0, start - 24) : start]):
                continue
            phrase = text[start:end].strip()
            if severity is None:
                assert category is not None
                cues.append(Cue(phrase, category, DEFAULT_SEVERITY[category], start, specific=False))
            else:
                graded = severity
                if category == "wait":
                    # Graded by the longest duration within a few words ("waited ... forty minutes").
                    minutes = wait_minutes(folded[max(0, start - 60) : end + 60])
                    graded = severity if minutes is None else wait_severity(minutes)
                cues.append(Cue(phrase, category, graded, start))
            taken.append((start, end))
    return sorted(cues, key=lambda cue: cue.start)


def intensity(text: str) -> tuple[int, list[str]]:
    """How far the guest's tone moves the severity, and the phrases that move it.

    +1 for words of anger or lasting harm ("furious", "never coming back", "ruined"), +2 when two different ones
    pile up ("furious, you ruined our anniversary"); -1 when the guest frames it as mild ("a bit", "just so you
    know"). Anger and mildness together cancel one step.
    """
    folded = fold(text)
    raised = [text[m.start() : m.end()] for m in _RAISE.finditer(folded)]
    lowered = [text[m.start() : m.end()] for m in _LOWER.finditer(folded)]
    up = min(len({phrase.lower() for phrase in raised}), 2)
    return up - (1 if lowered else 0), [*raised, *lowered]


def adjust(severity: Severity, step: int) -> Severity:
    """Move `step` grades; never past high on the way up, never down from critical."""
    if severity == "critical" or step == 0:
        return severity
    grade = min(_grade(severity) + step, _grade("high")) if step > 0 else max(_grade(severity) + step, 0)
    return SEVERITIES[grade]


def assess(text: str, fallback: Category = "other") -> Assessment:
    """Category, severity and the phrases behind them for a message already judged to be a complaint.

    `fallback` is the category to use when no rule names one (the classifier's guess from the examples).
    """
    cues = find_cues(text)
    named = [cue for cue in cues if cue.category is not None]
    verdicts = [cue for cue in cues if cue.category is None]
    drivers: list[Cue] = []
    if named:
        top = max(named, key=lambda cue: (_grade(cue.severity), cue.specific, -PRIORITY.index(_category(cue))))
        category = _category(top)
        drivers = [cue for cue in named if cue.category == category]
        base = max((cue.severity for cue in drivers), key=_grade)
    elif verdicts:
        category, drivers = fallback, verdicts
        base = max((cue.severity for cue in verdicts), key=_grade)
    else:
        category, base = fallback, DEFAULT_SEVERITY[fallback]
    step, moved_by = intensity(text)
    severity = adjust(base, step)
    phrases = [cue.phrase for cue in drivers]
    if severity != base:
        phrases += moved_by
    return Assessment(category, severity, tuple(dict.fromkeys(phrases)))


def _category(cue: Cue) -> Category:
    assert cue.category is not None
    return cue.category
