"""Cutting one update out of the page: its title, its byline, its body.

The time that opened the block is taken out (it becomes the entry's label), together with
the short line that held it (a header, an "entry-info" row); whatever else that line said
(a byline, "KEY EVENT") is kept as the body's first paragraph. A heading right after the
time is the update's title. Untimed blocks of the blog's own kind (a race result, "Koniec.")
stay with the update that precedes them in time; those from before the first printed time
become the event's intro.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree
from lxml.html import Element, HtmlElement, fragments_fromstring

from generator.model import Embed
from generator.sources import html_body as body
from generator.sources.common import MARKUP
from generator.sources.html_markdown import markdown_of
from generator.sources.html_meta import Page, words
from generator.sources.html_scan import Block, Stamp, untimed_peers

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CONTENT_TAGS = frozenset({"p", "blockquote", "ul", "ol", "table", "figure", *_HEADINGS})
_BYLINE_MAX = 80


def same_text(a: str, b: str) -> bool:
    return bool(a) and words(a) == words(b)


def prepare(el: HtmlElement, base: str) -> list[Embed]:
    """Make a fragment ready for the sanitiser; return the social posts it quoted."""
    body.absolutise(el, base)
    body.strip_junk(el)
    embeds = body.convert_embeds(el)
    body.flatten_card_links(el)
    body.convert_media(el)
    body.tidy(el)
    return embeds


# what lxml refuses in a text: as U+FFFD, as the build writes such characters from a capture
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def article_body(raw: str, base: str) -> tuple[str, tuple[Embed, ...], int] | None:
    """A schema.org articleBody that holds markup, as sanitised HTML, the posts it quotes
    and how many of its links were kept as words for want of ``base`` (relative ones):
    schema.org says text, yet publishers write links, bold and embedded posts into it.
    None for plain text, and for markup lxml cannot read."""
    if not MARKUP.search(raw):
        return None
    holder = Element("div")  # lxml.html's: an etree element would make its children plain
    try:
        for piece in fragments_fromstring(_NOT_XML.sub("\ufffd", raw)):
            if isinstance(piece, str):
                if len(holder):
                    holder[-1].tail = (holder[-1].tail or "") + piece
                else:
                    holder.text = (holder.text or "") + piece
            else:
                holder.append(piece)
    except (etree.LxmlError, ValueError):  # ValueError: a control character lxml refuses
        return None
    body.paragraphise(holder)
    unresolved = 0 if base else len(body.relative_links(holder))
    embeds = prepare(holder, base)
    return body.sanitise(body.inner_html(holder)), tuple(embeds), unresolved


def render(
    page: Page, block: Block, peers: list[HtmlElement], title_hint: str = ""
) -> tuple[str, str, tuple[Embed, ...]]:
    """(title, sanitised HTML body, embeds) of one update and the untimed blocks it owns."""
    base = page.meta.base
    title, byline, main_html, embeds = _cut(block, base, title_hint)
    own = f"<p>{body.escape(byline)}</p>" if byline else ""
    parts = [own + main_html]
    for peer in peers:
        embeds += prepare(peer, base)
        parts.append(body.inner_html(peer))
    # Untimed blocks kept with this update stay set apart, as the page set them apart.
    return title, body.sanitise("<hr>".join(p for p in parts if p.strip())), tuple(embeds)


def intro(page: Page, lead: list[HtmlElement]) -> str:
    """Blocks from before the first printed time, as the Markdown of an intro: links,
    emphasis and lists kept where Markdown writes them (``<b>`` as ``**``), else the
    words."""
    parts = []
    for el in lead:
        prepare(el, page.meta.base)
        _as_marks(el)
        parts.append(body.inner_html(el))
    return markdown_of(body.sanitise("".join(parts)))


def _as_marks(el: HtmlElement) -> None:
    """Bold and italics as Markdown writes them: ``<strong>``, ``<em>``, with no space
    just inside (``<b> I zestaw</b>`` is `` <strong>I zestaw</strong>``, as it shows)."""
    for node in el.iter("b", "i", "strong", "em"):
        node.tag = "strong" if node.tag in ("b", "strong") else "em"
        text = node.text or ""
        if text[:1].isspace():
            node.text = text.lstrip()
            space = text[: len(text) - len(node.text)]
            before = node.getprevious()
            if before is not None:
                before.tail = (before.tail or "") + space
            elif (parent := node.getparent()) is not None:
                parent.text = (parent.text or "") + space
        last = node[-1] if len(node) else None
        text = (last.tail if last is not None else node.text) or ""
        if text[-1:].isspace():
            kept = text.rstrip()
            if last is not None:
                last.tail = kept
            else:
                node.text = kept
            node.tail = text[len(kept) :] + (node.tail or "")


def peers_by_entry(
    blocks: list[Block], times: list[datetime]
) -> tuple[list[HtmlElement], dict[int, list[HtmlElement]]]:
    """(intro blocks, untimed blocks per update index), each list in the order things
    happened: an update runs until the next printed time."""
    n = len(blocks)
    newest_first = n > 1 and times[0] >= times[-1]
    lead: list[HtmlElement] = []
    owned: dict[int, list[HtmlElement]] = {}
    for follows, el in untimed_peers(blocks):
        # ``follows``: the timed block above it in the page (-1: none).
        owner = follows + 1 if newest_first else follows
        if 0 <= owner < n:
            owned.setdefault(owner, []).append(el)
        else:
            lead.append(el)
    if newest_first:  # the page lists them newest first
        lead.reverse()
        for items in owned.values():
            items.reverse()
    return lead, owned


def _cut(block: Block, base: str, title_hint: str) -> tuple[str, str, str, list[Embed]]:
    """(title, byline, body HTML before sanitising, embeds)."""
    el = block.element
    byline = _remove_stamps(block)
    if not block.flat:
        title = _take_title(el, title_hint)
        embeds = prepare(el, base)
        return title, byline, body.inner_html(el), embeds
    # A heading or paragraph that opens the update, and the siblings up to the next one.
    holder = Element("div")  # lxml.html's (see article_body): its elements stay HtmlElements
    title = ""
    if el.tag in _HEADINGS:
        title = " ".join(el.text_content().split()).strip(body.SEPARATORS)
        holder.text = el.tail
    else:
        _move(el, holder)
    for item in block.content:
        _move(item, holder)
    embeds = prepare(holder, base)
    return title or title_hint, byline, body.inner_html(holder), embeds


def _move(item: HtmlElement, holder: HtmlElement) -> None:
    """Move an element, with the text that follows it, to the end of ``holder``."""
    tail = item.tail
    holder.append(item)  # lxml moves the element out of its old parent
    item.tail = tail


def _take_title(el: HtmlElement, hint: str) -> str:
    """The update's headline: its first heading, if no paragraph precedes it. With a
    ``hint`` (the JSON-LD headline) the heading is taken only if it says the same."""
    for node in el.iter():
        if node is el or not isinstance(node.tag, str):
            continue
        if node.tag in _HEADINGS:
            title = " ".join(node.text_content().split())
            if title and (not hint or same_text(title, hint)):
                body.remove(node)
                return title
            return hint
        if node.tag in _CONTENT_TAGS:
            break
    return hint


def _content(el: HtmlElement) -> bool:
    """Holds real content (a paragraph, a heading): never part of a time's own line."""
    return any(isinstance(d.tag, str) and d.tag in _CONTENT_TAGS for d in el.iter())


