"""The archived-HTML reader: the corpus pages read in place, and small hand-written pages
for the heuristic, the sanitiser, JSON-LD matching and bad input.

Corpus expectations were checked by reading each page's source; the comments say how.
"""

from __future__ import annotations

import html
import json
import re
import time as clock
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from generator.config import Config
from generator.errors import TlgenError
from generator.model import HTML, Event
from generator.sources import html as reader

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PAGES = CORPUS / "html"
CONFIG = Config(root=Path("."))

GUARDIAN = "guardian_2023-05-15_russia-ukraine-war-live.html"
MIRROR = "mirror_2024-08-05_uk-riots-live.html"
EXPRESS = "express_2024-07-18_harry-meghan-live.html"
BR24 = "br24_2024-08-27_nahost-news-ticker.html"
SPORT = "sportowefakty_2020-09-28_unia-leszno-falubaz-relacja.html"
ALL = (GUARDIAN, MIRROR, EXPRESS, BR24, SPORT)


def _raw(name: str) -> str:
    path = PAGES / name
    if not path.is_file():
        pytest.skip(f"corpus page {name} not available (the corpus is not in the repository)")
    return path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")


@cache
def _event(name: str) -> Event:
    return reader.read(f"seeds/{name}", _raw(name), CONFIG)


def _jsonld_updates(raw: str) -> list[dict]:
    """The page's liveBlogUpdate list, read independently of the reader (regex + json)."""
    for script in re.findall(
        r'<script[^>]*type="application/ld\+json"[^>]*>(.*?)</script>', raw, re.S
    ):
        data = json.loads(script)
        for obj in data if isinstance(data, list) else [data]:
            if isinstance(obj, dict) and obj.get("liveBlogUpdate"):
                return obj["liveBlogUpdate"]
    return []


def _read(page: str, name: str = "seeds/fixture.html") -> Event:
    return reader.read(name, page, CONFIG)


# --- the corpus -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_detects_every_corpus_page(name: str) -> None:
    assert reader.detect(f"seeds/{name}", _raw(name))


def test_does_not_detect_the_corpus_json_and_text() -> None:
    others = sorted((CORPUS / "json").glob("*.json")) + sorted((CORPUS / "text").glob("*"))
    if not others:
        pytest.skip("corpus not available")
    for path in others:
        assert not reader.detect(str(path), path.read_text(encoding="utf-8", errors="replace"))


