"""The JSON reader: every corpus JSON document in, its records out; tlgen's own export read
back byte for byte; small hand-written documents for TimelineJS, a site's own mapping and
every kind of bad input.

Corpus expectations were checked by reading the documents themselves; counts are worked
out here from the JSON, independently of the reader's mappings.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from generator.build import build
from generator.config import Config, load_config, parse_config
from generator.errors import TlgenError
from generator.export import dumps, event_record
from generator.extract import enrich_event
from generator.model import DAY, HTML, MARKDOWN, TEXT, Event
from generator.sources import jsondoc
from generator.sources.json_presets import PRESETS

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CONFIG = Config(root=Path("/site"), timezone="UTC")


def corpus(name: str) -> tuple[str, str]:
    path = CORPUS / "json" / name
    if not path.is_file():
        pytest.skip("the shared corpus is not available")
    return f"seeds/{name}", path.read_bytes().decode("utf-8-sig")


def read(text: str, config: Config = CONFIG, path: str = "seeds/doc.json") -> Event:
    return jsondoc.read(path, text, config)


def problems(text: str, config: Config = CONFIG) -> list[tuple[int, int, str, str]]:
    with pytest.raises(TlgenError) as err:
        read(text, config)
    return [
        (
            p.location.line if p.location else 0,
            p.location.col if p.location else 0,
            p.message,
            p.hint,
        )
        for p in err.value.problems
    ]


def export_bytes(event: Event, config: Config = CONFIG) -> bytes:
    return dumps(event_record(config, enrich_event(event)))


# --- the corpus, document by document ---------------------------------------------------


def _dcr_ids(data: dict[str, Any]) -> list[str]:
    """Distinct block ids of the pinned post, the page's blocks and the key events."""
    blocks = [data.get("pinnedPost") or {}, *data["blocks"], *data["keyEvents"]]
    return list(dict.fromkeys(b["id"] for b in blocks if b))


def _lbs_ids(data: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(d["block_id"] for d in data["documents"]))


def _jsonld_updates(data: Any) -> list[Any]:
    posting = data[0] if isinstance(data, list) else data
    return posting["liveBlogUpdate"]


CASES: list[tuple[str, str, Callable[[Any], int], str, str, str, str, str]] = [
    # file, preset, count from the JSON, first anchor and time, last anchor and time, zone
    (
        "guardian-dcr_2021-02-19_mars-perseverance-landing-live.json",
        "guardian-dcr",
        lambda d: len(_dcr_ids(d)),  # 13 blocks and 3 key events of older pages
        "t-2021-02-19-1930",
        "2021-02-19T19:30:03+00:00",  # blockFirstPublished 1613763003000, "19.30 GMT"
        "t-2021-02-19-1720",
        "2021-02-19T17:20:08+00:00",  # the oldest key event: 1613755208000, "17.20 GMT"
        "GMT",
    ),
    (
        "guardian-dcr_2023-12-13_pmqs-politics-live.json",
        "guardian-dcr",
        lambda d: len(_dcr_ids(d)),  # pinned post, 11 blocks, key events of older pages
        "t-2023-12-13-1324",  # the pinned "PMQs – snap verdict", first in the file
        "2023-12-13T13:24:43+00:00",
        "t-2023-12-13-0926",
        "2023-12-13T09:26:46+00:00",  # 1702459606000, "09.26 GMT"
        "GMT",
    ),
    (
        "guardian-jsonld_2023-05-15_russia-ukraine-war-live.json",
        "schema-liveblog",
        lambda d: len(_jsonld_updates(d)),
        "t-2023-05-15-1150",  # every update carries the page's datePublished
        "2023-05-15T11:50:54+00:00",
        "t-2023-05-15-1150-10",
        "2023-05-15T11:50:54+00:00",
        "UTC",
    ),
    (
        "mirror-jsonld_2024-08-05_uk-riots-live.json",
        "schema-liveblog",
        lambda d: len(_jsonld_updates(d)),
        "t-2024-08-05-2100",
        "2024-08-05T21:00:18.921000+01:00",  # "+01:00" kept, not turned into UTC
        "t-2024-08-02-1842",
        "2024-08-02T18:42:00.475000+01:00",
        "UTC",
    ),
    (
        "express-jsonld_2024-07-18_harry-meghan-live.json",
        "schema-liveblog",
        lambda d: len(_jsonld_updates(d)),
        "t-2024-07-18-1148",
        "2024-07-18T11:48:00+01:00",
        "t-2024-07-18-0706-2",  # two updates were published at 07:06
        "2024-07-18T07:06:00+01:00",
        "UTC",
    ),
    (
        "liveblogsummary-guardian_2015-12-15_republican-debate-las-vegas_981e909d8d.json",
        "liveblogsummary",
        lambda d: len(_lbs_ids(d)),
        "t-2015-12-16-0516",  # [2015, 12, 16, 5, 16]; its key event prints "5.16am GMT"
        "2015-12-16T05:16:00+00:00",
        "t-2015-12-15-2102",
        "2015-12-15T21:02:00+00:00",
        "GMT",
    ),
    (
        "liveblogsummary-guardian_2016-03-22_brussels-attacks_613e66d7a2.json",
        "liveblogsummary",
        lambda d: len(_lbs_ids(d)),
        "t-2016-03-23-0515",
        "2016-03-23T05:15:00+00:00",
        "t-2016-03-22-0739",
        "2016-03-22T07:39:00+00:00",
        "GMT",
    ),
    (
        "liveblogsummary-guardian_2016-06-23_eu-referendum-result_d49f130781.json",
        "liveblogsummary",
        lambda d: len(_lbs_ids(d)),
        "t-2016-06-24-1247",  # [2016, 6, 24, 11, 47] is UTC: key events print "12.16pm BST"
        "2016-06-24T12:47:00+01:00",  # for [.., 11, 16], so the page showed 12.47
        "t-2016-06-23-2155",
        "2016-06-23T21:55:00+01:00",
        "BST",
    ),
    (
        "liveblogsummary-guardian_2017-01-29_trump-travel-ban_83a91123b9.json",
        "liveblogsummary",
        lambda d: len(_lbs_ids(d)),
        "t-2017-01-30-1551",
        "2017-01-30T15:51:00+00:00",
        "t-2017-01-29-0837",
        "2017-01-29T08:37:00+00:00",
        "GMT",
    ),
    (
        "newsliveblog-tls-guardian_2024-02-11_ukraine-war-live-sample.json",
        "newsliveblog-tls",
        lambda d: len(d["document"]),
        "t-2024-02-11-1457",  # "2024-02-11T14:57:30.000Z"
        "2024-02-11T14:57:30+00:00",
        "t-2024-02-11-0840",
        "2024-02-11T08:40:22+00:00",
        "UTC",
    ),
]


