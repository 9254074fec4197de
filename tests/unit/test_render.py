from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.config import parse_config
from generator.errors import TlgenError
from generator.extract import enrich_event
from generator.render import ordered_entries, render_site
from generator.site import assemble
from generator.sources import native
from generator.words import english_range as format_range

EVENT = """---
title: <script>alert("t")</script> Event
date: 2016-03-14
timezone: GMT
---
## 18:15

first

## 18:20

second
"""


def site_for(root: Path, text: str = "", **over: object):  # type: ignore[no-untyped-def]
    config = parse_config(text or "title: S\n", root, **over)
    event = enrich_event(native.read("content/events/e.md", EVENT, config))
    return assemble(config, [event])


def pages(site) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return {o.path: o.content() for o in render_site(site)}


def test_pages_and_autoescape(tmp_path: Path) -> None:
    out = pages(site_for(tmp_path))
    assert set(out) >= {"index.html", "events/e/index.html", "events/e.json", "static/style.css"}
    page = out["events/e/index.html"].decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Event" in page
    assert '<meta name="generator" content="tlgen ' in page
    assert page.index('id="t-2016-03-14-1820"') < page.index('id="t-2016-03-14-1815"')


def test_oldest_first_and_base_path(tmp_path: Path) -> None:
    out = pages(site_for(tmp_path, "entry_order: oldest-first\nbase_url: https://x.org/arch/\n"))
    page = out["events/e/index.html"].decode()
    assert page.index('id="t-2016-03-14-1815"') < page.index('id="t-2016-03-14-1820"')
    assert 'href="/arch/static/style.css"' in page
    assert 'href="/arch/events/e/"' in out["index.html"].decode()


def test_site_templates_win_over_the_theme(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}OVERRIDDEN {{ events|length }}{% endblock %}'
    )
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_text("/* mine */")
    (tmp_path / "static" / "extra.js").write_text("//")
    out = pages(site_for(tmp_path))
    assert "OVERRIDDEN 1" in out["index.html"].decode()
    assert out["static/style.css"] == b"/* mine */"
    assert "static/extra.js" in out
    assert "first" in out["events/e/index.html"].decode()  # the theme's event.html still used


def test_undefined_variables_are_errors(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "index.html").write_text("{{ no_such_thing }}")
    with pytest.raises(TlgenError, match="no_such_thing"):
        pages(site_for(tmp_path))


def test_template_syntax_error_is_located(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "index.html").write_text("line one\n{% if %}\n")
    with pytest.raises(TlgenError) as err:
        pages(site_for(tmp_path))
    (problem,) = err.value.problems
    assert problem.location is not None and problem.location.line == 2
    assert problem.location.path.endswith("templates/index.html")


def test_unknown_theme(tmp_path: Path) -> None:
    with pytest.raises(TlgenError, match="theme 'nope' not found"):
        pages(site_for(tmp_path, "theme: nope\n"))


def test_ranges_and_order(tmp_path: Path) -> None:
    assert format_range(date(2016, 3, 14), date(2016, 3, 14)) == "14 March 2016"
    assert format_range(date(2016, 3, 14), date(2016, 3, 15)) == "14–15 March 2016"
    assert format_range(date(2016, 3, 31), date(2016, 4, 1)) == "31 March – 1 April 2016"
    assert format_range(date(2016, 12, 31), date(2017, 1, 1)) == "31 December 2016 – 1 January 2017"
    site = site_for(tmp_path)
    assert [e.anchor for e in ordered_entries(site.config, site.events[0])] == [
        "t-2016-03-14-1820",
        "t-2016-03-14-1815",
    ]


def test_two_spellings_of_one_tag_are_one_link_and_one_event(tmp_path: Path) -> None:
    """``C++`` and ``#c++`` make one tag page: the event links to it once, as first
    written, and the page and the list of tags count the event once."""
    config = parse_config("title: S\n", tmp_path)
    text = EVENT.replace("timezone: GMT\n", "timezone: GMT\ntags: [C++, '#c++', Putin]\n")
    out = pages(assemble(config, [enrich_event(native.read("content/events/e.md", text, config))]))
    page = out["events/e/index.html"].decode()
    assert page.count('href="/tags/c/"') == 1 and ">C++</a>" in page
    assert page.index('href="/tags/c/"') < page.index('href="/tags/putin/"')
    assert out["tags/c/index.html"].decode().count('href="/events/e/"') == 1
    assert "1 event," in out["tags/index.html"].decode()