# name: (entries, first anchor, first label, last anchor, last label, timezone, publisher)
EXPECTED = {
    # 10 <article id="block-..."> in the page = 10 liveBlogUpdate items; the first block's
    # header prints "12.50\xa0BST" (time datetime 11:50:54Z), the last "11.42\xa0BST".
    GUARDIAN: (
        10, "t-2023-05-15-1250", "12.50 BST", "t-2023-05-15-1142", "11.42 BST", "BST",
        "The Guardian",
    ),
    # 428 liveBlogUpdate items; the page renders the newest 30 (first prints "21:00",
    # datePublished 21:00:18+01:00); the last item is 2024-08-02T18:42:00+01:00.
    MIRROR: (
        428, "t-2024-08-05-2100", "21:00", "t-2024-08-02-1842", "18:42", "Europe/London",
        "The Mirror",
    ),
    # 9 items; the last two are both published at 07:06 (hence the -2).
    EXPRESS: (
        9, "t-2024-07-18-1148", "11:48", "t-2024-07-18-0706-2", "07:06", "UTC+01:00",
        "Express.co.uk",
    ),
    # Counted in the source: the <h2>s of the ticker that open "HH.MM Uhr:" -- 12.31, 11.39,
    # 11.13, 10.31, 08.57, 05.20, 02.02 -- under the page's day "Dienstag, 27. August 2024".
    BR24: (
        7, "t-2024-08-27-1231", "12.31 Uhr", "t-2024-08-27-0202", "02.02 Uhr", "Europe/Berlin",
        "BR24",
    ),
    # Counted in the source: the coventry blocks whose <aside> holds <time>HH:MM</time>,
    # 19:30 down to 18:05 (18:37 twice); heat results ("Bieg 14", "65.25 sek.") carry none.
    SPORT: (
        20, "t-2020-09-28-1930", "19:30", "t-2020-09-28-1805", "18:05", "Europe/Warsaw",
        "WP SportoweFakty",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", ALL)
def test_corpus_entries_anchors_and_labels(name: str) -> None:
    count, first, first_label, last, last_label, zone, publisher = EXPECTED[name]
    event = _event(name)
    assert len(event.entries) == count
    assert (event.entries[0].anchor, event.entries[0].label) == (first, first_label)
    assert (event.entries[-1].anchor, event.entries[-1].label) == (last, last_label)
    assert event.timezone == zone
    assert event.source.publisher == publisher
    assert event.source.captured == ""  # the page's own dates are not a capture date
    assert event.source.path == f"seeds/{name}"
    assert event.source.url.startswith("https://")
    assert len({e.anchor for e in event.entries}) == count
    for entry in event.entries:
        assert entry.body_format == HTML
        assert entry.time.tzinfo is not None
        assert entry.anchor.startswith(f"t-{entry.time:%Y-%m-%d-%H%M}")
        assert "\xa0" not in entry.label


@pytest.mark.parametrize("name", [MIRROR, EXPRESS])
def test_corpus_counts_match_the_jsonld(name: str) -> None:
    updates = _jsonld_updates(_raw(name))
    event = _event(name)
    assert len(event.entries) == len(updates)
    for entry, update in zip(event.entries, updates, strict=True):
        published = datetime.fromisoformat(update["datePublished"])
        assert entry.time.replace(second=0) == published.replace(second=0, microsecond=0)


@pytest.mark.parametrize("name", ALL)
def test_corpus_entries_in_source_order(name: str) -> None:
    # Every page here is newest first; the scanned pages also keep their line order.
    event = _event(name)
    times = [e.time for e in event.entries]
    assert times == sorted(times, reverse=True)
    if name in (BR24, SPORT):
        lines = [e.line for e in event.entries]
        assert lines == sorted(lines)


_EVENT_ATTR = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
_HREF = re.compile(r'\s(?:href|src|cite)="([^"]*)"')


def _assert_safe(markup: str) -> None:
    lowered = markup.lower()
    for bad in ("<script", "<iframe", "<style", "<object", "<embed", "<img", "<svg", "<form"):
        assert bad not in lowered
    assert not _EVENT_ATTR.search(markup)
    assert "javascript:" not in lowered
    assert " style=" not in lowered
    for url in _HREF.findall(markup):
        assert url.startswith(("http://", "https://", "mailto:")), url
    for link in re.findall(r"<a\s[^>]*>", markup):
        assert 'rel="nofollow noopener"' in link


@pytest.mark.parametrize("name", ALL)
def test_corpus_bodies_are_sanitised(name: str) -> None:
    for entry in _event(name).entries:
        # 18 Mirror updates are photo posts: a headline and an empty articleBody.
        assert entry.body.strip() or entry.title
        _assert_safe(entry.body)


def test_guardian_times_come_from_the_blocks_and_tweets_become_embeds() -> None:
    # Every liveBlogUpdate says 2023-05-15T11:50:54Z; the blocks print 12.50 ... 11.42 BST.
    event = _event(GUARDIAN)
    assert len({e.time for e in event.entries}) == 10
    assert all(e.label.endswith(" BST") for e in event.entries)
    # One tweet is rendered in the page (blockquote.nojs-tweet in block 646211b2..., 12.12).
    with_embeds = [e for e in event.entries if e.embeds]
    assert [e.anchor for e in with_embeds] == ["t-2023-05-15-1212"]
    embed = with_embeds[0].embeds[0]
    assert embed.handle == "AndriyYermak"
    assert embed.url == "https://twitter.com/AndriyYermak/status/1658064372659372032"
    assert 'class="embed embed-social"' in with_embeds[0].body
    # The title is the blog's headline without " | Ukraine | The Guardian".
    assert event.title.startswith("Russia-Ukraine war live: Sunak tells Zelenskiy")
    assert "|" not in event.title


def test_mirror_tweets_and_page_blocks() -> None:
    event = _event(MIRROR)
    handles = {e.anchor: [x.handle for x in e.embeds] for e in event.entries if e.embeds}
    # blockquote.twitter-tweet in blocks 751098 (20:24) and 751096 (20:19).
    assert handles == {"t-2024-08-05-2024": ["plymouthbus"], "t-2024-08-05-2019": ["LukePollard"]}
    # The page's "Updated 20:49, 5 Aug 2024" line is not an update.
    assert not any(e.label.startswith("20:49") for e in event.entries)
    assert event.entries[0].title == "Loud bang heard at Plymouth scene"


def test_express_jsonld_entities_are_decoded() -> None:
    for entry in _event(EXPRESS).entries:
        assert "&#39;" not in entry.title and "&#34;" not in entry.body
    assert _event(EXPRESS).entries[1].title.startswith("Meghan Markle 'turned and hissed'")


def test_br24_summary_list_is_not_entries() -> None:
    # The "wichtigsten News" list repeats headlines with "(11.39 Uhr)", "(11.13 Uhr)" and
    # "(05.19 Uhr)"; the ticker's own entries are 11.39, 11.13 and 05.20.
    event = _event(BR24)
    labels = [e.label for e in event.entries]
    assert labels.count("11.39 Uhr") == 1
    assert "05.19 Uhr" not in labels
    assert all(e.time.utcoffset() == timedelta(hours=2) for e in event.entries)
    assert event.entries[1].title == "Offenbar mehrere Kinder bei israelischen Angriffen getötet"


def test_sportowefakty_race_times_and_scores_are_not_entries() -> None:
    event = _event(SPORT)
    for entry in event.entries:
        assert re.fullmatch(r"\d\d:\d\d", entry.label), entry.label
        assert "sek" not in entry.label
    assert [e.anchor for e in event.entries].count("t-2020-09-28-1837-2") == 1
    # Heat results stay as text in the update they follow ("Bieg 14", 65.25 sek., 4 : 2).
    assert any("65.25 sek." in e.body for e in event.entries)
    # What came before the first printed time (pre-match notes) is the intro, its links
    # and polls kept; a teaser card (a link around a picture and a list) is its words.
    assert "Zielone światło" in event.intro
    assert "\n\n- Tak\n- Nie\n\n" in event.intro
    assert "**Zagłosuj w ankiecie:**" in event.intro
    assert (
        "[Żużel. Unia - Falubaz. Leszczynianie dopełnią formalności? Są o krok od czwartego"
        " finału z rzędu \\[ZAPOWIEDŹ\\]](https://sportowefakty.wp.pl/zuzel/901618/zuzel-unia-"
        "falubaz-leszczynianie-dopelnia-formalnosci-sa-o-krok-od-czwartego-fin)"
    ) in event.intro


def test_sportowefakty_polls_keep_their_questions() -> None:
    """An update asking readers to vote (its form, class "poll") keeps the question and
    the answers, as the page showed them; before, only "Zagłosuj w ankiecie:" was left."""
    (entry,) = [e for e in _event(SPORT).entries if e.anchor == "t-2020-09-28-1905"]
    assert entry.body == (
        "<p><strong>Zagłosuj w ankiecie:</strong></p>\n<p>Czy zawodnicy RM Solar Falubazu "
        "wygrają dziś jakiś wyścig indywidualnie?</p><ul><li>Tak</li><li>Nie</li></ul>"
    )


def test_mirror_reads_fast() -> None:
    raw = _raw(MIRROR)
    start = clock.perf_counter()
    reader.read("seeds/mirror.html", raw, CONFIG)
    assert clock.perf_counter() - start < 3.0


# --- hand-written pages ---------------------------------------------------------------

MINIMAL = """<!DOCTYPE html><html lang="en-GB"><head><title>Storm live | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:modified_time" content="2024-03-14T21:05:00Z">
<link rel="canonical" href="https://news.example/live/storm"></head>
<body><nav><a href="/">Home</a> 09:00 menu</nav>
<div class="feed">
 <div class="post"><div class="meta"><span class="stamp">21:02</span> Jo Bloggs</div>
   <h2>Roads closed</h2><p>Police closed the <a href="/roads">A1</a>.</p>
   <div class="share-bar"><a href="https://facebook.example/share">Share</a></div></div>
 <div class="ad-slot"><span>10:00</span> Buy now</div>
 <div class="post"><span class="stamp">20:45</span><p>The score was 4 : 2 after 65.25 sek.</p></div>
 <div class="post"><span class="stamp">23:58</span><p>Late the night before.</p></div>
</div>
<ul class="most-viewed"><li><a href="/a">08:00 Teaser</a></li>
<li><a href="/b">07:00 More</a></li></ul>
</body></html>"""


def test_heuristic_on_a_minimal_page() -> None:
    event = _read(MINIMAL, "seeds/storm.html")
    assert event.title == "Storm live"
    assert event.source.url == "https://news.example/live/storm"
    assert event.source.publisher == "Example News"
    assert event.timezone == "Europe/London"
    assert event.slug == "storm"
    assert [(e.anchor, e.label) for e in event.entries] == [
        ("t-2024-03-14-2102", "21:02"),
        ("t-2024-03-14-2045", "20:45"),
        ("t-2024-03-13-2358", "23:58"),  # past midnight going back: the day before
    ]
    first = event.entries[0]
    assert first.title == "Roads closed"
    assert first.line == 7
    assert first.body.startswith("<p>Jo Bloggs</p>")  # the byline beside the time is kept
    assert 'href="https://news.example/roads"' in first.body  # relative link resolved
    assert "Share" not in first.body and "Buy now" not in first.body
    assert "4 : 2" in event.entries[1].body


def test_a_poll_is_its_question_and_answers_and_other_forms_go() -> None:
    """Radio buttons' labels are a poll's answers (its "Vote" button is not); a form that
    is no poll (a newsletter sign-up) is furniture, dropped whole."""
    poll = (
        '<form class="quiz-widget"><fieldset><legend>Will the A1 reopen tonight?</legend>'
        '<input type="radio" name="a" id="y"><label for="y">Yes</label>'
        '<input type="radio" name="a" id="n"><label for="n">No, not before <b>Monday</b></label>'
        "</fieldset><button>Vote</button><small>Results after voting</small></form>"
    )
    signup = '<form class="newsletter"><p>Sign up</p><button>Go</button></form>'
    page = MINIMAL.replace("<p>Police closed", f"{poll}{signup}after<p>Police closed")
    body = _read(page).entries[0].body
    assert (
        "<p>Will the A1 reopen tonight?</p><ul><li>Yes</li><li>No, not before Monday</li></ul>"
        in body
    )
    for gone in ("Vote", "Results after", "Sign up", "Go<"):
        assert gone not in body
    assert "after" in body  # the text after the forms


def test_an_image_in_a_captioned_figure_links_its_caption() -> None:
    """No image is loaded from the publisher: its caption becomes the link to it, rather
    than a file name, or an alt text saying the caption again; a caption set after its
    figure is put inside it, a caption set after an image makes them a figure."""
    src = "https://img.example/1_DEVON.jpg"
    figures = (
        f'<div class="image-container"><figure><amp-img src="{src}"></amp-img></figure>'
        '<figcaption><span>Police at the scene</span><span> (<div class="camera">Image:'
        "</div>Agency)</span></figcaption></div>"
        '<figure><img src="https://img.example/b.jpg" alt="Crowds on the bridge">'
        "<figcaption>Crowds on the bridge. Photograph: Agency</figcaption></figure>"
        '<figure><img src="https://img.example/c.jpg" alt="A flare">'
        "<figcaption>Seen from the station</figcaption></figure>"
        '<figure><img src="https://img.example/d.jpg" alt="A bus">'
        '<figcaption>A bus, by <a href="https://agency.example/">Agency</a></figcaption></figure>'
        '<p><picture><img src="https://img.example/e.jpg" alt="doria ragland"></picture></p>'
        '<span class="newsCaption">Doria at home <span class="caption">(Image: Getty)</span>'
        "</span>"
    )
    page = MINIMAL.replace("<p>Police closed", f"{figures}<p>Police closed")
    body = _read(page).entries[0].body
    link = '<a href="{}" rel="nofollow noopener">'
    assert (
        f"<figure><figcaption>{link.format(src)}Police at the scene (Image: Agency)</a>"
        "</figcaption></figure>"
    ) in body
    assert "1_DEVON.jpg</a>" not in body
    assert (
        f"<figcaption>{link.format('https://img.example/b.jpg')}Crowds on the bridge. "
        "Photograph: Agency</a></figcaption>"
    ) in body
    assert body.count("Crowds on the bridge") == 1
    # an alt text saying something else, a caption with a link of its own: both kept
    assert f"{link.format('https://img.example/c.jpg')}A flare</a>" in body
    assert "<figcaption>Seen from the station</figcaption>" in body
    assert f"{link.format('https://img.example/d.jpg')}A bus</a>" in body
    # an image alone in its paragraph, and after it what its class calls a caption
    assert (
        f"<figure>{link.format('https://img.example/e.jpg')}doria ragland</a>"
        "<figcaption>Doria at home (Image: Getty)</figcaption></figure>"
    ) in body


def test_a_youtube_player_named_only_in_its_attributes_becomes_a_link() -> None:
    """The Guardian's player is a script's island (its JSON props name the video; the
    poster sits in a play button, page junk): its caption links the video, as the JSON
    reader's Guardian preset does. A ``<lite-youtube>`` without a caption is a link of
    its title (set before its figure's caption when that holds a link of its own); an
    id that is not one, or props that are not JSON, leave the player out."""
    props = html.escape(
        json.dumps({"assetId": "Vo6BufPXXjk", "mediaTitle": "Nato chief  speaks – video"})
    )
    players = (
        f'<figure><gu-island name="YoutubeBlockComponent" props="{props}"><div>'
        '<button aria-label="Play video"><picture><img alt="Nato chief"></picture></button>'
        "<figcaption><span><svg></svg></span><span>Nato chief speaks – video</span>"
        "</figcaption></div></gu-island></figure>"
        '<lite-youtube videoid="dQw4w9WgXcQ" playlabel="Press briefing"></lite-youtube>'
        '<figure><lite-youtube videoid="aBcDeFgHiJk" title="Vote count"></lite-youtube>'
        '<figcaption>Filmed by <a href="https://agency.example/">Agency</a></figcaption></figure>'
        '<gu-island name="YoutubeBlockComponent" props="{not json"><span>x</span></gu-island>'
        '<lite-youtube videoid="../../evil" playlabel="Bad id"></lite-youtube>'
    )
    page = MINIMAL.replace("<p>Police closed", f"{players}<p>Police closed")
    body = _read(page).entries[0].body
    link = '<a href="https://www.youtube.com/watch?v={}" rel="nofollow noopener">'
    assert (
        f"<figure><figcaption>{link.format('Vo6BufPXXjk')}Nato chief speaks – video</a>"
        "</figcaption></figure>"
    ) in body
    assert f"{link.format('dQw4w9WgXcQ')}Press briefing</a>" in body
    # a caption with a link of its own is kept, after a link of the player's title
    assert f"<figure>{link.format('aBcDeFgHiJk')}Vote count</a><figcaption>Filmed by " in body
    assert "Bad id" not in body and "evil" not in body
    assert body.count("youtube.com") == 3


def test_the_words_before_the_first_time_are_a_markdown_intro_that_keeps_links() -> None:
    """The intro is Markdown: a capture's opening keeps its links, bold and lists that way
    (``<b> Bold</b>`` shows as `` **Bold**``); a teaser card (a link around a picture and a
    list) is a link of its words; loose words beside blocks are a paragraph."""
    lead = (
        '<div class="c"><div><p>Przed <a href="https://sf.example/unia">meczem</a>.'
        "<b> Skład:</b></p>"
        '<p><div class="teaser"><a href="https://sf.example/zapowiedz">'
        '<img src="https://img.example/t.png" alt="">'
        '<ul><li><span class="h4">Zapowiedź</span></li></ul></a></div></p>'
        '<ul><li>Tak</li><li>Nie</li></ul><span class="x">Bieg 0</span></div></div>'
    )
    page = POLISH.replace('<div class="c"><div><p>Przed meczem.</p></div></div>', lead)
    event = _read(page)
    assert event.intro == (
        "Przed [meczem](https://sf.example/unia). **Skład:**\n\n"
        "[Zapowiedź](https://sf.example/zapowiedz)\n\n- Tak\n- Nie\n\nBieg 0"
    )


def test_a_publishers_spans_go_and_words_beside_blocks_are_a_paragraph() -> None:
    """A span kept for a reason (a hashtag's class, a language) stays; the others were
    styling hooks. Words set beside blocks become a paragraph, spaces just inside a block
    go: what a browser shows."""
    block = (
        '<div class="x">Heat 1 <span class="time">62.93 s</span><p> Start. </p>'
        '<p>A <span class="caps">word</span>, <span lang="ar">كلمة</span></p></div>'
    )
    page = MINIMAL.replace("<p>Police closed", f"{block}<p>Police closed")
    body = _read(page).entries[0].body
    assert '<p>Heat 1 62.93 s</p><p>Start.</p><p>A word, <span lang="ar">كلمة</span></p>' in body


def test_an_attribute_named_by_a_control_character_is_dropped() -> None:
    """XML forbids the character in a name as in a value, and lxml can neither set nor
    delete such an attribute: the element keeps its other attributes (values made safe)."""
    page = MINIMAL.replace(
        "<p>Police closed", '<p \x1f="\x1f" title="a\x1fb" class="x\x7f">Police closed'
    )
    first = _read(page).entries[0]
    assert "Police closed" in first.body and "\x1f" not in first.body
    assert 'title="ab"' in first.body  # what the sanitiser keeps, without the character


def test_a_misnamed_container_is_not_taken_for_furniture() -> None:
    page = MINIMAL.replace('<div class="feed">', '<div class="feed related-coverage">')
    assert len(_read(page).entries) == 3


def test_jsonld_in_a_comment_with_raw_newlines() -> None:
    page = JSONLD.replace(
        '<script type="application/ld+json">{', '<script type="application/ld+json"><!--\n{'
    ).replace("]}]}</script>", "]}]}\n--></script>")
    page = page.replace("All schools are shut.\\n", "All schools are shut.\n")
    assert [e.anchor for e in _read(page).entries] == ["t-2024-02-10-1830", "t-2024-02-10-1705"]


HOSTILE = """<!doctype html><html><head>
<meta property="article:published_time" content="2024-05-01T10:00:00+02:00"></head><body>
<main><article class="u"><time datetime="2024-05-01T10:15:00+02:00">10:15</time>
<p>Safe words.<img src="x.png" onerror="alert(1)"><script>alert(2)</script></p>
<p><a href="javascript:alert(3)">a</a> <a href="JaVaScRiPt:alert(4)">b</a>
<a href="&#106;avascript:alert(5)">c</a> <a href=" java&#x09;script:alert(6)">d</a>
<a href="vbscript:msgbox(7)">e</a> <a href="data:text/html,<script>alert(8)</script>">f</a>
<a href="mailto:desk@example.org">g</a> <a href="https://example.org/x" target="_blank">h</a></p>
<iframe src="https://evil.example/frame" onload="alert(9)"></iframe>
<p onclick="alert(10)" style="position:fixed">Click</p><style>p{color:red}</style>
<svg onload="alert(11)"><text>svg</text></svg><form action="/x"><input value="y"></form>
<object data="x.swf"></object><embed src="x.swf"></article>
<article class="u"><time datetime="2024-05-01T10:05:00+02:00">10:05</time><p>Two.</p></article>
</main></body></html>"""


def test_hostile_content_is_sanitised() -> None:
    event = _read(HOSTILE)
    assert [e.label for e in event.entries] == ["10:15", "10:05"]
    assert event.timezone == "UTC+02:00"
    body = event.entries[0].body
    _assert_safe(body)
    assert "Safe words." in body and "Click" in body
    assert "alert" not in body and "msgbox" not in body and "data:" not in body
    assert '<a href="mailto:desk@example.org" rel="nofollow noopener">g</a>' in body
    assert 'href="https://example.org/x"' in body and "target" not in body
    # A frame is not loaded but its address is kept as a link.
    assert '<a href="https://evil.example/frame" rel="nofollow noopener">' in body


@pytest.mark.parametrize(
    "page",
    [
        "<!doctype html><html><body><p>No times: 4 : 2, 1:0, 65.25 sek.</p></body></html>",
        "<!doctype html><html><head><title>x</title></head><body></body></html>",
        "<html><body>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</body></html>",
    ],
)
def test_page_without_updates_is_a_located_error(page: str) -> None:
    with pytest.raises(TlgenError) as info:
        _read(page, "seeds/empty.html")
    problem = info.value.problems[0]
    assert problem.location is not None and problem.location.path == "seeds/empty.html"
    assert problem.location.line >= 1
    assert "no timestamped updates" in problem.message
    assert "LiveBlogPosting" in problem.hint and "live-updates text" in problem.hint


@pytest.mark.parametrize(
    "page",
    ["", "   ", "<", "<html>", "<!doctype html>\x01\x02", "<html><body><time>", "\ud800"],
)
def test_broken_input_is_only_ever_a_tlgen_error(page: str) -> None:
    with pytest.raises(TlgenError) as info:
        _read(page, "seeds/broken.html")
    assert info.value.problems[0].location.path == "seeds/broken.html"


def test_times_without_any_date_are_a_located_error() -> None:
    page = (
        "<html><body><div class=a><b>12:00</b> one</div>"
        "<div class=a><b>13:00</b> two</div></body></html>"
    )
    with pytest.raises(TlgenError, match="no date"):
        _read(page)


JSONLD = """<!DOCTYPE html><html lang="en"><head>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "Example Daily"},
 {"@type": "LiveBlogPosting", "headline": "Floods &amp; storms &#8211; live",
  "url": "https://daily.example/live/floods",
  "publisher": {"@type": "Organization", "name": "Example Daily"},
  "liveBlogUpdate": [
   {"@type": "BlogPosting", "headline": "River &#39;at record level&#39;",
    "datePublished": "2024-02-10T18:30:12+00:00",
    "url": "https://daily.example/live/floods#post-2",
    "articleBody": "The river is at a record level."},
   {"@type": "BlogPosting", "headline": "Schools shut",
    "datePublished": "2024-02-10T17:05:00+00:00",
    "url": "https://daily.example/live/floods#post-1",
    "articleBody": "All schools are shut.\\nParents were told at 7am &amp; buses stopped."}
  ]}]}</script></head>
<body><div class="posts"><div class="p" id="post-2">
<time datetime="2024-02-10T18:30:12Z">18:30</time>
<h3>River 'at record level'</h3><p>The river is at a <a href="/levels">record level</a>.</p>
<blockquote class="twitter-tweet"><p lang="en">Stay away from the banks
<a href="https://twitter.com/hashtag/floods">#floods</a><br>now</p>
&mdash; Example Police (@ExamplePolice)
<a href="https://twitter.com/ExamplePolice/status/123456?ref_src=twsrc">February 10, 2024</a>
</blockquote>
<script async src="https://platform.twitter.com/widgets.js"></script></div></div></body></html>"""


TWEET = (
    'Police said: <blockquote class="twitter-tweet"><p>Stay away #floods</p>&mdash; Example'
    ' Police (@ExamplePolice) <a href="https://twitter.com/ExamplePolice/status/1">Feb 10</a>'
    "</blockquote> More soon."
)


def test_a_jsonld_update_without_a_block_keeps_its_post() -> None:
    """An update the page has no block for is read from its articleBody. Loose text and a
    quoted post in it crashed the reader (an lxml element class lost on the way: exit 70)."""
    doc = json.loads(JSONLD.split('json">', 1)[1].split("</script>", 1)[0])
    doc["@graph"][1]["liveBlogUpdate"][1]["articleBody"] = TWEET
    page = JSONLD.replace(JSONLD.split('json">', 1)[1].split("</script>", 1)[0], json.dumps(doc))
    second = _read(page).entries[1]
    assert second.body.startswith("<p>Police said:</p><blockquote")
    assert [(e.handle, e.text) for e in second.embeds] == [("ExamplePolice", "Stay away #floods")]


def test_jsonld_updates_matched_to_page_blocks() -> None:
    event = _read(JSONLD)
    assert event.title == "Floods & storms – live"
    assert event.source.url == "https://daily.example/live/floods"
    assert event.source.publisher == "Example Daily"
    assert event.timezone == "UTC"
    first, second = event.entries
    # The block with id post-2: its own body, its printed label, the JSON-LD's seconds.
    assert (first.anchor, first.label, first.title) == (
        "t-2024-02-10-1830",
        "18:30",
        "River 'at record level'",
    )
    assert first.time == datetime.fromisoformat("2024-02-10T18:30:12+00:00")
    assert 'href="https://daily.example/levels"' in first.body
    assert first.embeds[0].handle == "ExamplePolice"
    assert first.embeds[0].url == "https://twitter.com/ExamplePolice/status/123456"
    assert first.embeds[0].hashtags == ("floods",)
    assert first.embeds[0].text == "Stay away from the banks #floods now"
    assert '— Example Police <cite class="handle">@ExamplePolice</cite>' in first.body
    assert '<span class="hashtag">#floods</span>' in first.body
    _assert_safe(first.body)
    # No block for post-1: the JSON-LD's own text, entities decoded, lines as paragraphs.
    assert (second.anchor, second.label, second.title) == (
        "t-2024-02-10-1705",
        "17:05",
        "Schools shut",
    )
    assert second.body == (
        "<p>All schools are shut.</p><p>Parents were told at 7am &amp; buses stopped.</p>"
    )


def test_jsonld_updates_sharing_one_time_take_the_printed_ones() -> None:
    page = JSONLD.replace("2024-02-10T17:05:00+00:00", "2024-02-10T18:30:12+00:00").replace(
        '<time datetime="2024-02-10T18:30:12Z">18:30</time>',
        '<span class="t">18.25 GMT</span>',
    )
    first, second = _read(page).entries
    assert (first.anchor, first.label) == ("t-2024-02-10-1825", "18.25 GMT")
    assert second.anchor == "t-2024-02-10-1830"  # no block: the JSON-LD time is all there is


def test_jsonld_update_with_a_date_only_is_a_dated_entry() -> None:
    page = JSONLD.replace("2024-02-10T17:05:00+00:00", "2024-02-09")
    dated = _read(page).entries[1]
    assert (dated.anchor, dated.label, dated.precision) == ("t-2024-02-09", "2024-02-09", "day")


def test_warnings_for_backwards_times_and_undated_updates() -> None:
    backwards = MINIMAL.replace(
        '<div class="post"><span class="stamp">23:58</span>',
        '<div class="post"><span class="stamp">20:50</span><p>Out of order.</p></div>\n'
        '<div class="post"><span class="stamp">20:30</span>',
    )
    event, warnings = reader.read_with_warnings("seeds/storm.html", backwards, CONFIG)
    assert [e.label for e in event.entries] == ["21:02", "20:45", "20:50", "20:30"]
    assert [w.location.line for w in warnings] == [12]  # the 20:50 block
    assert "time runs backwards in this newest-first page (20:45 then 20:50)" in warnings[0].message
    assert warnings[0].severity == "warning"
    undated = JSONLD.replace('"datePublished": "2024-02-10T17:05:00+00:00",', "")
    event, warnings = reader.read_with_warnings("seeds/floods.html", undated, CONFIG)
    assert [e.anchor for e in event.entries] == ["t-2024-02-10-1830"]
    assert "'Schools shut' says nowhere when it was posted" in warnings[0].message
    assert reader.read_with_warnings("seeds/floods.html", JSONLD, CONFIG)[1] == ()


GERMAN = """<!DOCTYPE html><html lang="de"><head>
<meta property="article:modified_time" content="2024-08-27T10:40:00+00:00"></head><body>
<article><section><h2>Dienstag, 27. August 2024</h2></section>
<section><div class="rt"><p>Die wichtigsten News im Überblick</p>
<ul><li>Angriffe im Norden (11.39 Uhr)</li>
<li>Gespräche in Kairo (09.10 Uhr)</li></ul></div></section>
<section><div class="rt">
<h2>12.31 Uhr: Zeitung widerspricht Minister</h2><p>Erster Absatz.</p><p>Zweiter Absatz.</p>
<h2>00.15 Uhr: Nacht ruhig</h2><p>Nichts Neues.</p>
<h2>Montag, 26. August 2024</h2>
<h2>23.50 Uhr: Spätmeldung</h2><p>Am Abend.</p>
</div></section></article></body></html>"""


def test_german_ticker_with_day_headings() -> None:
    event = _read(GERMAN)
    assert event.timezone == "Europe/Berlin"
    assert [(e.anchor, e.label, e.title) for e in event.entries] == [
        ("t-2024-08-27-1231", "12.31 Uhr", "Zeitung widerspricht Minister"),
        ("t-2024-08-27-0015", "00.15 Uhr", "Nacht ruhig"),
        ("t-2024-08-26-2350", "23.50 Uhr", "Spätmeldung"),
    ]
    assert event.entries[0].body == "<p>Erster Absatz.</p><p>Zweiter Absatz.</p>"
    assert event.entries[0].time.utcoffset() == timedelta(hours=2)
    assert "Montag" not in event.entries[1].body  # a day heading ends the entry
    assert event.language == "de"  # <html lang>, for the pages to mark the text with


POLISH = """<!DOCTYPE html><html><head><meta name="language" content="pl">
<meta property="og:title" content="Unia - Falubaz – 57 : 33 – Relacja - WP SportoweFakty">
<meta property="og:site_name" content="sportowefakty.wp.pl">
<script type="application/ld+json">{"@type": "WebSite", "name": "WP SportoweFakty"}</script>
<script type="application/ld+json">{"@type": "SportsEvent", "startDate": "2020-09-28",
 "name": "Unia - Falubaz"}</script></head><body><div class="list">
<div class="c r"><header><span>Bieg 2</span><span>63.28 sek.</span><div>3 : 3</div></header>
<p>Remis.</p></div>
<div class="c"><aside><time>18:19</time></aside><div><p>Wynik 1:0 i 98:70.</p></div></div>
<div class="c r"><header><span>Bieg 1</span><span>62.93 sek.</span><div>5 : 1</div></header>
<p>Start.</p></div>
<div class="c"><aside><time>18:05</time></aside><div><p>Tonder po raz 100.</p></div></div>
<div class="c"><div><p>Przed meczem.</p></div></div>
</div></body></html>"""


def test_polish_race_times_and_scores_are_not_timestamps() -> None:
    event = _read(POLISH)
    assert event.title == "Unia - Falubaz"
    assert event.source.publisher == "WP SportoweFakty"
    assert event.timezone == "Europe/Warsaw"
    assert [(e.anchor, e.label) for e in event.entries] == [
        ("t-2020-09-28-1819", "18:19"),
        ("t-2020-09-28-1805", "18:05"),
    ]
    later, earlier = event.entries
    # Untimed blocks follow the update before them in time; the one before any time is
    # the intro.
    assert "Remis." in later.body and "63.28 sek." in later.body
    assert "Start." in earlier.body and "62.93 sek." in earlier.body
    assert event.intro == "Przed meczem."
    assert event.language == "pl"  # <meta name="language">


def test_capture_date_from_a_saving_tool_only() -> None:
    saved = "<!--\n Page saved with SingleFile\n url: https://news.example/live/storm\n"
    saved += " saved date: Thu Mar 14 2024 22:10:00 GMT+0000 (UTC)\n-->\n"
    assert _read(saved + MINIMAL).source.captured == "2024-03-14"


@pytest.mark.parametrize(
    "saved",
    [
        "<!-- saved from url=(0030)https://news.example/live/storm -->\n",
        "<!--\n Page saved with SingleFile\n url: https://news.example/live/storm\n-->\n",
    ],
)
def test_a_page_that_does_not_say_its_address_takes_the_saving_tools(saved: str) -> None:
    """The original address (provenance, and what relative links resolve against) from a
    browser's "saved from" mark or SingleFile's header, when the page names none itself."""
    page = MINIMAL.replace('<link rel="canonical" href="https://news.example/live/storm">', "")
    event = _read(saved + page)
    assert event.source.url == "https://news.example/live/storm"
    assert 'href="https://news.example/roads"' in event.entries[0].body
    javascript = saved.replace("https://news.example/live/storm", "javascript:alert(1)//x")
    assert _read(javascript + page).source.url == ""


def test_relative_links_of_a_page_without_an_address_are_kept_as_words() -> None:
    """They would point into the archive (``tlgen check`` finds them broken there)."""
    page = MINIMAL.replace('<link rel="canonical" href="https://news.example/live/storm">', "")
    event, warnings = reader.read_with_warnings("seeds/storm.html", page, CONFIG)
    assert event.source.url == ""
    assert "Police closed the A1." in event.entries[0].body  # the link's words, no link
    assert "/roads" not in event.entries[0].body
    (warning,) = [w for w in warnings if "relative" in w.message]
    assert warning.message.startswith("a link is relative and the page names no address")
    assert (warning.location.path, warning.location.line) == ("seeds/storm.html", 8)
    # a relative <base> is no address either
    based = page.replace("<head>", '<head><base href="/live/">')
    assert (
        "/roads"
        not in reader.read_with_warnings("seeds/storm.html", based, CONFIG)[0].entries[0].body
    )


def test_relative_links_of_jsonld_updates_without_an_address_are_counted_too() -> None:
    """An update the page has no block for is read from its articleBody: its relative
    links are kept as words as the page's are, and told in the same one warning."""
    ld = JSONLD.split('json">', 1)[1].split("</script>", 1)[0]
    doc = json.loads(ld)
    del doc["@graph"][1]["url"]
    for update in doc["@graph"][1]["liveBlogUpdate"]:
        del update["url"]
    doc["@graph"][1]["liveBlogUpdate"][1]["articleBody"] = 'Shut: <a href="/schools">list</a>'
    page = JSONLD.replace(ld, json.dumps(doc))
    event, warnings = reader.read_with_warnings("seeds/floods.html", page, CONFIG)
    assert event.source.url == ""
    assert event.entries[1].body == "<p>Shut: list</p>"
    assert "/levels" not in event.entries[0].body
    (warning,) = [w for w in warnings if "relative" in w.message]
    assert warning.message.startswith("2 links are relative and the page names no address")
    assert warning.location.line == 2  # the JSON-LD's, before the page's link


def test_a_sidecar_gives_the_address_of_a_page_that_names_none() -> None:
    """Its links then resolve against it, as against the page's own; a page that names
    its address keeps resolving against that one."""
    from generator.sources import read_source

    side = b"source:\n  url: https://news.example/live/storm\n"
    page = MINIMAL.replace('<link rel="canonical" href="https://news.example/live/storm">', "")
    event, warnings = read_source(
        "seeds/storm.html", page.encode(), CONFIG, side, "seeds/storm.html.yml", capture=True
    )
    assert event.source.url == "https://news.example/live/storm"
    assert 'href="https://news.example/roads"' in event.entries[0].body
    assert not [w for w in warnings if "relative" in w.message]
    side = b"source:\n  url: https://elsewhere.example/\n"
    event, _ = read_source(
        "seeds/storm.html", MINIMAL.encode(), CONFIG, side, "seeds/storm.html.yml", capture=True
    )
    assert event.source.url == "https://elsewhere.example/"  # what the event page shows
    assert 'href="https://news.example/roads"' in event.entries[0].body


def test_a_page_the_parser_gives_up_on_says_where() -> None:
    """libxml2 stops at elements nested over 2,048 deep and keeps what it read: the
    updates after that point were left out in silence."""
    deep = "<b>" * 2100 + "x" + "</b>" * 2100
    head = "<html><head><meta property='article:published_time' content='2016-03-14T10:00Z'>"
    page = f"{head}</head><body>\n<p>18:15 Police closed the road.</p>\n<p>{deep}</p>\n"
    page += "<p>18:40 It reopened.</p></body></html>"
    event, warnings = reader.read_with_warnings("seeds/deep.html", page, CONFIG)
    assert [e.anchor for e in event.entries] == ["t-2016-03-14-1815"]
    (warning,) = [w for w in warnings if "read only up to here" in w.message]
    assert (warning.location.path, warning.location.line) == ("seeds/deep.html", 3)
    assert "Excessive depth" in warning.message and "tlgen import" in warning.hint
    # with nothing read before it, that is the error
    with pytest.raises(TlgenError) as caught:
        reader.read_with_warnings("seeds/deep.html", page.replace("18:15", "later"), CONFIG)
    (problem,) = caught.value.problems
    assert problem.message.startswith("no timestamped updates found in this HTML page, which")
    assert "was read only up to here (Excessive depth" in problem.message
    assert problem.severity == "error" and problem.location.line == 3


def test_a_page_language_that_is_no_tag_is_left_out() -> None:
    assert _read(MINIMAL).language == "en-GB"
    assert _read(MINIMAL.replace('lang="en-GB"', 'lang="x-default"')).language == ""
    assert _read(MINIMAL).source.captured == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MINIMAL, True),
        ("\ufeff  <!DOCTYPE html>\n<html><body></body></html>", True),
        ("<html>\n<body>x</body></html>", True),
        ('{"@type": "LiveBlogPosting", "x": "<html>"}', False),
        ('[{"@type": "LiveBlogPosting"}]', False),
        ("Syria talks Live updates\n14/03/2016\n<html> is mentioned here", False),
        ("---\ntitle: x\n---\n<html><body></body></html>", False),
    ],
)
def test_detect(text: str, expected: bool) -> None:
    assert reader.detect("seeds/x", text) is expected