@pytest.mark.parametrize(
    ("name", "preset", "count", "first", "first_time", "last", "last_time", "zone"),
    CASES,
    ids=[c[0].split("_")[0] + "-" + c[0].split("_")[1] for c in CASES],
)
def test_corpus_document(
    name: str,
    preset: str,
    count: Callable[[Any], int],
    first: str,
    first_time: str,
    last: str,
    last_time: str,
    zone: str,
) -> None:
    path, text = corpus(name)
    assert jsondoc.detect(path, text)
    data = json.loads(text)
    shape = jsondoc.find_shape(data, jsondoc.preset_mappings())
    assert shape is not None and shape[0].name == preset
    event = read(text, path=path)
    assert len(event.entries) == count(data)
    assert (event.entries[0].anchor, event.entries[0].time.isoformat()) == (first, first_time)
    assert (event.entries[-1].anchor, event.entries[-1].time.isoformat()) == (last, last_time)
    assert event.timezone == zone
    anchors = [e.anchor for e in event.entries]
    assert len(set(anchors)) == len(anchors)
    assert all(e.time.tzinfo is not None for e in event.entries)
    assert event.source.path == path and event.path == path


def test_source_order_is_kept() -> None:
    """Entries come in the order the document lists them, not sorted by time."""
    path, text = corpus("mirror-jsonld_2024-08-05_uk-riots-live.json")
    updates = _jsonld_updates(json.loads(text))
    event = read(text, path=path)
    assert [e.time for e in event.entries] == [
        datetime.fromisoformat(u["datePublished"]) for u in updates
    ]
    assert [e.title for e in event.entries] == [u["headline"].strip() for u in updates]

    path, text = corpus("guardian-dcr_2023-12-13_pmqs-politics-live.json")
    data = json.loads(text)
    by_id = {b["id"]: b for b in [data["pinnedPost"], *data["blocks"], *data["keyEvents"]]}
    event = read(text, path=path)
    assert [e.time for e in event.entries] == [
        datetime.fromtimestamp(by_id[i]["blockFirstPublished"] / 1000, UTC) for i in _dcr_ids(data)
    ]


def test_labels_and_lines() -> None:
    """DCR labels are the printed "19.30 GMT" (its no-break space made a space); each
    entry's line is where its record opens in the pretty-printed file."""
    path, text = corpus("guardian-dcr_2021-02-19_mars-perseverance-landing-live.json")
    event = read(text, path=path)
    lines = text.split("\n")
    assert [e.label for e in event.entries[:3]] == ["19.30 GMT", "19.19 GMT", "19.11 GMT"]
    for entry, block_id in zip(event.entries, _dcr_ids(json.loads(text)), strict=True):
        assert lines[entry.line - 1].strip().startswith("{")
        following = "\n".join(lines[entry.line - 1 : entry.line + 3])
        assert f'"id": "{block_id}"' in following

    # a minified document is all one line
    path, text = corpus("express-jsonld_2024-07-18_harry-meghan-live.json")
    assert {e.line for e in read(text, path=path).entries} == {1}

    # LiveBlogSummary: no printed label per post, so HH:MM in the event's zone
    path, text = corpus("liveblogsummary-guardian_2016-06-23_eu-referendum-result_d49f130781.json")
    event = read(text, path=path)
    assert event.entries[0].label == "12:47"
    block = json.loads(text)["documents"][0]["block_id"]
    assert f'"block_id": "{block}"' in "\n".join(lines_of(text, event.entries[0].line, 3))


def lines_of(text: str, line: int, count: int) -> list[str]:
    return text.split("\n")[line - 1 : line - 1 + count]


def test_guardian_dcr_tweets_are_embeds() -> None:
    """The two TweetBlockElements of the Mars blog (18.11 → the 19.11 GMT block) become
    embed records and static blockquotes; nothing loads from Twitter or YouTube."""
    path, text = corpus("guardian-dcr_2021-02-19_mars-perseverance-landing-live.json")
    event = read(text, path=path)
    with_tweets = [e for e in event.entries if e.embeds]
    assert [e.anchor for e in with_tweets] == ["t-2021-02-19-1911"]
    embeds = with_tweets[0].embeds
    assert [m.handle for m in embeds] == ["NASAPersevere", "NASAPersevere"]
    assert [m.hashtags for m in embeds] == [("CountdownToMars",), ("CountdownToMars",)]
    assert embeds[0].url == "https://twitter.com/NASAPersevere/status/1362831783444717568"
    assert embeds[0].text.startswith("I love rocks.")
    body = with_tweets[0].body
    assert body.count('<blockquote class="embed embed-social">') == 2
    assert '<span class="hashtag">#CountdownToMars</span>' in body
    assert '<cite class="handle">@NASAPersevere</cite>' in body
    assert with_tweets[0].body_format == HTML

    everything = "".join(e.body for e in event.entries)
    for banned in ("<script", "<iframe", "<img", "twitter-tweet", "data-component", "onerror"):
        assert banned not in everything
    # the YouTube element is a plain link, captioned with its media title
    assert 'href="https://www.youtube.com/watch?v=XmP56yBy-18"' in everything
    assert "Nasa launches Perseverance rover" in everything

    # PMQs: the pinned post's BBC Politics tweet
    path, text = corpus("guardian-dcr_2023-12-13_pmqs-politics-live.json")
    handles = [m.handle for e in read(text, path=path).entries for m in e.embeds]
    assert "BBCPolitics" in handles


