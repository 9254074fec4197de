"""A deterministic synthetic archive of live blogs, laid out for tlgen and its peers.

Why synthetic: a benchmark needs archives of any size (100 to 10,000 events) with the
shape of real live blogs — quotes attributed to named speakers, reported speech, links,
hashtags, social posts, zone-labelled times, events running over several days — and the
same content for every tool, so that each tool does the same work. Real captures cannot be
scaled or redistributed; word lists and ``random.Random`` can, and give the same bytes for
the same seed on every machine (standard library only, so it runs before anything is
installed).

Layout written under ``--out DIR``::

    DIR/corpus.json        the parameters, every tool's folders and the edit target
    DIR/tlgen/             site.yml + content/events/<slug>.md (tlgen's native format)
    DIR/hugo/              hugo.toml + content/events/<slug>.md + layouts/
    DIR/eleventy/          eleventy.config.cjs + events/<slug>.md + _includes/ + index.njk
    DIR/pelican/           pelicanconf.py + content/<slug>.md + theme/templates/

Every tool's event page is ``<output>/events/<slug>/index.html`` and holds every update as
``<article class="entry" id="t-YYYY-MM-DD-HHMM">``, tlgen's page structure: tlgen makes it
from ``## HH:MM ZONE`` headings, the peers get it as raw HTML around the same Markdown
body. A few events are dated in the future on purpose: a tool that skips them (Hugo
without ``buildFuture``) fails the runner's page count instead of looking fast.

Usage::

    python3 bench/corpus.py --events 1000 --updates 30 --out /tmp/corpus [--seed 1]
    python3 bench/corpus.py edit --out /tmp/corpus --marker BENCHEDIT-abc123
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

TOOLS = ("tlgen", "tlgen-all", "tlgen-search", "hugo", "eleventy", "pelican")
# tlgen makes what the peers make (event pages and the index: its other kinds of output
# disabled); tlgen-all, the same corpus with every kind of output tlgen has; tlgen-search,
# that and the search index, as a site has by default (not built unless asked for: at
# 1,000 x 30 it takes longer than every other tool together).
DEFAULT_TOOLS = tuple(t for t in TOOLS if t != "tlgen-search")
SAME_WORK = "[speakers, timeline, tags, feeds, exports, other_order, sitemap]"
SITE_TITLE = "Live blog archive (benchmark corpus)"
MARKER_PREFIX = "BENCHEDIT-"
_MARKER = re.compile(r"Corrected: BENCHEDIT-[A-Za-z0-9-]+\.")

# Where each tool writes its site, relative to its folder.
OUTPUT = {
    "tlgen": "public",
    "tlgen-all": "public",
    "tlgen-search": "public",
    "hugo": "public",
    "eleventy": "_site",
    "pelican": "output",
}
# Caches and leftovers a clean build removes (besides the output folder).
CACHES = {
    "tlgen": (".tlgen-cache",),
    "tlgen-all": (".tlgen-cache",),
    "tlgen-search": (".tlgen-cache",),
    "hugo": ("resources", ".hugo_cache", ".hugo_build.lock"),
    "eleventy": (".cache",),
    "pelican": ("cache",),
}
# Where each tool reads one event's Markdown from, relative to its folder.
SOURCE = {
    "tlgen": "content/events/{slug}.md",
    "tlgen-all": "content/events/{slug}.md",
    "tlgen-search": "content/events/{slug}.md",
    "hugo": "content/events/{slug}.md",
    "eleventy": "events/{slug}.md",
    "pelican": "content/{slug}.md",
}

# Zones printed next to times, with their fixed offsets in minutes (tlgen reads them all).
ZONES = {"GMT": 0, "UTC": 0, "CET": 60, "CEST": 120, "EST": -300, "EDT": -240, "MSK": 180}
ZONE_WEIGHTS = (5, 2, 2, 1, 2, 1, 2)
FIRST_DAY = date(2008, 1, 1)
LAST_DAY = date(2028, 12, 31)  # past the machine's "now": some events are future-dated

# fmt: off
FIRST_NAMES = (
    "Jane", "John", "Amira", "Oleg", "Maria", "Kwame", "Sofia", "Hiroshi", "Fatima", "Lars",
    "Priya", "Diego", "Ingrid", "Tariq", "Chen", "Aisha", "Pierre", "Olga", "Samuel", "Leila",
    "Mateus", "Hannah", "Yusuf", "Elena", "Kofi", "Mei", "Rafael", "Anna", "Dmitri", "Grace",
    "Omar", "Lucia", "Nikolai", "Zanele", "Thomas", "Nadia", "Kenji", "Beatriz", "Ahmed", "Clara",
)
SURNAMES = (
    "Doe", "Okafor", "Haddad", "Petrov", "Fernandes", "Mensah", "Rossi", "Tanaka", "Rahman",
    "Johansson", "Sharma", "Alvarez", "Berg", "Khalil", "Wang", "Bello", "Dubois", "Ivanova",
    "Adeyemi", "Nasser", "Silva", "Fischer", "Demir", "Popescu", "Boateng", "Lin", "Moreno",
    "Kowalski", "Sokolov", "Mitchell", "Farouk", "Romero", "Volkov", "Dlamini", "Becker",
    "Karimi", "Sato", "Costa", "Mansour", "Weber", "Novak", "Quinn", "Osei", "Lindqvist",
)
ROLES = (
    "the foreign minister", "the interior minister", "a government spokesperson",
    "the mayor", "the police chief", "an opposition leader", "the health minister",
    "a senior UN official", "the defence minister", "a local councillor", "the prime minister",
    "a spokesperson for the fire service", "the head of the electoral commission",
    "an emergency coordinator", "the finance minister", "a hospital director",
    "the regional governor", "a union representative", "a witness", "an aid worker",
)
PLACES = (
    "Valencia", "Kharkiv", "Lagos", "Manila", "Lyon", "Aleppo", "Porto Alegre", "Osaka",
    "Nairobi", "Gdansk", "Cork", "Mosul", "Antalya", "Quito", "Dhaka", "Marseille", "Tbilisi",
    "Accra", "Hamburg", "Chennai", "Leeds", "Odesa", "Kobe", "Beirut", "Seville", "Tromso",
    "Cape Town", "Montreal", "Izmir", "Naples", "Bergen", "Mombasa", "Brisbane", "Chiang Mai",
)
ORGS = (
    "the government", "the United Nations", "the Red Cross", "the ministry", "the army",
    "the central bank", "the city council", "the coastguard", "the electoral commission",
    "the national weather service", "the World Health Organization", "the opposition",
    "the rail operator", "the energy regulator", "the parliament", "the supreme court",
)
EVENT_NOUNS = (
    "floods", "elections", "protests", "earthquake", "summit", "strike", "wildfires",
    "ceasefire talks", "storm", "trial", "heatwave", "power cuts", "budget vote", "evacuation",
    "referendum", "landslide", "blackout", "negotiations", "marathon", "state visit",
)
NOUNS = (
    "talks", "evacuation", "aid convoy", "inquiry", "vote count", "curfew", "relief effort",
    "rescue operation", "motion", "investigation", "blockade", "agreement", "deadline",
    "briefing", "statement", "bridge", "airport", "hospital", "power grid", "border crossing",
    "rail line", "shelter", "supply route", "press conference", "ceasefire", "ballot",
)
ADJECTIVES = (
    "fresh", "emergency", "temporary", "long-awaited", "contested", "urgent", "partial",
    "renewed", "unprecedented", "limited", "formal", "joint", "expanded", "official", "early",
)
VERBS_PAST = (
    "announced", "confirmed", "postponed", "suspended", "extended", "approved", "rejected",
    "launched", "reopened", "closed", "delayed", "ordered", "welcomed", "criticised",
    "completed", "resumed", "cancelled", "expanded", "halted", "backed",
)
QUOTE_OPENERS = (
    "We are doing everything we can to", "Our priority right now is to",
    "There is no reason to", "We will not hesitate to", "It is far too early to",
    "We have asked everyone to", "The situation remains difficult, and we need to",
    "Nobody expected us to", "We call on all sides to", "I want to reassure people that we will",
    "This is the moment to", "We are working around the clock to",
)
QUOTE_ENDINGS = (
    "keep people safe", "restore power to every home", "bring the talks to a conclusion",
    "count every vote", "reopen the roads by tomorrow", "support the families affected",
    "hold those responsible to account", "avoid any further escalation",
    "get aid to the people who need it", "reach an agreement before the deadline",
    "learn the lessons of this week", "rebuild what was lost", "protect the hospitals",
)
CLAUSES = (
    "the {noun} would continue through the night",
    "more than {num} people had been moved to safety",
    "the {noun} in {place} had been {verb}",
    "{a_adj} {noun} was expected by {time}",
    "{org} had not yet been consulted",
    "the figures would be revised on {weekday}",
    "the {noun} remained the main concern",
    "{num} teams had been sent to {place}",
)
SOCIAL_TEXT = (
    "Latest pictures from {place}", "Breaking: {org} {verb} the {noun}",
    "Watch live: press conference in {place}", "Queues outside the {noun} in {place}",
    "Our correspondent reports from {place}", "Update on the {noun} at {time}",
)
HASHTAGS = (
    "Breaking", "LiveUpdates", "Elections", "Floods", "Protests", "Summit", "Ceasefire",
    "Storm", "Strike", "Wildfires", "Evacuation", "Aid", "Vote", "Trial", "Heatwave",
)
TAGS = (
    "politics", "weather", "conflict", "economy", "health", "transport", "energy", "justice",
    "diplomacy", "disaster", "elections", "environment", "labour", "sport", "migration",
)
PUBLISHERS = (
    "The Daily Ledger", "Northern Herald", "Global Wire", "City Tribune", "Morning Post",
    "Radio Coastal", "The Courier", "World Report",
)
DOMAINS = (
    "news.example.org", "www.ledger.example", "herald.example.com", "wire.example.net",
    "gov.example.org", "stats.example.int", "tribune.example.co.uk",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# fmt: on


@dataclass(frozen=True, slots=True)
class Update:
    """One timestamped update: the Markdown body every tool gets, and its anchor."""

    day: date
    hour: int
    minute: int
    zone: str
    headline: str
    body: str

    @property
    def label(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d} {self.zone}"

    @property
    def anchor(self) -> str:
        """tlgen's anchor: the printed local time, never the position."""
        return f"t-{self.day.isoformat()}-{self.hour:02d}{self.minute:02d}"

    @property
    def iso(self) -> str:
        offset = ZONES[self.zone]
        sign = "-" if offset < 0 else "+"
        hh, mm = divmod(abs(offset), 60)
        clock = f"{self.hour:02d}:{self.minute:02d}:00"
        return f"{self.day.isoformat()}T{clock}{sign}{hh:02d}:{mm:02d}"


