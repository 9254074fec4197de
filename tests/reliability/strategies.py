"""Hypothesis strategies that write documents in each source format, with their syntax
(front matter, ``## HH:MM`` headings, time lines, date lines, JSON shapes, HTML with
times) mixed with hostile text, so that fuzzing reaches past the first check of each
reader instead of stopping at "no reader recognises this document".
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from generator.sources.native import FRONT_MATTER_KEYS

# What ``generator.sources.decode`` hands a reader: no NUL, no surrogates, no CR.
CHARS = st.characters(codec="utf-8", exclude_characters="\x00\r", max_codepoint=0x1F9FF)
TEXT = st.text(CHARS, max_size=40)

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "</script><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "\u202eevil\u202c",
    "\u200f\u2066x\u2069",
    "🎉🦀",
    "Владимир Путин",
    "&amp;&lt;&#0;&#xD800;&#x10FFFF;",
    "{{ 7*7 }}",
    "%2e%2e/%2e%2e",
    "../../x",
)
WORDS = (
    "the",
    "minister",
    "said",
    '"We will win,"',
    "Jane Doe said.",
    "according to",
    "Putin",
    "[#Tag](#)",
    "[@RT.com](#)",
    "<http://on.rt.com/76wy>",
    "[link](http://example.com)",
    "[bad](javascript:alert(1))",
    "*em*",
    "**strong**",
    "`code`",
    "> quote",
    "- item",
    "1. item",
    "|a|b|",
    "---",
    "```",
    "~~~",
    "#",
    "##",
    "12:30",
    "25:61",
    "6.15pm",
    "19.30 GMT",
    "12.31 Uhr",
    "00:00",
    "23:59",
    "2016-03-14",
    "14/03/2016",
    "14 March 2016",
    "Monday 14 March 2016",
    "{",
    "}",
    "[",
    "]",
    ":",
    "&",
    "<",
    ">",
    "\t",
    "\u00a0",
    "\ufeff",
    "\u2028",
)
ZONES = ("GMT", "UTC", "BST", "CET", "MSK", "ET", "PT", "Europe/Moscow", "XYZ", "+01:00", "")
CLOCKS = (
    "18:15",
    "8:05",
    "00:00",
    "23:59",
    "24:00",
    "25:61",
    "6.15pm",
    "12.31",
    "9:5",
    "18:15:30",
    "18:15:30.250",
    "18:15:60",
    "6:15:05 pm",
    "99:99",
    "7am",
    "12:00 a.m.",
)
DATES = (
    "2016-03-14",
    "2016-02-30",
    "2016-3-4",
    "14 March 2016",
    "March 14, 2016",
    "Tuesday 15 March 2016",
    "0000-01-01",
    "9999-12-31",
    "14/03/2016",
    "2016-13-01",
    "1 Janvier 2016",
)


def word() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(WORDS + PAYLOADS), TEXT)


def line() -> st.SearchStrategy[str]:
    return st.lists(word(), max_size=8).map(" ".join)


def lines(max_size: int = 6) -> st.SearchStrategy[str]:
    return st.lists(line(), max_size=max_size).map("\n".join)


def clock() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(CLOCKS), st.from_regex(r"\A\d{1,2}[:.]\d{1,2}\Z"))


def day() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(DATES), st.dates().map(lambda d: d.isoformat()))


def yaml_value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            (
                "12:30",
                "NO",
                "yes",
                "~",
                "null",
                "[a, b]",
                "{url: x}",
                "&a [1]",
                "*a",
                "!!python/object/apply:os.system ['true']",
                "'quoted'",
                '"\\u00e9"',
                "|\n  block",
                "0x1F",
                "1e400",
                ".nan",
                "- x",
                ": x",
                '"unclosed',
                "2016-03-14",
                *PAYLOADS,
            )
        ),
        TEXT.map(lambda t: json.dumps(t, ensure_ascii=False)),
    )


FM_KEYS = (*FRONT_MATTER_KEYS, "titel")  # the reader's own keys, and a misspelt one


@st.composite
def native_doc(draw: st.DrawFn) -> str:
    """``---`` front matter ``---`` then ``#`` day and ``##`` entry headings."""
    fm = [f"{k}: {draw(yaml_value())}" for k in draw(st.lists(st.sampled_from(FM_KEYS)))]
    if draw(st.booleans()):
        fm = [f"title: {draw(yaml_value())}", f"date: {draw(day())}", *fm]
    if draw(st.booleans()):  # a format the reader knows: HTML bodies, each decided...
        fm.append(f"format: {draw(st.sampled_from(('html', 'text', 'auto', 'markdown')))}")
    if draw(st.booleans()):
        fm.append(
            "source:\n  url: "
            + draw(st.sampled_from(("https://example.com/x", "javascript:alert(1)", "x")))
            + f"\n  publisher: {draw(yaml_value())}"
        )
    parts = ["---", *fm]
    if draw(st.integers(0, 9)):
        parts.append(draw(st.sampled_from(("---", "...", "--- ", "----"))))
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            parts.append(f"# {draw(day())}")
        elif kind == 1:
            parts.append(draw(lines()))
        elif kind == 2:
            parts.append(draw(st.sampled_from(("```", "~~~", "    code"))))
        else:
            stamp = draw(clock())
            if draw(st.booleans()):
                stamp = f"{draw(day())} {stamp}"
            if draw(st.booleans()):
                stamp = f"{stamp} {draw(st.sampled_from(ZONES))}"
            if draw(st.booleans()):
                stamp = f"{stamp} — {draw(line())}"
            if draw(st.integers(0, 4)) == 0:
                stamp = f'{stamp} {{label="{draw(TEXT)}"}}'
            parts.append(f"## {stamp}")
            parts.append(draw(lines()))
            if draw(st.integers(0, 3)) == 0:
                parts.append(draw(html_body()))
    return "\n".join(parts) + draw(st.sampled_from(("", "\n")))


