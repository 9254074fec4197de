"""Reader fixtures for the native format: a source in, the records out."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator.config import Config
from generator.errors import TlgenError
from generator.model import Embed
from generator.sources import native, read_source

CONFIG = Config(root=Path("/site"), timezone="UTC")
GMT = timezone(timedelta(0), "GMT")


def read(text: str, config: Config = CONFIG) -> native.Event:  # type: ignore[name-defined]
    return native.read("content/events/test-event.md", text, config)


def errors(text: str) -> list[str]:
    with pytest.raises(TlgenError) as err:
        read(text)
    return [p.render() for p in err.value.problems]


def test_entries_times_labels_lines_anchors() -> None:
    event = read(
        "---\ntitle: T\ndate: 2016-03-14\ntimezone: GMT\n---\n\nIntro text.\n\n"
        "## 19:16 GMT\n\nLate.\n\n## 18:15\n\nEarly.\n\n"
        "## 18:15 CET — Headline here\n\nSame minute.\n"
    )
    assert event.slug == "test-event"
    assert event.intro == "Intro text."
    assert [e.anchor for e in event.entries] == [
        "t-2016-03-14-1916",
        "t-2016-03-14-1815",
        "t-2016-03-14-1815-2",
    ]
    assert [e.label for e in event.entries] == ["19:16 GMT", "18:15", "18:15 CET"]
    assert [e.line for e in event.entries] == [9, 13, 17]
    assert [e.body for e in event.entries] == ["Late.", "Early.", "Same minute."]
    assert event.entries[2].title == "Headline here"
    assert event.entries[0].time.isoformat() == "2016-03-14T19:16:00+00:00"
    assert event.entries[2].time.isoformat() == "2016-03-14T18:15:00+01:00"
    assert event.start == datetime(2016, 3, 14, 17, 15, tzinfo=GMT)


def test_day_headings_and_full_dates() -> None:
    event = read(
        "---\ntitle: T\ndate: 2016-03-14\ntimezone: Europe/Moscow\n---\n"
        "## 23:50\n\na\n\n# 15 March 2016\n\n## 00:10\n\nb\n\n## 2016-03-16 09:00\n\nc\n"
    )
    assert [e.anchor for e in event.entries] == [
        "t-2016-03-14-2350",
        "t-2016-03-15-0010",
        "t-2016-03-16-0900",
    ]
    assert event.entries[1].time.utcoffset() == timedelta(hours=3)
    assert event.entries[2].label == "2016-03-16 09:00"


def test_headings_inside_fences_are_not_entries() -> None:
    event = read("---\ntitle: T\ndate: 2016-03-14\n---\n## 10:00\n\n```\n## 11:00\n```\n")
    assert len(event.entries) == 1
    assert "## 11:00" in event.entries[0].body


@pytest.mark.parametrize(
    "body",
    [
        "``` ```\n## 11:00\nx",  # a backtick fence's info holds no backtick: inline code
        "```js`\n## 11:00",
        "```\ncode\n``` x\n## 11:00\n```\n## 11:30",  # words after a run close nothing
        "~~~\n    ~~~\n## 11:00\n~~~\n## 11:30",  # nor a run indented four spaces
        "````\n```\n## 11:00\n````\n## 11:30",  # nor a shorter one
        "```\n## 11:00\n```   \n## 11:30",  # spaces after it do not stop it
        "~~~ `x`\n## 11:00\n~~~\n## 11:30",  # a tilde fence's info may hold backticks
    ],
)
def test_fences_open_and_close_as_commonmark_says(body: str) -> None:
    """The line scan finds the updates markdown-it finds headings for: a line it took for
    a fence made every update after it one update's code."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(body)
    headings = [t.content for i, t in enumerate(tokens[1:]) if tokens[i].type == "heading_open"]
    event = read(f"---\ntitle: T\ndate: 2016-03-14\n---\n## 10:00\n\n{body}\n")
    assert [e.label for e in event.entries] == ["10:00", *headings]


def test_a_fence_never_closed_says_which_updates_it_took() -> None:
    """CommonMark makes the rest of the file a fence's code when nothing closes it: the
    updates after it went into the first one's code without a word."""
    text = "---\ntitle: T\ndate: 2016-03-14\n---\n## 10:00\n\n```\ncode\n``` end\n\n"
    text += "## 11:00\n\nSecond.\n\n## 11:30\n\nThird.\n"
    event, warnings = native.read_with_warnings("content/events/t.md", text, CONFIG)
    assert [e.label for e in event.entries] == ["10:00"]
    (warning,) = warnings
    assert (warning.location.line, warning.severity) == (7, "warning")
    assert warning.message == (
        "the code fence opened here is never closed: 2 update headings after it (the first "
        "on line 11) are read as its code"
    )
    assert warning.hint == "close it with a line of ``` alone where the code ends"
    closed = text.replace("``` end", "```")
    assert native.read_with_warnings("content/events/t.md", closed, CONFIG)[1] == ()
    # a fence left open by the last update takes nothing: no warning
    last = "---\ntitle: T\ndate: 2016-03-14\n---\n## 10:00\n\nx\n\n## 11:00\n\n```\ncode\n"
    assert native.read_with_warnings("content/events/t.md", last, CONFIG)[1] == ()
    # one in the intro that takes every update is why there are none: the error says so
    with pytest.raises(TlgenError) as caught:
        native.read_with_warnings("content/events/t.md", text.replace("## 10:00", "Intro"), CONFIG)
    (problem,) = caught.value.problems
    assert problem.message.startswith("no entries: the code fence opened here is never closed")
    assert problem.location is not None and problem.location.line == 7


