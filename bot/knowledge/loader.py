"""Read a knowledge root from disk into validated models, or fail with the file, field and line.

The format is ../shared/CONTRACT.md section 1. YAML is parsed once into nodes so that a pydantic error's location
(`dishes[3].allergens[0]`) can be traced back to the line the restaurant has to fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.errors import KnowledgeError
from bot.knowledge.model import Dish, Drink, Note, RemedyPolicy, RemedyTier, Venue, _slug
from bot.knowledge.venue import Knowledge, VenueKnowledge

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

DEFAULT_REMEDIES = RemedyPolicy(
    currency="USD",
    approval={"server": 25.0, "manager": 250.0},
    tiers=[
        RemedyTier(id="apologise-and-fix", examples=["fix the issue at the table now"]),
        RemedyTier(id="replace-and-gesture", examples=["replace the item at once", "dessert or a round on the house"]),
        RemedyTier(id="comp-item", examples=["take the item off the bill"]),
        RemedyTier(id="comp-course-or-bottle", examples=["take the course or the bottle off the bill"]),
        RemedyTier(id="manager-and-comp", examples=["manager visits the table", "comp and a return invitation"]),
        RemedyTier(id="safety-first", examples=["stop service of the dish", "first aid / emergency services"]),
    ],
    sla_minutes={"low": 30, "medium": 15, "high": 5, "critical": 1},
)


class _Parsed:
    """A YAML document as Python data plus the line each path starts on."""

    def __init__(self, data: Any, lines: dict[Loc, int]) -> None:
        self.data = data
        self.lines = lines

    def line_of(self, loc: Loc) -> int | None:
        # The error may point below the deepest node we saw (a missing key): walk up to the nearest known parent.
        for cut in range(len(loc), -1, -1):
            if (line := self.lines.get(loc[:cut])) is not None:
                return line
        return None


# libyaml when the wheel has it: parsing ~90 files in pure Python is most of a re-index's time.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str, file: str, first_line: int = 1) -> _Parsed:
    # One parse: compose the node tree (which keeps line marks), then build Python data from the same nodes.
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        raise KnowledgeError(file, f"is not valid YAML: {exc.problem or exc}", line=line) from None
    except yaml.YAMLError as exc:
        raise KnowledgeError(file, f"is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    if node is not None:
        _collect_lines(node, (), lines, first_line)
    return _Parsed(data, lines)


def _collect_lines(node: yaml.Node, loc: Loc, out: dict[Loc, int], first_line: int) -> None:
    out.setdefault(loc, node.start_mark.line + first_line)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            out[(*loc, name)] = key.start_mark.line + first_line
            _collect_lines(value, (*loc, name), out, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _collect_lines(item, (*loc, i), out, first_line)


def _field_name(loc: Loc, data: Any) -> str:
    """`('dishes', 3, 'allergens', 0)` → `dishes[3] (sea-bream).allergens[0]`: the id helps a person find the entry."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, Mapping) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, Mapping) else None
    return out


def _validate(model: type[M], data: Any, parsed: _Parsed, file: str, base: Loc = ()) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc: Loc = (*base, *(p for p in err["loc"] if isinstance(p, str | int)))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "is required but missing"
        elif err["type"] == "extra_forbidden":
            msg = "is not a field this file may have (check the spelling)"
        elif "input" in err and err["type"].startswith(("literal", "enum")):
            msg = f"'{err['input']}' is not allowed: {msg}"
        field = _field_name(loc, parsed.data) if loc else None
        raise KnowledgeError(file, msg, field=field, line=parsed.line_of(loc)) from None


def _read(path: Path, root: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise KnowledgeError(_rel(path, root), "is not UTF-8 text") from None
    except OSError as exc:
        raise KnowledgeError(_rel(path, root), f"cannot be read: {exc.strerror}") from None


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _mapping_file(path: Path, root: Path, key: str | None) -> tuple[_Parsed, str]:
    file = _rel(path, root)
    parsed = _parse_yaml(_read(path, root), file)
    if not isinstance(parsed.data, dict):
        raise KnowledgeError(file, "must be a YAML mapping" + (f" with a '{key}:' list" if key else ""), line=1)
    if key is not None and not isinstance(parsed.data.get(key), list):
        line = parsed.line_of((key,)) if key in parsed.data else 1
        raise KnowledgeError(file, f"must hold a list under '{key}:'", field=key, line=line)
    return parsed, file


def _items(model: type[M], path: Path, root: Path, key: str) -> list[tuple[M, _Parsed, str]]:
    parsed, file = _mapping_file(path, root, key)
    extra = set(parsed.data) - {key}
    if extra:
        name = sorted(extra)[0]
        raise KnowledgeError(file, "is not a field this file may have", field=name, line=parsed.line_of((name,)))
    return [(_validate(model, raw, parsed, file, (key, i)), parsed, file) for i, raw in enumerate(parsed.data[key])]


def _split_front_matter(text: str, file: str) -> tuple[str, str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise KnowledgeError(file, "must start with a '---' line opening the front matter", line=1)
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]).strip()
    raise KnowledgeError(file, "has no closing '---' line after the front matter", line=1)