def test_a_post_quoted_inside_a_card_link_stays_a_post() -> None:
    """A link around blocks becomes a link of its words; a post quoted in it was made
    words of the link too, while its record stayed: it is set after the link instead."""
    tweet = (
        '<blockquote class="twitter-tweet"><p>hi #tag</p>&mdash; X (@x) '
        '<a href="https://twitter.com/x/status/1">May 1</a></blockquote>'
    )
    page = (
        "<html><head><meta property='article:published_time' content='2016-03-14T10:00Z'>"
        "</head><body><main><div class=u><p>18:15</p><p>Read this:</p>"
        f"<a href='https://ex.org/card'><div><p>Card words</p>{tweet}</div></a><p>After.</p>"
        "</div><div class=u><p>18:40</p><p>Later.</p></div></main></body></html>"
    )
    first = _read(page).entries[0]
    assert first.body.startswith(
        '<p>Read this:</p><p><a href="https://ex.org/card" rel="nofollow noopener">Card words'
        '</a></p><blockquote class="embed embed-social"><p>hi #tag</p>'
    )
    assert first.body.endswith("</blockquote><p>After.</p>")
    assert [e.handle for e in first.embeds] == ["x"]


def test_a_time_in_nested_bold_opens_one_update() -> None:
    """Each bold inside another voted as a block of its own kind, and they were all
    taken, one update for each: a printed time opens one update, whatever holds it."""
    page = (
        "<html><head><meta property='article:published_time' content='2016-03-14T10:00Z'>"
        "</head><body><main><p><b><b><b><b>6.15pm Police closed the road.</b></b></b></b></p>"
        "</main></body></html>"
    )
    event = _read(page)
    assert [(e.anchor, e.body) for e in event.entries] == [
        ("t-2016-03-14-1815", "<b>Police closed the road.</b>")
    ]


