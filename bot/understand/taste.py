"""The taste vocabulary, read in both directions: a guest's words ("love heat") and a dish's words ("harissa").

One table serves both so that "spicy" means the same thing when a guest asks for it and when the recommender tags a
dish with it. Matching is by whole words after folding case and accents, longest phrase first, with the simple
plurals of a phrase's last word ("prawns", "anchovies"). The word matcher lives here because the allergen and diet
lexicon and the dish-name matcher reuse it: one tokenizer means a phrase can never match in one place and not in
another.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from bot.text import Hit, Phrasebook, Words, fold, forms, phrases, split_words, words_of

__all__ = ["Hit", "Phrasebook", "Words", "fold", "forms", "phrases", "split_words", "words_of"]

# canonical taste -> (what a guest calls it, what a dish's words show of it), each a comma-separated list. The split
# matters when reading a guest's dislike: "hate cilantro" dislikes coriander, but "hate dill" dislikes dill, not every
# herby dish.
_VOCABULARY: dict[str, tuple[str, str]] = {
    "spicy": (
        "spicy, spice, spicier, spiciest, spiciness, heat, hot, fiery, kick, chili, chilli, chile, hot sauce",
        "harissa, zhoug, zhug, aleppo, urfa, cajun, jalapeno, habanero, chipotle, sriracha, gochujang, "
        "nduja, scotch bonnet, peri peri, piri piri, sichuan, szechuan, cayenne, biber",
    ),
    "smoky": (
        "smoky, smokey, smoke, smoked, smokiness, charred, char, chargrilled, char grilled, grilled, grill, "
        "flame grilled, wood fired, woodfired, barbecue, barbecued, bbq, blackened",
        "embers, coals, mesquite, hickory, tandoori, plancha",
    ),
    "citrus": (
        "citrus, citrusy, lemony, zesty, zest",
        "lemon, lime, orange, grapefruit, yuzu, bergamot, clementine, mandarin, kumquat",
    ),
    "herby": (
        "herby, herbal, herbaceous, herb",
        "mint, minty, parsley, dill, basil, tarragon, chervil, oregano, thyme, rosemary, sage, chive, "
        "za'atar, zaatar, chimichurri, salsa verde, pesto, gremolata, chermoula",
    ),
    "garlic": (
        "garlic, garlicky",
        "toum, aioli, allioli",
    ),
    "sweet": (
        "sweet, sweetness, sweeter, sugary",
        "honey, syrup, maple, caramel, sugar, candied, jam, molasses, toffee, treacle, meringue, dulce de leche",
    ),
    "chocolate": (
        "chocolate, chocolatey, chocolaty, cocoa, cacao, chocoholic, chocaholic",
        "ganache, brownie, fudge, mocha, gianduja, chocolate truffle, hot chocolate",
    ),
    "rich": (
        "rich, richer, indulgent, decadent, heavy, hearty, unctuous, buttery",
        "butter, brown butter, beurre blanc, bone marrow, marrow, confit, braised, slow cooked, ragu, gravy",
    ),
    # Food for a fussy eater: the menu rarely says it, the staff do ("familiar", "nothing weird"), so a guest who
    # asks for it is matched on the notes that back a dish (`SAID_BY_STAFF`).
    "plain": (
        "plain, simple, unfussy, familiar, nothing weird, nothing too weird, fussy eater, fussiest eater, "
        "picky eater, pickiest eater, kid friendly, safe pick",
        "",
    ),
    "light": (
        "light, lighter, fresh, refreshing, bright, delicate, clean, healthy, lean",
        "salad, crudo, ceviche, tartare, carpaccio, raw, poached, steamed, crisp white, crisp acidity, "
        "tabbouleh, fattoush",
    ),
    "crispy": (
        "crispy, crisp, crispier, crunchy, crunch",
        "fried, deep fried, tempura, crackling, crumb, breadcrumbs, panko, schnitzel, fritter, croquette, "
        "pakora, fries, crust, crusted, cracker",
    ),
    "creamy": (
        "creamy, creamier, creamiest, cream, creaminess, silky, velvety, smooth",
        "crema, yogurt, yoghurt, labneh, custard, bechamel, creme fraiche, sour cream, whipped, mousse, "
        "puree, hummus, panna cotta, ice cream, gelato",
    ),
    "sour": (
        "sour, tangy, tartness, acidic, acidity, vinegary, pickled, pickle, fermented",
        "vinegar, sumac, tamarind, pomegranate molasses, kimchi, sauerkraut, verjus, amba",
    ),
    "nutty": (
        "nutty, nut",
        "walnut, almond, pistachio, hazelnut, pecan, cashew, pine nut, macadamia, peanut, praline, marzipan, "
        "frangipane, dukkah, romesco, tahini, sesame",
    ),
    "earthy": (
        "earthy, earthiness",
        "truffle, beetroot, beet, lentil, freekeh, celeriac, parsnip, root vegetable",
    ),
    "seafood": (
        "seafood, fruits de mer, frutti di mare",
        "",
    ),
    "fish": (
        "fish, fishy",
        "bream, sea bream, bass, sea bass, branzino, snapper, red snapper, tuna, tuna steak, salmon, "
        "salmon steak, cod, hake, halibut, trout, mackerel, sardine, anchovy, swordfish, monkfish, turbot, "
        "dover sole, lemon sole, mullet, red mullet, john dory, plaice, haddock, barramundi, grouper, "
        "kingfish, yellowtail, hamachi, bottarga, caviar, eel, gravlax",
    ),
    "shellfish": (
        "shellfish, crustacean, mollusc, mollusk",
        "prawn, shrimp, crab, lobster, langoustine, crayfish, crawfish, scampi, scallop, mussel, clam, "
        "oyster, squid, calamari, octopus, cuttlefish, cockle, whelk, sea urchin, uni",
    ),
    "meat": (
        "meat, meaty, carnivore",
        "charcuterie, sausage, kofta, kebab, meatball, venison, rabbit, goat, quail, veal",
    ),
    "red meat": (
        "red meat",
        "",
    ),
    "lamb": (
        "lamb, mutton, hogget",
        "merguez",
    ),
    "beef": (
        "beef, steak",
        "brisket, wagyu, short rib, ribeye, rib eye, sirloin, bavette, hanger, flank, oxtail, bresaola, "
        "pastrami, burger, bulgogi",
    ),
    "chicken": (
        "chicken, poultry",
        "poussin, hen, guinea fowl",
    ),
    "duck": (
        "duck",
        "magret, foie gras, goose",
    ),
    "pork": (
        "pork, pig",
        "bacon, ham, pancetta, prosciutto, chorizo, guanciale, lardo, jamon, serrano, iberico, porchetta, "
        "salami, sobrasada, morcilla, black pudding",
    ),
    "vegetables": (
        "vegetable, veg, veggie, greens",
        "cauliflower, cauliflower steak, carrot, courgette, zucchini, squash, pumpkin, broccoli, broccolini, "
        "spinach, kale, chard, okra, asparagus, artichoke, fennel, pea, green bean, sweet potato, potato, "
        "cabbage, radish, cucumber, red pepper, corn, sweetcorn",
    ),
    "cheese": (
        "cheese, cheesy",
        "feta, halloumi, parmesan, parmigiano, pecorino, manchego, ricotta, mozzarella, burrata, gruyere, "
        "comte, cheddar, gorgonzola, roquefort, stilton, mascarpone, brie, camembert, taleggio, paneer, "
        "queso, akkawi, kashkaval",
    ),
    "coriander": (
        "coriander, cilantro",
        "",
    ),
    "mushroom": (
        "mushroom, fungi, shroom",
        "porcini, chanterelle, morel, shiitake, oyster mushroom, enoki, maitake, girolle, cep",
    ),
    "aubergine": (
        "aubergine, eggplant, brinjal",
        "baba ganoush, baba ghanoush, baba ghanouj, moussaka, melanzane, imam bayildi",
    ),
    "rice": (
        "rice",
        "risotto, pilaf, pilau, paella, biryani, arancini, congee, mujaddara",
    ),
    "bread": (
        "bread",
        "flatbread, pita, pitta, sourdough, focaccia, toast, laffa, lavash, naan, bun, brioche, crostini, "
        "bruschetta, baguette, ciabatta, pide, manakish",
    ),
    "olive": (
        "olive",
        "tapenade, kalamata, castelvetrano",
    ),
    "tomato": (
        "tomato",
        "passata, marinara, pomodoro, gazpacho",
    ),
    "pasta": (
        "pasta, noodle",
        "spaghetti, linguine, tagliatelle, pappardelle, rigatoni, penne, fettuccine, orecchiette, gnocchi, "
        "ravioli, tortellini, lasagne, lasagna, orzo, bucatini, ramen, udon, soba",
    ),
}

# A dish that shows a child shows its parent too: lamb is meat, so "no meat" keeps the guest off the lamb.
PARENTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        # "No red meat" keeps a guest off the lamb, the beef and the pork, and leaves them the chicken and duck.
        "lamb": ("meat", "red meat"),
        "beef": ("meat", "red meat"),
        "pork": ("meat", "red meat"),
        "red meat": ("meat",),
        "chicken": ("meat",),
        "duck": ("meat",),
        "fish": ("seafood",),
        "shellfish": ("seafood",),
        "chocolate": ("sweet",),
        "mushroom": ("earthy",),
        "aubergine": ("vegetables",),
        "tomato": ("vegetables",),
        "coriander": ("herby",),
    }
)

# Phrases that contain a cue without meaning it.
_NOT_A_TASTE = phrases(
    "olive oil, extra virgin olive oil, nut free, peanut free, tree nut free, served hot, piping hot, hot dog, "
    "hot water, hot or cold, what's hot, hot right now, kick off, date night, "
    # A menu that calls its pepper mild is telling heat-seekers to look elsewhere.
    "mild aleppo pepper, mild aleppo, mild chili, mild chilli, mild pepper, mild harissa"
)

TASTES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {taste: phrases(names) + phrases(shown) for taste, (names, shown) in _VOCABULARY.items()}
)


class Cue(NamedTuple):
    """What a matched word says: its taste, and whether the word names the taste itself ("heat") or only shows it
    ("harissa")."""

    taste: str
    named: bool


_BOOK: Phrasebook[Cue] = Phrasebook(
    [
        (word, Cue(taste, named))
        for taste, (names, shown) in _VOCABULARY.items()
        for named, words in ((True, names), (False, shown))
        for word in phrases(words)
    ],
    ignore=_NOT_A_TASTE,
)


def find_tastes(folded: str | Words) -> list[Hit[Cue]]:
    """Every taste cue in already-folded text, in order, for readers that care where each one sits."""
    return _BOOK.find(folded)


def ancestors(taste: str) -> tuple[str, ...]:
    """The broader tastes a taste belongs to, nearest first (lamb -> meat)."""
    found: list[str] = []
    pending = list(PARENTS.get(taste, ()))
    while pending:
        parent = pending.pop(0)
        if parent not in found:
            found.append(parent)
            pending.extend(PARENTS.get(parent, ()))
    return tuple(found)


PROTEIN_KINDS = ("meat", "seafood")
# Tastes a menu never writes down and only the staff's notes do ("familiar", "nothing weird"): a dish's notes count
# as plainly showing them.
SAID_BY_STAFF = frozenset({"plain"})


def other_proteins(taste: str, *, same_kind: bool) -> tuple[str, ...]:
    """What a guest who eats only this protein will not eat: the other proteins of its kind ("the only meat I eat
    is chicken": lamb, beef, pork, duck) and, unless the kind was named, the other kinds too ("I only eat
    chicken": no fish either). () for a taste that is no protein."""
    kinds = [k for k in (taste, *ancestors(taste)) if k in PROTEIN_KINDS]
    if not kinds:
        return ()
    own = {taste, *ancestors(taste)}
    out = [t for t in TASTES if t not in own and kinds[0] in ancestors(t)]
    if not same_kind:
        out += [k for k in PROTEIN_KINDS if k not in own]
    return tuple(out)


def tastes_in(text: str) -> set[str]:
    """The tastes a dish's or drink's words show, with their parents ("lamb, harissa" -> lamb, meat, spicy)."""
    found: set[str] = set()
    for hit in _BOOK.find(fold(text)):
        found.add(hit.value.taste)
        found.update(ancestors(hit.value.taste))
    return found


def taste_words(taste: str) -> tuple[str, ...]:
    """The cue words for a taste and for every narrower taste under it ("seafood" includes "prawn"); () if unknown."""
    words = list(TASTES.get(taste, ()))
    for child in TASTES:
        if taste in ancestors(child):
            words.extend(TASTES[child])
    return tuple(dict.fromkeys(words))
