"""Plain text and links out of (already sanitised) HTML, with the standard library.

Used where an entry's body arrives as HTML: the export's ``text`` field and the links list
must read the same whichever format the capture came in.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

_BLOCKS = {
    "p", "div", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "table", "tr", "figure", "figcaption", "section", "article", "header", "footer",
    "aside",
}  # fmt: skip
_SKIP = {"script", "style", "template", "noscript"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.quoted: set[int] = set()  # blocks inside a (non-embed) blockquote
        self.quote_depth: list[bool] = []
        self.links: list[str] = []
        self.skip = 0

    def _new_block(self) -> None:
        self.blocks.append([])
        if any(self.quote_depth):
            self.quoted.add(len(self.blocks) - 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCKS:
            if tag == "blockquote":
                self.quote_depth.append("embed" not in (dict(attrs).get("class") or ""))
            self._new_block()
        elif tag == "br":
            self.blocks[-1].append("\n")
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            if tag == "blockquote" and self.quote_depth:
                self.quote_depth.pop()
            self._new_block()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.blocks[-1].append(data)


def quoted_blocks(markup: str) -> frozenset[str]:
    """The paragraphs of ``markup`` set as blockquotes (social embeds aside), each as it
    appears in ``html_to_text``: typeset quotations whose marks are not in the text."""
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError:
        return frozenset()
    return frozenset(
        " ".join("".join(parser.blocks[i]).split())
        for i in parser.quoted
        if "".join(parser.blocks[i]).strip()
    )


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """(text with blocks separated by blank lines, hrefs of links in document order)."""
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError:  # html.parser gives up on some malformed declarations
        parser = _TextParser()
        parser.feed(html.escape(markup))
        parser.close()
    blocks = []
    for parts in parser.blocks:
        lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            blocks.append(block)
    return "\n\n".join(blocks), parser.links


def text_to_html(text: str) -> str:
    """Paragraphs (blank-line separated) of escaped text; single newlines become <br>."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in p.split("\n")) + "</p>\n"
        for p in paragraphs
    )