def test_liveblogsummary_runs_past_midnight() -> None:
    """The Las Vegas debate ran from 21.02 GMT on 15 December to 05.16 on the 16th: the
    dates advance with the [Y, M, D, h, m] lists, newest first."""
    path, text = corpus(
        "liveblogsummary-guardian_2015-12-15_republican-debate-las-vegas_981e909d8d.json"
    )
    event = read(text, path=path)
    days = [e.time.date().isoformat() for e in event.entries]
    assert days[0] == "2015-12-16" and days[-1] == "2015-12-15"
    cut = days.index("2015-12-15")
    assert set(days[:cut]) == {"2015-12-16"} and set(days[cut:]) == {"2015-12-15"}
    times = [e.time for e in event.entries]
    assert times == sorted(times, reverse=True)
    # the title loses its " | US news | The Guardian" and names its publisher
    assert event.title.startswith("Republican debate: Las Vegas fight night")
    assert event.source.publisher == "The Guardian"
    assert event.entries[0].body_format == TEXT


def test_liveblogsummary_mojibake_is_repaired() -> None:
    """The Brussels record's title holds "\\u00e2\\u0080\\u0093" for an en dash."""
    path, text = corpus("liveblogsummary-guardian_2016-03-22_brussels-attacks_613e66d7a2.json")
    event = read(text, path=path)
    assert "\u00e2\u0080\u0093" in json.loads(text)["title"]
    assert event.title.endswith("airport and station – as it happened")


def test_jsonld_entities_and_shared_times() -> None:
    """Express headlines hold &#39;; the Guardian's JSON-LD gives all ten updates one
    time, which is kept (nothing invented) and said in a warning."""
    path, text = corpus("express-jsonld_2024-07-18_harry-meghan-live.json")
    event = read(text, path=path)
    assert "&#39;" in text
    assert not any("&#39;" in e.title or "&#39;" in e.body for e in event.entries)
    assert event.entries[1].title.startswith("Meghan Markle 'turned and hissed'")
    assert event.source.publisher == "Express.co.uk"

    path, text = corpus("guardian-jsonld_2023-05-15_russia-ukraine-war-live.json")
    event, warnings = jsondoc.read_with_warnings(path, text, CONFIG)
    assert len({e.time for e in event.entries}) == 1
    assert [w.severity for w in warnings] == ["warning"]
    assert "all 10 entries carry one time" in warnings[0].message
    assert all(e.title == "" for e in event.entries)  # each repeats the blog's headline
    assert event.language == ""  # none said
    said = json.loads(text)  # [LiveBlogPosting, WebPage]
    said[0]["inLanguage"] = "en-GB"
    assert read(json.dumps(said), path=path).language == "en-GB"


def test_jsonld_markup_in_article_body_is_read_as_html() -> None:
    """The Mirror writes links and bold into articleBody, which schema.org calls text:
    read as text, 97 of its updates showed readers their raw tags. An entry with markup
    is HTML (sanitised, its links kept); one without stays text, as before."""
    path, text = corpus("mirror-jsonld_2024-08-05_uk-riots-live.json")
    event = read(text, path=path)
    bodies = [htmllib.unescape(u["articleBody"]) for u in json.loads(text)["liveBlogUpdate"]]
    tagged = [b for b in bodies if re.search(r"<(?:a|b|br|div|i|p|span|u)\b", b)]
    marked = [e for e in event.entries if e.body_format == HTML]
    assert len(marked) == len(tagged) == 97
    assert all(e.body_format in (HTML, TEXT) for e in event.entries)
    enriched = enrich_event(event)
    assert not any("<a " in e.text or "&lt;a" in e.html for e in enriched.entries)
    link = (
        "https://www.mirror.co.uk/news/uk-news/breaking-plymouth-protests-erupt-violence-33400342"
    )
    assert any(link in e.links for e in enriched.entries)
    doc = {
        "@type": "LiveBlogPosting",
        "headline": "Live",
        "liveBlogUpdate": [
            {"datePublished": "2024-08-05T20:00:00Z", "articleBody": "Calm &amp; quiet.\n\nStill."},
            {
                "datePublished": "2024-08-05T21:00:00Z",
                "articleBody": 'Read more: <b><a href="https://e.org/x" onclick="y()">X</a></b>'
                "<script>alert(1)</script>",
            },
        ],
    }
    plain, marked_up = read(json.dumps(doc)).entries
    doc["liveBlogUpdate"][1]["articleBody"] = (  # loose text and a quoted post: it crashed
        'Police said: <blockquote class="twitter-tweet"><p>Stay away</p>&mdash; Police'
        ' (@Police) <a href="https://twitter.com/Police/status/1">May 1</a></blockquote>'
    )
    assert [e.handle for e in read(json.dumps(doc)).entries[1].embeds] == ["Police"]
    doc["url"] = "https://daily.example/live/floods"  # the address relative links are read in
    doc["liveBlogUpdate"][1]["articleBody"] = '<a href="/levels">Levels</a>'
    assert 'href="https://daily.example/levels"' in read(json.dumps(doc)).entries[1].body
    doc["liveBlogUpdate"][1]["articleBody"] = "<b>x</b> \b"  # a character lxml refuses
    assert read(json.dumps(doc)).entries[1].body == "<p><b>x</b> \ufffd</p>"
    assert (plain.body, plain.body_format) == ("Calm & quiet.\n\nStill.", TEXT)
    assert marked_up.body_format == HTML
    assert (
        marked_up.body
        == '<p>Read more: <b><a href="https://e.org/x" rel="nofollow noopener">X</a></b></p>'
    )


def test_relative_links_of_a_document_without_an_address_are_kept_as_words() -> None:
    """They would point into the archive: kept as their words and said so once, at the
    first entry holding one; a sidecar's address resolves them instead."""
    from generator.sources import read_source

    doc = {
        "@type": "LiveBlogPosting",
        "headline": "Live",
        "liveBlogUpdate": [
            {"datePublished": "2024-08-05T20:00:00Z", "articleBody": "<b>Calm.</b>"},
            {
                "datePublished": "2024-08-05T21:00:00Z",
                "articleBody": '<a href="/levels">Levels</a> and <a href="roads">roads</a>',
            },
            {"datePublished": "2024-08-05T22:00:00Z", "articleBody": '<a href="/x">X</a>'},
        ],
    }
    text = json.dumps(doc, indent=1)
    event, warnings = jsondoc.read_with_warnings("seeds/floods.json", text, CONFIG)
    assert event.entries[1].body == "<p>Levels and roads</p>"
    (warning,) = [w for w in warnings if "relative" in w.message]
    assert warning.message.startswith("3 links are relative and the document names no address")
    assert event.entries[0].line < warning.location.line == event.entries[1].line
    side = b"source:\n  url: https://daily.example/live/floods\n"
    event, warnings = read_source(
        "seeds/floods.json", text.encode(), CONFIG, side, "seeds/floods.json.yml", capture=True
    )
    assert 'href="https://daily.example/levels"' in event.entries[1].body
    assert 'href="https://daily.example/live/roads"' in event.entries[1].body
    assert not [w for w in warnings if "relative" in w.message]