# A social post as ``tlgen import`` writes one into an HTML body, and ways to get it wrong
POST = (
    '<blockquote class="embed embed-social" data-handle="{h}" data-url="{u}" '
    'data-hashtags="{t}"><p>{w}</p><footer><cite class="handle">@{h}</cite></footer>'
    "</blockquote>"
)


@st.composite
def html_body(draw: st.DrawFn) -> str:
    """An HTML update body: posts with their records (whole, cut, nested, hostile), lines
    kept from starting a heading (``&#35;``, ``\\#``), markup."""
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            post = POST.format(
                h=draw(st.sampled_from(("jo", "", '"', "&amp;", *PAYLOADS[:2]))),
                u=draw(st.sampled_from(("https://x.com/jo/1", "javascript:x", "", "&quot;"))),
                t=draw(st.sampled_from(("", "Rain", "Rain Wind", "#", "a&amp;b"))),
                w=draw(line()),
            )
            pieces.append(post[: draw(st.integers(len(post) // 2, len(post)))])
        elif kind == 1:
            pieces.append(draw(st.sampled_from(("&#35; not a day", "&#35;&#35; x", "\\# y"))))
        elif kind == 2:
            pieces.append(f"<p>{draw(line())}</p>")
        else:
            pieces.append(draw(line()))
    return "\n".join(pieces)


@st.composite
def liveupdates_doc(draw: st.DrawFn) -> str:
    """Title line, ``dd/mm/yyyy``, day lines, time lines and broken paragraphs."""
    parts = [draw(line()) + draw(st.sampled_from(("", " Live updates", " - LIVE")))]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(("14/03/2016", "31/02/2016", "1.3.2016"))))
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 6))
        if kind == 0:
            parts.append(f"- {draw(day())}")
        elif kind == 1:
            parts.append("-")
        elif kind == 2:
            parts.append(draw(lines()))
        elif kind == 3:
            parts.append("[@RT.com](#) " + draw(line()) + " [#Putin](#) <http://on.rt.com/x>")
        else:
            zone = draw(st.sampled_from(ZONES))
            shape = draw(st.sampled_from(("{t} {z}", "- **{t} {z}**", "### {t}", "{t}", "{t}:")))
            parts.append(shape.format(t=draw(clock()), z=zone))
        parts.append(draw(st.sampled_from(("", "", "\n"))))
    return "\n".join(parts)


@st.composite
def dated_doc(draw: st.DrawFn) -> str:
    """Date lines, sentences and separator lines."""
    parts = [draw(line())] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(1, 6))):
        parts.append(draw(day()))
        parts.append(draw(lines(3)))
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(("---", "=====", "___", "***", "- - -"))))
    return "\n".join(parts)