@dataclass(frozen=True, slots=True)
class Event:
    """One live blog: front matter facts and its updates in chronological order."""

    index: int
    slug: str
    title: str
    zone: str
    summary: str
    tags: tuple[str, ...]
    publisher: str
    url: str
    updates: tuple[Update, ...]

    @property
    def date(self) -> date:
        return self.updates[0].day

    @property
    def multi_day(self) -> bool:
        return self.updates[0].day != self.updates[-1].day


def _cap(text: str) -> str:
    """Upper-case the first letter only (``str.capitalize`` would lower-case names)."""
    return text[:1].upper() + text[1:]


def _speaker_pool(seed: int) -> list[str]:
    """~400 distinct people, so speaker pages recur across events as in a real archive."""
    rng = random.Random(f"tlgen-bench:{seed}:speakers")
    names = sorted({f"{f} {s}" for f in FIRST_NAMES for s in SURNAMES})
    return rng.sample(names, 400)


class _Writer:
    """Text for one event from its own generator, so event i is the same at every size."""

    def __init__(self, rng: random.Random, cast: list[tuple[str, str]], place: str) -> None:
        self.rng = rng
        self.cast = cast
        self.place = place
        self.day = FIRST_DAY
        self.zone = "GMT"

    def pick(self, words: Sequence[str]) -> str:
        return words[self.rng.randrange(len(words))]

    def fill(self, template: str) -> str:
        r = self.rng
        adj = self.pick(ADJECTIVES)
        return template.format(
            noun=self.pick(NOUNS),
            adj=adj,
            a_adj=f"{'an' if adj[0] in 'aeiou' else 'a'} {adj}",
            verb=self.pick(VERBS_PAST),
            org=self.pick(ORGS),
            place=self.place if r.random() < 0.6 else self.pick(PLACES),
            num=r.choice((12, 40, 150, 300, 1200, 2500, 18000)) + r.randrange(10),
            weekday=self.pick(WEEKDAYS),
            time=self.clock(),
        )

    def clock(self) -> str:
        """A zone-labelled time, in the two forms newsrooms print."""
        h, m = self.rng.randrange(24), self.rng.randrange(0, 60, 5)
        if self.rng.random() < 0.7:
            return f"{h:02d}:{m:02d} {self.zone}"
        return f"{(h - 1) % 12 + 1}.{m:02d}{'am' if h < 12 else 'pm'} local time"

    def link(self) -> str:
        words = [self.pick(NOUNS), self.pick(VERBS_PAST), self.place.lower()]
        path = "-".join(w.replace(" ", "-") for w in words)
        url = f"https://{self.pick(DOMAINS)}/{self.day.year}/{self.day.month:02d}/{path}"
        text = self.rng.choice(("full statement", "the official figures", "our earlier report"))
        return f"[{text}]({url})"

    def narrative(self) -> str:
        s = [_cap(self.fill("{org} {verb} the {adj} {noun} in {place} at {time}")) + "."]
        if self.rng.random() < 0.85:
            s.append(f"Officials said {self.fill(self.pick(CLAUSES))}.")
        if self.rng.random() < 0.45:
            s.append(f"Read {self.link()}.")
        if self.rng.random() < 0.25:
            s.append(f"[#{self.pick(HASHTAGS)}](#)")
        return " ".join(s)

    def quote(self) -> str:
        name, role = self.cast[self.rng.randrange(len(self.cast))]
        words = f"{self.pick(QUOTE_OPENERS)} {self.pick(QUOTE_ENDINGS)}"
        form = self.rng.randrange(4)
        if form == 0:
            text = f'"{words}," {name} said.'
        elif form == 1:
            text = f'"{words}," said {name}, {role}.'
        elif form == 2:
            text = f'{name}, {role}, said: "{words}."'
        else:
            more = f"{self.pick(QUOTE_OPENERS)} {self.pick(QUOTE_ENDINGS)}"
            pronoun = self.rng.choice(("she", "he"))
            text = (
                f'{name} spoke to reporters in {self.place}. "{words}," {pronoun} said. "{more}."'
            )
        if self.rng.random() < 0.4:
            text += f" {_cap(self.fill(self.pick(CLAUSES)))}, according to {role}."
        return text

    def reported(self) -> str:
        name, role = self.cast[self.rng.randrange(len(self.cast))]
        verb = self.rng.choice(("has said that", "told reporters that", "noted that"))
        return f"{name}, {role}, {verb} {self.fill(self.pick(CLAUSES))}."

    def social(self) -> str:
        handle = self.rng.choice(("LedgerLive", "HeraldNews", "GlobalWire", "CityTribune"))
        text = self.fill(self.pick(SOCIAL_TEXT))
        short = f"https://t.example/{self.rng.getrandbits(32):08x}"
        return f"[@{handle}](#) {text} [#{self.pick(HASHTAGS)}](#) <{short}>"

    def bullets(self) -> str:
        return "\n".join(f"- {self.fill('{num} people in {place}')}" for _ in range(3))

    def body(self) -> str:
        """One to four paragraphs; the first is always narrative (the edit relies on it)."""
        parts = [self.narrative()]
        for _ in range(self.rng.choice((1, 1, 2, 2, 2, 3, 3))):
            kind = self.rng.random()
            if kind < 0.45:
                parts.append(self.quote())
            elif kind < 0.7:
                parts.append(self.reported())
            elif kind < 0.85:
                parts.append(self.narrative())
            elif kind < 0.95:
                parts.append(self.social())
            else:
                parts.append(self.bullets())
        return "\n\n".join(parts)


