"""The one HTML allowlist: every HTML body that reaches a page passes through here.

Captured pages and article models are untrusted: scripts, event handlers, frames, styles
and any URL scheme but http, https and mailto are removed by nh3 (the Rust ``ammonia``
sanitiser). Images are dropped too: an archive page makes no third-party requests.
"""

from __future__ import annotations

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
    "blockquote": {"data-handle", "data-url", "data-hashtags"},
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