def test_newsliveblog_tls_zips_and_looks_up_titles() -> None:
    """document[i] goes with timeline[i]; summary[] titles the posts key_timeline[] lists."""
    path, text = corpus("newsliveblog-tls-guardian_2024-02-11_ukraine-war-live-sample.json")
    data = json.loads(text)
    event = read(text, path=path)
    assert [e.body for e in event.entries] == data["document"]
    titled = [(e.time.isoformat().replace("+00:00", ".000Z"), e.title) for e in event.entries]
    assert [t for t in titled if t[1]] == list(
        zip(data["key_timeline"], data["summary"], strict=True)
    )
    assert event.entries[0].title.startswith("Western officials")


# --- tlgen's own export reads back byte for byte ------------------------------------------


def _round_trip(exports: list[tuple[str, bytes]], config: Config) -> None:
    """The reader restores every exported field; then the whole pipeline must too."""
    events = []
    for path, exported in exports:
        event = jsondoc.read(path, exported.decode("utf-8"), config)
        assert dumps(event_record(config, event)) == exported, path
        events.append(event)
    for event, (path, exported) in zip(events, exports, strict=True):
        assert export_bytes(event, config) == exported, path


@pytest.mark.parametrize("name", [c[0] for c in CASES], ids=[c[1] for c in CASES])
def test_export_of_every_corpus_document_reads_back(name: str) -> None:
    path, text = corpus(name)
    exported = export_bytes(read(text, path=path))
    shape = jsondoc.find_shape(json.loads(exported), jsondoc.preset_mappings())
    assert shape is not None and shape[0].name == "tlgen-export"
    _round_trip([("public/events/x.json", exported)], CONFIG)


def test_export_of_the_example_archive_reads_back(tmp_path: Path) -> None:
    """``tlgen build`` of this repository's example archive, then each events/*.json."""
    build(REPO / "site.yml", out=tmp_path / "public")
    config = load_config(REPO / "site.yml")
    files = sorted((tmp_path / "public" / "events").glob("*.json"))
    assert files
    _round_trip([(f"public/events/{f.name}", f.read_bytes()) for f in files], config)


def test_export_keeps_its_own_fields() -> None:
    """A hand-made export: anchors taken as written (never recomputed), a dated entry,
    statements, embeds, mentions, the source path of the original capture, the event's
    summary, tags (one holding a comma), language and intro, an update's title."""
    record: dict[str, Any] = {
        "slug": "probe-event",
        "title": "Probe event",
        "summary": "What happened.",
        "tags": ["Syria", "Geneva, talks"],
        "language": "ru",
        "timezone": "Europe/Moscow",
        "url": "/events/probe-event/",
        "source": {
            "url": "https://example.org/live",
            "publisher": "Example",
            "captured": "2016-03-14",
            "path": "seeds/probe.txt",
        },
        "intro": "<p>Before <em>the</em> first update.</p>\n",
        "entries": [
            {
                "id": "t-2016-03-14-2216-2",
                "time": "2016-03-14T22:16:00+03:00",
                "label": "22:16 MSK",
                "title": "Talks",
                "url": "/events/probe-event/#t-2016-03-14-2216-2",
                "text": "Quoted.",
                "html": '<p>&quot;Quoted.&quot;<br />\n<a href="https://example.org/a?b=1&amp;c=2">x</a></p>\n',
                "statements": [
                    {"speaker": "A B", "speaker_slug": "a-b", "quote": "Q", "kind": "reported"}
                ],
                "mentions": ["C D"],
                "embeds": [
                    {"kind": "social", "handle": "h", "text": "#T t", "url": "", "hashtags": ["T"]}
                ],
                "hashtags": ["T"],
                "links": ["https://example.org/a?b=1&c=2"],
                "line": 42,
            },
            {
                "id": "t-2011-02-11",
                "time": "2011-02-11T00:00:00+03:00",
                "label": "2011-02-11",
                "title": "",
                "url": "/events/probe-event/#t-2011-02-11",
                "text": "",
                "html": "",
                "statements": [],
                "mentions": [],
                "embeds": [],
                "hashtags": [],
                "links": [],
                "line": 50,
            },
        ],
    }
    exported = dumps(record)
    event = read(exported.decode(), path="public/events/probe-event.json")
    first, second = event.entries
    assert first.anchor == "t-2016-03-14-2216-2" and first.line == 42
    assert first.statements[0].kind == "reported" and first.mentions == ("C D",)
    assert first.embeds[0].hashtags == ("T",)
    assert first.body == first.html == record["entries"][0]["html"]  # kept byte for byte
    assert second.precision == DAY
    assert event.source.path == "seeds/probe.txt" and event.path == "public/events/probe-event.json"
    assert (event.summary, event.tags, event.language) == (
        record["summary"],
        ("Syria", "Geneva, talks"),
        "ru",
    )
    assert event.intro_html == enrich_event(event).intro_html == record["intro"]
    assert (first.title, second.title) == ("Talks", "")
    assert dumps(event_record(CONFIG, event)) == exported