def make_event(seed: int, index: int, updates: int, speakers: Sequence[str]) -> Event:
    """Event ``index`` of the corpus; independent of the corpus size."""
    rng = random.Random(f"tlgen-bench:{seed}:event:{index}")
    place = rng.choice(PLACES)
    noun = rng.choice(EVENT_NOUNS)
    title = rng.choice(
        (
            f"{place} {noun}: live updates",
            f"{noun.capitalize()} in {place}: what we know",
            f"Live: {noun} in {place}",
            f"{place} {noun}, day {rng.randrange(2, 9)}",
        )
    )
    cast = [(name, rng.choice(ROLES)) for name in rng.sample(list(speakers), 6)]
    zone = rng.choices(list(ZONES), weights=ZONE_WEIGHTS)[0]
    writer = _Writer(rng, cast, place)
    writer.zone = zone
    start = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    writer.day = start
    moment = datetime(start.year, start.month, start.day, rng.randrange(5, 23), rng.randrange(60))
    items: list[Update] = []
    for _ in range(updates):
        headline = ""
        if rng.random() < 0.2:
            headline = _cap(writer.fill("{org} {verb} the {noun}"))
        writer.day = moment.date()
        items.append(Update(moment.date(), moment.hour, moment.minute, zone, headline, ""))
        moment += timedelta(minutes=rng.choice((2, 5, 5, 8, 10, 12, 15, 20, 30, 45)))
    # Bodies after the clock, so a body's text cannot shift another update's time.
    bodies = []
    for item in items:
        writer.day = item.day
        bodies.append(writer.body())
    items = [
        Update(u.day, u.hour, u.minute, u.zone, u.headline, b)
        for u, b in zip(items, bodies, strict=True)
    ]
    slug_words = re.sub(r"[^a-z0-9]+", "-", f"{place} {noun}".lower()).strip("-")
    return Event(
        index=index,
        slug=f"{index:05d}-{slug_words}",
        title=title,
        zone=zone,
        summary=_cap(writer.fill("{org} {verb} the {adj} {noun} in {place}.")),
        tags=tuple(sorted(rng.sample(TAGS, rng.randrange(1, 4)))),
        publisher=rng.choice(PUBLISHERS),
        url=f"https://live.example.org/{start.year}/{start.month:02d}/{slug_words}-live",
        updates=tuple(items),
    )