def test_an_update_set_inside_the_one_before_is_not_part_of_it() -> None:
    """A heading's update runs to the next heading beside it; a sibling holding the next
    heading ends it too, instead of carrying that update (and its time) in twice."""
    page = (
        "<html><head><meta property='article:published_time' content='2016-03-14T10:00Z'>"
        "</head><body><main><section><h2>18:40</h2><p>A.</p>"
        "<section><h2>18:15</h2><p>B.</p></section><h2>18:00</h2><p>C.</p></section>"
        "</main></body></html>"
    )
    assert [(e.anchor, e.body) for e in _read(page).entries] == [
        ("t-2016-03-14-1840", "<p>A.</p>"),
        ("t-2016-03-14-1815", "<p>B.</p>"),
        ("t-2016-03-14-1800", "<p>C.</p>"),
    ]


@pytest.mark.parametrize("day", ["Wednesday", "Saturday", "Sat.", "Thursday"])
def test_a_time_after_a_weekday_and_date_opens_a_block(day: str) -> None:
    """Every weekday, whole or cut short, before a block's date: "Wednesday 16 March
    2016 19.15 GMT" (the scan once read only those that end in "day" after their stem)."""
    page = (
        "<html><body>"
        f"<div class=u><p>{day} 16 March 2016 19.15 GMT</p><p>The second update.</p></div>"
        f"<div class=u><p>{day} 16 March 2016 18.40 GMT</p><p>The first update.</p></div>"
        "</body></html>"
    )
    event = _read(page)
    assert [e.anchor for e in event.entries] == ["t-2016-03-16-1915", "t-2016-03-16-1840"]