def test_an_export_of_an_earlier_version_reads() -> None:
    """Before summary, tags, language, intro and update titles were exported: such a file
    still reads, as an event with none of them (the site's language)."""
    entry = {"id": "t-2016-03-14-1916", "time": "2016-03-14T19:16:00+00:00", "label": "19:16",
             "url": "/events/e/#t-2016-03-14-1916", "text": "A.", "html": "<p>A.</p>\n",
             "statements": [], "mentions": [], "embeds": [], "hashtags": [], "links": [],
             "line": 3}  # fmt: skip
    record = {"slug": "e", "title": "E", "timezone": "GMT", "url": "/events/e/",
              "source": {"url": "", "publisher": "", "captured": "", "path": "seeds/e.txt"},
              "entries": [entry]}  # fmt: skip
    event, warnings = jsondoc.read_with_warnings("seeds/e.json", json.dumps(record), CONFIG)
    assert warnings == ()
    assert (event.summary, event.tags, event.language, event.intro_html) == ("", (), "", "")
    assert event.entries[0].title == "" and event.entries[0].html == "<p>A.</p>\n"
    again = json.loads(dumps(event_record(CONFIG, event)))
    assert again == {**record, "summary": "", "tags": [], "language": "en", "intro": "",
                     "entries": [{**entry, "title": ""}]}  # fmt: skip


NATIVE_EVENT = """---
title: Ein Ereignis
date: 2016-03-14
timezone: Europe/Berlin
summary: Eine kurze Zusammenfassung.
tags: [Syrien, "Genf, Gespräche"]
language: de
source: {url: "https://example.org/live", publisher: Beispiel, captured: 2016-03-15}
---

Vorwort mit *Betonung* und einem [Link](https://example.org/a).

## 18:15 Erste Meldung

"Wir sind bereit", sagte Salim al-Muslat. [#Genf](#)

## 18:15

Zweite in derselben Minute.

# 15 March 2016

## 09:00

Am nächsten Tag.
"""


def test_a_site_built_from_its_own_export_is_the_same_site(tmp_path: Path) -> None:
    """A native event (an intro, a summary, tags, its own language, an update's title)
    built, its /events/<slug>.json read back as the only source of a second site: every
    page, feed and export the same, but for the link to the capture (now that file)."""
    yml = "title: Archive\nbase_url: /\ntimezone: UTC\nlanguage: en\nsearch: false\n"
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "content" / "events").mkdir(parents=True)
    (first / "content" / "events" / "e.md").write_text(NATIVE_EVENT, encoding="utf-8")
    (second / "seeds").mkdir(parents=True)
    for root in (first, second):
        (root / "site.yml").write_text(yml, encoding="utf-8")
    build(first / "site.yml")
    (second / "seeds" / "e.json").write_bytes((first / "public/events/e.json").read_bytes())
    build(second / "site.yml")

    def pages(root: Path) -> dict[str, list[bytes]]:
        out = root / "public"
        return {
            p.relative_to(out).as_posix(): [
                line for line in p.read_bytes().splitlines() if b"/captures/" not in line
            ]
            for p in out.rglob("*")
            if p.is_file() and not p.relative_to(out).as_posix().startswith("captures/")
        }

    before, after = pages(first), pages(second)
    assert after == before
    page = b"\n".join(before["events/e/index.html"])
    for shown in (
        b'<h1 lang="de">',
        b'class="lede" lang="de"',
        b"<em>Betonung</em>",
        b'class="entry-title" lang="de">Erste Meldung',
        b'datetime="2016-03-15T09:00',
    ):
        assert shown in page, shown
    assert "tags/genf-gesprache/index.html" in before


# --- TimelineJS, a site's own mapping ------------------------------------------------------

TIMELINE = """{
  "title": {"text": {"headline": "<b>Withdrawal</b> timeline", "text": "<p>What happened.</p>"}},
  "events": [
    {
      "start_date": {"year": "2016", "month": "3", "day": "14", "hour": "18", "minute": "20"},
      "text": {"headline": "Phone call", "text": "<p>Leaders agree.<script>x()</script></p>"},
      "media": {"url": "https://example.org/photo.jpg", "caption": "The call", "credit": "AP"}
    },
    {
      "start_date": {"year": 2016, "month": 3, "day": 15},
      "display_date": "Next day",
      "text": {"headline": "First jets leave",
               "text": "<p onclick=\\"x()\\">See <a href=\\"javascript:alert(1)\\">this</a></p>"},
      "media": {"url": "javascript:alert(1)", "caption": "bad"}
    },
    {
      "start_date": {"year": "2016", "month": "3", "day": "14", "hour": "18", "minute": "20"},
      "text": {"headline": "Same minute"}
    }
  ]
}
"""


def test_timelinejs() -> None:
    event = read(TIMELINE, config=Config(root=Path("/site"), timezone="Europe/Moscow"))
    assert event.title == "Withdrawal timeline" and event.summary == "What happened."
    assert event.timezone == "Europe/Moscow"
    first, second, third = event.entries
    assert first.anchor == "t-2016-03-14-1820" and first.label == "18:20"
    assert first.time.isoformat() == "2016-03-14T18:20:00+03:00"
    assert first.title == "Phone call" and first.line == 4
    assert "<script" not in first.body and "x()" not in first.body
    assert (
        '<a href="https://example.org/photo.jpg" rel="nofollow noopener">The call</a>' in first.body
    )
    assert "<p>AP</p>" in first.body
    assert second.precision == DAY and second.anchor == "t-2016-03-15"
    assert second.label == "Next day"
    assert "onclick" not in second.body and "javascript" not in second.body
    assert "<p>bad</p>" in second.body  # an unsafe media URL keeps its caption, not its link
    assert third.anchor == "t-2016-03-14-1820-2"  # same minute: -2, in source order
    assert third.body == ""


def test_a_timelinejs_text_left_empty_by_sanitising_adds_nothing_to_the_body() -> None:
    """Only a script, which the sanitiser removes: the body is the media link alone, as
    the event imported and read again has it (found by tests/reliability/test_fuzz_import)."""
    doc = {
        "title": {"text": {"headline": "T"}},
        "events": [
            {
                "start_date": {"year": 2016, "month": 3, "day": 14, "hour": 18, "minute": 15},
                "text": {"text": "</script><script>alert(1)</script>"},
                "media": {"url": "https://example.org/a.jpg"},
            }
        ],
    }
    (entry,) = read(json.dumps(doc)).entries
    link = (
        '<a href="https://example.org/a.jpg" rel="nofollow noopener">https://example.org/a.jpg</a>'
    )
    assert entry.body == f"<p>{link}</p>"