def make_events(seed: int, events: int, updates: int) -> list[Event]:
    speakers = _speaker_pool(seed)
    return [make_event(seed, i, updates, speakers) for i in range(events)]


# ---------------------------------------------------------------- tlgen (native format)


def tlgen_event(ev: Event) -> str:
    """tlgen's native format: front matter, ``# day`` headings, ``## HH:MM ZONE`` updates."""
    tags = ", ".join(ev.tags)
    out = [
        "---",
        f"title: {json.dumps(ev.title)}",
        f"date: {ev.date.isoformat()}",
        f"timezone: {ev.zone}",
        f"summary: {json.dumps(ev.summary)}",
        f"tags: [{tags}]",
        "source:",
        f"  url: {ev.url}",
        f"  publisher: {json.dumps(ev.publisher)}",
        f'  captured: "{ev.date.isoformat()}"',
        "---",
        "",
    ]
    day = ev.date
    for u in ev.updates:
        if u.day != day:
            out += [f"# {u.day.isoformat()}", ""]
            day = u.day
        heading = f"## {u.label}" + (f" — {u.headline}" if u.headline else "")
        out += [heading, "", u.body, ""]
    return "\n".join(out)


def tlgen_site(
    root: Path, events: Iterable[Event], everything: bool = False, search: bool = False
) -> None:
    (root / "content/events").mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(
        f"title: {json.dumps(SITE_TITLE)}\n"
        "output: public\n"
        "timezone: UTC\n"
        "entry_order: oldest-first  # the peers show updates in source order\n"
        + ("search: true\n" if search else "search: false  # the peers build no search index\n")
        + ("" if everything else f"disable: {SAME_WORK}  # the peers make none of these\n"),
        encoding="utf-8",
    )
    for ev in events:
        (root / SOURCE["tlgen"].format(slug=ev.slug)).write_text(tlgen_event(ev), encoding="utf-8")


