"""Pages from a finished Site through the theme's Jinja templates; returns Outputs and
writes nothing.

Template lookup, first match wins: the site's ``templates/`` folder, then
``themes/<theme>/templates/`` in the site, then the theme shipped with tlgen. Static files
merge the same way (``themes/<theme>/static/`` then the site's ``static/``), file by file,
so a site overrides one template or one stylesheet without copying the theme.

Templates see views (plain dicts), not the internal records, so the records can change
without breaking a user's templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import __version__
from generator.config import Config
from generator.errors import Location, Problem, TlgenError
from generator.export import event_json, event_url
from generator.model import Entry, Event, Output
from generator.site import Site

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_themes_dir() -> Path:
    """Beside the package in a checkout; inside it in an installed wheel."""
    inside = _PACKAGE_DIR / "themes"
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / "themes"


def theme_dirs(config: Config) -> list[Path]:
    """The theme folders in lookup order; a theme that exists nowhere is an error."""
    found = [
        d
        for d in (config.root / "themes" / config.theme, builtin_themes_dir() / config.theme)
        if d.is_dir()
    ]
    if not found:
        available = sorted(
            {
                p.name
                for base in (config.root / "themes", builtin_themes_dir())
                if base.is_dir()
                for p in base.iterdir()
                if p.is_dir()
            }
        )
        raise TlgenError(
            [
                Problem(
                    f"theme {config.theme!r} not found",
                    config.loc("theme"),
                    f"available themes: {', '.join(available) or 'none'}",
                )
            ]
        )
    # A site's copy of a theme may be partial; the shipped one fills the gaps.
    return list(dict.fromkeys(found))


def template_dirs(config: Config) -> list[Path]:
    dirs = [config.dir("templates")]
    dirs += [d / "templates" for d in theme_dirs(config)]
    return [d for d in dirs if d.is_dir()]


def static_dirs(config: Config) -> list[Path]:
    """Lowest priority first: later folders overwrite earlier ones file by file."""
    dirs = [d / "static" for d in reversed(theme_dirs(config))]
    dirs.append(config.root / "static")
    return [d for d in dirs if d.is_dir()]


def environment(config: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(config)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = format_date
    env.filters["range"] = format_range
    env.globals["url"] = lambda path="": config.base_path + path.lstrip("/")
    env.globals["generator"] = f"tlgen {__version__}"
    return env


def format_date(value: date | datetime) -> str:
    """``14 March 2016`` whatever the machine's locale."""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def format_range(start: date, end: date) -> str:
    if start == end:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTH_NAMES[start.month - 1]} – {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"


@dataclass(frozen=True, slots=True)
class _Day:
    date: date
    entries: list[dict[str, Any]]


def entry_view(config: Config, event: Event, entry: Entry) -> dict[str, Any]:
    return {
        "anchor": entry.anchor,
        "iso": entry.time.isoformat(),
        "label": entry.label,
        "title": entry.title,
        "html": Markup(entry.html),
        "text": entry.text,
        "url": f"{event_url(config, event)}#{entry.anchor}",
        "statements": entry.statements,
        "embeds": entry.embeds,
        "hashtags": entry.hashtags,
        "date": entry.time.date(),
    }


def ordered_entries(config: Config, event: Event) -> list[Entry]:
    """Chronological, newest or oldest first; entries of one instant keep source order."""
    newest = config.entry_order == "newest-first"
    indexed = sorted(
        enumerate(event.entries),
        key=lambda pair: (pair[1].time.timestamp(), pair[0] if not newest else -pair[0]),
        reverse=newest,
    )
    return [entry for _, entry in indexed]


def event_view(config: Config, event: Event) -> dict[str, Any]:
    entries = [entry_view(config, event, e) for e in ordered_entries(config, event)]
    days: list[_Day] = []
    for view in entries:
        if not days or days[-1].date != view["date"]:
            days.append(_Day(view["date"], []))
        days[-1].entries.append(view)
    start, end = event.start, event.end
    assert start is not None and end is not None
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "intro_html": Markup(event.intro_html),
        "url": event_url(config, event),
        "json_url": f"{config.base_path}events/{event.slug}.json",
        "timezone": event.timezone,
        "tags": event.tags,
        "source": event.source,
        "start": start,
        "end": end,
        "dates": format_range(start.date(), end.date()),
        "count": len(event.entries),
        "days": days,
        "multi_day": len(days) > 1,
        "entries": entries,
    }


def _render(env: jinja2.Environment, name: str, path: str, **context: Any) -> Output:
    try:
        template = env.get_template(name)
        text = template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TlgenError(
            [Problem(f"template error: {exc.message}", Location(exc.filename or name, exc.lineno))]
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TlgenError(
            [Problem(f"template {exc.name!r} not found", hint="check the theme's templates/")]
        ) from None
    except jinja2.UndefinedError as exc:
        raise TlgenError(
            [Problem(f"template {name}: {exc.message}", hint="check the variable's name")]
        ) from None
    return Output(path, text.encode("utf-8"))


def render_static(config: Config) -> Iterator[Output]:
    files: dict[str, Path] = {}
    for base in static_dirs(config):
        for file in sorted(base.rglob("*")):
            if file.is_file() and not file.is_symlink():
                files["static/" + file.relative_to(base).as_posix()] = file
    for rel in sorted(files):
        yield Output(rel, files[rel].read_bytes())


def render_site(site: Site) -> Iterator[Output]:
    """Every page, the JSON export and the theme's static files."""
    config = site.config
    env = environment(config)
    meta = {
        "title": config.title,
        "description": config.description,
        "language": config.language,
        "base_url": config.base_url,
    }
    views = [event_view(config, e) for e in site.events]
    yield _render(env, "index.html", "index.html", site=meta, events=views)
    for event, view in zip(site.events, views, strict=True):
        yield _render(env, "event.html", f"events/{event.slug}/index.html", site=meta, event=view)
        yield event_json(config, event)
    yield from render_static(config)
