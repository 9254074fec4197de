"""The live-updates text reader: the seed in, its records out; and small hand-written
captures for every rule the module docstring states."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator.config import Config
from generator.errors import TlgenError
from generator.extract import enrich_event
from generator.model import MARKDOWN, Embed, Event
from generator.sources import dated_text, liveupdates_text, native, wcep_markdown

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_588fca7941595965.txt"
SEED_PATH = "seeds/000_588fca7941595965.txt"
CORPUS = REPO.parent / "shared" / "corpus"
CONFIG = Config(root=Path("/site"), timezone="UTC")
GMT = timezone(timedelta(0), "GMT")


def read(text: str, config: Config = CONFIG) -> Event:
    return liveupdates_text.read("seeds/capture.txt", text, config)


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(TlgenError) as err:
        read(text)
    return [(p.location.line if p.location else 0, p.message) for p in err.value.problems]


def doc(*body: str, head: str = "A test event Live updates\n\n14/03/2016\n\n") -> str:
    return head + "\n\n".join(body) + "\n"


# --- the seed -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Event:
    text = SEED.read_text(encoding="utf-8")
    return enrich_event(liveupdates_text.read(SEED_PATH, text, CONFIG))


def test_seed_is_detected_and_no_other_reader_claims_it() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert liveupdates_text.detect(SEED_PATH, text)
    for other in (native, dated_text, wcep_markdown):
        assert not other.detect(SEED_PATH, text)


def test_seed_event(seed: Event) -> None:
    # Line 2 of the seed: "Russia to start withdrawal from Syria Live updates"; line 4:
    # "14/03/2016"; every time line prints GMT.
    assert seed.title == "Russia to start withdrawal from Syria"
    assert seed.slug == "russia-to-start-withdrawal-from-syria"
    assert seed.date == date(2016, 3, 14)
    assert seed.timezone == "GMT"
    assert seed.line == 2
    assert seed.intro == ""
    assert seed.path == SEED_PATH and seed.source.path == SEED_PATH


def test_seed_entries(seed: Event) -> None:
    # Read off the seed: nine time lines, newest first, "19:16 GMT" plain on line 10 and
    # the other eight as "- **HH:MM GMT**" on the lines listed.
    clocks = ["1916", "1914", "1851", "1840", "1830", "1821", "1820", "1817", "1815"]
    assert [e.anchor for e in seed.entries] == [f"t-2016-03-14-{c}" for c in clocks]
    assert [e.label for e in seed.entries] == [f"{c[:2]}:{c[2:]} GMT" for c in clocks]
    assert [e.line for e in seed.entries] == [10, 16, 24, 30, 36, 40, 46, 52, 60]
    assert seed.entries[0].time.isoformat() == "2016-03-14T19:16:00+00:00"
    assert [e.time for e in seed.entries] == [
        datetime(2016, 3, 14, int(c[:2]), int(c[2:]), tzinfo=GMT) for c in clocks
    ]
    assert all(e.body_format == MARKDOWN and e.title == "" for e in seed.entries)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for entry in seed.entries:
        assert entry.label in lines[entry.line - 1]


def test_seed_broken_sentences_rejoined(seed: Event) -> None:
    # Seed lines 26/28 ("... will operate in a routine" / "mode. They are ...") and
    # 48/50 ("... at Moscow's initiative," / "the two leaders have agreed ...").
    e1851, e1820 = seed.entries[2], seed.entries[6]
    assert "in a routine mode. They are to be safely protected" in e1851.body
    assert e1851.body.count("\n\n") == 0
    assert "at Moscow's initiative, the two leaders have agreed" in e1820.body
    assert e1820.body.count("\n\n") == 0
    # Sentences that end properly stay separate paragraphs (19:16 has two).
    assert seed.entries[0].body.count("\n\n") == 1


def test_seed_embeds(seed: Event) -> None:
    # The three "[@RT.com](#) ... <http://on.rt.com/76wy>" paragraphs, at 18:40, 18:17
    # and 18:15; their hashtags are the "[#Tag](#)" links, in order.
    with_embeds = {e.label: e.embeds for e in seed.entries if e.embeds}
    assert list(with_embeds) == ["18:40 GMT", "18:17 GMT", "18:15 GMT"]
    url = "http://on.rt.com/76wy"
    assert with_embeds["18:40 GMT"] == (
        Embed(
            "RT.com",
            "#Moscow will keep its #Hmeymim airbase in #Latakia province - #Putin "
            "#Russia #withdrawal",
            url,
            ("Moscow", "Hmeymim", "Latakia", "Putin", "Russia", "withdrawal"),
        ),
    )
    (e1817,) = with_embeds["18:17 GMT"]
    assert (e1817.handle, e1817.url, e1817.hashtags) == (
        "RT.com",
        url,
        ("Putin", "withdrawal", "Syria"),
    )
    assert e1817.text.startswith("#Putin orders start of Russian military #withdrawal")
    (e1815,) = with_embeds["18:15 GMT"]
    assert (e1815.handle, e1815.url, e1815.hashtags) == ("RT.com", url, ("Syria",))
    assert e1815.text.startswith("9,000+ sorties")
    for entry in seed.entries:
        assert 'href="#"' not in entry.html  # hashtags never become dead links


def test_seed_trailing_hyphen_dropped(seed: Event) -> None:
    last = seed.entries[-1].body
    assert last.endswith("<http://on.rt.com/76wy>")
    assert "\n-" not in last


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def test_seed_every_word_survives(seed: Event) -> None:
    """Every word of the capture, less the chrome dropped on purpose (the title's "Live
    updates", the date line, the day line, the lone '-'), is found in the records, as
    often as the capture has it. Time lines survive as labels."""
    dropped = {"14/03/2016", "- 14 March 2016", "-"}
    kept = [raw for raw in SEED.read_text(encoding="utf-8").split("\n") if raw not in dropped]
    capture = "\n".join(kept).replace("from Syria Live updates", "from Syria", 1)
    records = [seed.title, seed.intro]
    for entry in seed.entries:
        records += [entry.label, entry.title, entry.text]
        for embed in entry.embeds:
            records += [embed.handle, embed.text, embed.url]
    missing = _words(capture) - _words("\n".join(records))
    assert not missing


# --- time lines and zones -------------------------------------------------------------


def test_zones_as_printed() -> None:
    event = read(
        doc("14:05 CET", "In Berlin.", "- **09:30 ET**", "In New York.", "08:00 UTC+3", "x.")
    )
    times = [e.time for e in event.entries]
    assert times[0] == datetime(2016, 3, 14, 13, 5, tzinfo=UTC)
    # US daylight saving time began on 13 March 2016: ET is UTC-4 that day.
    assert times[1] == datetime(2016, 3, 14, 13, 30, tzinfo=UTC)
    assert times[2] == datetime(2016, 3, 14, 5, 0, tzinfo=UTC)
    assert [e.label for e in event.entries] == ["14:05 CET", "09:30 ET", "08:00 UTC+3"]
    # Anchors come from the printed wall-clock time, not from UTC.
    assert [e.anchor for e in event.entries] == [
        "t-2016-03-14-1405",
        "t-2016-03-14-0930",
        "t-2016-03-14-0800",
    ]


def test_no_zone_uses_config_timezone() -> None:
    event = read(doc("19:16", "Late.", "18:15", "Early."), Config(root=Path("/s"), timezone="MSK"))
    assert event.timezone == "MSK"
    assert event.entries[0].time == datetime(2016, 3, 14, 16, 16, tzinfo=UTC)
    assert event.entries[0].label == "19:16"


def test_unzoned_entry_takes_the_captures_zone() -> None:
    event = read(doc("19:16 CET", "A.", "19:00", "B.", "18:15 CET", "C."))
    assert event.timezone == "CET"
    assert event.entries[1].time.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("- **19:14 GMT**", "19:14 GMT"),
        ("**19:14 GMT**", "19:14 GMT"),
        ("19:14 GMT", "19:14 GMT"),
        ("* 19:14 GMT", "19:14 GMT"),
        ("### 19:14 GMT", "19:14 GMT"),
        ("19.14 GMT", "19.14 GMT"),
        ("19.14\u00a0BST", "19.14\u00a0BST"),
        ("12.31 Uhr", "12.31 Uhr"),
        ("7.14pm", "7.14pm"),
        ("19:14", "19:14"),
    ],
)
def test_time_line_styles(line: str, label: str) -> None:
    event = read(doc(line, "Text."))
    assert [e.label for e in event.entries] == [label]
    assert event.entries[0].body == "Text."
    assert event.entries[0].time.minute == 14 if label != "12.31 Uhr" else True


def test_numbers_that_only_look_like_times_are_text() -> None:
    # A lap time alone on its line, a score, a time inside a sentence: all text.
    event = read(doc("19:30", "Heat one:", "65.25", "4 : 2", "The race starts at 19:45 GMT."))
    assert len(event.entries) == 1
    assert event.entries[0].body == "Heat one:\n\n65.25\n\n4 : 2\n\nThe race starts at 19:45 GMT."


def test_no_time_lines_is_a_located_error() -> None:
    found = problems("Title Live updates\n\n14/03/2016\n\nJust text, no updates.\n")
    assert len(found) == 1
    line, message = found[0]
    assert line == 3 and "no time lines" in message


@pytest.mark.parametrize("bad", ["25:61", "- **25:61 GMT**", "24:00 GMT", "13.00pm"])
def test_impossible_time_is_a_located_error(bad: str) -> None:
    found = problems(doc("19:16 GMT", "Fine.", bad, "Broken."))
    assert found[0][0] == 9  # head is 4 lines; "19:16 GMT" on 5, "Fine." on 7
    assert "impossible time" in found[0][1]


def test_unknown_zone_is_a_located_error() -> None:
    found = problems(doc("19:16 XYZ", "Text."))
    assert found == [(5, found[0][1])] and "unknown timezone" in found[0][1]


def test_missing_date_is_a_located_error() -> None:
    found = problems("Title\n\n19:16 GMT\n\nText.\n")
    assert found[0][0] == 3 and "no date" in found[0][1]


def test_impossible_date_and_day_lines_are_located_errors() -> None:
    assert problems("T\n\n31/02/2016\n\n19:16 GMT\n\nx.\n")[0][0] == 3
    assert problems("T\n\n14/03/2016\n\n- 30 February 2016\n\n19:16 GMT\n\nx.\n")[0][0] == 5


# --- days -----------------------------------------------------------------------------


def test_day_lines_change_the_date() -> None:
    event = read(
        doc(
            "- 15 March 2016",
            "00:10 GMT",
            "After midnight.",
            "- 14 March 2016",
            "23:55 GMT",
            "Before.",
        )
    )
    assert [e.anchor for e in event.entries] == ["t-2016-03-15-0010", "t-2016-03-14-2355"]
    assert event.date == date(2016, 3, 14)  # the page's date line


def test_day_lines_in_other_spellings() -> None:
    event = read(
        doc(
            "19:00",
            "A.",
            "Tuesday 15 March 2016",
            "09:00",
            "B.",
            "- **March 16, 2016**",
            "10:00",
            "C.",
        )
    )
    assert [e.time.date() for e in event.entries] == [
        date(2016, 3, 14),
        date(2016, 3, 15),
        date(2016, 3, 16),
    ]


def test_newest_first_across_midnight_goes_back_a_day() -> None:
    event = read(doc("00:30", "c.", "00:10", "b.", "23:55", "a.", "23:40", "z."))
    assert [e.anchor for e in event.entries] == [
        "t-2016-03-14-0030",
        "t-2016-03-14-0010",
        "t-2016-03-13-2355",
        "t-2016-03-13-2340",
    ]


def test_oldest_first_across_midnight_goes_forward_a_day() -> None:
    event = read(doc("23:40", "a.", "23:55", "b.", "00:10", "c.", "00:30", "d."))
    assert [e.time.date() for e in event.entries] == [date(2016, 3, 14)] * 2 + [
        date(2016, 3, 15)
    ] * 2


def test_time_running_backwards_keeps_the_day_and_warns() -> None:
    text = doc("19:16", "a.", "19:00", "b.", "19:05", "c.", "18:00", "d.")
    event, warnings = liveupdates_text.read_with_warnings("seeds/c.txt", text, CONFIG)
    assert {e.time.date() for e in event.entries} == {date(2016, 3, 14)}
    assert [(w.location.line if w.location else 0, w.severity) for w in warnings] == [
        (13, "warning")
    ]
    assert "runs backwards" in warnings[0].message


def test_ambiguous_order_invents_no_date() -> None:
    event, warnings = liveupdates_text.read_with_warnings(
        "seeds/c.txt", doc("00:10", "a.", "23:55", "b.", "00:20", "c."), CONFIG
    )
    assert {e.time.date() for e in event.entries} == {date(2016, 3, 14)}
    assert warnings == ()


def test_day_lines_between_entries_switch_inference_off() -> None:
    text = doc("- 15 March 2016", "00:10", "a.", "23:55", "b.", "- 14 March 2016", "23:00", "c.")
    event, warnings = liveupdates_text.read_with_warnings("seeds/c.txt", text, CONFIG)
    assert [e.time.date() for e in event.entries] == [date(2016, 3, 15)] * 2 + [date(2016, 3, 14)]
    assert len(warnings) == 1 and "without a day line" in warnings[0].message


# --- title, paragraphs, chrome ----------------------------------------------------------


@pytest.mark.parametrize(
    ("title_line", "title"),
    [
        (
            "Russia to start withdrawal from Syria Live updates",
            "Russia to start withdrawal from Syria",
        ),
        ("Prince Harry and Meghan LIVE", "Prince Harry and Meghan"),
        ("Budget 2016 – live", "Budget 2016"),
        ("LIVE: Budget 2016", "Budget 2016"),
        ("# Budget 2016 Live Updates", "Budget 2016"),
        ("Alive and well", "Alive and well"),
    ],
)
def test_title_without_chrome(title_line: str, title: str) -> None:
    assert read(doc("19:16", "x.", head=f"{title_line}\n\n14/03/2016\n\n")).title == title


def test_chrome_on_a_line_of_its_own_is_dropped() -> None:
    event = read(doc("19:16", "x.", head="Budget 2016\n\nLIVE UPDATES\n\n14/03/2016\n\n"))
    assert (event.title, event.intro) == ("Budget 2016", "")


def test_title_missing_falls_back_to_the_file_name_and_keeps_the_intro() -> None:
    event = read(doc("19:16", "x.", head="14/03/2016\n\nA long standfirst\nover two lines.\n\n"))
    assert event.title == "Capture"
    assert event.intro == "A long standfirst\nover two lines."


def test_rejoin_only_where_the_text_shows_it() -> None:
    event = read(
        doc(
            "19:16",
            "He said the plan was",
            "not final.",
            "It ended.",
            "next paragraph starts lowercase after a full stop.",
            "A list follows",
            "- item one",
            "Name",
            "New sentence.",
        )
    )
    assert event.entries[0].body.split("\n\n") == [
        "He said the plan was not final.",
        "It ended.",
        "next paragraph starts lowercase after a full stop.",
        "A list follows",
        "- item one",
        "Name",
        "New sentence.",
    ]


def test_time_line_inside_a_code_fence_is_text() -> None:
    event = read(doc("19:16", "```\n18:00 GMT\n\n\n```", "18:15", "y."))
    assert [e.label for e in event.entries] == ["19:16", "18:15"]
    assert event.entries[0].body == "```\n18:00 GMT\n\n\n```"


def test_detect_needs_a_date_and_a_time_line() -> None:
    assert liveupdates_text.detect("x.txt", doc("19:16 GMT", "x."))
    assert liveupdates_text.detect("x.txt", "Title\n\n- 14 March 2016\n\n19:16 GMT\n\nx.\n")
    assert not liveupdates_text.detect("x.txt", "Title\n\n14/03/2016\n\nNo times here.\n")
    assert not liveupdates_text.detect("x.txt", "Title\n\n19:16 GMT\n\nNo date.\n")
    assert not liveupdates_text.detect("x.md", "---\ntitle: T\n---\n\n14/03/2016\n\n## 19:16\n")


def test_no_other_corpus_document_is_claimed() -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus) is not beside this checkout")
    for path in sorted(CORPUS.glob("*/*.*")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert not liveupdates_text.detect(str(path), text), path.name


def test_any_input_gives_an_event_or_a_located_error() -> None:
    """Shuffled pieces of the format: never an exception other than TlgenError."""
    good = [
        "", "Title Live", "14/03/2016", "- 14 March 2016", "19:16 GMT", "- **18:15 BST**",
        "00:10", "23:59", "12.30", "65.25", "-", "[@RT.com](#) [#Tag](#) <http://x.y>",
        "text", "lower text,", "Monday 1 Jan 0001", "01/01/0001", "10:30 pm ET", "```",
    ]  # fmt: skip
    bad = ["99/99/9999", "- 31 June 2016", "- **25:61 GMT**", "9:59 XYZ"]
    rng = random.Random(7)
    read_ok = 0
    for _ in range(400):
        chosen = [rng.choice(good) for _ in range(rng.randint(0, 12))]
        if rng.random() < 0.2:
            chosen.insert(rng.randint(0, len(chosen)), rng.choice(bad))
        if rng.random() < 0.7:
            chosen[:0] = ["Title", "14/03/2016"]
        text = "\n\n".join(chosen)
        try:
            event = read(text)
        except TlgenError as exc:
            assert all(p.location and p.location.line >= 1 for p in exc.problems)
        else:
            assert event.entries
            assert all(e.time.tzinfo is not None for e in event.entries)
            assert len({e.anchor for e in event.entries}) == len(event.entries)
            read_ok += 1
    assert read_ok > 100


def test_dates_beyond_the_calendar_are_located_errors() -> None:
    found = problems("T\n\n01/01/0001\n\n00:10\n\na\n\n23:55\n\nb\n\n23:40\n\nc\n")
    assert found == [(9, "date out of range")]
