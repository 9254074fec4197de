"""markdown-it-pyrs behind ``extract.enrich_entry`` gives byte for byte what markdown-it-py
gives (the reference): html, text, embeds, hashtags and links, on real bodies, on the
shapes the two were seen to differ on, and on many generated ones (seeded, so a failure
is the same on every run). No timings: ``bench/`` measures the gain."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import generator.extract as extract
from generator.build import read_event
from generator.config import load_config
from generator.extract import enrich_entry
from generator.markup import fast_parser
from generator.model import MARKDOWN, Entry

pytestmark = pytest.mark.skipif(fast_parser() is None, reason="markdown-it-pyrs not installed")

T = datetime(2016, 3, 14, 18, 15, tzinfo=UTC)


def _entry(body: str) -> Entry:
    return Entry("t-2016-03-14-1815", T, "18:15", body, 10)


def reference(body: str) -> Entry:
    """The entry as markdown-it-py alone makes it."""
    fast, extract._fast_markdown = extract._fast_markdown, lambda body: None  # type: ignore[assignment]
    try:
        return enrich_entry(_entry(body))
    finally:
        extract._fast_markdown = fast


def same(body: str) -> bool:
    """Whether the fast path took the body; fails the test if it took it wrongly."""
    took = extract._fast_markdown(body) is not None
    assert enrich_entry(_entry(body)) == reference(body), repr(body)
    return took


def test_a_typical_update_takes_the_fast_path() -> None:
    body = (
        "The ministry closed the *inquiry* in Lagos. Read [the report](https://e.org/r). "
        "[#Strike](#)\n\n[@RT.com](#) [#Putin](#) orders a **withdrawal** "
        '<http://on.rt.com/76wy>\n\nLucia Osei said: "It is far too early," he said.'
    )
    assert same(body)
    entry = enrich_entry(_entry(body))
    assert [e.handle for e in entry.embeds] == ["RT.com"]
    assert entry.hashtags == ("Strike", "Putin")
    assert entry.links == ("https://e.org/r",)


def test_an_autolink_beside_a_list_takes_the_fast_path() -> None:
    """Its ">" is no quote marker: the list does not send the body to the reference."""
    assert same("Counted:\n\n- 2501 people\n- 42 people\n\n[@h](#) Live <https://t.example/4a>")
    assert same("1. one\n2. two <http://a.b/c> and a > b")
    assert not same("- a\n\n> quoted <http://a.b>")


@pytest.mark.parametrize(
    "body",
    [
        "Text with a NUL\x00 byte.",
        "\r\n\xa0",
        "\xa0[#Tag](#) b",
        "x\u2003y\n\n\u3000z",
        "</p></p><http://x.y/%C3%A9>a",
        "<http://xn--e1a.com> <HTTP://X.Y> <mailto:a@b>",
        "[x](<a b>) [y](http://e.org/é) [z](ftp://q) [j](javascript:x)",
        "> ",
        "> a\n-",
        "> x\n2) a",
        "> >   > \t<https://a.b/c>word>",
        "> > > \t<https://a.b/c>w",
        "+ > x\n  2) c",
        "|a|b|\n|-|-|\n|1|2|\n* ",
        "> minister said * | \n --- \n",
        "~~~[ref]: http://r.s\n+ a",
        "```\ncode\n",
        "[`",
        "x [`",
        "`c`[`",
        "[x](# \"t\") [#y](# 'z')",
        "[*a*](#) [#a *b*](#) [\n#x](#) [`c`](#) [](#) [x]()",
        "- [@l](#) listed post",
        "1. x\n\n   [@n](#) nested post <https://a.b/c>",
        "> [@q](#) quoted post [#t](#)",
        "[@h *x*](#) post",
        "[@RT.com](#) a ![img](http://i.png) b <http://one.org> <http://two.org> [#T](#)",
        "[@h](#)",
        '![alt *x*](http://i/p.png "t") words',
        "    indented code\n\ntext",
        "a  \nb\\\nc",
        "&amp; &copy; &bogus; &#35; \\# \\*",
        # a post's address is its first autolink; a link may look like one
        "[@h](#) see [http://a.b](http://a.b) <http://a.b>",
        "[@h](#) see <http://a.b> [http://a.b](http://a.b)",
        "[@h](#) see [http://a.b] <http://c.d>\n\n[http://a.b]: http://a.b",
        "[@h](#) `<http://a.b>` [http://a.b](http://a.b)",
        "[@h](#) ![i](http://i.png) [http://a.b](http://a.b) <http://a.b>",
        "[@h](#) <a@b.c> [a@b.c](mailto:a@b.c)",
        "[@h](#) [x](http://q.r) <http://a.b/%C3%A9>",
        "# [@h](#) a heading\n\n[@g](#) a post <http://a.b>",
        "- a\n  ***\n  [@h](#) after a rule",
        "> [@q](#) quoted post <http://a.b>\n>\n> [@r](#) another",
        # declined today (a "`" beside a "[", an empty heading): should the fast path take
        # them, it must agree; what the reference makes is in tests/unit/test_extract.py
        "[@h](#) run `tlgen build` [#now](#)",
        "#\n\ntext\n\n## \n\n###\tmore",
    ],
)
def test_where_the_two_parsers_were_seen_to_differ(body: str) -> None:
    same(body)


def test_a_post_is_read_from_the_html_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """markdown-it-pyrs parses a body once: its tree is asked for only where a link may
    look like the post's autolink."""
    md = fast_parser()

    class RenderOnly:
        def render(self, body: str) -> str:
            return str(md.render(body))

        def tree(self, body: str) -> None:
            raise AssertionError("parsed twice")

    monkeypatch.setattr("generator.markup.fast_parser", lambda: RenderOnly())
    assert same("Lagos [#Strike](#)\n\n[@RT.com](#) [#Putin](#) orders <http://on.rt.com/76wy>")
    assert same("[@h](#) words [#t](#) <mailto:a@b.c> <http://x.y>")
    assert same("[@h](#) a post <http://x.y>\n\nRead [the report](#) again.")
    # a link whose words are not its address looks like no autolink
    assert same("Read [our report](https://a.b/r).\n\n[@h](#) words <https://t.example/1>")
    # a link whose words are an address the body does not put in brackets is no link
    assert same("See [the report](http://x.y).\n\n[@h](#) words <http://x.y> [#t](#)")
    for body in (  # which is the autolink?
        "[@h](#) a post [http://a.b](http://a.b) <http://a.b>",
        "[@h](#) a post [http://a.b][] <http://a.b>\n\n[http://a.b]: http://a.b",
        "[@h](#) a post [http://a.b\\_c](http://a.b_c) <http://a.b_c>",  # escaped in the body
        "[@h](#) a post [http://a.b/&#95;](http://a.b/_) <http://a.b/_>",  # an entity
    ):
        with pytest.raises(AssertionError, match="parsed twice"):
            extract._fast_markdown(body)