ACME = {
    "description": "Acme newsroom feed",
    "match": {"keys": ["feed.posts"], "equals": {"feed.kind": "live"}},
    "event": {
        "title": "feed.name",
        "url": "feed.link",
        "publisher": {"value": "Acme"},
        "timezone": "feed.tz",
        "date": "feed.day",
    },
    "entries": "feed.posts",
    "entry": {
        "time": {"path": ["at", "printed"], "format": "clock"},
        "label": "printed",
        "title": "head",
        "body": {"path": "md", "format": "markdown"},
    },
}
ACME_DOC = json.dumps(
    {
        "feed": {
            "kind": "live",
            "name": "Acme live",
            "link": "https://acme.example/live",
            "tz": "CET",
            "day": "14 March 2016",
            "posts": [
                {"printed": "19.16 GMT", "head": "Late", "md": "Now *this*."},
                {"at": "6.15pm", "md": "Earlier."},
            ],
        }
    },
    indent=1,
)


def test_a_site_mapping_is_declared_in_site_yml() -> None:
    config = Config(root=Path("/site"), json_mappings={"acme": ACME})
    event = read(ACME_DOC, config)
    assert (event.title, event.source.publisher, event.timezone) == ("Acme live", "Acme", "CET")
    late, early = event.entries
    assert late.label == "19.16 GMT" and late.time.isoformat() == "2016-03-14T19:16:00+00:00"
    assert early.label == "18:15" and early.time.isoformat() == "2016-03-14T18:15:00+01:00"
    assert late.body_format == MARKDOWN and late.body == "Now *this*."
    assert late.title == "Late"
    assert event.language == ""  # the mapping says none: the site's


def test_a_mapping_gives_the_language() -> None:
    mapping = {**ACME, "event": {**ACME["event"], "language": "feed.lang"}}
    config = Config(root=Path("/site"), json_mappings={"acme": mapping})
    doc = json.loads(ACME_DOC)
    doc["feed"]["lang"] = "de_CH"
    assert read(json.dumps(doc), config).language == "de-CH"
    doc["feed"]["lang"] = "Schweizerdeutsch"  # not a tag: dropped, as a capture's is
    assert read(json.dumps(doc), config).language == ""


def test_a_mapping_gives_tags_and_an_intro() -> None:
    """Tags: a list's items as they are, text split at commas (JSON-LD's ``keywords`` is
    either), each once; ``value`` when the document has none. The intro is sanitised HTML."""
    mapping = {**ACME, "event": {**ACME["event"], "tags": "feed.keywords", "intro": "feed.lede"}}
    config = Config(root=Path("/site"), json_mappings={"acme": mapping})
    doc = json.loads(ACME_DOC)
    doc["feed"]["keywords"] = ["Syria", " Geneva, talks ", "Syria", 2016, {"no": 1}, ""]
    doc["feed"]["lede"] = '<p onclick="x()">Before <script>x()</script>it all.</p>'
    event = read(json.dumps(doc), config)
    assert event.tags == ("Syria", "Geneva, talks", "2016")
    assert event.intro_html == "<p>Before it all.</p>"
    doc["feed"]["keywords"] = "Syria, Geneva,, talks,Syria"
    assert read(json.dumps(doc), config).tags == ("Syria", "Geneva", "talks")
    del doc["feed"]["keywords"], doc["feed"]["lede"]
    none = read(json.dumps(doc), config)
    assert (none.tags, none.intro_html) == ((), "")
    fixed = {**mapping, "event": {**mapping["event"], "tags": {"path": "x", "value": "a, b"}}}
    config = Config(root=Path("/site"), json_mappings={"acme": fixed})
    assert read(json.dumps(doc), config).tags == ("a", "b")


def test_a_path_picks_the_items_whose_key_has_a_value() -> None:
    """``*[KEY=VALUE]``: the items (of a list, or values of an object) that are objects
    whose KEY is VALUE, in document order; a number compares as its text."""
    mapping = {**ACME, "event": {**ACME["event"], "tags": "feed.tags.*[type=Keyword].title"}}
    config = Config(root=Path("/site"), json_mappings={"acme": mapping})
    doc = json.loads(ACME_DOC)
    doc["feed"]["tags"] = [
        {"type": "Keyword", "title": "Mars"},
        {"type": "Contributor", "title": "Tom McCarthy"},
        "Keyword",
        {"title": "no type"},
        {"type": "Keyword", "title": "Nasa"},
    ]
    assert read(json.dumps(doc), config).tags == ("Mars", "Nasa")
    doc["feed"]["tags"] = {"a": {"type": "Keyword", "title": "Space"}, "b": {"type": 1}}
    assert read(json.dumps(doc), config).tags == ("Space",)
    numbered = {**mapping, "event": {**mapping["event"], "tags": "feed.tags.*[type=1].type"}}
    config = Config(root=Path("/site"), json_mappings={"acme": numbered})
    assert read(json.dumps(doc), config).tags == ("1",)


def test_guardian_dcr_keywords_are_tags() -> None:
    """The article's Keyword tags, not its series, contributors, tone or tracking."""
    path, text = corpus("guardian-dcr_2021-02-19_mars-perseverance-landing-live.json")
    keywords = [t["title"] for t in json.loads(text)["tags"] if t["type"] == "Keyword"]
    assert read(text, path=path).tags == tuple(keywords)
    assert "Tom McCarthy" not in keywords and "Mars" in keywords


def test_guardian_dcr_summary_is_the_trail_text() -> None:
    """The standfirst goes on to a list of related links; as plain text they ran into it
    ("... follow the briefing live In pictures: ..."). trailText is the summary alone."""
    path, text = corpus("guardian-dcr_2021-02-19_mars-perseverance-landing-live.json")
    summary = read(text, path=path).summary
    assert summary.endswith("safe landing on the red planet on Thursday – follow the briefing live")
    assert "In pictures" not in summary
    doc = json.loads(text)
    del doc["trailText"]  # an older capture without one: the standfirst's text, as before
    assert read(json.dumps(doc), path=path).summary.endswith(
        "follow the briefing live In pictures: Perseverance mission to Mars"
    )


