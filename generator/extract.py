"""What an entry holds beyond its words: rendered HTML, plain text, links, hashtags and
social embeds. Pure: an Event in, an enriched Event out.

Scraped live blogs write a social post as ``[@RT.com](#) text [#Tag](#) <http://url>``;
those ``#`` links lead nowhere, so hashtags become hashtags and the post becomes an
embed record (rendered as a static blockquote), never a dead link.
"""

from __future__ import annotations

import html
from dataclasses import replace

from markdown_it.token import Token

from generator import markup
from generator.htmltext import html_to_text, quoted_blocks, text_to_html
from generator.model import HTML, TEXT, Embed, Entry, Event, Statement
from generator.registry import Registry
from generator.statements import Context, Resolver, extract


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
    words = []
    for word in embed.text.split(" "):
        if word.startswith("#") and word[1:] in embed.hashtags:
            words.append(f'<span class="hashtag">{esc(word)}</span>')
        else:
            words.append(esc(word))
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


def enrich_entry(entry: Entry) -> Entry:
    """Fill html, text, links, hashtags and embeds from the entry's body."""
    if entry.html:
        return entry  # a finished record (tlgen's own export read back): kept as it was
    if entry.body_format in (HTML, TEXT):
        # HTML bodies were sanitised by their reader, which also found their embeds.
        body_html = entry.body if entry.body_format == HTML else text_to_html(entry.body)
        text, links = html_to_text(body_html)
        tags = [t for embed in entry.embeds for t in embed.hashtags]
        return replace(
            entry,
            html=body_html,
            text=entry.text or text,  # a reader of tlgen's own export keeps its text
            hashtags=_dedupe([*entry.hashtags, *tags]),
            links=_dedupe([*entry.links, *links]),
        )
    tokens = markup.parse(entry.body)
    kept: list[Token] = []
    embeds: list[Embed] = []
    hashtags: list[str] = []
    links: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
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
        html=markup.render(kept),
        text=markup.plain_text([t for t in kept if t.type != "html_block"]),
        embeds=tuple(embeds),
        hashtags=_dedupe(hashtags),
        links=_dedupe(links),
    )


def _inline(children: list[Token], hashtags: list[str], links: list[str]) -> list[Token]:
    """Dead ``#`` links become hashtag spans; real links are collected."""
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


def _is_sentence(title: str) -> bool:
    return title.rstrip().endswith(".") and len(title.split()) >= 8


def enrich_event(event: Event, registry: Registry | None = None) -> Event:
    """The extract stage for one event; entries keep their order and anchors.

    Statements are read in time order, so that a surname alone finds the full name
    used earlier in the event; statements a reader already supplied (tlgen's own
    export) are kept as they are.
    """
    entries = [enrich_entry(e) for e in event.entries]
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
        quoted = quoted_blocks(entry.html) if "<blockquote" in entry.html else frozenset()
        # Headlines are the writer's words, not statements (bench/statements/GUIDELINES.md);
        # a "title" that is a whole sentence (a digest's item) is read as text.
        title = entry.title if _is_sentence(entry.title) else ""
        statements, mentions = extract(entry.text, context, quoted, title)
        found[index] = (tuple(statements), tuple(mentions))
    for index, (statements, mentions) in found.items():
        entries[index] = replace(entries[index], statements=statements, mentions=mentions)
    return replace(
        event,
        entries=tuple(entries),
        intro_html=markup.render_markdown(event.intro) if event.intro else "",
    )