# ---------------------------------------------------------------- the peers: shared body


def _peer_body(ev: Event, md_in_html: bool = False) -> str:
    """tlgen's page structure as raw HTML around the same Markdown bodies.

    Hugo (goldmark, ``unsafe``) and Eleventy (markdown-it, ``html: true``) parse the
    Markdown between HTML blocks; Python-Markdown needs ``markdown="1"`` (Pelican's
    default ``extra`` extensions include ``md_in_html``).
    """
    attr = ' markdown="1"' if md_in_html else ""
    out: list[str] = []
    day: date | None = None
    for u in ev.updates:
        if ev.multi_day and u.day != day:
            out += [f'<h2 class="day-heading"><time datetime="{u.day}">{u.day}</time></h2>', ""]
        day = u.day
        title = f'<h3 class="entry-title">{u.headline}</h3>' if u.headline else ""
        out += [
            f'<article class="entry" id="{u.anchor}"{attr}>',
            f'<header class="entry-header"><a class="permalink" href="#{u.anchor}">'
            f'<time datetime="{u.iso}">{u.label}</time></a>{title}</header>',
            "",
            u.body,
            "",
            "</article>",
            "",
        ]
    return "\n".join(out)


def _yaml_front(ev: Event, extra: Sequence[str]) -> list[str]:
    return [
        "---",
        f"title: {json.dumps(ev.title)}",
        *extra,
        f"summary: {json.dumps(ev.summary)}",
        f"updates: {len(ev.updates)}",
        f"publisher: {json.dumps(ev.publisher)}",
        f"source: {ev.url}",
        f"zone: {ev.zone}",
        "---",
        "",
    ]


