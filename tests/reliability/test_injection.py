"""Hostile text in every field a source can fill comes out inert.

Payloads (``<script>``, ``"><img src=x onerror=...>``, ``javascript:`` in any case and as
character references, ``</script>`` inside JSON-LD) are put in bodies (Markdown and
HTML), titles, headlines, labels, speaker names, embed text, tags, the source URL and the
publisher, of native events and of captures in every format. Every page of the built site
is then parsed as a browser would (html5lib) and must hold no script but the theme's own
(JSON-LD blocks that parse as JSON, ``/static/*.js``), no ``on*`` attribute, no frame,
object or form, and no URL whose scheme is not http, https, mailto or none (relative).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .sites import CAPTURE_TEXT, NO_SEARCH, snapshot, write_site
from .sites import build as run_build

SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "data", "background", "cite",
    "longdesc", "manifest", "ping", "srcset", "xlink:href", "codebase", "archive", "content",
}  # fmt: skip
FORBIDDEN = {"iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "svg"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_XHTML = "{http://www.w3.org/1999/xhtml}"

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "java\tscript:alert(1)",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "{{ 7*7 }}{% raw %}",
    "\u2028\u2029",
)


def url_scheme(value: str) -> str:
    """The scheme a browser would see: white space and controls inside it do not count."""
    probe = "".join(c for c in value if c > " " and c != "\x7f")
    m = _SCHEME.match(probe)
    return m.group(1).lower() if m else ""


def problems_in_page(path: str, markup: bytes, base_path: str = "/") -> list[str]:
    """What makes a page unsafe; empty for an inert page."""
    found: list[str] = []
    doc = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=True)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.split("}", 1)[-1].lower()
        where = f"{path}: <{tag}>"
        if tag == "script":
            src = el.get("src")
            if src is not None:
                if not re.fullmatch(re.escape(base_path) + r"static/[\w.-]+\.js", src):
                    found.append(f"{where} src={src!r} is not the theme's")
            elif el.get("type") not in ("application/ld+json", "application/json"):  # data
                found.append(f"{where} inline script {(el.text or '')[:60]!r}")
            else:
                try:
                    json.loads(el.text or "")
                except ValueError:
                    found.append(f"{where} JSON-LD broken out of: {(el.text or '')[:80]!r}")
        if tag in FORBIDDEN:
            found.append(f"{where} is not allowed")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            found.append(f"{where} refresh")
        for name, value in el.attrib.items():
            name = name.split("}", 1)[-1].lower()
            if name.startswith("on"):
                found.append(f"{where} {name}={value!r}")
            if name in ("srcdoc", "style") and "javascript" in value.lower():
                found.append(f"{where} {name}={value!r}")
            if name in URL_ATTRIBUTES and name != "content":
                scheme = url_scheme(value)
                theme_icon = tag == "link" and el.get("rel") == "icon" and value == "data:,"
                if scheme and scheme not in SAFE_SCHEMES and not theme_icon:
                    found.append(f"{where} {name}={value!r}")
    return found


def assert_inert(out: Path, base_path: str = "/") -> int:
    """Check every HTML page under ``out``; return how many were checked."""
    pages = {p: data for p, data in snapshot(out).items() if p.endswith((".html", ".htm"))}
    found = [f for p, data in pages.items() for f in problems_in_page(p, data, base_path)]
    assert not found, "\n".join(found[:20])
    return len(pages)


def yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def hostile_site(root: Path, payload: str) -> Path:
    """One site with ``payload`` in every field of every kind of source."""
    q = yaml_text(payload)
    markdown = (
        f"---\ntitle: {yaml_text('Title ' + payload)}\ndate: 2016-03-14\ntimezone: GMT\n"
        f"summary: {q}\ntags: [{q}, syria]\n"
        f"source:\n  url: https://example.com/live?q={payload.replace(' ', '+')[:0]}\n"
        f"  publisher: {q}\n  captured: {q}\n---\n\n{payload}\n\n"
        f"## 18:15 GMT — Headline {payload}\n\n{payload}\n\n"
        f'"We will win {payload}," Jane Doe said.\n\n'
        f"[x]({payload}) [y](JaVaScRiPt:alert(1)) [z](&#106;avascript:alert(1)) "
        f"<javascript:alert(1)> ![i](javascript:alert(1))\n\n"
        f"[@RT.com](#) {payload} [#Putin](#) <javascript:alert(1)>\n\n"
        f'[@RT.com](#) embed [#{payload}](#) <https://on.rt.com/x">x>\n\n'
        f"## 18:16 GMT {{label={yaml_text('18:16 ' + payload)}}}\n\n"
        f"<b onclick=alert(1)>{payload}</b>\n"
    )
    html_body = (
        f"---\ntitle: HTML body\ndate: 2016-03-14\nformat: html\n---\n\n## 19:00 GMT\n\n"
        f'<p onclick="alert(1)">{payload}</p><a href="javascript:alert(1)">a</a>'
        f'<a href="&#106;avascript:alert(1)">b</a><img src=x onerror=alert(1)>'
        f"<script>alert(1)</script><iframe src=x></iframe>{payload}\n"
    )
    export = {
        "slug": "exported",
        "title": "Export " + payload,
        "timezone": "GMT",
        "url": "/events/exported/",
        "source": {
            "url": "JaVaScRiPt:alert(1)",
            "publisher": payload,
            "captured": payload,
            "path": "seeds/export.json",
        },
        "entries": [
            {
                "id": "t-2016-03-14-1916",
                "time": "2016-03-14T19:16:00+00:00",
                "label": payload,
                "url": "/events/exported/#t-2016-03-14-1916",
                "text": payload,
                "html": f'<p onmouseover="alert(1)">{payload}<script>alert(1)</script>'
                f'<a href="javascript:alert(1)">x</a></p>',
                "statements": [{"speaker": payload, "speaker_slug": "payload", "quote": payload}],
                "mentions": [payload],
                "embeds": [{"handle": payload, "text": payload, "url": "javascript:alert(1)"}],
                "hashtags": [payload],
                "links": ["javascript:alert(1)"],
                "line": 5,
            }
        ],
    }
    timeline = {
        "title": {"text": {"headline": payload, "text": payload}},
        "events": [
            {
                "start_date": {"year": 2016, "month": 3, "day": 14, "hour": 20, "minute": 5},
                "text": {"headline": payload, "text": f"<p>{payload}</p>"},
                "media": {"url": "javascript:alert(1)", "caption": payload, "credit": payload},
            }
        ],
    }
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "headline": payload,
            "url": "javascript:alert(1)",
            "publisher": {"name": payload},
            "liveBlogUpdate": [
                {
                    "@type": "BlogPosting",
                    "datePublished": "2016-03-14T21:00:00Z",
                    "headline": payload,
                    "articleBody": payload,
                },
            ],
        }
    ).replace("</", "<\\/")
    page = (
        f"<!doctype html><html><head><title>{payload}</title>"
        f'<link rel="canonical" href="javascript:alert(1)">'
        f'<script type="application/ld+json">{ld}</script></head><body><main>'
        f'<article id="a"><time datetime="2016-03-14T21:00:00Z">21:00</time>'
        f'<p onclick="alert(1)">{payload}</p><a href="JaVaScRiPt:alert(1)">x</a>'
        f"<script>alert(1)</script></article></main></body></html>"
    )
    files: dict[str, str | bytes] = {
        "content/events/hostile.md": markdown,
        "content/events/html-body.md": html_body,
        "content/speakers.yml": (
            f"- name: {yaml_text('Jane ' + payload)}\n  aliases: [Jane Doe]\n"
            f"  role: {q}\n  description: {q}\n  wikidata: {q}\n"
        ),
        "seeds/export.json": json.dumps(export),
        "seeds/timeline.json": json.dumps(timeline),
        "seeds/page.html": page,
        "seeds/capture.txt": CAPTURE_TEXT.replace("welcomed", payload),
        "seeds/capture.yml": f"title: {yaml_text('Capture ' + payload)}\nsummary: {q}\n",
    }
    site_yml = f"title: {q}\ndescription: {q}\nbase_url: /\ntimezone: GMT\n{NO_SEARCH}"
    return write_site(root, files, site_yml=site_yml)


def test_every_payload_in_every_field_comes_out_inert(tmp_path: Path) -> None:
    checked = 0
    for i, payload in enumerate(PAYLOADS):
        root = hostile_site(tmp_path / f"site{i}", payload)
        code, _, err = run_build(root)
        assert code == 0, f"{payload!r}: {err}"
        assert "Traceback" not in err
        out = root / "public"
        checked += assert_inert(out)
        # nothing lost: the payload is shown as text where a title is shown
        page = (out / "events" / "hostile" / "index.html").read_bytes()
        if "<" in payload:
            assert b"&lt;" in page
    assert checked >= 20 * len(PAYLOADS)


def test_a_sub_path_base_url_gets_no_other_scripts(tmp_path: Path) -> None:
    root = hostile_site(tmp_path / "site", PAYLOADS[0])
    code, _, err = run_build(root, "--base-url", "https://example.org/archive/")
    assert code == 0, err
    assert assert_inert(root / "public", "/archive/") > 20


def test_the_checker_catches_what_it_is_for() -> None:
    bad = (
        b"<script>x</script><a href=' JaVa&#x53;cript:x'>a</a><p onclick=x>"
        b'<script type="application/ld+json">{"a": "</script><script>x</script>"}</script>'
        b"<iframe></iframe><img src='vbscript:x'><script src='https://evil/x.js'></script>"
    )
    found = problems_in_page("p.html", bad)
    assert len(found) == 8, found
    good = (
        b'<script type="application/ld+json">{"a": "\\u003c/script>"}</script>'
        b'<script src="/static/tlgen.js" defer></script><a href="/x">x</a>'
        b'<a href="mailto:a@b">m</a><a href="#t-1">t</a><link rel="icon" href="data:,">'
    )
    assert problems_in_page("p.html", good) == []


TEXTISH = st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), max_size=12)
PIECE = st.one_of(st.sampled_from(PAYLOADS), TEXTISH)
FIELD = st.lists(PIECE, min_size=1, max_size=4).map(" ".join)


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(title=FIELD, body=FIELD, speaker=FIELD, embed=FIELD, publisher=FIELD, url=PIECE)
def test_generated_payloads_come_out_inert(
    tmp_path_factory, title: str, body: str, speaker: str, embed: str, publisher: str, url: str
) -> None:
    root = tmp_path_factory.mktemp("site")
    # a line that opens with '#' is a heading (a day or an entry): valid syntax to reject,
    # not a payload to carry, so the generated text never starts a line with one
    body = re.sub(r"(?m)^(\s*)#", r"\1\\#", body)
    event = (
        f"---\ntitle: {yaml_text(title)}\ndate: 2016-03-14\n"
        f"source:\n  publisher: {yaml_text(publisher)}\n---\n\n"
        f"## 18:15 GMT — {body}\n\n{body}\n\n"
        f'"We will win," {speaker} said. "{body}," Jane Doe said.\n\n'
        f"[@RT.com](#) {embed} [#Tag](#) <{url}>\n\n[link]({url})\n"
    )
    export = {
        "slug": "exported",
        "title": title,
        "timezone": "GMT",
        "url": "/events/exported/",
        "source": {"url": url, "publisher": publisher, "captured": "", "path": "x"},
        "entries": [
            {
                "id": "t-2016-03-14-1916",
                "time": "2016-03-14T19:16:00+00:00",
                "label": title,
                "text": body,
                "html": f"<p>{body}</p><a href={json.dumps(url)}>{embed}</a>",
                "statements": [{"speaker": speaker, "speaker_slug": "s", "quote": body}],
                "embeds": [{"handle": speaker, "text": embed, "url": url}],
                "links": [url],
                "line": 3,
            }
        ],
    }
    write_site(
        root,
        {
            "content/events/e.md": event,
            "content/speakers.yml": (
                f"- name: {yaml_text('Jane ' + speaker)}\n  aliases: [Jane Doe]\n"
            ),
            "seeds/export.json": json.dumps(export),
        },
    )
    code, _, err = run_build(root, "--no-cache")
    assert code == 0, err
    assert_inert(root / "public")
