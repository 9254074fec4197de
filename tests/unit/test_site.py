from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from generator.config import Config
from generator.errors import TlgenError
from generator.model import Entry, Event, Source, Speaker, Statement
from generator.registry import Registry
from generator.site import assemble

CONFIG = Config(root=Path("/site"))


def event(  # type: ignore[no-untyped-def]
    path: str, slug: str, url: str = "", entries: int = 1, capture: str = "", day: int = 14, **kw
) -> Event:
    items = tuple(
        Entry(f"t-{i}", datetime(2016, 3, day, 10, i, tzinfo=UTC), "10:00", "x", i + 1)
        for i in range(entries)
    )
    return Event(
        slug, slug, date(2016, 3, 14), "UTC", items, path,
        source=Source(url=url, path=kw.pop("source_path", path)), capture=capture, **kw,
    )  # fmt: skip


def test_two_captures_of_one_url_become_one_event() -> None:
    page = event("seeds/page.html", "live", "https://x.org/live/", 5, capture="seeds/page.html")
    jsonld = event("seeds/ld.json", "live-2", "http://X.org/live", 3, capture="seeds/ld.json")
    site = assemble(CONFIG, [jsonld, page])
    (only,) = site.events
    assert only.path == "seeds/page.html"
    assert only.further_captures == ("seeds/ld.json",)


def test_a_merged_event_keeps_the_language_either_capture_gives() -> None:
    """One blog, one language: the page said lang="de", the fuller JSON said none. So for
    its summary and tags; the capture read keeps its own where it has them."""
    page = event(
        "seeds/page.html", "live", "https://x.org/live/", 3, "seeds/page.html", language="de",
        summary="Page's", tags=("a", "b"),
    )  # fmt: skip
    jsonld = event("seeds/ld.json", "live", "https://x.org/live", 5, capture="seeds/ld.json")
    (only,) = assemble(CONFIG, [jsonld, page]).events
    assert only.path == "seeds/ld.json" and only.language == "de"
    assert (only.summary, only.tags) == ("Page's", ("a", "b"))
    jsonld = replace(jsonld, summary="JSON's", tags=("c",), language="de-AT")
    (only,) = assemble(CONFIG, [jsonld, page]).events
    assert (only.summary, only.tags, only.language) == ("JSON's", ("c",), "de-AT")


def test_unrelated_documents_on_one_url_is_an_error_naming_both() -> None:
    a = event("seeds/a.txt", "same", capture="seeds/a.txt")
    b = event("content/events/b.md", "same")
    with pytest.raises(TlgenError) as err:
        assemble(CONFIG, [a, b])
    assert "content/events/b.md and seeds/a.txt" in err.value.problems[0].message


def test_an_imported_file_supersedes_its_capture() -> None:
    raw = event("seeds/x.txt", "x", capture="seeds/x.txt")
    edited = event("content/events/x.md", "x", source_path="seeds/x.txt")
    (only,) = assemble(CONFIG, [raw, edited]).events
    assert only.path == "content/events/x.md"
    assert only.capture == "seeds/x.txt"


def test_newest_first_and_drafts() -> None:
    old = event("a.md", "old", day=1)
    late = event("b.md", "late", day=20)
    draft = event("c.md", "draft", day=10, draft=True)
    site = assemble(CONFIG, [old, late, draft])
    assert [e.slug for e in site.events] == ["late", "old"]
    assert [e.slug for e in assemble(CONFIG, [old, draft], drafts=True).events] == ["draft", "old"]


def quoting(slug: str, day: int, *said: tuple[str, str]) -> Event:
    """An event of one update, on ``day``, quoting each (name, speaker slug) of ``said``."""
    statements = tuple(Statement(name, page, f"Words {i}.") for i, (name, page) in enumerate(said))
    base = event(f"content/events/{slug}.md", slug, day=day)
    return replace(base, entries=(replace(base.entries[0], statements=statements),))


def test_names_that_give_one_speaker_page_are_all_shown() -> None:
    """``José Pérez`` and ``Jose Perez`` make one page (one slug): it is titled with the
    spelling used most, and lists the others; a registered speaker keeps its record."""
    newest = quoting("b", 15, ("Jose Perez", "jose-perez"))  # seen first: the newest event
    older = quoting(
        "a", 14, ("José Pérez", "jose-perez"), ("José Pérez", "jose-perez"), ("Ann Lee", "ann-lee")
    )
    registry = Registry({"ann-lee": Speaker("ann-lee", "Ann Lee")})
    speakers = {s.speaker.slug: s for s in assemble(CONFIG, [newest, older], registry).speakers}
    assert speakers["jose-perez"].speaker.name == "José Pérez"
    assert speakers["jose-perez"].spellings == ("Jose Perez",)
    assert len(speakers["jose-perez"].said) == 3
    assert speakers["ann-lee"].speaker.name == "Ann Lee" and speakers["ann-lee"].spellings == ()


def test_speakers_go_by_name_and_their_statements_by_time() -> None:
    """``/speakers/`` lists speakers by name, whatever its case; a speaker's page lists the
    statements in time order across events, whichever order the events come in (the
    first seen is neither)."""
    oldest = quoting("a", 14, ("Carl Dane", "carl-dane"))
    middle = quoting("c", 15, ("Ann Lee", "ann-lee"))
    newest = quoting("b", 16, ("bob Stone", "bob-stone"), ("Ann Lee", "ann-lee"))
    site = assemble(CONFIG, [middle, newest, oldest])
    assert [s.speaker.name for s in site.speakers] == ["Ann Lee", "bob Stone", "Carl Dane"]
    (ann,) = [s for s in site.speakers if s.speaker.slug == "ann-lee"]
    assert [said.event.slug for said in ann.said] == ["c", "b"]


def test_tags_that_slug_alike_share_a_page_and_say_their_spellings() -> None:
    from dataclasses import replace

    from generator.site import index_tags

    first = event("a.md", "a", tags=("C++", "#c++", "Putin"))
    second = event("b.md", "b", tags=("C#",))
    second = replace(second, entries=(replace(second.entries[0], hashtags=("c", "putin")),))
    tags = {t.slug: t for t in index_tags([first, second])}
    assert (tags["c"].name, tags["c"].spellings) == ("C++", ("C#", "c"))  # "#c++" is C++
    assert tags["putin"].spellings == ()  # the same word in another letter case
    # a tag's page lists the events tagged with it, and the updates carrying it
    assert [e.slug for e in tags["putin"].events] == ["a"]
    assert [(e.slug, entry.anchor) for e, entry in tags["putin"].entries] == [("b", "t-0")]
    assert [e.slug for e in tags["c"].events] == ["a", "b"] and len(tags["c"].entries) == 1
