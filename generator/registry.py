"""``content/speakers.yml``: the people an archive quotes, as the archivist knows them.

The registry wins over the extractor: a name or alias listed here always resolves to
its canonical speaker, and only people missing from it are named as the text writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from generator.config import nearest
from generator.dates import DateError, parse_date
from generator.errors import Collector, Location, Problem, TlgenError
from generator.ids import is_slug, slugify
from generator.model import Speaker
from generator.yamlload import load_yaml

KEYS = ("name", "aliases", "role", "description", "wikidata", "slug")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The comparison form of a name: case, curly apostrophes and spacing do not count."""
    return " ".join(name.replace("’", "'").casefold().split())


@dataclass(frozen=True, slots=True)
class Registry:
    """Speakers by slug, every name and alias (folded) to the slug it stands for, and
    aliases that name one person only for a time ("the Russian president")."""

    speakers: dict[str, Speaker] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    scoped: dict[str, list[tuple[str, date | None, date | None]]] = field(default_factory=dict)

    def lookup(self, name: str, when: date | None = None) -> Speaker | None:
        folded = fold(name)
        slug = self.names.get(folded)
        if slug is None and when is not None:
            for candidate, start, end in self.scoped.get(folded, ()):
                if (start is None or start <= when) and (end is None or when <= end):
                    slug = candidate
                    break
        return self.speakers[slug] if slug else None


def parse_registry(text: str, path: str) -> Registry:
    """Validate a speakers.yml; every problem is reported with its line."""
    doc = load_yaml(text, path)
    data = doc.data if doc.data is not None else []
    if isinstance(data, dict) and "speakers" in data and len(data) == 1:
        data = data["speakers"]
        prefix: tuple[str | int, ...] = ("speakers",)
    else:
        prefix = ()
    if not isinstance(data, list):
        raise TlgenError(
            [
                Problem(
                    "speakers.yml must be a list of speakers",
                    Location(path, 1),
                    "each item: '- name: Vladimir Putin' with aliases, role, description",
                )
            ]
        )
    problems = Collector()
    scoped: dict[str, list[tuple[str, date | None, date | None]]] = {}
    speakers: dict[str, Speaker] = {}
    names: dict[str, str] = {}
    where: dict[str, int] = {}
    for index, item in enumerate(data):
        key = (*prefix, index)
        loc = doc.loc(*key)
        if not isinstance(item, dict):
            problems.error(
                "a speaker must be a mapping with at least 'name'", loc, "e.g. - name: Full Name"
            )
            continue
        for k in item:
            if k not in KEYS:
                problems.error(f"unknown key {k!r}", doc.loc(*key, k), nearest(k, KEYS))
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.error("speaker without a 'name'", loc, "add 'name: Full Name'")
            continue
        scoped_aliases: list[tuple[str, date | None, date | None, Location]] = []
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list):
            problems.error(
                "'aliases' must be a list of names",
                doc.loc(*key, "aliases"),
                "e.g. aliases: [Putin, President Putin]",
            )
            aliases = []
        plain: list[str] = []
        for position, alias in enumerate(aliases):
            alias_loc = doc.loc(*key, "aliases", position)
            if isinstance(alias, str):
                plain.append(alias)
            elif isinstance(alias, dict) and isinstance(alias.get("name"), str):
                for k in alias:
                    if k not in ("name", "from", "to"):
                        problems.error(
                            f"unknown key {k!r} in a dated alias",
                            alias_loc,
                            nearest(k, ("name", "from", "to")),
                        )
                try:
                    span = [
                        parse_date(str(alias[k])) if alias.get(k) else None for k in ("from", "to")
                    ]
                except DateError as exc:
                    problems.error(str(exc), alias_loc, "dates read like from: 2012-05-07")
                    continue
                scoped_aliases.append((alias["name"], span[0], span[1], alias_loc))
            else:
                problems.error(
                    "an alias is a name, or {name, from, to} for a role held for a time",
                    alias_loc,
                    "e.g. - {name: the Russian president, from: 2012-05-07}",
                )
        aliases = plain
        texts = {}
        for k in ("role", "description", "wikidata", "slug"):
            value = item.get(k)
            if value is not None and not isinstance(value, str):
                problems.error(f"{k!r} must be text", doc.loc(*key, k), "put it in quotes")
                value = None
            texts[k] = (value or "").strip()
        slug = texts["slug"] or slugify(name)
        if not is_slug(slug):
            problems.error(
                f"slug {slug!r} is not a URL-safe name",
                doc.loc(*key, "slug"),
                f"e.g. {slugify(slug)!r}",
            )
            continue
        if slug in speakers:
            problems.error(
                f"two speakers claim /speakers/{slug}/ (the first on line {where[slug]})",
                loc,
                "give one of them a 'slug:' of its own",
            )
            continue
        where[slug] = loc.line
        speakers[slug] = Speaker(
            slug=slug,
            name=name.strip(),
            aliases=tuple(a.strip() for a in aliases if a.strip()),
            role=texts["role"],
            description=texts["description"],
            wikidata=texts["wikidata"],
        )
        for position, alias in enumerate([name, *aliases]):
            folded = fold(alias)
            if not folded:
                continue
            other = names.get(folded)
            if other is not None and other != slug:
                alias_loc = doc.loc(*key, "aliases", position - 1) if position else loc
                problems.error(
                    f"{alias!r} already names {speakers[other].name} (line {where[other]})",
                    alias_loc,
                    "an alias must name one person; remove it from one of them",
                )
                continue
            names[folded] = slug
        for alias, start, end, alias_loc in scoped_aliases:
            spans = scoped.setdefault(fold(alias), [])
            for other, o_start, o_end in spans:
                if _overlap(start, end, o_start, o_end):
                    problems.error(
                        f"{alias!r} names {speakers[other].name} in the same time",
                        alias_loc,
                        "dated aliases of one name must not overlap",
                    )
            spans.append((slug, start, end))
    problems.raise_if_errors()
    return Registry(speakers=speakers, names=names, scoped=scoped)


def _overlap(a: date | None, b: date | None, c: date | None, d: date | None) -> bool:
    return (a is None or d is None or a <= d) and (c is None or b is None or c <= b)


def load_registry(path: Path, display: str) -> Registry:
    """An absent file is an empty registry: everyone is named as the text writes them."""
    if not path.is_file():
        return Registry()
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise TlgenError(
            [
                Problem(
                    f"not valid UTF-8 at byte {exc.start}",
                    Location(display),
                    "save the file as UTF-8",
                )
            ]
        ) from None
    return parse_registry(text, display)
