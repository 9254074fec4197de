"""Social posts in an HTML body as tlgen writes them (a static ``<blockquote class="embed
embed-social">``), carrying their record: ``tlgen import`` writes an HTML event's posts
with ``data-handle``, ``data-url`` and ``data-hashtags``, and the native reader reads them
back, so an imported event keeps its embeds (what the export and the tags hold) without a
syntax of its own. The attributes are then dropped: the page is the capture's."""

from __future__ import annotations

import html
import re

from generator.htmltext import html_to_text
from generator.model import Embed

OPEN = '<blockquote class="embed embed-social">'
# A blockquote's opening tag and its attributes, however they are spelled and ordered (a
# post may be written by hand as README.md shows it)
_BLOCKQUOTE = re.compile(r"<blockquote\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_WORDS = re.compile(r"(.*?)(?:<footer>|</blockquote>)", re.S)


def _words(body: str, start: int) -> str:
    """The post's words (its paragraphs before the footer) as the readers give them: one
    line, spaces between words."""
    m = _WORDS.match(body, start)
    return " ".join(html_to_text(m.group(1))[0].split()) if m else ""


def read_posts(body: str) -> tuple[str, tuple[Embed, ...]]:
    """The body without the posts' records, and the records; a body without any is
    returned as it is, with none."""
    if "data-handle=" not in body:
        return body, ()
    embeds: list[Embed] = []
    parts: list[str] = []
    pos = 0
    for m in _BLOCKQUOTE.finditer(body):
        attrs = {k.lower(): html.unescape(a or b or c) for k, a, b, c in _ATTR.findall(m[1])}
        if "data-handle" not in attrs or "embed-social" not in attrs.get("class", "").split():
            continue
        # its words: data-text where the paragraphs do not say them (``annotate``)
        text = attrs["data-text"] if "data-text" in attrs else _words(body, m.end())
        embeds.append(
            Embed(
                handle=attrs["data-handle"],
                text=text,
                url=attrs.get("data-url", ""),
                hashtags=tuple(attrs.get("data-hashtags", "").split()),
            )
        )
        parts += (body[pos : m.start()], OPEN)
        pos = m.end()
    return "".join(parts) + body[pos:], tuple(embeds)


def annotate(body: str, embeds: tuple[Embed, ...]) -> str:
    """``body`` with each post's record on its blockquote, where they can be read back as
    they are (``read_posts``); else the body as it is, its posts then only words."""
    if not embeds or body.count(OPEN) != len(embeds):
        return body
    if any(e.kind != "social" or any(t.split() != [t] for t in e.hashtags) for e in embeds):
        return body
    pieces = body.split(OPEN)
    out = [pieces[0]]
    for embed, piece in zip(embeds, pieces[1:], strict=True):
        attrs = (
            f' data-handle="{html.escape(embed.handle)}" data-url="{html.escape(embed.url)}"'
            f' data-hashtags="{html.escape(" ".join(embed.hashtags))}"'
        )
        if _words(piece, 0) != embed.text:
            attrs += f' data-text="{html.escape(embed.text)}"'
        out += (OPEN[:-1] + attrs + ">", piece)
    annotated = "".join(out)
    return annotated if read_posts(annotated) == (body, embeds) else body
