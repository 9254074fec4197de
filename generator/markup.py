"""The one place that builds a Markdown parser: CommonMark, raw HTML off, safe links.

Raw HTML in sources is escaped rather than passed through (archives hold scraped, untrusted
text), and markdown-it's link validation already refuses ``javascript:``, ``vbscript:``,
``file:`` and non-image ``data:`` URLs. One parser per process: building it is the costly
part.

markdown-it-py's output is the reference. markdown-it-pyrs (markdown-it.rs, the same
family, in Rust) parses a body about fifteen times faster and renders the same bytes for
the same rules; ``fast_parser`` gives it with those rules, and its users fall back to
markdown-it-py for whatever it cannot be trusted with (``extract.enrich_entry``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # imported where a body needs it: most go to markdown-it-pyrs
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = ("http:", "https:", "mailto:")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    return md


# markdown-it-py's "commonmark" rules with tables and strikethrough, raw HTML off
_FAST_RULES: list[Any] = [
    *("blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph"),
    *("reference", "autolink", "backticks", "emphasis", "entity", "escape", "image", "link"),
    *("newline", "strikethrough", "table"),
]


@lru_cache(maxsize=1)
def fast_parser() -> Any | None:
    """markdown-it-pyrs with ``parser()``'s rules, or None where it is not installed."""
    try:
        import markdown_it_pyrs
    except ImportError:
        return None
    md = markdown_it_pyrs.MarkdownIt("zero")
    md.enable_many(_FAST_RULES)
    return md


def is_safe_url(url: str) -> bool:
    """Only http(s), mailto and relative links survive; everything else is shown as text."""
    if url.isascii() and url.isprintable() and " " not in url:
        probe = url.lower()  # nothing to drop: most addresses
    else:
        probe = "".join(c for c in url if c > " " and c != "\x7f").lower()
    if ":" not in probe.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True
    return probe.startswith(SAFE_SCHEMES)


def is_web_url(url: str) -> bool:
    """An absolute http(s) address with a host: what a source's original URL must be
    (it is shown as a link on every event page)."""
    if any(c <= " " or c == "\x7f" for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # an invalid IPv6 host, say
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def parse(text: str) -> list[Token]:
    """The tokens of a body or intro, its last line ended as every other: a fence left
    open at its end then holds the code one closed there would (which ``tlgen import``
    must write, an update's heading coming next); nothing else reads a final line end."""
    return parser().parse(text if text.endswith("\n") else text + "\n")


def render(tokens: list[Token]) -> str:
    md = parser()
    return md.renderer.render(tokens, md.options, {})


def inline_text(token: Token) -> str:
    """The readable text of an inline token: text, code and line breaks, no markup (raw
    HTML is off, so an ``html_inline`` child is markup tlgen added: a hashtag's span)."""
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" " if child.type == "softbreak" else "\n")
        elif child.type == "image":
            out.append(child.content)
    return "".join(out)


def plain_text(tokens: list[Token]) -> str:
    """Block texts joined by blank lines: what a reader would copy from the page."""
    blocks: list[str] = []
    for tok in tokens:
        if tok.type == "inline":
            blocks.append(inline_text(tok))
        elif tok.type in ("code_block", "fence"):
            blocks.append(tok.content.rstrip("\n"))
    return "\n\n".join(b for b in blocks if b)


def render_markdown(text: str) -> str:
    return render(parse(text))


# An empty heading (a stray "#" in a capture): an update or intro shows nothing of it
EMPTY_HEADING = re.compile(r"<h([1-6])></h\1>\n?")


def render_shown(text: str) -> str:
    """``render_markdown`` as an update or intro shows it: empty headings left out."""
    rendered = render_markdown(text)
    return EMPTY_HEADING.sub("", rendered) if "></h" in rendered else rendered
