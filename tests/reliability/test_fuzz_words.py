"""Fuzzing a site's table of words: whatever ``themes/default/strings/de.yml`` holds, its
loading raises nothing (a located problem at most), and every word it lets through can
be said on a page with the values the theme gives it (``TLGEN_FUZZ_EXAMPLES`` as for the
readers)."""

from __future__ import annotations

import os
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.config import parse_config
from generator.words import CATEGORIES, load_words

from .strategies import CHARS

FUZZ = settings(
    max_examples=int(os.environ.get("TLGEN_FUZZ_EXAMPLES", "100")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ROOT = Path(__file__).resolve().parents[2]
ENGLISH = yaml.safe_load((ROOT / "themes/default/strings/en.yml").read_text("utf-8"))
KEYS = sorted(ENGLISH)


def names_of(word: str | dict[str, str]) -> list[str]:
    texts = word.values() if isinstance(word, dict) else [word]
    return sorted({n for t in texts for _, n, _, _ in string.Formatter().parse(t) if n})


NAMES = {key: names_of(word) for key, word in ENGLISH.items()}


def text_for(key: str) -> st.SearchStrategy[str]:
    """Text for a word: its own values, written well and badly (a format, a conversion,
    a nested value, an attribute), other names, lone and doubled braces."""
    value = st.builds(
        "{{{}{}}}".format,
        st.sampled_from([*NAMES[key], "x", "0", ""]),
        st.sampled_from(["", "", ":d", ":>9", "!r", "!a", ":{count}", ".real", "[0]"]),
    )
    braces = st.sampled_from(["{", "}", "{{", "}}"])
    return st.lists(st.one_of(value, st.text(CHARS, max_size=6), braces), max_size=5).map("".join)


def word_for(key: str) -> st.SearchStrategy[object]:
    text = text_for(key)
    forms = st.dictionaries(st.sampled_from([*CATEGORIES, "sevral", "1"]), text, max_size=4)
    return st.one_of(text, forms, st.integers(), st.none(), st.lists(text, max_size=2))


TABLE = st.lists(
    st.one_of(
        st.sampled_from(KEYS).flatmap(lambda k: st.tuples(st.just(k), word_for(k))),
        st.tuples(st.text(CHARS, max_size=6), word_for("events")),
    ),
    max_size=8,
).map(dict)


def values_of(key: str, markup: bool) -> dict[str, object]:
    """A value for each ``{name}`` the English word takes, as the theme passes them: a
    number, text, or markup (a link)."""
    other = Markup("<a>x</a>") if markup else "x<y"
    return {n: 3 if n in ("count", "number", "shown") else other for n in NAMES[key]}


@FUZZ
@given(table=TABLE, raw=st.booleans(), junk=st.text(CHARS, max_size=60))
def test_any_table_loads_and_speaks(
    tmp_path: Path,
    table: dict[str, object],
    raw: bool,
    junk: str,
) -> None:
    folder = tmp_path / "themes" / "default" / "strings"
    folder.mkdir(parents=True, exist_ok=True)
    text = junk if raw else yaml.safe_dump(table, allow_unicode=True)
    (folder / "de.yml").write_text(text, encoding="utf-8")
    words, problems = load_words(parse_config("language: de\n", tmp_path))
    assert all(p.location is not None for p in problems)
    for key in KEYS:
        for markup in (False, True):
            assert isinstance(words(key, **values_of(key, markup)), str)