def _remove_stamps(block: Block) -> str:
    """Remove the block's opening time(s) and the short line holding them; return what else
    that line said (a byline), so that it is kept."""
    el = block.element
    holders = [h for st in block.stamps if (h := _strip_stamp(st, el)) is not None]
    kept: list[str] = []
    done: set[int] = set()
    for holder in holders:
        top = holder
        while (up := top.getparent()) is not None and up is not el and top is not el:
            if _content(up) or len(" ".join(up.text_content().split())) > _BYLINE_MAX:
                break
            top = up
        if top is el or id(top) in done or top.getparent() is None:
            continue
        if top.tag == "p" or _content(top):
            continue  # the time opened a paragraph: the paragraph stays
        done.add(id(top))
        rest = " ".join(top.text_content().split()).strip(body.SEPARATORS)
        if rest:
            kept.append(rest)
        body.remove(top)
    return " · ".join(dict.fromkeys(kept))


def _strip_stamp(st: Stamp, block_el: HtmlElement) -> HtmlElement | None:
    """Take one time out of the tree; return the element it stood in (None if gone)."""
    target = st.element
    if target.tag == "time" and st.text_owner is None:
        parent = target.getparent()
        if parent is None or target is block_el:
            return None
        body.remove(target)
        return parent
    owner, printed = st.text_owner, st.printed
    if owner is None or printed is None:
        return None
    if st.in_tail:
        rest = (owner.tail or "").lstrip()
        owner.tail = " " + body.strip_label(rest, 0, printed.end) + " "
        return owner.getparent()
    rest = (owner.text or "").lstrip()
    owner.text = body.strip_label(rest, 0, printed.end)
    if owner is block_el:
        return None
    parent = owner.getparent()
    if not owner.text and len(owner) == 0 and parent is not None:
        body.remove(owner)
        return parent
    return owner
