from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from generator.extract import _enriched, embed_html, enrich_entry
from generator.model import HTML, TEXT, Embed, Entry, Statement

T = datetime(2016, 3, 14, 18, 15, tzinfo=UTC)


def entry(body: str, fmt: str = "markdown") -> Entry:
    return enrich_entry(Entry("t-2016-03-14-1815", T, "18:15", body, 10, body_format=fmt))


def test_social_embed_becomes_a_record_and_a_static_blockquote() -> None:
    e = entry(
        "Before.\n\n[@RT.com](#) [#Putin](#) orders start of Russian military [#withdrawal](#) "
        "from [#Syria](#), says 'objectives achieved' <http://on.rt.com/76wy>\n"
    )
    (embed,) = e.embeds
    assert embed.handle == "RT.com"
    assert embed.url == "http://on.rt.com/76wy"
    assert embed.hashtags == ("Putin", "withdrawal", "Syria")
    assert embed.text == (
        "#Putin orders start of Russian military #withdrawal from #Syria, "
        "says 'objectives achieved'"
    )
    assert e.hashtags == ("Putin", "withdrawal", "Syria")
    assert e.text == "Before."
    assert '<blockquote class="embed embed-social">' in e.html
    assert '<a href="http://on.rt.com/76wy" rel="nofollow noopener">' in e.html
    assert 'href="#"' not in e.html


def test_dead_hashtag_links_become_hashtags_not_links() -> None:
    e = entry("Protests in [#Cairo](#) and [@someone](#) said so. [a link](https://example.org/x)")
    assert e.hashtags == ("Cairo",)
    assert e.links == ("https://example.org/x",)
    assert '<span class="hashtag">#Cairo</span>' in e.html
    assert '<span class="handle">@someone</span>' in e.html
    assert 'href="#"' not in e.html
    # the spans are the page's markup, not the words: the plain text (exports, search,
    # statements) has none of it
    assert e.text == "Protests in #Cairo and @someone said so. a link"


