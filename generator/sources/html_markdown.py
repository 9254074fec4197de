"""HTML written back as the Markdown that renders it: an event's intro is Markdown, and an
intro read as HTML (tlgen's own export, a captured page's opening) keeps its links,
emphasis and lists that way. Only what Markdown writes exactly is written; the rest keeps
its words.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.etree import LxmlError
from lxml.html import fragment_fromstring

from generator import markup
from generator.htmltext import html_to_text
from generator.sanitize import same_markup
from generator.sources.common import markdown_paragraphs

# What must be escaped in a text written into Markdown so that it stays text: little for
# a first try (readable to edit), every punctuation mark for a second
_SOME_PUNCT = re.compile(r"([\\`*_\[\]<>!&#|~])")
_EVERY_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_INLINE_MARKS = {"em": "*", "strong": "**"}
_LINK = {"href", "title", "rel"}  # rel: the sanitiser's, on the export read back


def _inline(el: Any, escape: re.Pattern[str]) -> str:
    """An element's inline content as Markdown; ValueError at what it cannot write."""
    out = [escape.sub(r"\\\1", el.text or "")]
    for child in el:
        tag = child.tag
        if tag in _INLINE_MARKS:
            mark = _INLINE_MARKS[tag]
            out.append(f"{mark}{_inline(child, escape)}{mark}")
        elif tag == "a" and child.get("href") is not None and set(child.attrib) <= _LINK:
            title = child.get("title")
            after = f' "{title}"' if title and '"' not in title else ""
            if title and not after:
                raise ValueError("title")
            href = child.get("href", "")
            if any(c in href for c in " ()"):  # CommonMark's <...> destination holds them
                href = f"<{href}>"
            out.append(f"[{_inline(child, escape)}]({href}{after})")
        elif tag == "code" and not len(child):
            code = child.text or ""
            fence = "`" * (max((len(r) for r in re.findall("`+", code)), default=0) + 1)
            pad = " " if code.startswith("`") or code.endswith("`") else ""
            out.append(f"{fence}{pad}{code}{pad}{fence}")
        elif tag == "br":  # a hard break: its newline is the text's after it, if any
            out.append("\\" if (child.tail or "").startswith("\n") else "\\\n")
        else:
            raise ValueError(str(tag))
        out.append(escape.sub(r"\\\1", child.tail or ""))
    return "".join(out)


def _blocks(holder: Any, escape: re.Pattern[str]) -> list[str]:
    """Each block of ``holder`` as Markdown; ValueError at what it cannot write."""
    out: list[str] = []
    if (holder.text or "").strip():
        raise ValueError("loose text")
    for el in holder:
        tag = el.tag
        if (el.tail or "").strip():
            raise ValueError("loose text")
        if tag == "p":
            out.append(_inline(el, escape))
        elif tag in ("h1", "h2"):  # not "#": that would start a day of the event
            words = _inline(el, escape)
            out.append(f"{words}\n{('=' if tag == 'h1' else '-') * max(3, len(words))}")
        elif tag in ("h3", "h4", "h5", "h6"):
            out.append(f"{'#' * int(tag[1])} {_inline(el, escape)}")
        elif tag == "hr":
            out.append("***")
        elif tag == "blockquote":
            inner = "\n\n".join(_blocks(el, escape))
            out.append("\n".join(f"> {line}".rstrip() for line in inner.split("\n")))
        elif tag in ("ul", "ol"):
            start = int(el.get("start", "1"))
            items = []
            for n, li in enumerate(el, start):
                if li.tag != "li":
                    raise ValueError("list")
                mark = f"{n}. " if tag == "ol" else "- "
                in_paragraphs = len(li) and li[0].tag == "p"  # a loose list's item
                inner = "\n\n".join(_blocks(li, escape)) if in_paragraphs else _inline(li, escape)
                lines = inner.split("\n")
                items.append(
                    mark
                    + "\n".join(
                        [lines[0], *(" " * len(mark) + ln if ln else "" for ln in lines[1:])]
                    )
                )
            loose = any(len(li) and li[0].tag == "p" for li in el)
            out.append(("\n\n" if loose else "\n").join(items))
        else:
            raise ValueError(str(tag))
    return out


def markdown_of(html: str) -> str:
    """The Markdown that renders ``html`` (the same elements, attributes and text; the
    line breaks between blocks aside); where no such Markdown is found, its words alone."""
    wanted = _without_gaps(html.strip())
    for escape in (_SOME_PUNCT, _EVERY_PUNCT):
        try:
            markdown = "\n\n".join(_blocks(fragment_fromstring(html, "div"), escape))
        except (ValueError, TypeError, LxmlError):
            break
        made = _without_gaps(markup.render_markdown(markdown).strip())
        if same_markup(made, wanted):
            return markdown
    text, _ = html_to_text(html)
    return markdown_paragraphs(p for p in text.split("\n\n") if p.strip())


_BLOCKS = frozenset({"p", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr"})
_GAP = re.compile(r"(</?([a-z0-9]+)[^>]*>)\s+(?=</?([a-z0-9]+))")


def _without_gaps(html: str) -> str:
    """White space beside a block's tag (a line break in the source) shows nothing."""
    return _GAP.sub(lambda m: m[1] if m[2] in _BLOCKS or m[3] in _BLOCKS else m[0], html)