# ---------------------------------------------------------------- Hugo

_HUGO_CONFIG = """\
baseURL = "/"
title = {title}
# Hugo silently skips pages dated in the future unless told otherwise.
buildFuture = true
buildExpired = true
# One page per event plus the home page: no sections, taxonomies, feeds or sitemap.
disableKinds = ["section", "taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
_HUGO_BASEOF = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ block "title" . }}{{ .Site.Title }}\
{{ end }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
_HUGO_SINGLE = """\
{{ define "title" }}{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}<article class="event"><header class="event-header"><h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">\
{{ .Date.Format "2 January 2006" }}</time> ({{ .Params.zone }}) · {{ .Params.updates }} updates · \
{{ .Params.publisher }}</p>
<p class="lede">{{ .Summary }}</p></header>
{{ .Content }}
</article>{{ end }}
"""
_HUGO_LIST = """\
{{ define "main" }}<h1>{{ .Site.Title }}</h1><ol class="event-list">
{{ range .Site.RegularPages.ByDate.Reverse }}<li class="event-card">\
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">\
{{ .Date.Format "2 January 2006" }}</time> · {{ .Params.updates }} updates · \
{{ .Params.publisher }}</p><p>{{ .Params.summary }}</p></li>
{{ end }}</ol>{{ end }}
"""


def hugo_site(root: Path, events: Iterable[Event]) -> None:
    (root / "content/events").mkdir(parents=True, exist_ok=True)
    (root / "layouts").mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(_HUGO_CONFIG.format(title=json.dumps(SITE_TITLE)))
    (root / "layouts/baseof.html").write_text(_HUGO_BASEOF)
    (root / "layouts/single.html").write_text(_HUGO_SINGLE)
    (root / "layouts/list.html").write_text(_HUGO_LIST)
    for ev in events:
        front = _yaml_front(ev, [f"date: {ev.updates[0].iso}", f"tags: [{', '.join(ev.tags)}]"])
        text = "\n".join(front) + _peer_body(ev)
        (root / SOURCE["hugo"].format(slug=ev.slug)).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- Eleventy

_ELEVENTY_CONFIG = """\
// One page per event plus the home page. Markdown is not run through a template
// engine first (the others do not template their content either).
module.exports = function (eleventyConfig) {
  eleventyConfig.addCollection("events", (api) =>
    api.getFilteredByGlob("./events/*.md").sort((a, b) => b.date - a.date));
  eleventyConfig.addFilter("day", (d) => d.toISOString().slice(0, 10));
  return {
    dir: { input: ".", includes: "_includes", output: "_site" },
    templateFormats: ["md", "njk"],
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
  };
};
"""
_ELEVENTY_BASE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{% if title %}{{ title }} · {% endif %}\
{{ site }}</title></head>
<body><main>{% block main %}{{ content | safe }}{% endblock %}</main></body></html>
"""
_ELEVENTY_EVENT = """\
{% extends "base.njk" %}
{% block main %}<article class="event"><header class="event-header"><h1>{{ title }}</h1>
<p class="meta"><time datetime="{{ page.date | day }}">{{ page.date | day }}</time> ({{ zone }}) \
· {{ updates }} updates · {{ publisher }}</p>
<p class="lede">{{ summary }}</p></header>
{{ content | safe }}
</article>{% endblock %}
"""
_ELEVENTY_INDEX = """\
---
layout: base.njk
---
<h1>{{ site }}</h1><ol class="event-list">
{% for ev in collections.events %}<li class="event-card"><h2><a href="{{ ev.url }}">\
{{ ev.data.title }}</a></h2>
<p class="meta"><time datetime="{{ ev.date | day }}">{{ ev.date | day }}</time> · \
{{ ev.data.updates }} updates · {{ ev.data.publisher }}</p><p>{{ ev.data.summary }}</p></li>
{% endfor %}</ol>
"""