@st.composite
def wcep_doc(draw: st.DrawFn) -> str:
    """``## [date](...)`` day headings and ``### [headline](...)`` entries."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        d = draw(day())
        parts.append(
            draw(
                st.sampled_from(
                    (
                        f"## [{d}](/news/x/index.md)",
                        f"## {d}",
                        "## [Previous Day...](/news/2016/03/13/index.md)",
                        f"## {draw(line())}",
                    )
                )
            )
        )
        for _ in range(draw(st.integers(0, 3))):
            parts.append(f"### [{draw(line())}](/news/{draw(TEXT)}.md)")
            parts.append(draw(lines(3)))
    return "\n".join(parts)


def _attr(value: str) -> str:
    return value.replace('"', "&quot;")


# What publishers put into schema.org's articleBody besides text: links, bold, line
# breaks, quoted posts, broken or hostile markup (the Mirror's bodies hold such markup).
_BODY_MARKUP = (
    "<a href='https://example.com/a'>", "</a>", "<b>", "</b>", "<br>", "<p>", "</p>", "<div>",
    "</div>", "<script>alert(1)</script>", "<iframe src=x>", "<!--", "-->", "&amp;", "&#0;",
    "<", ">", "\n\n", "<img src=x onerror=y>", "<a href='javascript:alert(1)'>j</a>",
    "<blockquote class='twitter-tweet'><p>hi #tag</p>&mdash; X (@x) "
    "<a href='https://twitter.com/x/status/1'>May 1</a></blockquote>",
    "<table><tr><td>a", "<ul><li>x", "<b>" * 30, "</b>" * 30,
    # images, captions and cards, as pages set them
    "<figure>", "</figure>", "<figcaption>", "</figcaption>", "<b> x </b>", "<i>y </i>",
    "<picture><img src='https://img.example/a_b.jpg' alt='x y'></picture>",
    "<amp-img src='https://img.example/1_c.jpg'></amp-img>", "<span class='newsCaption'>",
    "<span class='caption'>", "</span>", "<span lang='ar'>", "<header>", "</header>",
    "<a href='https://example.com/card'><div><ul><li>card", "</li></ul></div></a>",
)  # fmt: skip


def article_body() -> st.SearchStrategy[str]:
    """An articleBody: text, or text mixed with markup."""
    pieces = st.lists(st.one_of(line(), st.sampled_from(_BODY_MARKUP)), max_size=12)
    return st.one_of(line(), pieces.map("".join))


@st.composite
def html_doc(draw: st.DrawFn) -> str:
    """A page with (maybe) LiveBlogPosting JSON-LD and blocks that open with a time."""
    title = draw(line())
    head = [f"<title>{title}</title>"]
    updates = []
    blocks = []
    for i in range(draw(st.integers(0, 6))):
        stamp = draw(clock())
        iso = draw(
            st.sampled_from(
                (
                    "2016-03-14T18:15:00Z",
                    "2016-03-14T18:15:00+01:00",
                    "2016-03-14",
                    "yesterday",
                    "",
                    "2016-02-30T10:00:00Z",
                )
            )
        )
        body = draw(st.one_of(lines(3).map(lambda t: t.replace("\n", "</p><p>")), article_body()))
        if draw(st.booleans()):
            updates.append(
                {
                    "@type": "BlogPosting",
                    "@id": f"#b{i}",
                    "datePublished": iso,
                    "headline": draw(line()),
                    "articleBody": draw(article_body()),
                }
            )
        wrapper = draw(st.sampled_from(("article", "div", "li", "section")))
        time_el = draw(
            st.sampled_from(
                (
                    f'<time datetime="{_attr(iso)}">{stamp}</time>',
                    f"<p><strong>{stamp} {draw(st.sampled_from(ZONES))}</strong></p>",
                    f"<h3>{stamp}</h3>",
                    f"<span>{stamp} Uhr</span>",
                )
            )
        )
        blocks.append(
            f'<{wrapper} id="b{i}" class="block">{time_el}<p>{body}</p>'
            f'<a href="{_attr(draw(st.sampled_from(PAYLOADS)))}">x</a></{wrapper}>'
        )
    if blocks and draw(st.booleans()):  # words with no time: an intro, or an update's own
        blocks.insert(draw(st.integers(0, len(blocks))), f"<div>{draw(article_body())}</div>")
    with_ld: bool = bool(updates) or draw(st.booleans())
    if with_ld:
        ld: Any = {
            "@context": "https://schema.org",
            "@type": draw(st.sampled_from(("LiveBlogPosting", "NewsArticle", ["LiveBlogPosting"]))),
            "headline": title,
            "url": draw(st.sampled_from(("https://example.com/live", "javascript:x", ""))),
            "publisher": {"name": draw(st.sampled_from(PAYLOADS))},
            "liveBlogUpdate": updates,
        }
        raw = json.dumps(ld)
        if draw(st.integers(0, 5)) == 0:
            raw = raw[: draw(st.integers(0, len(raw)))]
        head.append(f'<script type="application/ld+json">{raw}</script>')
    for _ in range(draw(st.integers(0, 2))):
        head.append(
            draw(
                st.sampled_from(
                    (
                        '<meta property="og:site_name" content="Pub">',
                        '<meta property="article:published_time" content="2016-03-14T10:00Z">',
                        '<link rel="canonical" href="https://example.com/c">',
                        '<html lang="de">',
                        "<base href='javascript:x'>",
                    )
                )
            )
        )
    junk = draw(st.lists(st.sampled_from(WORDS + PAYLOADS), max_size=4))
    return (
        "<!doctype html><html><head>"
        + "".join(head)
        + "</head><body><main>"
        + "".join(blocks)
        + " ".join(junk)
        + "</main></body></html>"
    )


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    TEXT,
    st.sampled_from((*PAYLOADS, "2016-03-14T18:15:00Z", "2016-03-14", "19.30 GMT")),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(CHARS, max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _tlgen_export(draw: st.DrawFn) -> Any:
    entries = []
    for i in range(draw(st.integers(0, 3))):
        entries.append(
            {
                "id": draw(st.sampled_from((f"t-2016-03-14-181{i}", "t-2016-03-14", "../x", ""))),
                "time": draw(st.sampled_from(("2016-03-14T18:15:00+00:00", "2016-03-14", "x"))),
                "label": draw(line()),
                "title": draw(line()),
                "url": "/events/e/#t",
                "text": draw(line()),
                "html": "<p>" + draw(line()) + "</p>",
                "statements": [
                    {
                        "speaker": draw(st.sampled_from(PAYLOADS)),
                        "speaker_slug": draw(st.sampled_from(("jane-doe", "../../x", "%2e%2e"))),
                        "quote": draw(line()),
                        "kind": "direct",
                    }
                ],
                "mentions": [draw(line())],
                "embeds": [
                    {
                        "kind": "social",
                        "handle": draw(TEXT),
                        "text": draw(line()),
                        "url": draw(st.sampled_from(PAYLOADS)),
                        "hashtags": [draw(TEXT)],
                    }
                ],
                "hashtags": [draw(TEXT)],
                "links": [draw(st.sampled_from(PAYLOADS))],
                "line": draw(st.integers(-1, 10)),
            }
        )
    return {
        "slug": draw(st.sampled_from(("e", "../../x", "%2e%2e", "Bad Slug"))),
        "title": draw(line()),
        "summary": draw(line()),
        "tags": draw(st.sampled_from(([draw(TEXT), draw(line())], draw(line()), []))),
        "language": draw(st.sampled_from(("de", "en-GB", "x", draw(TEXT)))),
        "timezone": draw(st.sampled_from(ZONES)),
        "url": "/events/e/",
        "source": {
            "url": draw(st.sampled_from((*PAYLOADS, "https://example.com/"))),
            "publisher": draw(line()),
            "captured": draw(day()),
            "path": "seeds/x.txt",
        },
        "intro": draw(st.sampled_from(("<p>" + draw(line()) + "</p>", draw(line()), *PAYLOADS))),
        "entries": entries,
    }


def _timelinejs(draw: st.DrawFn) -> Any:
    events = []
    for _ in range(draw(st.integers(0, 3))):
        events.append(
            {
                "start_date": {
                    "year": draw(st.sampled_from((2016, "2016", -1, 10**9, None, "x"))),
                    "month": draw(st.sampled_from((3, "3", 13, 0, None))),
                    "day": draw(st.sampled_from((14, "14", 32, None))),
                    "hour": draw(st.sampled_from((18, "18", 25, None, 1.5))),
                    "minute": draw(st.sampled_from((15, "15", 61, None))),
                },
                "text": {"headline": draw(line()), "text": draw(line())},
                "media": {"url": draw(st.sampled_from(PAYLOADS)), "caption": draw(line())},
            }
        )
    return {"title": {"text": {"headline": draw(line()), "text": draw(line())}}, "events": events}


def _guardian(draw: st.DrawFn) -> Any:
    blocks = []
    for i in range(draw(st.integers(1, 3))):
        blocks.append(
            {
                "id": draw(st.sampled_from((f"b{i}", "dup"))),
                "blockFirstPublished": draw(
                    st.sampled_from((1458000000000, "1458000000000", -(10**20), 10**20, "x"))
                ),
                "blockFirstPublishedDisplay": draw(st.sampled_from(("19.30 GMT", "x", ""))),
                "title": draw(line()),
                "elements": [
                    {
                        "_type": draw(
                            st.sampled_from(
                                (
                                    "model.TextBlockElement",
                                    "TweetBlockElement",
                                    "RichLinkBlockElement",
                                    "YoutubeBlockElement",
                                    "ImageBlockElement",
                                    "Unknown",
                                )
                            )
                        ),
                        "html": "<p>" + draw(line()) + "</p>",
                        "url": draw(st.sampled_from(PAYLOADS)),
                        "assetId": draw(TEXT),
                        "text": draw(line()),
                    }
                ],
            }
        )
    return {"headline": draw(line()), "webURL": draw(st.sampled_from(PAYLOADS)), "blocks": blocks}


def _jsonld(draw: st.DrawFn) -> Any:
    doc = {
        "@type": "LiveBlogPosting",
        "headline": draw(line()),
        "url": draw(st.sampled_from(PAYLOADS)),
        "publisher": {"name": draw(line())},
        "keywords": draw(st.sampled_from((draw(line()), [draw(TEXT), draw(line())]))),
        "liveBlogUpdate": [
            {
                "datePublished": draw(
                    st.sampled_from(("2016-03-14T18:15:00Z", "2016-03-14", "x", "2016-02-30"))
                ),
                "headline": draw(line()),
                "articleBody": draw(article_body()),
            }
            for _ in range(draw(st.integers(0, 3)))
        ],
    }
    return draw(st.sampled_from((doc, [doc], {"@graph": [doc]})))


def _research(draw: st.DrawFn) -> Any:
    if draw(st.booleans()):
        return {
            "blog_id": 1,
            "title": draw(line()) + " | World | The Guardian",
            "url": draw(st.sampled_from(PAYLOADS)),
            "documents": [
                {
                    "block_id": draw(st.integers(0, 2)),
                    "time": draw(st.sampled_from(([2016, 3, 14, 18, 15], [2016, 2, 30], "x", []))),
                    "text": [draw(line())],
                }
                for _ in range(draw(st.integers(0, 3)))
            ],
        }
    n = draw(st.integers(0, 3))
    return {
        "document": [draw(line()) for _ in range(n)],
        "timeline": [draw(st.sampled_from(("2016-03-14T18:15:00", "x"))) for _ in range(n)],
        "key_timeline": [],
        "summary": [],
    }


def _mutate(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """Replace a few nodes of a well-formed document by arbitrary JSON."""
    if depth < 6 and isinstance(value, dict) and value:
        key = draw(st.sampled_from(sorted(value)))
        copy = dict(value)
        if draw(st.integers(0, 3)) == 0:
            copy[key] = draw(JSON_VALUES)
        else:
            copy[key] = _mutate(draw, value[key], depth + 1)
        return copy
    if depth < 6 and isinstance(value, list) and value:
        i = draw(st.integers(0, len(value) - 1))
        items = list(value)
        items[i] = _mutate(draw, value[i], depth + 1)
        return items
    return draw(JSON_VALUES) if draw(st.booleans()) else value


@st.composite
def json_doc(draw: st.DrawFn) -> str:
    """A known JSON shape, sometimes mutated, sometimes cut short, sometimes with escapes."""
    shape = draw(st.sampled_from((_tlgen_export, _timelinejs, _guardian, _jsonld, _research)))
    value = shape(draw)
    for _ in range(draw(st.integers(0, 2))):
        value = _mutate(draw, value)
    text = json.dumps(value, indent=draw(st.sampled_from((None, 1, 2))))
    if draw(st.integers(0, 4)) == 0:
        text = text.replace("a", draw(st.sampled_from(("\\ud800", "\\udc00a", "\\u0000"))), 1)
    if draw(st.integers(0, 6)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


def any_doc() -> st.SearchStrategy[str]:
    return st.one_of(
        native_doc(), liveupdates_doc(), dated_doc(), wcep_doc(), html_doc(), json_doc()
    )