def test_jsonld_keywords_are_tags() -> None:
    path, text = corpus("mirror-jsonld_2024-08-05_uk-riots-live.json")
    event = read(text, path=path)
    assert event.tags[:3] == ("Tommy Robinson", "Court case", "Crown court")
    assert len(event.tags) == len(json.loads(text)["keywords"].split(","))


def test_dated_entries_of_one_day_are_not_said_to_lack_times() -> None:
    """All on one day, with no time of day (a daily digest read back from the export):
    nothing is missing, so nothing is said; timed entries of one instant still are."""
    entry: dict[str, Any] = {"time": "2016-03-14T00:00:00+00:00", "label": "2016-03-14"}
    record = {"slug": "d", "title": "D", "timezone": "UTC", "url": "/events/d/",
              "source": {"url": "", "publisher": "", "captured": "", "path": "seeds/d.md"},
              "entries": [{**entry, "id": "t-2016-03-14", "line": 1},
                          {**entry, "id": "t-2016-03-14-2", "line": 2}]}  # fmt: skip
    event, warnings = jsondoc.read_with_warnings("seeds/d.json", json.dumps(record), CONFIG)
    assert [e.precision for e in event.entries] == [DAY, DAY] and warnings == ()
    for e in record["entries"]:
        e["id"] = e["id"].replace("14", "14-0000")
    _, warnings = jsondoc.read_with_warnings("seeds/d.json", json.dumps(record), CONFIG)
    assert [w.message.split(" (")[0] for w in warnings] == ["all 2 entries carry one time"]


SITE_YML = r"""
title: Test archive
timezone: Europe/Berlin
json_mappings:
  ticker:
    description: a German ticker export
    match:
      roots: ["", "*"]
      equals: {"@type": Ticker}
    event:
      title: {path: name, transforms: [unescape, squash]}
      publisher: {path: byline, pattern: '^von\s+(.+)$'}
    entries: meldungen
    unique: nr
    entry:
      time: {path: zeit, format: ymdhm}
      label: {path: uhrzeit, transforms: [strip]}
      body: {path: absaetze, format: text, transforms: [{join: "\n\n"}]}
"""


def test_a_mapping_declared_in_yaml() -> None:
    """The same language, written in site.yml (YAML 1.2 core: nothing turns into dates)."""
    config = parse_config(SITE_YML, Path("/site"))
    doc = [
        {
            "@type": "Ticker",
            "name": "Nahost &amp;  Ticker",
            "byline": "von BR24",
            "meldungen": [
                {
                    "nr": 2,
                    "zeit": [2024, 8, 27, 12, 31],
                    "uhrzeit": " 12.31 Uhr",
                    "absaetze": ["a", "b"],
                },
                {"nr": 2, "zeit": [2024, 8, 27, 12, 31], "uhrzeit": "12.31 Uhr"},
                {"nr": 1, "zeit": [2024, 8, 27, 9, 5], "absaetze": []},
            ],
        }
    ]
    event = read(json.dumps(doc), config)
    assert (event.title, event.source.publisher, event.timezone) == (
        "Nahost & Ticker",
        "BR24",
        "Europe/Berlin",
    )
    first, second = event.entries  # the repeated "nr": 2 is dropped
    assert first.label == "12.31 Uhr" and first.body == "a\n\nb"
    assert first.time.isoformat() == "2024-08-27T12:31:00+02:00"
    assert second.label == "09:05" and second.body == ""


def test_a_site_mapping_comes_before_the_presets() -> None:
    mine = {
        "match": {"keys": ["events"]},
        "entries": "events",
        "entry": {"time": {"path": "start_date", "format": "fields"}, "title": "text.headline"},
    }
    event = read(TIMELINE, Config(root=Path("/site"), json_mappings={"mine": mine}))
    assert event.title == "Doc"  # no title mapped: the file's name, humanised
    assert event.entries[0].body == ""


def test_a_bad_mapping_is_reported_with_every_problem() -> None:
    bad = {
        "match": {"kyes": ["a"]},
        "entries": "a..b",
        "entry": {
            "time": {"path": "t", "format": "epoch", "zone": "Mars/Olympus"},
            "body": {"path": "b", "format": "html", "transforms": ["uppercase"]},
            "title": {"path": "x", "pattern": "("},
            "label": ["a.*x", "a.*[k].b"],
        },
    }
    with pytest.raises(TlgenError) as err:
        jsondoc.validate_mapping("broken", bad)
    messages = [p.message for p in err.value.problems]
    hints = " ".join(p.hint for p in err.value.problems)
    assert any(m.startswith("json_mappings.broken.match:") for m in messages)
    assert "json_mappings.broken.match.kyes: unknown key" in messages
    assert "did you mean 'keys'?" in hints
    assert any("empty step" in m for m in messages)
    assert any("unknown time format 'epoch'" in m for m in messages)
    assert any("unknown timezone 'Mars/Olympus'" in m for m in messages)
    assert any("unknown transform 'uppercase'" in m for m in messages)
    assert sum("is neither '*' nor '*[KEY=VALUE]'" in m for m in messages) == 2
    assert any(
        m.startswith("json_mappings.broken.entry.title.pattern: not a regular") for m in messages
    )
    assert all(p.location is not None and p.location.path == "site.yml" for p in err.value.problems)

    with pytest.raises(TlgenError, match="required: 'entry:' with at least 'time:'"):
        jsondoc.validate_mapping("x", {"match": {"keys": ["a"]}, "entries": "a"})
    with pytest.raises(TlgenError, match="exactly one of 'entries:'"):
        jsondoc.validate_mapping("x", {"match": {"keys": ["a"]}, "entry": {"time": "t"}})
    with pytest.raises(TlgenError, match="a mapping must be a dictionary"):
        jsondoc.validate_mapping("x", ["not", "a", "dict"])  # type: ignore[arg-type]

    # declared in site.yml, the problem is reported when a JSON document is read
    config = Config(root=Path("/site"), path="site.yml", json_mappings={"broken": bad})
    found = problems('{"a": []}', config)
    assert found and all("json_mappings.broken" in m for _, _, m, _ in found)


def test_every_preset_is_a_valid_mapping() -> None:
    assert [m.name for m in jsondoc.preset_mappings()] == list(PRESETS)
    assert all(m.description for m in jsondoc.preset_mappings())


