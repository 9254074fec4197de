"""Dated timelines: the plain-text reader (``dated_text``) over the corpus's news
timelines, and the Markdown digest reader (``wcep_markdown``) over the WCEP daily index;
plus small hand-written documents for the edge cases and bad input."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from generator.config import Config
from generator.errors import TlgenError
from generator.extract import enrich_event
from generator.model import DAY, MARKDOWN, TEXT, Event
from generator.sources import dated_text, liveupdates_text, native, wcep_markdown

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CONFIG = Config(root=Path("/site"), timezone="UTC")
DATE_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}[ \t]*$", re.M)
SEPARATOR = re.compile(r"^-{32}[ \t]*$", re.M)

# file -> (entries, first anchor, last anchor), read off each file: its count of date
# lines, its first and its last date line.
TIMELINES = {
    "ap_2011-2013_egypt-crisis-timeline.txt": (36, "t-2011-01-25", "t-2013-07-07"),
    "foxnews_2010_bp-oil-spill-timeline.txt": (13, "t-2010-04-20", "t-2010-05-02"),
    "guardian_2011_egypt-crisis-timeline.txt": (57, "t-2011-01-01", "t-2011-10-18"),
    "latimes_2011-2012_syria-crisis-timeline.txt": (60, "t-2011-03-18", "t-2012-12-03"),
    "reuters_2011-2012_egypt-crisis-timeline.txt": (24, "t-2011-01-25", "t-2012-06-14"),
    "telegraph_2011_yemen-crisis-timeline.txt": (42, "t-2011-01-29", "t-2011-09-19"),
    "washingtonpost_2010_bp-oil-spill-timeline.txt": (12, "t-2010-04-20", "t-2010-10-15"),
}
WCEP = "wcep-nixworks_2016-03-14_daily-index.md"


def corpus_text(name: str) -> str:
    path = CORPUS / "text" / name
    if not path.is_file():
        pytest.skip("the shared corpus (../shared/corpus) is not beside this checkout")
    # Two of the timelines (guardian, latimes) hold UTF-8 sequences that the corpus's
    # tokeniser split with spaces ("\xe2 \x80\x93"), so they are not valid UTF-8; how a
    # build decodes them is generator.sources.decode's business. Here they are decoded
    # with replacement characters so that the reader itself is what is tested.
    return path.read_bytes().decode("utf-8", errors="replace")


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[^\W_]+", text))


def read(text: str, config: Config = CONFIG) -> Event:
    return dated_text.read("seeds/timeline.txt", text, config)


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(TlgenError) as err:
        read(text)
    return [(p.location.line if p.location else 0, p.message) for p in err.value.problems]


SEP = "-" * 32


# --- the corpus's news timelines ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TIMELINES))
def test_corpus_timeline(name: str) -> None:
    text = corpus_text(name)
    count, first, last = TIMELINES[name]
    assert dated_text.detect(f"corpus/text/{name}", text)
    for other in (native, liveupdates_text, wcep_markdown):
        assert not other.detect(f"corpus/text/{name}", text)
    event = enrich_event(dated_text.read(f"corpus/text/{name}", text, CONFIG))
    # As many entries as date lines (and separators), counted independently here.
    assert len(event.entries) == count == len(DATE_LINE.findall(text))
    assert len(SEPARATOR.findall(text)) == count
    assert (event.entries[0].anchor, event.entries[-1].anchor) == (first, last)
    lines = text.split("\n")
    for entry in event.entries:
        assert entry.text.strip(), f"{name}:{entry.line} is empty"
        assert entry.precision == DAY and entry.body_format == TEXT
        assert lines[entry.line - 1].strip() == entry.label
        assert entry.time == datetime.fromisoformat(entry.label).replace(tzinfo=UTC)
        assert entry.anchor.startswith(f"t-{entry.label}")
    assert event.date == min(e.time.date() for e in event.entries)
    # Never drop a word: everything but the date lines and separators is in the bodies.
    body_words = words("\n".join(e.body for e in event.entries))
    assert words(SEPARATOR.sub("", DATE_LINE.sub("", text))) == body_words


def test_corpus_titles_come_from_the_file_name() -> None:
    text = corpus_text("guardian_2011_egypt-crisis-timeline.txt")
    event = dated_text.read("corpus/text/guardian_2011_egypt-crisis-timeline.txt", text, CONFIG)
    assert event.title == "Guardian 2011 egypt crisis timeline"
    assert event.slug == "guardian-2011-egypt-crisis-timeline"
    # The Guardian file dates its 7th entry 2011-01-02 (line 20) between 2011-01-28 and
    # 2011-02-02: kept in source order with its own date, not "corrected".
    assert (event.entries[6].anchor, event.entries[6].line) == ("t-2011-01-02", 20)


def test_corpus_text_is_kept_as_captured() -> None:
    # reuters line 11 reads "Islamists and liberals denounce `` coup '' by military ...".
    text = corpus_text("reuters_2011-2012_egypt-crisis-timeline.txt")
    event = dated_text.read("corpus/text/reuters.txt", text, CONFIG)
    assert any("denounce `` coup '' by" in e.body for e in event.entries)
    # Its first entry's sentence starts "- Anti-government protests": text, not a list.
    assert event.entries[0].body.startswith("- Anti-government protests begin")


# --- hand-written timelines -----------------------------------------------------------


def test_entries_dates_anchors_and_same_day() -> None:
    event = read(
        f"2011-02-11\nMubarak resigns .\nCrowds celebrate .\n{SEP}\n"
        f"2011-02-11\nA second item the same day .\n{SEP}\n"
        f"2011-02-12\nNext day .\n{SEP}\n"
    )
    assert [e.anchor for e in event.entries] == ["t-2011-02-11", "t-2011-02-11-2", "t-2011-02-12"]
    assert [e.line for e in event.entries] == [1, 5, 8]
    assert event.entries[0].body == "Mubarak resigns .\n\nCrowds celebrate ."
    assert event.entries[0].label == "2011-02-11"


def test_midnight_in_the_configured_zone() -> None:
    event = read(f"2011-02-11\nText .\n{SEP}\n", Config(root=Path("/s"), timezone="Africa/Cairo"))
    assert event.timezone == "Africa/Cairo"
    assert event.entries[0].time.isoformat() == "2011-02-11T00:00:00+02:00"
    assert event.entries[0].anchor == "t-2011-02-11"


def test_written_dates_and_no_separators() -> None:
    event = read(
        "11 February 2011\nOne .\nFebruary 12, 2011\nTwo .\nSunday 13 February 2011\nThree .\n"
    )
    assert [e.label for e in event.entries] == [
        "11 February 2011",
        "February 12, 2011",
        "Sunday 13 February 2011",
    ]
    assert [e.time.date() for e in event.entries] == [date(2011, 2, d) for d in (11, 12, 13)]


def test_numbers_that_look_like_times_are_text() -> None:
    event = read(f"2011-02-11\n10.30 protesters gather ; at 19:45 , 4.9 million watch .\n{SEP}\n")
    (entry,) = event.entries
    assert entry.precision == DAY
    assert entry.time.hour == 0 and entry.time.minute == 0
    assert entry.body == "10.30 protesters gather ; at 19:45 , 4.9 million watch ."


def test_text_is_not_markdown() -> None:
    event = enrich_event(read(f"2011-02-11\n*not emphasis* and <b>not a tag</b> .\n{SEP}\n"))
    (entry,) = event.entries
    assert entry.body_format == TEXT
    assert "<em>" not in entry.html and "<b>" not in entry.html
    assert "&lt;b&gt;not a tag&lt;/b&gt;" in entry.html
    assert entry.text == "*not emphasis* and <b>not a tag</b> ."


def test_a_title_line_above_the_first_date() -> None:
    event = read(f"Egypt uprising\nNotes *as* kept .\n2011-02-11\nText .\n{SEP}\n")
    assert (event.title, event.slug, event.line) == ("Egypt uprising", "egypt-uprising", 1)
    assert event.intro == r"Notes \*as\* kept \."


def test_impossible_date_is_a_located_error() -> None:
    found = problems(f"2011-02-11\nFine .\n{SEP}\n2011-02-30\nBroken .\n{SEP}\n")
    assert found[0][0] == 4
    assert "2011-02-30" in found[0][1]


def test_no_dated_blocks() -> None:
    text = "Just some text .\nNo dates at all .\n11/02/2011\nA slashed date is ambiguous .\n"
    assert not dated_text.detect("x.txt", text)
    assert problems(text) == [(1, problems(text)[0][1])]
    assert "no dated entries" in problems(text)[0][1]


def test_text_between_blocks_is_an_error() -> None:
    found = problems(f"2011-02-11\nFine .\n{SEP}\nOrphan sentence .\n2011-02-12\nx .\n")
    assert found[0][0] == 4 and "belongs to no date" in found[0][1]


def test_a_date_without_text_is_an_error() -> None:
    assert problems(f"2011-02-11\n{SEP}\n2011-02-12\nx .\n{SEP}\n")[0][0] == 1
    assert problems(f"2011-02-11\nx .\n{SEP}\n2011-02-12\n")[0][0] == 4


def test_detect() -> None:
    assert dated_text.detect("x.txt", f"2011-02-11\nText .\n{SEP}\n")
    assert dated_text.detect("x.txt", "Title\n2011-02-11\nText .\n2011-02-12\nMore .\n")
    assert not dated_text.detect("x.txt", "2011-02-11\nOne date alone is no timeline .\n")
    assert not dated_text.detect("x.md", "---\ndate: 2011-02-11\n---\n\n## 18:15\n")


# --- the WCEP Markdown digest ----------------------------------------------------------


@pytest.fixture(scope="module")
def wcep() -> tuple[str, Event]:
    text = corpus_text(WCEP)
    return text, enrich_event(wcep_markdown.read(f"corpus/text/{WCEP}", text, CONFIG))


def test_wcep_is_detected_by_its_reader_only(wcep: tuple[str, Event]) -> None:
    text, _ = wcep
    assert wcep_markdown.detect(WCEP, text)
    for other in (native, liveupdates_text, dated_text):
        assert not other.detect(WCEP, text)


def test_wcep_entries(wcep: tuple[str, Event]) -> None:
    # Read off the file: one "## [2016-03-14](...)" day heading, eleven "###" entries on
    # lines 3, 6, ..., 33, then "## [Previous Day...](...)" navigation on line 36.
    _, event = wcep
    assert event.date == date(2016, 3, 14)
    assert event.title == "Wcep nixworks 2016-03-14 daily index"
    assert [e.anchor for e in event.entries] == ["t-2016-03-14"] + [
        f"t-2016-03-14-{n}" for n in range(2, 12)
    ]
    assert [e.line for e in event.entries] == list(range(3, 34, 3))
    assert {e.label for e in event.entries} == {"2016-03-14"}
    assert all(e.precision == DAY and e.body_format == MARKDOWN for e in event.entries)
    assert all(e.time == datetime(2016, 3, 14, tzinfo=UTC) for e in event.entries)
    putin = event.entries[4]
    assert putin.title.startswith("Russian President Vladimir Putin orders")
    assert putin.text.startswith("Russian President Vladimir Putin has ordered")
    # Line 19 writes "Queensland&#39;s": the entity is decoded in the text.
    assert "Queensland's northwest" in event.entries[5].text
    # Line 7 is "_Context: ..._": Markdown emphasis, not underscores.
    assert event.entries[1].text.startswith("Context: Israeli")
    assert "<em>" in event.entries[1].html


def test_wcep_every_word_survives(wcep: tuple[str, Event]) -> None:
    """All words but the link targets (the mirror's own paths), the day heading and the
    "Previous Day" navigation are in the entries' titles and texts."""
    text, event = wcep
    kept = re.sub(r"\]\([^)]*\)", "]", text)
    kept = kept.replace("## [2016-03-14]", "").replace("## [Previous Day...]", "")
    kept = html.unescape(kept)  # "&#39;" is an apostrophe, not the word "39"
    records = "\n".join(f"{e.title}\n{e.text}" for e in event.entries)
    assert not words(kept) - words(records)


def wcep_problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(TlgenError) as err:
        wcep_markdown.read("seeds/digest.md", text, CONFIG)
    return [(p.location.line if p.location else 0, p.message) for p in err.value.problems]


def test_wcep_several_days_and_plain_headings() -> None:
    event = wcep_markdown.read(
        "seeds/digest.md",
        "## 2016-03-14\n\n### First\nBody.\n\n### Second\n\n## 15 March 2016\n\n### Third\n",
        CONFIG,
    )
    assert [e.anchor for e in event.entries] == ["t-2016-03-14", "t-2016-03-14-2", "t-2016-03-15"]
    assert [e.title for e in event.entries] == ["First", "Second", "Third"]
    assert event.entries[0].body == "Body."


def test_wcep_bad_input() -> None:
    assert wcep_problems("### Headline\n")[0][0] == 1
    assert wcep_problems("## 2016-03-14\n\n### A\n\n## Sports\n\n### B\n")[0][0] == 5
    assert wcep_problems("## 2016-02-30\n\n### A\n")[0][0] == 1
    nav = "## 2016-03-14\n\n### A\n\n## [Previous Day...](/news/2016/03/13/index.md)\n\nStray.\n"
    assert wcep_problems(nav) == [(7, "text outside an entry")]
    assert not wcep_markdown.detect("x.md", "## Notes\n\n### 2016-03-14\n")


def test_zone_offsets_are_whole_days() -> None:
    event = wcep_markdown.read(
        "seeds/digest.md", "## 2016-03-14\n\n### A\n", Config(root=Path("/"), timezone="EST")
    )
    assert event.entries[0].time.utcoffset() == timedelta(hours=-5)