def test_raw_html_and_unsafe_links_are_inert() -> None:
    e = entry(
        "<script>alert(1)</script> [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) "
        "[z](&#106;avascript:alert(1)) [w](java\tscript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<script" not in e.html and "<img" not in e.html
    assert "javascript:" not in e.html.lower().replace("&#106;", "j") or "href" not in e.html
    assert 'href="' not in e.html
    assert e.links == ()


def test_text_and_html_bodies() -> None:
    plain = entry("a <b> & *c*\n\nsecond", TEXT)
    assert plain.html == "<p>a &lt;b&gt; &amp; *c*</p>\n<p>second</p>\n"
    assert plain.text == "a <b> & *c*\n\nsecond"
    html = entry('<p>One <a href="https://x.org/">link</a></p><p>Two</p>', HTML)
    assert html.text == "One link\n\nTwo"
    assert html.links == ("https://x.org/",)


def test_markdown_text_and_links() -> None:
    e = entry('"Quote," he said.\n\n- item [l](https://a.org/)\n\n```\ncode\n```')
    assert e.text == '"Quote," he said.\n\nitem l\n\ncode'
    assert e.links == ("https://a.org/",)


def test_the_enriched_entry_keeps_every_other_field() -> None:
    """``_enriched`` names each field of Entry: one added later and not copied fails here."""
    full = Entry(
        anchor="t-2016-03-14-1815",
        time=datetime(2016, 3, 14, 18, 15, tzinfo=UTC),
        label="18:15 GMT",
        body="old body",
        line=7,
        title="A title",
        precision="day",
        body_format=TEXT,
        html="<p>old</p>",
        text="old",
        statements=(Statement("Ann Lee", "ann-lee", "We are ready."),),
        mentions=("Bo Chen",),
        embeds=(Embed("h", "old post", "https://x.org/1"),),
        hashtags=("Old",),
        links=("https://old.org/",),
    )
    for f in dataclasses.fields(Entry):  # every field set: none can pass by its default
        assert getattr(full, f.name) != f.default, f.name
    new = dict(
        body="",
        html="<p>new</p>",
        text="new",
        embeds=(Embed("k", "new post", "https://x.org/2"),),
        hashtags=["New", "New"],
        links=["https://new.org/"],
    )
    made = _enriched(full, **new)  # type: ignore[arg-type]
    assert made == dataclasses.replace(
        full, **{**new, "hashtags": ("New",), "links": ("https://new.org/",)}
    )


def test_a_post_escapes_its_words_and_marks_its_hashtags_as_written() -> None:
    """Each word shown escaped; a word that is ``#`` and one of the post's hashtags (as
    written, before escaping) in a hashtag span; no other ``#`` word."""
    post = Embed(
        kind="social",
        handle="a&b",
        text='Protests & "clashes" #a&b #<x> #Tag x#Tag #other  end',
        url="",
        hashtags=("a&b", "<x>", "Tag"),
    )
    assert embed_html(post) == (
        '<blockquote class="embed embed-social"><p>Protests &amp; &quot;clashes&quot; '
        '<span class="hashtag">#a&amp;b</span> <span class="hashtag">#&lt;x&gt;</span> '
        '<span class="hashtag">#Tag</span> x#Tag #other  end</p>'
        '<footer><cite class="handle">@a&amp;b</cite></footer></blockquote>\n'
    )


def test_a_finished_record_is_kept_as_it_was() -> None:
    """tlgen's own export read back has its html, text and links: not made again."""
    done = Entry(
        "t-2016-03-14-1815", T, "18:15", "*new*", 10, html="<p>as published</p>\n", text="x"
    )
    assert enrich_entry(done) is done
    assert enrich_entry(done, keep_body=False) == dataclasses.replace(done, body="")


def test_a_posts_code_is_among_its_words_and_a_stray_hash_shows_nothing() -> None:
    post = entry("[@h](#) run `tlgen build` [#now](#)")
    assert [(e.handle, e.text, e.hashtags) for e in post.embeds] == [
        ("h", "run tlgen build #now", ("now",))
    ]
    stray = entry("#\n\ntext\n\n## \n\n###\tmore")
    assert stray.html == "<p>text</p>\n<h3>more</h3>\n"


def test_a_headline_that_is_a_sentence_is_read_for_statements() -> None:
    """A live blog may put the quotation in the update's headline, the body only adding to
    it; a short headline ("Putin speaks.") is a label, not read."""
    from pathlib import Path

    from generator.config import Config
    from generator.extract import enrich_event
    from generator.sources import native

    text = (
        "---\ntitle: T\ndate: 2016-03-14\n---\n\n"
        '## 18:15 — "We will not leave this city," said John Smith on Monday.\n\nRoads shut.\n\n'
        '## 18:20 — "We will not leave," said Tom Jones.\n\nMore.\n'
    )
    event = enrich_event(native.read("content/events/t.md", text, Config(root=Path("/s"))))
    assert [[(s.speaker, s.quote) for s in e.statements] for e in event.entries] == [
        [("John Smith", "We will not leave this city")],
        [],
    ]


def test_an_exported_updates_speakers_teach_the_later_updates_their_surnames() -> None:
    """An update read back from tlgen's export keeps its statements, and its speakers'
    surnames resolve in the updates after it: read in time order, not source order."""
    from datetime import date

    from generator.extract import enrich_event
    from generator.model import Event

    exported = Entry(
        "t-2016-03-14-1815",
        T,
        "18:15",
        "",
        10,
        html="<p>as published</p>\n",
        text="as published",
        statements=(Statement("Rishi Sunak", "rishi-sunak", "We will act"),),
    )
    later = Entry(
        "t-2016-03-14-1820",
        T.replace(minute=20),
        "18:20",
        '"We will not wait," Sunak said.',
        14,
    )
    event = Event("t", "T", date(2016, 3, 14), "UTC", (later, exported), "content/events/t.md")
    assert [[(s.speaker, s.quote) for s in e.statements] for e in enrich_event(event).entries] == [
        [("Rishi Sunak", "We will not wait")],
        [("Rishi Sunak", "We will act")],
    ]


def test_a_blockquote_that_is_no_post_is_its_speakers_words() -> None:
    """A quotation set as a blockquote has no quotation marks in the text: the markup says
    it is someone's words, and "X said:" before it says whose."""
    from datetime import date

    from generator.extract import enrich_event
    from generator.model import Event

    body = "John Smith, the mayor, said:\n\n> We will not leave this city to the floods.\n\nRoads."
    event = Event("t", "T", date(2016, 3, 14), "UTC", (Entry("t-1", T, "18:15", body, 10),), "t.md")
    (entry_,) = enrich_event(event).entries
    assert [(s.speaker, s.quote) for s in entry_.statements] == [
        ("John Smith", "We will not leave this city to the floods.")
    ]