def eleventy_site(root: Path, events: Iterable[Event]) -> None:
    (root / "events").mkdir(parents=True, exist_ok=True)
    (root / "_includes").mkdir(parents=True, exist_ok=True)
    (root / "eleventy.config.cjs").write_text(_ELEVENTY_CONFIG)
    (root / "_data").mkdir(exist_ok=True)
    (root / "_data/site.json").write_text(json.dumps(SITE_TITLE) + "\n")
    (root / "_includes/base.njk").write_text(_ELEVENTY_BASE)
    (root / "_includes/event.njk").write_text(_ELEVENTY_EVENT)
    (root / "index.njk").write_text(_ELEVENTY_INDEX)
    (root / "events/events.json").write_text('{"layout": "event.njk"}\n')
    for ev in events:
        # "topics", not "tags": Eleventy makes a collection of every tag (taxonomies off).
        front = _yaml_front(ev, [f"date: {ev.updates[0].iso}", f"topics: [{', '.join(ev.tags)}]"])
        text = "\n".join(front) + _peer_body(ev)
        (root / SOURCE["eleventy"].format(slug=ev.slug)).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- Pelican

_PELICAN_CONFIG = """\
# One page per event plus the home page: feeds, tags, categories, authors and archives off.
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SITENAME = {title}
SITEURL = ""
PATH = os.path.join(HERE, "content")
THEME = os.path.join(HERE, "theme")
THEME_STATIC_PATHS = []
STATIC_PATHS = []
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_CATEGORY = "events"
DEFAULT_PAGINATION = False
ARTICLE_URL = "events/{{slug}}/"
ARTICLE_SAVE_AS = "events/{{slug}}/index.html"
DIRECT_TEMPLATES = ["index"]
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
PAGE_SAVE_AS = ""
# Pelican's own incremental behaviour: the reader cache.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = os.path.join(HERE, "cache")
"""
_PELICAN_BASE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}\
{% endblock %}</title></head>
<body><main>{% block main %}{% endblock %}</main></body></html>
"""
_PELICAN_ARTICLE = """\
{% extends "base.html" %}
{% block title %}{{ article.title }} · {{ SITENAME }}{% endblock %}
{% block main %}<article class="event"><header class="event-header"><h1>{{ article.title }}</h1>
<p class="meta"><time datetime="{{ article.date.date().isoformat() }}">{{ article.locale_date }}\
</time> ({{ article.zone }}) · {{ article.updates }} updates · {{ article.publisher }}</p>
<div class="lede">{{ article.summary }}</div></header>
{{ article.content }}
</article>{% endblock %}
"""
_PELICAN_INDEX = """\
{% extends "base.html" %}
{% block main %}<h1>{{ SITENAME }}</h1><ol class="event-list">
{% for ev in articles %}<li class="event-card"><h2><a href="/{{ ev.url }}">{{ ev.title }}</a></h2>
<p class="meta"><time datetime="{{ ev.date.date().isoformat() }}">{{ ev.locale_date }}</time> \
· {{ ev.updates }} updates · {{ ev.publisher }}</p><p>{{ ev.summary }}</p></li>
{% endfor %}</ol>{% endblock %}
"""


def pelican_event(ev: Event) -> str:
    first = ev.updates[0]
    head = [
        f"Title: {ev.title}",
        f"Date: {first.day.isoformat()} {first.hour:02d}:{first.minute:02d}",
        f"Slug: {ev.slug}",
        f"Tags: {', '.join(ev.tags)}",
        f"Summary: {ev.summary}",
        f"Updates: {len(ev.updates)}",
        f"Publisher: {ev.publisher}",
        f"Source: {ev.url}",
        f"Zone: {ev.zone}",
        "",
    ]
    return "\n".join(head) + "\n" + _peer_body(ev, md_in_html=True)


def pelican_site(root: Path, events: Iterable[Event]) -> None:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "theme/templates").mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(_PELICAN_CONFIG.format(title=repr(SITE_TITLE)))
    (root / "theme/templates/base.html").write_text(_PELICAN_BASE)
    (root / "theme/templates/article.html").write_text(_PELICAN_ARTICLE)
    (root / "theme/templates/index.html").write_text(_PELICAN_INDEX)
    for ev in events:
        path = root / SOURCE["pelican"].format(slug=ev.slug)
        path.write_text(pelican_event(ev), encoding="utf-8")


WRITERS = {
    "tlgen": tlgen_site,
    "tlgen-all": lambda root, events: tlgen_site(root, events, everything=True),
    "tlgen-search": lambda root, events: tlgen_site(root, events, everything=True, search=True),
    "hugo": hugo_site,
    "eleventy": eleventy_site,
    "pelican": pelican_site,
}


# ---------------------------------------------------------------- the corpus as a whole


def write_corpus(
    out: Path, events: int, updates: int, seed: int = 1, tools: Sequence[str] = DEFAULT_TOOLS
) -> dict[str, object]:
    """Write every tool's site under ``out`` and ``out/corpus.json``; return the manifest."""
    if events < 1 or updates < 1:
        raise ValueError("a corpus needs at least one event of one update")
    unknown = sorted(set(tools) - set(TOOLS))
    if unknown:
        raise ValueError(f"unknown tools: {', '.join(unknown)} (known: {', '.join(TOOLS)})")
    evs = make_events(seed, events, updates)
    target = evs[events // 2]
    update = target.updates[updates // 2]
    newest = max(evs, key=lambda e: (e.date, e.index))
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    for tool in tools:
        WRITERS[tool](out / tool, evs)
        pattern = SOURCE[tool].replace("{slug}", "*")
        sizes[tool] = sum(p.stat().st_size for p in (out / tool).glob(pattern))
    manifest: dict[str, object] = {
        "events": events,
        "updates": updates,
        "seed": seed,
        "tools": list(tools),
        "markdown_bytes": sizes,
        "output": {t: OUTPUT[t] for t in tools},
        "slugs": [e.slug for e in evs],
        # Pages whose anchors the runner checks: the edited one and the newest (future) one.
        "check": {e.slug: [u.anchor for u in e.updates] for e in (target, newest)},
        "edit": {
            "event": target.index,
            "update": updates // 2,
            "slug": target.slug,
            "anchor": update.anchor,
            "first_paragraph": update.body.split("\n\n")[0],
        },
    }
    (out / "corpus.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def edit(out: Path, marker: str) -> dict[str, str]:
    """Change the text of one update (the manifest's edit target) identically for every tool.

    The first edit appends ``Corrected: <marker>.`` to the update's first paragraph; later
    edits replace the previous marker, so each run of the runner publishes a new one.
    Returns what the runner checks: the slug, the anchor and the marker.
    """
    if not re.fullmatch(r"BENCHEDIT-[A-Za-z0-9-]+", marker):
        raise ValueError(f"a marker reads {MARKER_PREFIX}<letters, digits, hyphens>: {marker!r}")
    manifest = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    target = manifest["edit"]
    first = target["first_paragraph"]
    for tool in manifest["tools"]:
        path = out / tool / SOURCE[tool].format(slug=target["slug"])
        text = path.read_text(encoding="utf-8")
        found = _MARKER.findall(text)
        if found:
            if len(found) != 1:
                raise RuntimeError(f"{path}: {len(found)} edit markers, expected one")
            text = _MARKER.sub(f"Corrected: {marker}.", text)
        else:
            if text.count(first) != 1:
                raise RuntimeError(f"{path}: the update to edit is not found exactly once")
            text = text.replace(first, f"{first} Corrected: {marker}.")
        path.write_text(text, encoding="utf-8")
    return {"slug": target["slug"], "anchor": target["anchor"], "marker": marker}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["edit"]:
        p = argparse.ArgumentParser(prog="corpus.py edit", description=edit.__doc__)
        p.add_argument("--out", type=Path, required=True, help="a folder written by corpus.py")
        p.add_argument("--marker", default=MARKER_PREFIX + "1", help="BENCHEDIT-<token>")
        ns = p.parse_args(args[1:])
        done = edit(ns.out, ns.marker)
        print(f"edited {done['slug']}#{done['anchor']}: {done['marker']}")
        return 0
    p = argparse.ArgumentParser(
        prog="corpus.py", description="Write a deterministic live-blog corpus for each tool."
    )
    p.add_argument("--events", type=int, required=True)
    p.add_argument("--updates", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--tools",
        default=",".join(DEFAULT_TOOLS),
        help=f"comma-separated, of {', '.join(TOOLS)}; default: all but tlgen-search",
    )
    ns = p.parse_args(args)
    tools = [t for t in ns.tools.split(",") if t]
    manifest = write_corpus(ns.out, ns.events, ns.updates, ns.seed, tools)
    sizes = manifest["markdown_bytes"]
    assert isinstance(sizes, dict)
    summary = ", ".join(f"{t} {b / 1e6:.1f} MB" for t, b in sizes.items())
    print(f"wrote {ns.events} events x {ns.updates} updates into {ns.out}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
