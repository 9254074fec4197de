"""Archived HTML live-blog pages, read as captured.

Two ways in, one result. Where the page carries schema.org ``LiveBlogPosting`` JSON-LD, its
``liveBlogUpdate`` list says which updates exist and when; each update is matched to its
block in the page (by id or URL fragment, else by its words), because the block is richer
(links, quotes, embeds) and shows the time as readers saw it. Where there is no JSON-LD, a
publisher-independent scan (``html_scan``) finds the repeated blocks that open with a time.

The page is parsed once with lxml (libxml2: fast, tolerant of real-world markup, keeps
source lines); every body goes through the site's one allowlist (``generator.sanitize``,
nh3) after ``html_body`` has cut the page's furniture away. Nothing is fetched.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as dtime
from itertools import pairwise
from pathlib import PurePosixPath

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from generator.config import Config, language_tag
from generator.errors import Location, Problem, TlgenError
from generator.ids import assign_anchors, slugify
from generator.model import DAY, HTML, MINUTE, Embed, Entry, Event, Source
from generator.sources import html_body as body
from generator.sources import html_cut as cut
from generator.sources.common import SIDECAR_DATE, Undated, title_from_stem, without_unfit
from generator.sources.html_jsonld import JsonLd, Update, collect
from generator.sources.html_meta import Page, event_zone, metadata
from generator.sources.html_scan import Block, scan
from generator.sources.html_times import block_times, has_clock, local

NAME = "html"
SUPPORTED = (
    "an archived HTML live blog is read from its schema.org LiveBlogPosting JSON-LD "
    "(liveBlogUpdate items) or from repeated blocks that each open with a time "
    "(<time datetime=...>, '19:30', '12.31 Uhr', '12.05 BST'); tlgen also reads native "
    "Markdown events, live-updates text, dated timelines, TimelineJS and JSON exports"
)

_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_MARKUP = cut.MARKUP
_LINE_CAP = 65535  # libxml2's HTML parser stops counting lines here


@dataclass(slots=True)
class _Draft:
    """An entry before its anchor is known."""

    time: datetime
    label: str
    body: str
    line: int
    title: str = ""
    embeds: tuple[Embed, ...] = ()
    precision: str = MINUTE


def detect(path: str, text: str) -> bool:
    """An HTML document: markup from its first character and a doctype, ``<html>``,
    ``<head>`` or ``<body>`` early on. JSON (a JSON-LD file) starts with ``{`` or ``[``."""
    head = text[:4096].lstrip("\ufeff \t\n\r")
    return head.startswith("<") and bool(_HTML_START.search(head))


def _error(path: str, message: str, line: int = 1, hint: str = SUPPORTED) -> TlgenError:
    return TlgenError([Problem(message, Location(path, line), hint)])


def read(path: str, text: str, config: Config) -> Event:
    """One captured page into an Event; every failure is a located TlgenError."""
    return read_with_warnings(path, text, config)[0]


# A sidecar's source url is the address links resolve against in a page that names none
TAKES_ADDRESS = True


def read_with_warnings(
    path: str, text: str, config: Config, first_day: date | None = None, address: str = ""
) -> tuple[Event, tuple[Problem, ...]]:
    """The Event, and warnings: times running against the page's order, a printed time
    its JSON-LD contradicts, JSON-LD updates that say nowhere when they were posted.
    ``first_day``: a sidecar's ``date:``, for a page that gives none (``Undated``);
    ``address``: a sidecar's ``source: {url: ...}``, for a page that names none."""
    try:
        return _read(path, text, config, first_day, address)
    except TlgenError:
        raise
    except Exception as exc:  # a reader must never take the build down with a traceback
        raise _error(
            path,
            f"cannot read this HTML page ({type(exc).__name__}: {exc})",
            hint="this is a bug in tlgen's HTML reader if the page opens in a browser; "
            "please report it with the page",
        ) from exc


# Characters XML forbids even escaped: libxml2 keeps them in the tree (raw or as
# ``&#x1f;``), and lxml then refuses every text that holds one. Browsers show none of them;
# a form feed is white space. Beside them, what a page may not hold: DEL, and the C1
# controls, which only a reference such as ``&#x93;`` leaves in the tree (``decode`` has
# replaced raw ones); a browser shows those as windows-1252 has them ("&#x93;" is "“").
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _shown(char: str) -> str:
    if char == "\x0c":
        return " "
    if "\x80" <= char <= "\x9f":
        try:
            return bytes([ord(char)]).decode("cp1252")
        except UnicodeDecodeError:  # five codes windows-1252 leaves undefined
            return ""
    return ""


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(lambda m: _shown(m.group()), text)


def _scrub(root: HtmlElement) -> None:
    """Take the characters XML forbids out of every text, tail and attribute."""
    for el in root.iter():
        if el.text and _NOT_XML.search(el.text):
            el.text = _xml_safe(el.text)
        if el.tail and _NOT_XML.search(el.tail):
            el.tail = _xml_safe(el.tail)
        if isinstance(el.tag, str) and el.attrib:
            items = el.attrib.items()
            if any(_NOT_XML.search(name) or _NOT_XML.search(value) for name, value in items):
                _scrub_attributes(el, items)


def _scrub_attributes(el: HtmlElement, items: list[tuple[str, str]]) -> None:
    """The element's attributes with their values made XML-safe; one whose name holds
    such a character (a browser gives it no meaning) is dropped. They are set anew: lxml
    can neither set nor delete an attribute by such a name, only clear them all."""
    el.attrib.clear()
    for name, value in items:
        if not _NOT_XML.search(name):
            with contextlib.suppress(ValueError):  # a name lxml refuses for another reason
                el.set(name, _xml_safe(value))


def _parse(path: str, text: str) -> tuple[HtmlElement, tuple[int, str] | None]:
    """The page's tree, and where and why the parser gave up before the end, if it did:
    libxml2 keeps what it read before a fatal error and leaves the rest (a page nesting
    elements more than 2,048 deep), so the updates after it would be missing in silence."""
    parser = HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        raise _error(path, f"cannot parse this HTML page: {exc}") from None
    if root is None or root.find("body") is None:
        raise _error(path, "this HTML page has no <body>")
    _scrub(root)
    for error in parser.error_log:
        if error.level == etree.ErrorLevels.FATAL:
            # its reason, without libxml2's advice (which is about its own API)
            return root, (error.line or 1, error.message.split(",")[0])
    return root, None


def _stopped_at(stopped: tuple[int, str]) -> str:
    return f"read only up to here ({stopped[1]}): what follows is left out"


def _read(
    path: str, text: str, config: Config, first_day: date | None, address: str = ""
) -> tuple[Event, tuple[Problem, ...]]:
    root, stopped = _parse(path, text)
    ld = collect(root)  # before the page's scripts are stripped
    meta = metadata(root, ld, text)
    meta.base = meta.base or address
    page_body = root.find("body")
    if page_body is None:
        raise _error(path, "this HTML page has no <body>")
    meta.body_line = page_body.sourceline or 1
    body.strip_page(page_body)
    found = scan(page_body)
    zone_label, zone = event_zone(found, ld, meta, config)
    page = Page(path, text, found, zone, zone_label, meta)
    if stopped is not None:
        _warn(
            page,
            stopped[0],
            "the page was " + _stopped_at(stopped),
            "the updates after it are missing: remove the excess nesting from the capture, "
            "or import it (tlgen import) and add them by hand",
        )
    if not meta.base:  # counted before the updates are cut, which drops them
        page.unresolved += (a.sourceline or meta.body_line for a in body.relative_links(page_body))

    drafts = (
        _from_jsonld(page, ld, root)
        if ld.updates
        else _from_blocks(page, found.blocks, first_day=first_day)
    )
    _relative_links(page)
    if not drafts:
        hint = f"{SUPPORTED}; if this page is not a live blog, take it out of the sources"
        if stopped is not None:  # the likelier reason, said in the error (a failed build's only)
            raise _error(
                path,
                "no timestamped updates found in this HTML page, which was " + _stopped_at(stopped),
                stopped[0],
                f"remove the excess nesting from the capture; {hint}",
            )
        raise _error(path, "no timestamped updates found in this HTML page", meta.body_line, hint)
    _check_order(page, drafts)
    anchors = assign_anchors((d.time, d.precision) for d in drafts)
    entries = tuple(
        Entry(
            anchor=anchor,
            time=d.time,
            label=d.label,
            body=d.body,
            line=d.line,
            title=d.title,
            precision=d.precision,
            body_format=HTML,
            embeds=d.embeds,
        )
        for d, anchor in zip(drafts, anchors, strict=True)
    )
    stem = PurePosixPath(path).stem
    event = Event(
        slug=slugify(stem),
        title=meta.title or title_from_stem(stem),
        date=min(e.time for e in entries).date(),
        timezone=zone_label,
        entries=entries,
        path=path,
        line=1,
        summary=meta.summary,
        tags=meta.tags,
        intro=page.intro,
        language=language_tag(meta.lang),
        source=Source(
            url=meta.url,
            publisher=meta.publisher or config.publisher,
            captured=meta.captured,
            path=path,
        ),
    )
    # a JSON-LD escape ("\\u0007") can put in what the tree no longer holds
    return without_unfit(event), tuple(page.warnings)


def _relative_links(page: Page) -> None:
    """Links relative to a page whose address is not known cannot be followed: they are
    kept as their words (``html_body.absolutise``), and said so once, at the first."""
    if relative := page.unresolved:
        _warn(
            page,
            min(relative),
            ("a link is" if len(relative) == 1 else f"{len(relative)} links are")
            + " relative and the page names no address of its own (no canonical link, "
            "og:url or JSON-LD url): kept as words",
            "give the page's address in a sidecar (source: {url: https://...}), or save "
            "the page with it (SingleFile, a browser's 'Save page as')",
        )


def _warn(page: Page, line: int, message: str, hint: str) -> None:
    page.warnings.append(Problem(message, Location(page.path, line), hint, severity="warning"))


def _check_order(page: Page, drafts: list[_Draft]) -> None:
    """A time running against the page's own order is kept as printed, and reported."""
    if len(drafts) < 2:
        return
    newest_first = drafts[0].time >= drafts[-1].time
    order = "newest-first" if newest_first else "oldest-first"
    for prev, cur in pairwise(drafts):
        if (cur.time > prev.time) if newest_first else (cur.time < prev.time):
            _warn(
                page,
                cur.line,
                f"time runs backwards in this {order} page ({prev.label} then {cur.label}); "
                "kept as the page has it",
                "check the capture; a sidecar can correct the event",
            )


def _line(page: Page, el: HtmlElement) -> int:
    """The element's source line; past libxml2's cap, found again through its id."""
    line = el.sourceline or page.meta.body_line
    ident = el.get("id")
    if line >= _LINE_CAP and ident:
        pos = page.raw.find(f'id="{ident}"')
        if pos >= 0:
            return page.raw.count("\n", 0, pos) + 1
    return line


# --- the scan's blocks ----------------------------------------------------------------


def _from_blocks(
    page: Page, blocks: list[Block], with_peers: bool = True, first_day: date | None = None
) -> list[_Draft]:
    """Entries from the blocks the scan found (no JSON-LD, or blocks it does not list).
    ``first_day``, the date a sidecar gives, is the top block's where the page gives none."""
    if not blocks:
        return []
    # A block whose only stamp is a date (<time datetime="2016-03-14">) is a dated entry.
    clocked = [b for b in blocks if has_clock(b)]
    found = block_times(page, clocked)
    if found is None and first_day is not None and clocked:
        found = block_times(page, clocked, [first_day] + [None] * (len(clocked) - 1))
    if found is None:
        raise Undated(
            [
                Problem(
                    "this page prints times but no date for them",
                    Location(page.path, _line(page, blocks[0].element)),
                    "it has no dateModified/datePublished, no day heading and no "
                    "<time datetime=...>; write the event as Markdown under content/events/ "
                    f"instead, or {SIDECAR_DATE}",
                )
            ]
        )
    shown = iter(found)
    times: list[tuple[datetime, str, str]] = []
    for block in blocks:
        if has_clock(block):
            times.append((*next(shown), MINUTE))
        else:
            day = block.machine
            assert isinstance(day, date)  # a scanned block has a printed or machine time
            times.append((datetime.combine(day, dtime(0), tzinfo=page.zone), f"{day}", DAY))
    lead: list[HtmlElement] = []
    owned: dict[int, list[HtmlElement]] = {}
    if with_peers:
        lead, owned = cut.peers_by_entry(blocks, [when for when, _, _ in times])
        page.intro = cut.intro(page, lead)
    drafts = []
    for i, (block, (when, label, precision)) in enumerate(zip(blocks, times, strict=True)):
        title, html_body, embeds = cut.render(page, block, owned.get(i, []))
        line = _line(page, block.element)
        drafts.append(_Draft(when, label, html_body, line, title, embeds, precision))
    return drafts


# --- JSON-LD --------------------------------------------------------------------------


def _index_ids(page: Page, root: HtmlElement) -> None:
    """Every id in the page, and its parts after a ``-``/``_`` (``block-<id>``)."""
    for el in root.iter():
        ident = el.get("id") if isinstance(el.tag, str) else None
        if not ident:
            continue
        page.ids.setdefault(ident, el)
        for m in re.finditer(r"[-_:]", ident):
            suffix = ident[m.end() :]
            if len(suffix) >= 4:
                known = page.suffixes.get(suffix, el)
                page.suffixes[suffix] = el if known is el else None  # None: ambiguous


def _element_for(page: Page, update: Update) -> HtmlElement | None:
    """The update's block, named by its URL's fragment or its ``@id``."""
    keys = []
    for ref in (update.url, update.ident):
        if "#" in ref:
            keys.append(ref.rsplit("#", 1)[1])
        elif ref and "/" not in ref:
            keys.append(ref)
    for key in keys:
        if key in page.ids:
            return page.ids[key]
    for key in keys:
        found = page.suffixes.get(key)
        if found is not None:
            return found
    return None


def _visible(raw: str) -> str:
    """The words of a JSON-LD articleBody, HTML or text."""
    return " ".join(html.unescape(_MARKUP.sub(" ", raw)).split())


def _match_by_text(updates: list[Update], matched: list[HtmlElement | None], page: Page) -> None:
    """Updates without an id in the page: find their block by headline or opening words."""
    taken = {id(m) for m in matched if m is not None}
    free = [b for b in page.scan.blocks if id(b.element) not in taken]
    if not free:
        return
    texts = {id(b.element): " ".join(b.element.text_content().split()).lower() for b in free}
    for i, update in enumerate(updates):
        if matched[i] is not None:
            continue
        probes = [update.headline.lower()] if update.headline else []
        opening = _visible(update.body)[:60].lower()
        if len(opening) >= 20:
            probes.append(opening)
        for b in free:
            if id(b.element) not in taken and any(p in texts[id(b.element)] for p in probes):
                matched[i] = b.element
                taken.add(id(b.element))
                break


def _update_body(page: Page, update: Update) -> tuple[str, tuple[Embed, ...]]:
    """The JSON-LD's own text of an update that has no block in the page."""
    raw = update.body or ""
    if (found := cut.article_body(raw, page.meta.base)) is not None:
        page.unresolved += [update.line] * found[2]
        return found[:2]
    text = _visible(raw) if _MARKUP.search(raw) else html.unescape(raw)
    return body.sanitise(body.text_paragraphs(text)), ()


def _update_day(page: Page, update: Update) -> date | None:
    value = update.published
    if isinstance(value, datetime):
        return local(value, page.zone).date()
    return value


def _from_jsonld(page: Page, ld: JsonLd, root: HtmlElement) -> list[_Draft]:
    """Entries from ``liveBlogUpdate``, each with its page block's body and printed time
    where one matches, the JSON-LD's own text and time where none does."""
    _index_ids(page, root)
    updates = ld.updates
    matched = [_element_for(page, u) for u in updates]
    _match_by_text(updates, matched, page)
    scanned = {b.element: b for b in page.scan.blocks}
    blocks = [
        None if el is None else scanned.get(el) or Block(el, page.scan.stamps_at(el))
        for el in matched
    ]
    # Every update stamped with one and the same moment (the Guardian's): that is the
    # page's, not the update's; the printed times are then the only ones.
    moments = {u.published for u in updates if u.published is not None}
    one_moment = len(updates) > 1 and len(moments) <= 1
    headlines = {u.headline for u in updates}
    one_headline = len(updates) > 1 and len(headlines) <= 1

    timed = {i: b for i, b in enumerate(blocks) if b is not None and has_clock(b)}
    printed = block_times(
        page, list(timed.values()), [_update_day(page, updates[i]) for i in timed]
    )
    page_times = dict(zip(timed, printed or [], strict=False))

    drafts: list[_Draft] = []
    for i, update in enumerate(updates):
        block = blocks[i]
        shown = page_times.get(i)
        published = update.published
        precision = MINUTE
        if shown is not None and (one_moment or not isinstance(published, datetime)):
            when, label = shown
        elif isinstance(published, date) and not isinstance(published, datetime):
            # A date and no time, and no block printing one: a dated entry.
            when = datetime.combine(published, dtime(0), tzinfo=page.zone)
            label, precision = published.isoformat(), DAY
        elif isinstance(published, datetime):
            when = local(published, page.zone)
            label = f"{when:%H:%M}"
            if shown is not None:
                printed_when, label = shown
                same_minute = printed_when.replace(second=0) == when.replace(second=0)
                if not same_minute and block is not None:
                    _warn(
                        page,
                        _line(page, block.element),
                        f"the page prints {label} for this update, its JSON-LD says "
                        f"{published.isoformat()}; the printed time is kept",
                        "check the capture; a sidecar can correct the event",
                    )
                # The printed time is what readers saw; JSON-LD adds its seconds if it agrees.
                when = when.astimezone(printed_when.tzinfo) if same_minute else printed_when
        else:
            _warn(
                page,
                update.line,
                f"liveBlogUpdate {update.headline or update.url or i + 1!r} says nowhere when "
                "it was posted (no datePublished, no time in the page): left out",
                "check the capture; the update's text is still in the original",
            )
            continue
        hint = update.headline
        if one_headline or _repeats_title(hint, page.meta.title):
            hint = ""
        title, html_body, line = hint, "", update.line
        embeds: tuple[Embed, ...] = ()
        if block is not None:
            title, html_body, embeds = cut.render(page, block, [], hint)
            line = _line(page, block.element)
        if not html_body:  # no block, or an empty one: the JSON-LD's own words
            title, line = hint, update.line
            html_body, embeds = _update_body(page, update)
        drafts.append(_Draft(when, label, html_body, line, title, embeds, precision))
    extra = _unlisted(page.scan.blocks, [el for el in matched if el is not None])
    if extra and drafts:
        drafts = _merge(drafts, _from_blocks(page, extra, with_peers=False))
    return drafts


def _repeats_title(headline: str, title: str) -> bool:
    """An update "headline" that is the blog's own title (or its truncated start)."""
    head, whole = headline.split(), title.split()
    if not head:
        return True
    return whole[: len(head)] == head or (len(head) > 3 and whole[: len(head) - 1] == head[:-1])


def _ancestry(el: HtmlElement) -> list[HtmlElement]:
    out = []
    node: HtmlElement | None = el
    while node is not None:
        out.append(node)
        node = node.getparent()
    return out


def _unlisted(blocks: list[Block], matched: list[HtmlElement]) -> list[Block]:
    """The scan's blocks that are no JSON-LD update's block, nor inside or around one."""
    around = {id(a) for el in matched for a in _ancestry(el)}
    listed = {id(el) for el in matched}
    return [
        b
        for b in blocks
        if id(b.element) not in around and not any(id(a) in listed for a in _ancestry(b.element))
    ]


def _merge(listed: list[_Draft], extra: list[_Draft]) -> list[_Draft]:
    """Page blocks the JSON-LD does not list, slotted in by time in the list's direction."""
    newest_first = listed[0].time >= listed[-1].time
    out = list(listed)
    for draft in extra:
        pos = next(
            (
                k
                for k, have in enumerate(out)
                if (draft.time > have.time if newest_first else draft.time < have.time)
            ),
            len(out),
        )
        out.insert(pos, draft)
    return out
