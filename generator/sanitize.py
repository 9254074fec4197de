"""The one HTML allowlist: every HTML body that reaches a page passes through here.

Captured pages and article models are untrusted: scripts, event handlers, frames, styles
and any URL scheme but http, https and mailto are removed by nh3 (the Rust ``ammonia``
sanitiser). Images are dropped too: an archive page makes no third-party requests.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "del", "dd", "dl", "dt",
    "em", "figcaption", "figure", "footer", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"data-handle", "data-url", "data-hashtags", "data-text"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Classes the theme styles and the extract stage reads back; all others are dropped.
CLASSES = {
    "blockquote": {"embed", "embed-social"},
    "span": {"hashtag", "handle"},
    "cite": {"handle"},
}
DROP_WITH_CONTENT = {"script", "style", "iframe", "noscript", "template", "object", "svg", "math"}
SCHEMES = {"http", "https", "mailto"}


def clean_html(fragment: str) -> str:
    """Safe HTML for a page of the archive; text is kept, dangerous markup is not."""
    if fragment.startswith("\ufeff"):
        # html5ever drops a leading U+FEFF as a byte order mark; a fragment's is its text
        return "\ufeff" + clean_html(fragment[1:])
    return nh3.clean(
        fragment,
        tags=TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


class _Events(HTMLParser):
    """The parse events of a fragment, to compare two spellings of the same markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[Any, ...]] = []
        self.unsafe = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # rel is a hint to the browser the sanitiser adds; its absence is no danger.
        self.events.append(("<", tag, tuple(a for a in attrs if a[0] != "rel")))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.events.append((">", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "t":
            self.events[-1] = ("t", self.events[-1][1] + data)
        else:
            self.events.append(("t", data))

    # Comments and declarations are where parsers disagree: such markup never keeps its bytes.
    def handle_comment(self, data: str) -> None:
        self.unsafe = True

    def handle_decl(self, decl: str) -> None:
        self.unsafe = True

    def handle_pi(self, data: str) -> None:
        self.unsafe = True

    def unknown_decl(self, data: str) -> None:
        self.unsafe = True


def _events(markup: str) -> list[tuple[Any, ...]] | None:
    """None where the parse cannot be trusted (and the standard parser may even raise)."""
    if "<!" in markup or "<?" in markup:
        return None
    parser = _Events()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError:  # html.parser's answer to some malformed markup
        return None
    return None if parser.unsafe else parser.events


def same_markup(one: str, other: str) -> bool:
    """Whether two fragments say the same (``sanitize_html``'s test): their elements,
    attributes but ``rel`` and text, however spelled."""
    mine = _events(one)
    return mine is not None and mine == _events(other)


def sanitize_html(markup: str) -> str:
    """The site's one allowlist (``generator.sanitize``) decides what is allowed. Markup
    that parses to exactly what it returns (the same elements, attributes and text, only
    spelled differently: ``&quot;``, ``<br />``, a link without ``rel``) keeps its own
    bytes, so tlgen's export reads back byte for byte."""
    clean = clean_html(markup)
    if clean != markup and same_markup(markup, clean):
        return markup
    return clean