def test_front_matter_fields() -> None:
    event = read(
        "---\ntitle: T\ndate: 14 March 2016\nslug: custom\nsummary: S\ntags: a, b\n"
        "source: {url: 'https://x.org/live', publisher: P, captured: '2016-03-15'}\ndraft: true\n"
        "---\n## 10:00\n\nx\n"
    )
    assert (event.slug, event.summary, event.tags, event.draft) == ("custom", "S", ("a", "b"), True)
    assert event.source.url == "https://x.org/live"
    assert event.source.publisher == "P"
    assert event.source.path == "content/events/test-event.md"


@pytest.mark.parametrize(
    "tags",
    ['[" Syria ", "", Syria, 2016, "Geneva, talks", "  "]', "' Syria,, 2016 ,Syria, ,'"],
)
def test_tags_are_named_once_without_spaces(tags: str) -> None:
    """A blank tag is none (it made a tag page named by a hash), spaces around a tag are
    not part of it, and a tag named twice is one; in front matter as in a sidecar."""
    event = read(f"---\ntitle: T\ndate: 2016-03-14\ntags: {tags}\n---\n## 10:00\n\nx\n")
    expected = ("Syria", "2016", "Geneva, talks") if "[" in tags else ("Syria", "2016")
    assert event.tags == expected
    capture, _ = read_source(
        "seeds/storm.txt",
        b"Storm live\n\n14/03/2016\n\n10:00 GMT\n\nx\n",
        CONFIG,
        f"tags: {tags}\n".encode(),
        "seeds/storm.yml",
        capture=True,
    )
    assert capture.tags == expected
    assert errors("---\ntitle: T\ndate: 2016-03-14\ntags: [[a], true]\n---\n## 10:00\n")[0] == (
        "content/events/test-event.md:4: 'tags' must be a list of words\n"
        "  hint: tags: [syria, russia]"
    )


def test_unclosed_front_matter() -> None:
    assert errors("---\ntitle: T\n## 10:00\n") == [
        "content/events/test-event.md:1: front matter opened on line 1 is never closed\n"
        "  hint: add a line holding only --- after the last front matter key"
    ]


def test_yaml_error_lines_count_in_the_file() -> None:
    (found,) = errors("---\ntitle: T\ndate: [2016\n---\n## 10:00\n")
    assert found.startswith("content/events/test-event.md:4:")


def test_every_problem_in_the_file_at_once() -> None:
    found = errors(
        "---\ntitle: T\ndate: 2016-03-14\ntimezon: GMT\n---\n## 25:61\n\nx\n\n## Breaking\n\n"
        "# someday\n\n## 10:00\n"
    )
    assert found == [
        "content/events/test-event.md:4: unknown front matter key 'timezon'\n"
        "  hint: did you mean 'timezone'?",
        "content/events/test-event.md:6: impossible time '25:61': hours run 0-23 and minutes 0-59\n"
        "  hint: an entry heading reads '## 18:15' or '## 18:15 GMT'",
        "content/events/test-event.md:10: entry heading 'Breaking' holds no time\n"
        "  hint: start each entry with '## HH:MM' (optionally a zone: '## 18:15 GMT'); "
        "use '###' for other headings",
        "content/events/test-event.md:12: a '#' heading sets the day: cannot read 'someday' as "
        "a date: write it as 2016-03-14 or 14 March 2016\n"
        "  hint: write '# 14 March 2016' for a new day; use '###' for headings in an entry",
    ]


def test_no_entries() -> None:
    (found,) = errors("---\ntitle: T\ndate: 2016-03-14\n---\nJust text.\n")
    assert found.startswith("content/events/test-event.md:5: no entries")


def test_missing_title_and_bad_slug() -> None:
    found = errors("---\ndate: 2016-03-14\nslug: ../../x\n---\n## 10:00\n")
    assert found[0].startswith("content/events/test-event.md:2: missing 'title'")
    assert "slug '../../x' is not a URL-safe name" in found[1]


def test_time_values_stay_text_in_front_matter() -> None:
    (found,) = errors("---\ntitle: T\ndate: 12:30\n---\n## 10:00\n")
    assert "cannot read '12:30' as a date" in found


