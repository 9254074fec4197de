"""What an entry holds beyond its words: rendered HTML, plain text, links, hashtags and
social embeds. Pure: an Event in, an enriched Event out.

Scraped live blogs write a social post as ``[@RT.com](#) text [#Tag](#) <http://url>``;
those ``#`` links lead nowhere, so hashtags become hashtags and the post becomes an
embed record (rendered as a static blockquote), never a dead link.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from generator import markup
from generator.errors import Location, Problem
from generator.model import HTML, TEXT, Embed, Entry, Event, Statement
from generator.registry import Registry, fold

if TYPE_CHECKING:
    from collections.abc import Iterator

    from markdown_it.token import Token


def _is_dead_link(tok: Token) -> bool:
    return tok.type == "link_open" and str(tok.attrs.get("href", "")) in ("", "#")


def _embed_from(children: list[Token]) -> Embed | None:
    """A paragraph that opens with a ``[@handle](#)`` link is a quoted social post."""
    if len(children) < 3 or not _is_dead_link(children[0]):
        return None
    if children[1].type != "text" or not children[1].content.startswith("@"):
        return None
    handle = children[1].content[1:].strip()
    url = ""
    hashtags: list[str] = []
    words: list[str] = []
    i = 3
    while i < len(children):
        tok = children[i]
        if tok.type == "link_open" and tok.markup == "autolink" and not url:
            url = str(tok.attrs.get("href", ""))
            i += 3  # link_open, text, link_close
            continue
        if tok.type == "text":
            words.append(tok.content)
            if i > 0 and _is_dead_link(children[i - 1]) and tok.content.startswith("#"):
                hashtags.append(tok.content[1:])
        elif tok.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif tok.type == "code_inline":
            words.append(tok.content)
        i += 1
    text = " ".join("".join(words).split())
    return Embed(handle=handle, text=text, url=url, hashtags=tuple(hashtags))


def embed_html(embed: Embed) -> str:
    """A static blockquote: the post's words, its author and its link, nothing fetched."""
    esc = html.escape
    tags = embed.hashtags
    # escaping adds no space: the words of the escaped text are the words escaped
    words = [
        f'<span class="hashtag">{shown}</span>'
        if word.startswith("#") and word[1:] in tags
        else shown
        for word, shown in zip(embed.text.split(" "), esc(embed.text).split(" "), strict=True)
    ]
    link = ""
    if embed.url and markup.is_safe_url(embed.url):
        link = f' <a href="{esc(embed.url)}" rel="nofollow noopener">{esc(embed.url)}</a>'
    return (
        f'<blockquote class="embed embed-{esc(embed.kind)}">'
        f"<p>{' '.join(words)}</p>"
        f'<footer><cite class="handle">@{esc(embed.handle)}</cite>{link}</footer>'
        "</blockquote>\n"
    )


def _dedupe(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def enrich_entry(entry: Entry, keep_body: bool = True) -> Entry:
    """Fill html, text, links, hashtags and embeds from the entry's body; without
    ``keep_body``, the body goes in the same step (a build keeps no source text)."""
    body = entry.body if keep_body else ""
    if entry.html:  # a finished record (tlgen's own export read back): kept as it was
        return entry if keep_body else replace(entry, body="")
    if entry.body_format in (HTML, TEXT):
        from generator.htmltext import html_to_text, text_to_html  # not for Markdown

        # HTML bodies were sanitised by their reader, which also found their embeds.
        body_html = entry.body if entry.body_format == HTML else text_to_html(entry.body)
        text, found = html_to_text(body_html)
        tags = [t for embed in entry.embeds for t in embed.hashtags]
        return replace(
            entry,
            body=body,
            html=body_html,
            text=entry.text or text,  # a reader of tlgen's own export keeps its text
            hashtags=_dedupe([*entry.hashtags, *tags]),
            links=_dedupe([*entry.links, *found]),
        )
    fast = _fast_markdown(entry.body)
    if fast is not None:
        return _enriched(entry, body, fast[0], fast[1], tuple(fast[2]), fast[3], fast[4])
    from markdown_it.token import Token  # the reference, for what the fast path left

    tokens = markup.parse(entry.body)
    kept: list[Token] = []
    embeds: list[Embed] = []
    hashtags: list[str] = []
    links: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open" and i + 2 < len(tokens) and not tokens[i + 1].content:
            i += 3  # an empty heading (a stray "#" in a capture): nothing to show
            continue
        if (
            tok.type == "paragraph_open"
            and i + 2 < len(tokens)
            and (embed := _embed_from(tokens[i + 1].children or []))
        ):
            embeds.append(embed)
            hashtags.extend(embed.hashtags)
            block = Token("html_block", "", 0)
            block.content = embed_html(embed)
            kept.append(block)
            i += 3
            continue
        if tok.type == "inline":
            tok.children = _inline(tok.children or [], hashtags, links)
        kept.append(tok)
        i += 1
    return replace(
        entry,
        body=body,
        html=markup.render(kept),
        text=markup.plain_text([t for t in kept if t.type != "html_block"]),
        embeds=tuple(embeds),
        hashtags=_dedupe(hashtags),
        links=_dedupe(links),
    )


def _enriched(
    entry: Entry,
    body: str,
    html: str,
    text: str,
    embeds: tuple[Embed, ...],
    hashtags: list[str],
    links: list[str],
) -> Entry:
    """``replace(entry, ...)`` with what this stage fills, by the constructor alone:
    ``dataclasses.replace`` reads every field in a loop first, 3.6 µs an update against
    2.0 (tests/unit/test_extract.py checks that no field is left behind)."""
    return Entry(
        anchor=entry.anchor,
        time=entry.time,
        label=entry.label,
        body=body,
        line=entry.line,
        title=entry.title,
        precision=entry.precision,
        body_format=entry.body_format,
        html=html,
        text=text,
        statements=entry.statements,
        mentions=entry.mentions,
        embeds=embeds,
        hashtags=_dedupe(hashtags),
        links=_dedupe(links),
    )


def _inline(children: list[Token], hashtags: list[str], links: list[str]) -> list[Token]:
    """Dead ``#`` links become hashtag spans; real links are collected."""
    from markdown_it.token import Token

    out: list[Token] = []
    dead = 0
    for tok in children:
        if _is_dead_link(tok):
            dead += 1
            span = Token("html_inline", "", 0)
            out.append(span)
            continue
        if tok.type == "link_close" and dead:
            dead -= 1
            span = Token("html_inline", "", 0)
            span.content = "</span>"
            out.append(span)
            continue
        if tok.type == "link_open":
            links.append(str(tok.attrs.get("href", "")))
        if dead and tok.type == "text" and out and out[-1].type == "html_inline":
            css = "hashtag" if tok.content.startswith("#") else "handle"
            out[-1].content = f'<span class="{css}">'
            if css == "hashtag":
                hashtags.append(tok.content[1:])
        out.append(tok)
    for tok in out:
        if tok.type == "html_inline" and not tok.content:
            tok.content = "<span>"
    return out


_NEWLINE = re.compile(r"\r\n?")
# Patterns searched one after the other: faster than all of them as one
_UNSURE_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
# The ASCII characters of _UNSURE_CHAR
_UNSURE_ASCII = bytes((*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))


def _unsure_char(body: str) -> bool:
    """``_UNSURE_CHAR.search(body)``, answered without it for most bodies: an ASCII body's
    bytes are looked up in a table, and no other printable character is unsure."""
    if body.isascii():
        return len(body.encode().translate(None, _UNSURE_ASCII)) != len(body)
    return not body.replace("\n", "").isprintable() and _UNSURE_CHAR.search(body) is not None


# A list marker alone on its line: the first line matched, the others searched from
# their newline (four times faster than one multiline pattern tried at every position)
_EMPTY_ITEM = re.compile(r"[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]*(?:\n|\Z)")
_EMPTY_ITEM_AFTER = re.compile(r"\n[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]*(?:\n|\Z)")
_LIST_ITEM = re.compile(r"^[ \t>]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)", re.M)
# What may come before a blockquote marker on its line: spaces and list markers (a ">"
# closing an autolink ``<https://...>`` is none).
_QUOTE_LEAD = re.compile(r"[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*")


def _quote_marker(body: str) -> bool:
    """Whether a line of the body opens with a blockquote marker (after spaces or list
    markers): each ">" is checked against its line's start, instead of a multiline
    pattern tried at every position of the body."""
    at = body.find(">")
    while at >= 0:
        if _QUOTE_LEAD.fullmatch(body, body.rfind("\n", 0, at) + 1, at):
            return True
        at = body.find(">", at + 1)
    return False


class _Unsure(Exception):
    """A body the fast path leaves to markdown-it-py (the reference)."""


def _fast_markdown(body: str) -> tuple[str, str, list[Embed], list[str], list[str]] | None:
    """An entry's html, text, embeds, hashtags and links from markdown-it-pyrs: byte for
    byte what the markdown-it-py path makes (tests/unit/test_fast_markdown.py), several
    times faster. None for a body only that path is sure of: an image, a table, a fence,
    a link ``is_safe_url`` refuses, a dead link with a title, and the other shapes the
    two parsers were seen to differ on.

    markdown-it-pyrs renders a body once and the HTML is read back (``_from_html``).
    Only a body with a social post and a link that may look like its address (an
    autolink) is parsed again, for the tree that tells the two apart."""
    md = markup.fast_parser()
    if (
        md is None
        or "|" in body
        or ("`" in body and "[" in body)
        or "```" in body
        or "~~~" in body
        or _unsure_char(body)
        or _EMPTY_ITEM.match(body)
        or _EMPTY_ITEM_AFTER.search(body)
    ):
        # a "|" may make a table, whose edges the two see differently; markdown-it-pyrs
        # 0.4 panics on a "[" before an unclosed "`"; a fence and an indented code block
        # look alike in HTML, and where a fence ends differs at the edges; markdown-it-py
        # strips Unicode spaces around a paragraph (Python's str.strip), markdown-it-pyrs
        # ASCII ones; and they were seen to differ at a list marker alone on its line
        return None
    if ">" in body and _quote_marker(body) and ("\t" in body or _LIST_ITEM.search(body)):
        # they end a quoted paragraph differently at some list items, and count a tab
        # after nested quote markers differently (an indented code block, or not)
        return None
    if "\r" in body:
        body = _NEWLINE.sub("\n", body)  # as markdown-it-py normalises it
    try:
        body_html = md.render(body)
        if "></h" in body_html and markup.EMPTY_HEADING.search(body_html):
            return None  # the reference leaves it out
        autolinks: Iterator[bool] | None = None
        if (
            '">@' in body_html
            and _POST_START.search(body_html)
            and (_REAL_LINK.search(body) or "]:" in body)
            and _link_like_autolink(body, body_html)
        ):
            # A post's address is its first autolink, and a link here may look like one:
            # the tree tells them apart, link by link (an image may hold links no <a> shows).
            names = [node.name for node in md.tree(body).walk()]
            if "image" in names:
                return None
            autolinks = iter([name == "autolink" for name in names if name in _LINK_NODES])
        return _from_html(body, body_html, autolinks)
    except _Unsure:
        return None
    except BaseException as exc:  # a Rust panic is a BaseException: the reference reads it
        if type(exc).__name__ != "PanicException":
            raise
        return None


# A dead link opening a line of the HTML: maybe a social post (``_embed_from``)
_POST_START = re.compile(r'(?:<p>|<li>|\n)<a href="#?">@')
# An autolink's words are its address (``mailto:`` aside). A link may look the same,
# given an address: inline (or an image's), or by a reference definition (``]:``).
_LIKE_AUTOLINK = re.compile(r'<a href="(?:mailto:)?([^"]*)">\1</a>')
_REAL_LINK = re.compile(r"\]\((?!#?\))")
_LINK_NODES = frozenset(("link", "autolink"))  # in markdown-it-pyrs's tree
# Raw HTML is off: every "<" in markdown-it-pyrs's HTML opens a tag it wrote
_TAG = re.compile(r"<(/?)([a-z0-9]+)([^>]*)>")
_LINK_ATTRS = re.compile(r' href="([^"]*)"( title="[^"]*")?')
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_BLOCK_TAGS = _HEADINGS | {"p", "blockquote", "ul", "ol", "li", "hr", "pre"}
_INLINE_TAGS = frozenset(("em", "strong", "s", "code"))


def _unescape(text: str) -> str:
    """Text as markdown-it escapes it (``&``, ``<``, ``>``, ``"``), back as it was."""
    if "&" not in text:
        return text
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def _link_like_autolink(body: str, body_html: str) -> bool:
    """Whether a link whose words are its address (``_LIKE_AUTOLINK``) may be a link
    written in brackets rather than an autolink. Such a link's words follow a ``[`` in the
    body as they are in the HTML, unescaped: no inline rule changes them on the way but
    backslash escapes and entities, and with either in the body every such link may be."""
    if "\\" in body or "&" in body:
        return _LIKE_AUTOLINK.search(body_html) is not None
    return any("[" + _unescape(m[1]) in body for m in _LIKE_AUTOLINK.finditer(body_html))


def _from_html(
    body: str, body_html: str, autolinks: Iterator[bool] | None = None
) -> tuple[str, str, list[Embed], list[str], list[str]]:
    """What the reference reads from its tokens, read from the HTML: the text of each
    block (a paragraph, a heading, a tight list item's words, a code block), its links,
    its dead links made hashtag or handle spans, and its social posts (a paragraph
    opening with ``[@handle](#)``) made embeds. ``autolinks``: for each link in order,
    whether it is an autolink, where its HTML cannot tell. Raises ``_Unsure`` at
    anything else (an image, a link markdown-it-py would not make)."""
    texts: list[str] = []
    words: list[str] = []
    links: list[str] = []
    hashtags: list[str] = []
    embeds: list[Embed] = []
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in body_html
    pos, edge, dead = 0, True, False  # edge: just after a block's tag or a hard break
    opened = ""  # the block tag just read, while nothing has followed it
    paragraph = 0  # where the last paragraph opened
    for m in _TAG.finditer(body_html):
        if m.start() < pos:
            continue  # in a code block or a post, read whole
        closing, name, attrs = m.groups()
        block = name in _BLOCK_TAGS
        if m.start() > pos:
            # a newline next to a block's tag only lays out the HTML; others are soft breaks
            words_at = body_html[pos + 1 if edge and body_html[pos] == "\n" else pos : m.start()]
            if block and words_at.endswith("\n"):
                words_at = words_at[:-1]
            if words_at:
                words.append(words_at.replace("\n", " "))
                opened = ""
        pos, edge = m.end(), block
        first, opened = opened, ""  # first: the block tag whose words this tag opens
        if block:
            opened = closing + name
            if name == "p" and not closing:
                paragraph = m.start()
            if words:
                texts.append(_unescape("".join(words)))
                words = []
            if name == "pre":  # an indented code block: its text as it is
                if body_html.startswith("<code>", pos):
                    end = body_html.index("</code></pre>", pos)
                    texts.append(_unescape(body_html[pos + 6 : end]).rstrip("\n"))
                    pos = end + 13
                    continue
                raise _Unsure
            if (
                name == "blockquote"
                and not closing
                and body_html.startswith("\n</blockquote>", pos)
            ):
                raise _Unsure  # markdown-it-pyrs writes an empty one on two lines
        elif name == "br":
            words.append("\n")
            edge = True
        elif name == "a":
            if closing:
                if dead:
                    edits.append((m.start(), pos, "</span>"))
                    dead = False
                continue
            auto = next(autolinks) if autolinks is not None else None
            if dead or (link := _LINK_ATTRS.fullmatch(attrs)) is None:
                raise _Unsure
            url = _unescape(link[1])
            if url in ("", "#"):
                if link[2]:
                    raise _Unsure  # a dead link with a title
                if first == "p" and body_html.startswith("@", pos):  # a social post
                    end = body_html.index("</p>\n", pos)  # text never holds "</p>"
                    embed = _post(body_html, pos, end, autolinks)
                    embeds.append(embed)
                    hashtags.extend(embed.hashtags)
                    edits.append((paragraph, end + 5, embed_html(embed)))
                    pos, edge, opened = end + 5, True, "/p"
                    continue
                if first and first not in _HEADINGS and body_html.startswith("@", pos):
                    raise _Unsure  # opening a tight list item's words: the reference's post
                edits.append((m.start(), pos, _span(body_html, pos, hashtags)))
                dead = True
            else:
                links.append(_link(body, body_html, pos, url, auto))
        elif name not in _INLINE_TAGS:
            raise _Unsure  # an image (its text is its source's), or a tag not met before
    if edits:
        pieces: list[str] = []
        last = 0
        for start, end, replacement in edits:
            pieces += (body_html[last:start], replacement)
            last = end
        pieces.append(body_html[last:])
        body_html = "".join(pieces)
    return body_html, "\n\n".join(t for t in texts if t), embeds, hashtags, links


def _post(body_html: str, pos: int, end: int, autolinks: Iterator[bool] | None) -> Embed:
    """A social post from its paragraph's HTML (from ``pos``, in its opening dead link,
    to ``end``, its ``</p>``), read as ``_embed_from`` reads the tokens: the handle, the
    words, the first autolink as its address and no words, hashtags from dead links;
    an image is passed over whole. Without ``autolinks``, a link whose words are its
    address is an autolink (``_fast_markdown`` gives them where it may not be)."""
    close = body_html.index("</a>", pos)
    handle = body_html[pos:close]
    if "<" in handle or "\n" in handle:
        raise _Unsure  # the reference reads such a link token by token
    words: list[str] = []
    hashtags: list[str] = []
    url, in_address, pos = "", False, close + 4
    for m in _TAG.finditer(body_html, pos, end):
        if not in_address:
            words.append(body_html[pos : m.start()])
        pos = m.end()
        closing, name, attrs = m.groups()
        if name == "a":
            if closing:
                in_address = False
                continue
            auto = next(autolinks) if autolinks is not None else None
            if (link := _LINK_ATTRS.fullmatch(attrs)) is None:
                raise _Unsure
            address = _unescape(link[1])
            if address in ("", "#"):
                lead = body_html[pos : body_html.index("<", pos)].split("\n", 1)[0]
                if lead.startswith("#"):
                    hashtags.append(_unescape(lead[1:]))
            else:
                if auto is None:
                    words_of = _unescape(body_html[pos : body_html.index("</a>", pos)])
                    auto = words_of == address or f"mailto:{words_of}" == address
                _link_checked(address, auto)
                if auto and not url:
                    url, in_address = address, True
        elif name not in _INLINE_TAGS and name != "br" and name != "img":
            raise _Unsure
    words.append(body_html[pos:end])
    text = " ".join(_unescape("".join(words)).split())
    return Embed(handle=_unescape(handle)[1:].strip(), text=text, url=url, hashtags=tuple(hashtags))


def _link_checked(url: str, auto: bool) -> str:
    """A link's address, when markdown-it-py would have made the same link of it."""
    if auto and ("%" in url or "xn--" in url or not url.isascii()):
        raise _Unsure  # markdown-it-py shows it decoded, markdown-it-pyrs as written
    if not markup.is_safe_url(url):
        raise _Unsure  # markdown-it-py leaves it as text; markdown-it-pyrs may link it
    return url


def _span(body_html: str, pos: int, hashtags: list[str]) -> str:
    """The span a dead link becomes (as ``_inline`` makes it): a hashtag when its words
    open with ``#``, a handle when they open otherwise, bare when it has none. Its words
    open up to its first tag or line break."""
    lead = body_html[pos : body_html.index("<", pos)].split("\n", 1)[0]
    if not lead:
        return "<span>"
    if lead.startswith("#"):
        hashtags.append(_unescape(lead[1:]))
        return '<span class="hashtag">'
    return '<span class="handle">'


def _link(body: str, body_html: str, pos: int, url: str, auto: bool | None) -> str:
    """A link's address (``_link_checked``). Unless ``auto`` says, a link is taken for
    an autolink when it may be one: its words, in ``<`` and ``>``, are in the body."""
    if auto is None and ("%" in url or "xn--" in url or not url.isascii()):
        auto = f"<{_unescape(body_html[pos : body_html.index('<', pos)])}>" in body
    return _link_checked(url, bool(auto))


def _is_sentence(title: str) -> bool:
    return title.rstrip().endswith(".") and len(title.split()) >= 8


def enrich_event(
    event: Event,
    registry: Registry | None = None,
    statements: bool = True,
    keep_bodies: bool = True,
) -> Event:
    """The extract stage for one event; entries keep their order and anchors.

    Statements are read in time order, so that a surname alone finds the full name
    used earlier in the event; statements a reader already supplied (tlgen's own
    export) are kept as they are. ``statements=False`` (a site that shows none: no
    speaker pages, no exports) skips reading them, three quarters of this stage.
    ``keep_bodies=False`` drops each entry's source text once it is read.
    """
    entries = [enrich_entry(e, keep_bodies) for e in event.entries]
    if statements:
        _read_statements(event, entries, registry)
    return replace(
        event,
        entries=tuple(entries),
        # an intro read as HTML (tlgen's own export) is kept as it is
        intro_html=markup.render_shown(event.intro) if event.intro else event.intro_html,
    )


def _read_statements(event: Event, entries: list[Entry], registry: Registry | None) -> None:
    """Fill in each entry's statements and mentions (in ``entries``, in place)."""
    from generator.htmltext import quoted_blocks
    from generator.statements import Context, Resolver, extract  # not for a site without

    context = Context(registry or Registry())
    found: dict[int, tuple[tuple[Statement, ...], tuple[str, ...]]] = {}
    for index in sorted(range(len(entries)), key=lambda i: entries[i].time.timestamp()):
        entry = entries[index]
        if entry.statements or entry.mentions or event.entries[index].html:
            resolver = Resolver(context)
            for name in (*(s.speaker for s in entry.statements), *entry.mentions):
                resolver.learn(name)
            continue
        context.when = entry.time.date()
        # no blockquote but social posts': no paragraph is someone's words
        quoted: frozenset[str] = frozenset()
        if entry.html.count("<blockquote") != entry.html.count('<blockquote class="embed'):
            quoted = quoted_blocks(entry.html)
        # Headlines are the writer's words, not statements (bench/statements/GUIDELINES.md);
        # a "title" that is a whole sentence (a digest's item) is read as text.
        title = entry.title if _is_sentence(entry.title) else ""
        statements, mentions = extract(entry.text, context, quoted, title)
        found[index] = (tuple(statements), tuple(mentions))
    for index, (said, named) in found.items():
        entries[index] = replace(entries[index], statements=said, mentions=named)


def fix_speakers(
    event: Event, registry: Registry | None = None
) -> tuple[Event, tuple[Problem, ...]]:
    """The event with its ``speaker_fixes`` applied to what extraction found: a name as
    the page shows it becomes the fix's person (the registry's, where it knows them), or
    its statements go and it is no longer mentioned. A fix that names nobody of the event
    is a warning at its line: a misspelt name would otherwise change nothing, silently."""
    if not event.speaker_fixes:
        return event, ()
    from generator.ids import slugify

    fixes = {fold(fix.name): fix for fix in event.speaker_fixes}
    used: set[str] = set()
    known = registry or Registry()

    def person(name: str, when: date) -> tuple[str, str]:
        speaker = known.lookup(name, when)
        return (speaker.name, speaker.slug) if speaker else (name, slugify(name))

    entries = []
    for entry in event.entries:
        said: list[Statement] = []
        for statement in entry.statements:
            fix = fixes.get(fold(statement.speaker))
            if fix is None:
                said.append(statement)
                continue
            used.add(fold(fix.name))
            if fix.to:
                name, slug = person(fix.to, entry.time.date())
                said.append(replace(statement, speaker=name, speaker_slug=slug))
        speakers = {s.speaker for s in said}
        named: list[str] = []
        for mention in entry.mentions:
            fix = fixes.get(fold(mention))
            if fix is not None:
                used.add(fold(fix.name))
                mention = person(fix.to, entry.time.date())[0] if fix.to else ""
            if mention and mention not in speakers and mention not in named:
                named.append(mention)
        if said != list(entry.statements) or named != list(entry.mentions):
            entry = replace(entry, statements=tuple(said), mentions=tuple(named))
        entries.append(entry)
    unused = tuple(
        Problem(
            f"speakers: {fix.name!r} is nobody this event quotes or names",
            Location(fix.path, fix.line),
            "write the name as the event's page shows it",
            severity="warning",
        )
        for key, fix in fixes.items()
        if key not in used
    )
    return replace(event, entries=tuple(entries)), unused