# --- bad input: always a located TlgenError ----------------------------------------------


def test_invalid_json_names_line_and_column() -> None:
    [(line, col, message, hint)] = problems('{\n  "a": 1,\n  "b": \n}\n')
    assert (line, col) == (4, 1)
    assert message.startswith("invalid JSON: Expecting value")
    assert "syntax" in hint


def test_json_no_shape_recognises_is_an_error_listing_the_shapes() -> None:
    [(line, _, message, hint)] = problems('{"posts": [{"when": "today"}]}')
    assert line == 1
    assert "no JSON shape recognises this document" in message
    for name in PRESETS:
        assert name in message
    assert "json_mappings:" in hint and "site.yml" in hint


def test_an_entry_without_a_usable_time_is_located() -> None:
    text = TIMELINE.replace('"month": 3, "day": 15', '"day": 15')
    [(line, _, message, hint)] = problems(text)
    assert line == 9  # the second event's record opens there
    assert "entry without a usable time" in message and "month" in message
    assert "entry.time" in hint

    lbs = json.dumps(
        {"blog_id": "x", "documents": [{"time": [2016, 2, 30, 10, 0], "text": ["a"]}]}, indent=1
    )
    [(line, _, message, _)] = problems(lbs)
    assert line == 4 and "impossible time" in message


def test_detect() -> None:
    assert jsondoc.detect("x.json", '  {"a": 1}')
    assert jsondoc.detect("x.txt", "\ufeff[\n  {")
    assert jsondoc.detect("x.json", "[]")
    assert not jsondoc.detect("x.txt", "[@RT.com](#) [#Putin](#) orders withdrawal")
    assert not jsondoc.detect("x.txt", "{not json at all}")
    assert not jsondoc.detect("x.html", "<!doctype html>")
    assert not jsondoc.detect("x.json", "")
    assert not jsondoc.detect("x.md", "---\ntitle: x\n---\n")


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        "{}",
        "[1, 2]",
        '"just a string"',
        "[" * 100_000 + "]" * 100_000,
        '{"events": [{"start_date": "2016"}]}',
        '{"events": [{"start_date": {"year": "2016", "month": "13", "day": "1", "hour": "1"}}]}',
        '{"events": [{"start_date": {"year": true, "month": 1, "day": 1}}]}',
        '{"document": ["a", "b"], "timeline": ["2016-03-14T10:00:00Z"]}',
        '{"document": ["a"], "timeline": "2016"}',
        '{"@type": "LiveBlogPosting", "liveBlogUpdate": [{"datePublished": 5}]}',
        '{"@type": "LiveBlogPosting", "liveBlogUpdate": []}',
        '{"@type": "LiveBlogPosting", "liveBlogUpdate": [{"datePublished": "2016-03-14T10:00Z",'
        ' "articleBody": {"x": 1}}]}',
        '{"blocks": [{"elements": 3, "blockFirstPublished": 1e300}]}',
        '{"blocks": [{"elements": [{"_type": "x.TweetBlockElement", "html": 5}],'
        ' "blockFirstPublished": "soon"}]}',
        '{"blog_id": 1, "documents": [{"time": [2016, 3], "text": "a"}]}',
        '{"slug": "Not A Slug", "title": "t", "timezone": "Nowhere/Land", "url": "/",'
        ' "source": {"path": "x"}, "entries": []}',
        '{"slug": "s", "title": "t", "timezone": "UTC", "url": "/", "source": {"path": "x"},'
        ' "entries": [{"id": "t-1", "time": "2016-03-14T10:00:00+00:00"},'
        ' {"id": "t-1", "time": "2016-03-14T10:00:00+00:00"}, {"id": "", "time": "x"}]}',
    ],
)
def test_bad_documents_raise_located_errors_only(text: str) -> None:
    if not jsondoc.detect("seeds/doc.json", text):
        return  # not JSON to the table of readers: another reader, or "no reader", says so
    with pytest.raises(TlgenError) as err:
        read(text)
    assert all(p.location is not None and p.location.path for p in err.value.problems)


def test_html_bodies_are_sanitised_but_clean_markup_keeps_its_bytes() -> None:
    mapping = {
        "match": {"keys": ["posts"]},
        "entries": "posts",
        "entry": {"time": "t", "body": {"path": "h", "format": "html"}},
    }
    posts = [
        {"t": "2016-03-14T10:00:00Z", "h": '<p onclick="x()">a<img src="https://t.example/p.gif">'},
        {"t": "2016-03-14T10:01:00Z", "h": '<p>&quot;q&quot;<br />\n<a href="/x">y</a></p>\n'},
        {"t": "2016-03-14T10:02:00Z", "h": "<p>a</p><!--><script>alert(1)</script>-->"},
        {
            "t": "2016-03-14T10:03:00Z",
            "h": '<a href="vbscript:x">v</a><iframe src="//e.x"></iframe>',
        },
    ]
    config = Config(root=Path("/site"), json_mappings={"h": mapping})
    bodies = [e.body for e in read(json.dumps({"posts": posts}), config).entries]
    assert "onclick" not in bodies[0] and "<img" not in bodies[0] and "a" in bodies[0]
    assert bodies[1] == posts[1]["h"]  # already clean: the same bytes
    assert "script" not in bodies[2] and "alert" not in bodies[2]
    assert "vbscript" not in bodies[3] and "iframe" not in bodies[3]


def test_markup_that_trips_the_standard_html_parser_is_read() -> None:
    """html.parser raises AssertionError on ``<![foo[``; it reaches it only sanitised."""
    odd = "<![foo[ x ]]><p>kept</p>"
    doc = {
        "title": {"text": {"headline": odd}},
        "events": [
            {"start_date": {"year": 2016, "month": 3, "day": 14}, "text": {"text": odd}},
        ],
    }
    event = read(json.dumps(doc))
    assert event.title == "kept" and event.entries[0].body == "<p>kept</p>"
    dcr = {
        "blocks": [
            {
                "id": "b1",
                "blockFirstPublished": 1458000000000,
                "elements": [{"_type": "a.b.TweetBlockElement", "html": odd, "url": ""}],
            }
        ]
    }
    [entry] = read(json.dumps(dcr)).entries
    assert entry.embeds[0].text == "kept"
