"""Two builds of the same sources give the same bytes, whatever the machine: hash seed,
time zone, locale, the order in which the file system lists a folder, and the date and
time of the build. A date the output needs comes from the content (or, where a build time
were ever needed, from ``SOURCE_DATE_EPOCH``), never from the clock.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from generator.config import SCHEMA

from .sites import CAPTURE_TEXT, SEED, build_process, event, snapshot

SPEAKERS = (
    "- name: Vladimir Putin\n  aliases: [Putin, President Putin]\n  role: President\n"
    "- name: Jane Doe\n  aliases: [Doe]\n- name: Łukasz Żółć\n  aliases: [Żółć]\n"
)
NATIVE = """---
title: Talks in Geneva
date: 2016-03-14
timezone: Europe/Moscow
tags: [syria, russia, Geneva talks]
source: {url: "https://example.com/live", publisher: RT, captured: "2016-03-14"}
---

Introduction with a [link](https://example.com/a).

## 23:55 MSK — Late news

"We will see," Putin said. [#Syria](#) [#Putin](#)

# 15 March 2016

## 00:10

"I consider the objectives accomplished," President Putin has said, according to Doe.
Żółć said: "Dziękuję."

## 00:10

Same minute, second update. [@RT.com](#) [#withdrawal](#) text <http://on.rt.com/76wy>
"""
TIMELINE = {
    "title": {"text": {"headline": "A timeline", "text": "<p>Summary</p>"}},
    "events": [
        {
            "start_date": {"year": 2011, "month": 2, "day": d, "hour": h, "minute": 5},
            "text": {"headline": f"Item {d}-{h}", "text": f"<p>Body {d} {h}</p>"},
        }
        for d in (10, 11)
        for h in (9, 23)
    ],
}
PAGE = """<!doctype html><html lang="de"><head><title>Ticker | Pub</title>
<meta property="og:site_name" content="Pub"></head><body><main>
<h2>Dienstag, 27. August 2024</h2>
<article class="post"><p>12.31 Uhr</p><p>Erste Meldung mit <a href="https://x.de/a">Link</a>.</p></article>
<article class="post"><p>12.05 Uhr</p><p>Zweite Meldung.</p></article>
</main></body></html>
"""
DATED = "2011-02-11\nMubarak resigns.\n----\n2011-02-12\nCelebrations.\n"
DIGEST = (
    "## [2016-03-14](/news/2016/03/14/index.md)\n### [Putin orders withdrawal](/n/a.md)\nBody.\n"
)


def site_files(search: bool) -> dict[str, str | bytes]:
    yml = "title: Determinism\nbase_url: https://example.org/archive/\ntimezone: GMT\n"
    if "search" in SCHEMA and not search:
        yml += "search: false\n"
    return {
        "site.yml": yml,
        "content/speakers.yml": SPEAKERS,
        "content/events/geneva.md": NATIVE,
        "content/events/🎉 party.md": event("Émoji \u202etitle\u202c 🎉"),
        **{f"content/events/e{i}.md": event(f"Event {i}") for i in range(6)},
        "seeds/000_588fca7941595965.txt": SEED.read_bytes(),
        "seeds/000_588fca7941595965.yml": (SEED.with_suffix(".yml")).read_bytes(),
        "seeds/timeline.json": json.dumps(TIMELINE),
        "seeds/ticker.html": PAGE,
        "seeds/dated.txt": DATED,
        "seeds/digest.md": DIGEST,
        "seeds/capture.txt": CAPTURE_TEXT,
    }


def make(root: Path, files: dict[str, str | bytes], reverse: bool = False) -> Path:
    """Write ``files`` in order, or in reverse order (folders too, deepest last)."""
    items = sorted(files.items(), reverse=reverse)
    for rel, data in items:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return root


ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    {
        "PYTHONHASHSEED": "4242",
        "TZ": "Pacific/Kiritimati",
        "LC_ALL": "POSIX",
        "LANG": "de_DE.UTF-8",
        "LANGUAGE": "de",
    },
    {
        "PYTHONHASHSEED": "random",
        "TZ": "America/St_Johns",
        "LC_ALL": "",
        "LANG": "tr_TR.UTF-8",
        "SOURCE_DATE_EPOCH": "0",
    },
]


def built(root: Path, env: dict[str, str]) -> dict[str, bytes]:
    done = build_process(root, env=env)
    assert done.returncode == 0, done.stderr
    return snapshot(root / "public")


@pytest.mark.slow
@pytest.mark.parametrize("search", [False, True], ids=["pages", "with-search-index"])
def test_builds_are_byte_identical_across_machines(scratch: Path, search: bool) -> None:
    if search and "search" not in SCHEMA:
        pytest.skip("this tlgen has no search index")
    files = site_files(search)
    outputs = []
    for i, env in enumerate(ENVIRONMENTS):
        root = make(scratch / f"site{i}", files, reverse=i % 2 == 1)
        outputs.append(built(root, env))
    first = outputs[0]
    assert len(first) > 40
    for other in outputs[1:]:
        differ = sorted(k for k in first.keys() | other.keys() if first.get(k) != other.get(k))
        assert not differ, f"differ between environments: {differ[:10]}"


def test_the_folder_listing_order_really_differs(scratch: Path) -> None:
    """The copies above are only a test of listing order where the orders differ."""
    if not str(scratch).startswith("/dev/shm"):
        pytest.skip("no tmpfs here: listing order follows names, not creation")
    files = site_files(False)
    a = make(scratch / "a", files) / "content" / "events"
    b = make(scratch / "b", files, reverse=True) / "content" / "events"
    assert os.listdir(a) != os.listdir(b)


@pytest.mark.slow
def test_the_build_time_appears_nowhere(scratch: Path) -> None:
    """Today's date, in the forms feeds, sitemaps and pages write dates, is in no file
    (the content is from 2011-2024). Nothing reads SOURCE_DATE_EPOCH, because nothing
    needs a build time: setting it changes nothing (above)."""
    root = make(scratch / "site", site_files(True))
    out = built(root, {})
    now = datetime.now(UTC)
    days = {now.date(), datetime.now().date(), (now - timedelta(minutes=5)).date()}
    forms = set()
    for day in days:
        moment = datetime(day.year, day.month, day.day)
        forms |= {
            day.isoformat(),
            f"{day:%Y%m%d}",
            f"{day:%d/%m/%Y}",
            f"{day:%m/%d/%Y}",
            f"{moment:%a, %d %b %Y}",
            f"{day.day} {moment:%B %Y}",
            f"{moment:%B} {day.day}, {day.year}",
        }
    assert date.today().year > 2024  # the content's years cannot pass for today
    hits = [(path, form) for path, data in out.items() for form in forms if form.encode() in data]
    assert not hits, hits
