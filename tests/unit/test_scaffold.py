"""``tlgen new event``'s text: a draft that the native reader reads back as it was asked
for (title, day, clock, first update), whatever the title holds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.errors import EXIT_USAGE, TlgenError
from generator.scaffold import new_event
from generator.sources.native import read

NOW = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)


@pytest.fixture
def config(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "site.yml").write_text("title: T\ntimezone: Europe/Brussels\n")
    return load_config(tmp_path / "site.yml")


def test_a_draft_on_the_event_clock(config) -> None:  # type: ignore[no-untyped-def]
    made = new_event(config, "  Brussels   attacks ", NOW)
    assert made.slug == "brussels-attacks"
    event = read("brussels-attacks.md", made.text, config)
    assert (event.title, event.slug, event.draft) == ("Brussels attacks", made.slug, True)
    # 23:30 UTC is 00:30 the next day in Brussels: the day and the update follow the clock
    assert event.date == date(2026, 11, 27)
    (entry,) = event.entries
    assert (entry.label, entry.anchor) == ("00:30", "t-2026-11-27-0030")
    assert "timezone: Europe/Brussels\n" in made.text


def test_the_options(config) -> None:  # type: ignore[no-untyped-def]
    made = new_event(config, "Zürich: «vote» #2", NOW, "zurich-vote", "GMT", "22 March 2016")
    event = read(f"{made.slug}.md", made.text, config)
    assert (event.title, event.slug, event.date) == (
        "Zürich: «vote» #2",
        "zurich-vote",
        date(2016, 3, 22),
    )
    assert event.timezone == "GMT"
    assert event.entries[0].label == "23:30"
    assert new_event(config, "Łódź floods", NOW).slug == "lodz-floods"


@pytest.mark.parametrize(
    ("title", "slug", "zone", "day", "said"),
    [
        ("   ", "", "", "", "needs a title"),
        ("A title", "Not A Slug", "", "", "not a URL-safe name"),
        ("A title", "", "Mars/Olympus", "", "Mars/Olympus"),
        ("A title", "", "", "the 45th of Brumaire", "Brumaire"),
        ("bad \udcff bytes", "", "", "", "not UTF-8"),
    ],
)
def test_what_cannot_be_used_is_a_usage_error(  # type: ignore[no-untyped-def]
    config, title: str, slug: str, zone: str, day: str, said: str
) -> None:
    with pytest.raises(TlgenError) as caught:
        new_event(config, title, NOW, slug, zone, day)
    assert caught.value.exit_code == EXIT_USAGE
    assert said in str(caught.value)


@settings(max_examples=200, deadline=None)
@given(title=st.text(min_size=1, max_size=60).filter(lambda t: t.strip()))
def test_any_title_reads_back(tmp_path_factory: pytest.TempPathFactory, title: str) -> None:
    folder = tmp_path_factory.mktemp("site")
    (folder / "site.yml").write_text("title: T\ntimezone: UTC\n")
    config = load_config(folder / "site.yml")
    if any("\ud800" <= c <= "\udfff" for c in title):
        return  # refused, above
    made = new_event(config, title, NOW)  # read back inside: raises if it would not build
    assert read(f"{made.slug}.md", made.text, config).title == " ".join(title.split())


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_first_and_last_days(config, day: str) -> None:  # type: ignore[no-untyped-def]
    made = new_event(config, "Edge", NOW, day=day)
    assert read("edge.md", made.text, config).date.isoformat() == day