def test_the_unsure_characters_are_found_without_the_pattern() -> None:
    """``_unsure_char`` answers as ``_UNSURE_CHAR`` for every character the pattern
    knows and around, in ASCII text and in other text."""
    for code in range(0x3100):
        char = chr(code)
        for body in (f"ab{char}c\n", f"é\n{char}"):
            found = extract._UNSURE_CHAR.search(body) is not None
            assert extract._unsure_char(body) == found, hex(code)


def test_a_quote_marker_is_found_as_a_multiline_pattern_finds_it() -> None:
    marker = re.compile(r"^[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*>", re.M)
    rng = random.Random(5)
    pieces = ["a", " ", "\t", "\n", ">", "-", "+", "*", "1.", "2)", "1234567890.", "<x>", "\r"]
    for _ in range(20000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert extract._quote_marker(body) == bool(marker.search(body)), repr(body)


# pieces of generated bodies: markup, prose, and the shapes of social posts
MARKUP = [
    *("a", "b c", " ", "  ", "\n", "\n\n", "*", "**", "_", "~~", "`", "[", "]", "(", ")"),
    *("#", "# ", "## ", "@", "[#Tag](#)", "[@h](#)", "[x](#)", "[x]()", "\\", "\\#"),
    *("[x](http://e.org/é)", "[y](https://a.b/c?d=1&e=2)", "<http://x.y/%C3%A9>"),
    *("<mailto:a@b>", "<ftp://x>", "[z](ftp://q)", "[j](javascript:x)", "![i](http://i.png)"),
    *("&amp;", "&#35;", "&copy;", "&bogus;", "> ", "- ", "1. ", "    ", "```", "~~~", "---\n"),
    *("|a|b|\n|-|-|\n|1|2|\n", "===\n", "<b>", "</p>", '"', "'", "\xa0", "\t", "[ref]"),
    *("[ref]: http://r.s\n", '[x](# "t")', "[x](<a b>)", "é", "日本", "\r\n", "\x00"),
    *("[#a *b*](#)", "[*a*](#)", "[\n#x](#)", "[`c`](#)", "*[#t](#)*", "  \n", "-", "+ "),
    *("* ", "2) ", "<HTTP://X.Y>", "<http://xn--e1a.com>", "[a](HTTP://x)", "\u2003"),
    *("[a][]", "![", "**[#x](#)**", "[#Tag](#).", "[#Tag](#)[#T2](#)", "\n[#z](#)"),
]
PROSE = [
    *("The", "minister", "said", '"we will"', "'not'", "Lagos", "é", "—", "…", "“quoted”"),
    *("(a)", "[b]", "a.", "b,", "c;", "20:15", "3.5%", "&", "<", ">", "*a*", "**b**", "_c_"),
    *("~~e~~", "[#Tag](#)", "[@handle](#)", "[link](https://ex.org/a_b)", "#hash", "@at"),
    *("[l2](http://ex.org/(x))", "<https://ex.org/x?y=z>", "https://bare.org/x", "\\*"),
    *("&quot;", "&nbsp;", "&#8217;", "1.", "2)", "-", "*", "+", "#", "---", "\n", "\n\n"),
    *("\n\n", "  \n", "\n> ", "\n- ", "\n1. ", "\n## ", "\n    ", "|", "O'Brien", "U.S."),
    *("snake_case_word", "2*3*4"),
]
POST_WORDS = [
    *("word", "#x", "[#Tag](#)", "[#T *e*](#)", "[*e* #T](#)", "[@other](#)", "*em*"),
    *("<http://on.rt.com/76wy>", "<https://a.b/c>", "<mailto:a@b.c>", "**strong**", "~~s~~"),
    *("[l](http://x.y)", "![img](http://i.png)", "&amp;", "\\#", "é", "\n", "  \n", "'q'"),
    *("[](#)", "[x]()", "code`", "@h", "(", ")", "[", "]", "[@h](#)", '[@h](# "t")', "[@ a b](#)"),
    # links whose words are their address, beside autolinks that look the same
    *("[http://x.y](http://x.y)", "<http://x.y>", "[http://x.y][]", "[http://x.y]", "[a@b.c]"),
    *("[a@b.c](mailto:a@b.c)", "<a@b.c>", "[http://x.y\\_z](http://x.y_z)", "<http://x.y_z>"),
    *(
        "[http://x.y/?a&amp;b](http://x.y/?a&b)",
        "<http://x.y/?a&b>",
        "\n\n[http://x.y]: http://x.y",
    ),
]
POST_LEADS = [
    *("[@RT.com](#) ", "[@h](#)", "[@ h ](#) ", "[@h]() ", "[@h *x*](#) ", "[#t](#) ", ""),
    *("text ", "> [@q](#) ", "- [@l](#) ", "1. x\n\n   [@n](#) ", "* a\n\n  [@m](#) b\n\n"),
]


def _generated(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        kind = rng.randrange(3)
        if kind == 0:
            yield "".join(rng.choice(MARKUP) for _ in range(rng.randint(1, 25)))
        elif kind == 1:
            yield " ".join(rng.choice(PROSE) for _ in range(rng.randint(1, 60)))
        else:
            yield "\n\n".join(
                rng.choice(POST_LEADS)
                + " ".join(rng.choice(POST_WORDS) for _ in range(rng.randint(0, 12)))
                for _ in range(rng.randint(1, 4))
            )


@pytest.mark.parametrize("seed", range(4))
def test_generated_bodies(seed: int) -> None:
    taken = sum(same(body) for body in _generated(seed, 1500))
    assert taken > 300  # the fast path is exercised, not just the fallback


def _corpus_bodies(corpus: Path, tmp_path: Path) -> Iterator[str]:
    shutil.copytree(corpus, tmp_path / "seeds")
    (tmp_path / "site.yml").write_text("title: x\ntimezone: UTC\n")
    config = load_config(tmp_path / "site.yml")
    for path in sorted((tmp_path / "seeds").rglob("*")):
        if path.is_file() and path.suffix != ".yml" and path.name != "SOURCES.md":
            event, _ = read_event(config, path)
            yield from (e.body for e in event.entries if e.body_format == MARKDOWN)


def test_the_shared_corpus(corpus: Path, tmp_path: Path) -> None:
    for body in _corpus_bodies(corpus, tmp_path):
        same(body)


def test_without_markdown_it_pyrs_the_reference_does_it_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = "Protests in [#Cairo](#) and [a link](https://example.org/x)."
    fast = enrich_entry(_entry(body))
    monkeypatch.setattr("generator.markup.fast_parser", lambda: None)
    assert extract._fast_markdown(body) is None
    assert enrich_entry(_entry(body)) == fast


def test_a_panic_of_markdown_it_pyrs_leaves_the_body_to_the_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A shape not yet known to panic it (``[`` before an unclosed backtick is, and is
    never given to it) costs a message on stderr from Rust, never the build."""
    md = fast_parser()
    assert md is not None

    class PanicException(BaseException):  # pyo3's, should a later version not panic here
        pass

    panic: BaseException = PanicException("index out of bounds")
    try:
        md.tree("x [`")
    except BaseException as exc:
        panic = exc
    assert type(panic).__name__ == "PanicException"
    body = "Protests in [#Cairo](#)."

    class Panicking:  # whichever it is asked first
        def render(self, body: str) -> None:
            raise panic

        def tree(self, body: str) -> None:
            raise panic

    monkeypatch.setattr("generator.markup.fast_parser", lambda: Panicking())
    assert extract._fast_markdown(body) is None
    assert enrich_entry(_entry(body)) == reference(body)