def _load_note(path: Path, root: Path) -> tuple[Note, _Parsed, str]:
    file = _rel(path, root)
    front, body = _split_front_matter(_read(path, root), file)
    parsed = _parse_yaml(front, file, first_line=2)
    if not isinstance(parsed.data, dict):
        raise KnowledgeError(file, "front matter must be a YAML mapping", line=2)
    for reserved in ("id", "body"):
        if reserved in parsed.data:
            raise KnowledgeError(
                file,
                "comes from the file name and text, not the front matter",
                field=reserved,
                line=parsed.line_of((reserved,)),
            )
    if not body:
        raise KnowledgeError(file, "has no text after the front matter: the note is the staff member's own words")
    try:
        note_id = _slug(path.stem)
    except ValueError as exc:
        raise KnowledgeError(file, f"file name is not a valid note id: {exc}") from None
    return _validate(Note, {**parsed.data, "id": note_id, "body": body}, parsed, file), parsed, file


def _unique(entries: Iterable[tuple[str, str, _Parsed, Loc]], what: str) -> None:
    seen: set[str] = set()
    for ident, file, parsed, loc in entries:
        if ident in seen:
            raise KnowledgeError(file, f"duplicate {what} id '{ident}'", field="id", line=parsed.line_of(loc))
        seen.add(ident)


def load_venue(folder: Path) -> VenueKnowledge:
    """Load and cross-check one venue folder."""
    root = folder.parent
    try:
        venue_id = _slug(folder.name)
    except ValueError as exc:
        raise KnowledgeError(_rel(folder, root), f"folder name is not a valid venue id: {exc}") from None
    for required in ("venue.yaml", "menu.yaml"):
        if not (folder / required).is_file():
            raise KnowledgeError(_rel(folder / required, root), "is required but missing")

    parsed, file = _mapping_file(folder / "venue.yaml", root, None)
    venue = _validate(Venue, parsed.data, parsed, file)

    dishes = _items(Dish, folder / "menu.yaml", root, "dishes")
    drinks = _items(Drink, folder / "drinks.yaml", root, "drinks") if (folder / "drinks.yaml").is_file() else []
    _unique(
        [(d.id, f, p, ("dishes", i, "id")) for i, (d, p, f) in enumerate(dishes)]
        + [(d.id, f, p, ("drinks", i, "id")) for i, (d, p, f) in enumerate(drinks)],
        "dish or drink",
    )

    remedies = DEFAULT_REMEDIES
    if (folder / "remedies.yaml").is_file():
        parsed, file = _mapping_file(folder / "remedies.yaml", root, None)
        remedies = _validate(RemedyPolicy, parsed.data, parsed, file)

    notes_dir = folder / "notes"
    paths = sorted(notes_dir.glob("*.md")) if notes_dir.is_dir() else []
    notes = [_load_note(p, root) for p in paths]
    staff = {s.id for s in venue.staff}
    items = {d.id for d, _, _ in dishes} | {d.id for d, _, _ in drinks}
    for note, parsed, file in notes:
        if note.author not in staff:
            raise KnowledgeError(
                file,
                f"'{note.author}' is not a staff id in venue.yaml (known: {', '.join(sorted(staff))})",
                field="author",
                line=parsed.line_of(("author",)),
            )
        for key in ("about", "pairs_with"):
            for i, ref in enumerate(getattr(note, key)):
                if ref not in items:
                    raise KnowledgeError(
                        file,
                        f"'{ref}' is not a dish or drink id in menu.yaml or drinks.yaml",
                        field=f"{key}[{i}]",
                        line=parsed.line_of((key, i)),
                    )

    return VenueKnowledge(
        id=venue_id,
        venue=venue,
        dishes=[d for d, _, _ in dishes],
        drinks=[d for d, _, _ in drinks],
        notes=[n for n, _, _ in notes],
        remedies=remedies,
    )


def venue_folders(root: Path) -> list[Path]:
    """The venue folders of a knowledge root, by id: every folder holding a venue.yaml."""
    if not root.is_dir():
        raise KnowledgeError(str(root), "is not a folder: point --knowledge at a knowledge root")
    folders = sorted(
        p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "venue.yaml").exists()
    )
    if not folders:
        raise KnowledgeError(str(root), "holds no venue: expected <root>/<venue-id>/venue.yaml")
    return folders


def load_root(root: Path) -> Knowledge:
    """Load every venue under a knowledge root, stopping at the first malformed file."""
    return Knowledge(venues={f.name: load_venue(f) for f in venue_folders(root)})
