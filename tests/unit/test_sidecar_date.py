"""A sidecar's ``date:``: the day of the update at the top of a capture that prints times
and no date (live-updates text, HTML); the other days follow from the times, as they do
from a date line under the title. A capture that dates itself keeps its own dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from generator.build import build
from generator.config import Config
from generator.errors import TlgenError
from generator.model import Event
from generator.sources import read_source

CONFIG = Config(root=Path("/site"), timezone="UTC")
TIMES = ("00:20", "00:10", "23:50", "23:30")  # newest first, across midnight
TEXT = "Storm live\n\n" + "".join(f"{t} GMT\n\nUpdate at {t}.\n\n" for t in TIMES)
PAGE = (
    "<!doctype html><html><body><h1>Storm live</h1>"
    + "".join(f"<div class=u><b>{t}</b> <p>Update at {t}.</p></div>" for t in TIMES)
    + "</body></html>"
)


def read(capture: str, text: str, sidecar: str | None) -> tuple[Event, list[str]]:
    event, warnings = read_source(
        f"seeds/{capture}",
        text.encode(),
        CONFIG,
        None if sidecar is None else sidecar.encode(),
        "seeds/storm.yml",
        capture=True,
    )
    return event, [w.render() for w in warnings]


def moments(event: Event) -> list[datetime]:
    return [e.time.replace(tzinfo=None) for e in event.entries]


@pytest.mark.parametrize("capture,text", [("storm.txt", TEXT), ("storm.html", PAGE)])
def test_a_capture_without_a_date_takes_the_sidecars(capture: str, text: str) -> None:
    with pytest.raises(TlgenError) as info:
        read(capture, text, None)
    (problem,) = info.value.problems  # text: no reader claims it; HTML: "no date for them"
    assert "no date" in problem.hint + problem.message
    assert "in its sidecar: date: 2016-03-14" in problem.hint
    event, warnings = read(capture, text, "title: Storm\ndate: 2016-03-14\n")
    # the top update on the sidecar's day; those below it before midnight the day before
    assert moments(event) == [
        datetime(2016, 3, 14, 0, 20),
        datetime(2016, 3, 14, 0, 10),
        datetime(2016, 3, 13, 23, 50),
        datetime(2016, 3, 13, 23, 30),
    ]
    assert event.title == "Storm" and not warnings


def test_a_capture_that_dates_itself_keeps_its_dates() -> None:
    dated = TEXT.replace("Storm live\n\n", "Storm live\n\n20/05/2017\n\n")
    event, warnings = read("storm.txt", dated, "title: Storm\ndate: 2016-03-14\n")
    assert moments(event)[0] == datetime(2017, 5, 20, 0, 20) and event.date == date(2017, 5, 20)
    assert warnings == [
        "seeds/storm.yml:2: warning: the capture dates its updates itself: the sidecar's"
        " 'date:' is not used\n  hint: remove 'date:' from the sidecar; it is for captures"
        " that print times without dates"
    ]


@pytest.mark.parametrize("value", ["31/02/2016", "soon", "[2016, 3, 14]"])
def test_a_date_that_is_no_date_is_a_located_error(value: str) -> None:
    with pytest.raises(TlgenError) as info:
        read("storm.txt", TEXT, f"title: Storm\n\ndate: {value}\n")
    (problem,) = info.value.problems
    assert problem.location is not None
    assert (problem.location.path, problem.location.line) == ("seeds/storm.yml", 3)
    assert "2016-03-14" in problem.hint


def test_a_site_builds_a_capture_dated_by_its_sidecar(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {"seeds/storm.html": PAGE, "seeds/storm.yml": "title: Storm\ndate: 2016-03-14\n"},
        "title: Test archive\nbase_url: /\ntimezone: GMT\nsearch: false\n",
    )
    report = build(root / "site.yml")
    page = (root / "public" / "events" / "storm" / "index.html").read_text()
    for anchor in ("t-2016-03-14-0020", "t-2016-03-13-2330"):
        assert f'id="{anchor}"' in page
    assert report.warnings == ()


def test_only_a_capture_is_told_of_the_sidecar() -> None:
    """A file of the site's own (no sidecar can go beside it) is told what it always was."""
    with pytest.raises(TlgenError) as info:
        read_source("content/events/storm.txt", TEXT.encode(), CONFIG)
    (problem,) = info.value.problems
    assert problem.message == "no reader recognises this document"
    assert "sidecar" not in problem.hint