def test_bytes_bom_crlf_and_bad_utf8() -> None:
    raw = "\ufeff---\r\ntitle: T\r\ndate: 2016-03-14\r\n---\r\n## 10:00\r\n\r\nx\r\n".encode()
    event, _ = read_source("content/events/e.md", raw, CONFIG)
    assert event.entries[0].line == 5 and event.entries[0].body == "x"
    with pytest.raises(TlgenError) as err:
        read_source("content/events/e.md", b"---\ntitle: \xff\n", CONFIG)
    assert (
        err.value.problems[0]
        .render()
        .startswith("content/events/e.md:2: not valid UTF-8 at byte 11")
    )
    with pytest.raises(TlgenError) as err:
        read_source("content/events/e.md", b"---\ntitle: a\x00\n", CONFIG)
    assert "NUL byte" in err.value.problems[0].message


def test_dated_entries_labels_and_formats() -> None:
    event = read(
        "---\ntitle: T\ntimezone: Europe/London\nformat: html\n---\n"
        "## 2011-02-11 — Mubarak resigns\n\n<p>Cairo <script>x()</script>celebrates</p>\n\n"
        "## 2011-02-11\n\n<p onclick='x'>Same day</p>\n\n"
        '## 2024-08-05 20:49 +01:00 {label="20:49, 5 Aug 2024"}\n\n<p>x</p>\n'
    )
    first, second, third = event.entries
    assert (first.anchor, first.precision, first.label, first.title) == (
        "t-2011-02-11",
        "day",
        "2011-02-11",
        "Mubarak resigns",
    )
    assert second.anchor == "t-2011-02-11-2"
    assert first.body_format == "html"
    assert first.body == "<p>Cairo celebrates</p>"
    assert second.body == "<p>Same day</p>"
    assert (third.anchor, third.label) == ("t-2024-08-05-2049", "20:49, 5 Aug 2024")
    assert third.time.isoformat() == "2024-08-05T20:49:00+01:00"


def test_seconds_and_a_format_decided_entry_by_entry() -> None:
    """``format: auto`` (what ``tlgen import`` writes for a JSON-LD capture): an entry
    holding a tag is HTML, one holding none is text, where '*' and '<' are characters."""
    event = read(
        "---\ntitle: T\ndate: 2024-05-01\ntimezone: GMT\nformat: auto\n---\n"
        '## 10:15:42.5 {label="10:15"}\n\n2 < 3 and *not* emphasis\n\n'
        "## 10:20:07\n\n<p>A <b>bold</b> claim<script>x()</script></p>\n"
    )
    first, second = event.entries
    assert (first.body_format, first.body) == ("text", "2 < 3 and *not* emphasis")
    assert (second.body_format, second.body) == ("html", "<p>A <b>bold</b> claim</p>")
    assert first.time.isoformat() == "2024-05-01T10:15:42.500000+00:00"
    assert (first.label, first.anchor) == ("10:15", "t-2024-05-01-1015")
    assert (second.label, second.anchor) == ("10:20:07", "t-2024-05-01-1020")


def test_a_post_written_with_its_record_is_read_back() -> None:
    """An HTML body's post with ``data-handle`` (``tlgen import`` writes it) gives the
    entry its embed; the attributes are not kept in the body."""
    post = (
        '<blockquote class="embed embed-social" data-handle="jo" data-url="https://x.com/jo/1"'
        ' data-hashtags="Rain Wind"><p>It <span class="hashtag">#Rain</span>s<br>and '
        '<span class="hashtag">#Wind</span></p><footer><cite class="handle">@jo</cite>'
        "</footer></blockquote>"
    )
    event = read(
        "---\ntitle: T\ndate: 2024-05-01\ntimezone: GMT\nformat: html\n---\n"
        f"## 10:15\n\n<p>Before</p>{post}\n"
    )
    (entry,) = event.entries
    assert entry.embeds == (
        Embed("jo", "It #Rains and #Wind", "https://x.com/jo/1", ("Rain", "Wind")),
    )
    assert entry.body.startswith('<p>Before</p><blockquote class="embed embed-social"><p>It')


def test_a_post_written_by_hand_in_any_order_is_read() -> None:
    """The attributes as a person may write them: another order, single quotes."""
    event = read(
        "---\ntitle: T\ndate: 2024-05-01\ntimezone: GMT\nformat: html\n---\n"
        "## 10:15\n\n<blockquote data-url='https://x.com/jo/1' class=\"embed-social embed\" "
        "data-handle=jo><p>It rains</p></blockquote>\n"
    )
    (entry,) = event.entries
    assert entry.embeds == (Embed("jo", "It rains", "https://x.com/jo/1"),)
    assert entry.body == '<blockquote class="embed embed-social"><p>It rains</p></blockquote>'


def test_bad_format() -> None:
    (found,) = errors("---\ntitle: T\ndate: 2016-03-14\nformat: htm\n---\n## 10:00\n")
    assert "format must be one of markdown, html, text, auto" in found
    assert "did you mean 'html'?" in found


def test_a_declared_zone_may_be_an_old_iana_name_and_a_headline_starts_with_one() -> None:
    from generator.sources.native import parse_entry_heading

    heading = parse_entry_heading("18:15 Israel strikes back", 1)
    assert heading is not None and (heading.zone_label, heading.title) == (
        "",
        "Israel strikes back",
    )
