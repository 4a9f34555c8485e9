"""`concierge menu …`: tonight's menu for staff. 86 and restore dishes and drinks, add tonight's special."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from bot.errors import ConciergeError
from bot.knowledge.model import Dish
from bot.knowledge.venue import Item, VenueKnowledge
from bot.live_menu import LiveMenu
from bot.money import money
from bot.runtime import open_catalog
from bot.settings import Settings

app = typer.Typer(help="Tonight's menu: what has run out, and tonight's specials.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

VenueOpt = Annotated[str | None, typer.Option("--venue", help="Venue id (default: the only one, else the first).")]
ByOpt = Annotated[str, typer.Option("--by", help="Who is making the change.")]


def _open(venue: str | None) -> tuple[VenueKnowledge, LiveMenu]:
    settings = Settings()
    catalog, refresh = open_catalog(settings)
    if refresh.problem is not None:
        err.print(f"[yellow]warning:[/] {refresh.problem}", highlight=False, soft_wrap=True)
    return catalog.venue(venue or settings.venue), LiveMenu(settings.live_menu_dir)


def _fail(exc: ConciergeError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@app.command()
def show(venue: VenueOpt = None) -> None:
    """What is off tonight and what is on specially."""
    try:
        place, live = _open(venue)
        tonight = live.apply(place)
    except ConciergeError as exc:
        raise _fail(exc) from None
    items: list[Item] = [*tonight.dishes, *tonight.drinks]
    off = [i for i in items if not i.available]
    table = Table(title=f"{place.name} tonight")
    table.add_column("item")
    table.add_column("status")
    for item in off:
        table.add_row(f"{item.name} ({item.id})", "[red]off[/]")
    standing = {d.id for d in place.dishes}
    for dish in tonight.dishes:
        if dish.id not in standing:
            table.add_row(f"{dish.name} ({dish.id}), {money(dish.price, place.currency)}", "[green]special[/]")
    out.print(table)


@app.command("86")
def eighty_six(item_id: str, venue: VenueOpt = None, by: ByOpt = "staff") -> None:
    """Mark a dish or drink as run out for tonight."""
    try:
        place, live = _open(venue)
        live.eighty_six(place, item_id, by)
    except ConciergeError as exc:
        raise _fail(exc) from None
    out.print(f"{item_id} is off tonight.")


@app.command()
def restore(item_id: str, venue: VenueOpt = None, by: ByOpt = "staff") -> None:
    """Put a dish or drink back on."""
    try:
        place, live = _open(venue)
        live.restore(place, item_id, by)
    except ConciergeError as exc:
        raise _fail(exc) from None
    out.print(f"{item_id} is back on.")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@app.command()
def special(
    item_id: Annotated[str, typer.Argument(help="A new kebab-case id, e.g. halibut-special.")],
    name: Annotated[str, typer.Option("--name")],
    price: Annotated[float, typer.Option("--price")],
    description: Annotated[str, typer.Option("--description")],
    note: Annotated[str, typer.Option("--note", help="Why you'd order it, in your own words.")],
    author: Annotated[str, typer.Option("--author", help="Your staff id from venue.yaml.")],
    allergens: Annotated[str, typer.Option("--allergens", help="Comma-separated allergen words.")] = "",
    may_contain: Annotated[str, typer.Option("--may-contain")] = "",
    dietary: Annotated[str, typer.Option("--dietary", help="Comma-separated diet tags.")] = "",
    venue: VenueOpt = None,
) -> None:
    """Put tonight's special on, with your note. Allergens are required knowledge: say 'none' if there are none."""
    try:
        dish = Dish.model_validate(
            {
                "id": item_id,
                "name": name,
                "course": "special",
                "price": price,
                "description": description,
                "allergens": [a for a in _split(allergens) if a != "none"],
                "may_contain": _split(may_contain),
                "dietary": _split(dietary),
            }
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise _fail(ConciergeError(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}")) from None
    if not allergens:
        raise _fail(ConciergeError("--allergens is required for a special (use 'none' if it has none)."))
    try:
        place, live = _open(venue)
        live.add_special(place, dish, author=author, note=note)
    except ConciergeError as exc:
        raise _fail(exc) from None
    out.print(f"{name} is on tonight as a special.")


@app.command("remove-special")
def remove_special(item_id: str, venue: VenueOpt = None, by: ByOpt = "staff") -> None:
    """Take tonight's special off the menu."""
    try:
        place, live = _open(venue)
        live.remove_special(place, item_id, by)
    except ConciergeError as exc:
        raise _fail(exc) from None
    out.print(f"{item_id} is no longer on tonight.")


@app.command()
def reset(venue: VenueOpt = None, by: ByOpt = "staff") -> None:
    """Start a new service: nothing 86'd, no specials."""
    try:
        place, live = _open(venue)
        live.reset(place.id, by)
    except ConciergeError as exc:
        raise _fail(exc) from None
    out.print("Tonight's menu is back to the standing menu.")
