"""The theme's words: the shipped tables, a site's changes to them, and dates per language."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest
from babel import Locale
from markupsafe import Markup

from generator.config import parse_config
from generator.theme import builtin_themes_dir
from generator.words import CATEGORIES, load_words

STRINGS = builtin_themes_dir() / "default" / "strings"
TABLES = sorted(p.stem for p in STRINGS.glob("*.yml"))


def config_for(root: Path, language: str):  # type: ignore[no-untyped-def]
    return parse_config(f"language: {language}\n", root)


def names(text: str) -> set[str]:
    return {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}


def test_the_shipped_languages() -> None:
    assert TABLES == ["de", "en", "es", "fr", "it", "nl", "pl", "pt", "ru"]


@pytest.mark.parametrize("tag", TABLES)
def test_a_shipped_table_is_whole_and_clean(tmp_path: Path, tag: str) -> None:
    """Every word of English, no other, and every plural category the language uses for
    whole numbers (Polish "3 wpisy", "5 wpisów"), with no value English lacks."""
    words, problems = load_words(config_for(tmp_path, tag))
    assert problems == []
    english = load_words(config_for(tmp_path, "en"))[0].table
    own = words.table
    assert own.keys() == english.keys()
    locale = Locale.parse(tag)
    used = {locale.plural_form(n) for n in [*range(0, 1001), 1_000_000, 2_000_000]}
    for key, word in own.items():
        if isinstance(english[key], dict):
            assert isinstance(word, dict), key
            assert used <= word.keys() <= set(CATEGORIES), (key, used)
        texts = word.values() if isinstance(word, dict) else [word]
        allowed = set().union(
            *map(names, english[key].values() if isinstance(english[key], dict) else [english[key]])
        )  # type: ignore[union-attr]
        for text in texts:
            assert names(text) <= allowed, (key, text)
    # a table that says nothing in English where its language has words
    if tag != "en":
        same = {k for k in own if own[k] == english[k] and not k.startswith("coverage_")}
        assert len(same) <= len(own) // 10, same  # French "Site", Dutch "Updates"


def test_words_and_plurals(tmp_path: Path) -> None:
    de = load_words(config_for(tmp_path, "de"))[0]
    assert de("updates_count", count=1) == "1 Meldung"
    assert de("updates_count", count=30) == "30 Meldungen"
    pl = load_words(config_for(tmp_path, "pl"))[0]
    assert [pl("updates_count", count=n) for n in (1, 3, 5, 22, 25)] == [
        "1 wpis",
        "3 wpisy",
        "5 wpisów",
        "22 wpisy",
        "25 wpisów",
    ]
    en = load_words(config_for(tmp_path, "en"))[0]
    assert en("updates_count", count=1) == "1 update"
    assert en("updates_count", count=0) == "0 updates"
    # a value that is markup (a link) stays markup; the word around it is escaped
    link = Markup('<a href="/timeline/">timeline</a>')
    said = en("listed_timeline", link=link)
    assert type(said) is Markup and said == 'on the <a href="/timeline/">timeline</a>'
    assert en("cite_title", title="<b>") == "“<b>”"  # plain text: the template escapes it


def test_dates_by_language(tmp_path: Path) -> None:
    en = load_words(config_for(tmp_path, "en"))[0]
    de = load_words(config_for(tmp_path, "de"))[0]
    pl = load_words(config_for(tmp_path, "pl"))[0]
    day, later = date(2016, 10, 9), date(2016, 10, 12)
    assert en.day(day) == "9 October 2016"  # tlgen's own English, as ever
    assert en.span(day, later) == "9–12 October 2016"
    assert en.month("2016-10") == "October 2016"
    assert de.day(day) == "9. Oktober 2016"
    assert de.month("2016-10") == "Oktober 2016"
    assert pl.day(day) == "9 października 2016"  # a day's month: genitive
    assert pl.month("2016-10") == "październik 2016"  # a month heading: nominative
    assert pl.span(day, later) == "9–12 października 2016"
    assert de.day(date(800, 3, 1)) == "1. März 800" and de.month("1-03") == "März 1"
    en_gb = load_words(config_for(tmp_path, "en-GB"))[0]
    assert en_gb.locale is None and en_gb.day(day) == "9 October 2016"


def test_a_regional_tag_reads_its_language(tmp_path: Path) -> None:
    words, problems = load_words(config_for(tmp_path, "de-AT"))
    assert problems == []
    assert words("events") == "Ereignisse"
    assert words.day(date(2017, 1, 3)) == "3. Jänner 2017"  # Austrian dates, CLDR's


def test_a_language_without_words(tmp_path: Path) -> None:
    words, problems = load_words(config_for(tmp_path, "ja"))
    assert [p.severity for p in problems] == ["warning"]
    assert "no words in the language 'ja'" in problems[0].message
    assert "themes/default/strings/ja.yml" in problems[0].hint
    assert words("events") == "Events"
    assert words.day(date(2016, 10, 9)) == "2016年10月9日"
    words, problems = load_words(config_for(tmp_path, "qq"))
    assert [p.message.split(":")[0] for p in problems] == [
        "the theme has no words in the language 'qq'",
        "no dates are known in the language 'qq'",
    ]
    assert words.day(date(2016, 10, 9)) == "9 October 2016"


def write_table(root: Path, name: str, text: str) -> Path:
    folder = root / "themes" / "default" / "strings"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_a_site_changes_one_word(tmp_path: Path) -> None:
    write_table(
        tmp_path,
        "de.yml",
        'events: Geschehnisse\nupdates_count: {one: "ein Eintrag", other: "{count} Einträge"}\n',
    )
    words, problems = load_words(config_for(tmp_path, "de"))
    assert problems == []
    assert words("events") == "Geschehnisse"
    assert words("updates_count", count=1) == "ein Eintrag"  # a value may be left out
    assert words("timeline") == "Chronik"  # the rest is the theme's
    write_table(tmp_path, "en.yml", "skip: Skip to the text\n")
    assert load_words(config_for(tmp_path, "en"))[0]("skip") == "Skip to the text"


@pytest.mark.parametrize(
    ("text", "line", "message", "severity"),
    [
        ("events: Geschehnisse\nevnts: x\n", 2, "unknown word 'evnts'", "warning"),
        (
            "events: Geschehnisse\nabout: 'von {generatr}'\n",
            2,
            "the word 'about' has no value {generatr}",
            "error",
        ),
        ("events: 'a {'\n", 1, "a lone brace in the word 'events'", "error"),
        ("days_count: {one: '{count:d}', other: x}\n", 1, "a value with a format", "error"),
        ("also_written: '{names!r}'\n", 1, "a value with a format in the word", "error"),
        ("days_count: {other: '{count:{x}}'}\n", 1, "a value with a format", "error"),
        ("events: {one: a, other: b}\n", 1, "the word 'events' has no count to follow", "error"),
        ("updates_count: {one: a}\n", 1, "the word 'updates_count' is text, or a mapping", "error"),
        (
            "updates_count:\n  one: a\n  sevral: b\n  other: c\n",
            3,
            "unknown plural category 'sevral'",
            "error",
        ),
        ("events: [a, b]\n", 1, "the word 'events' is text, or a mapping", "error"),
        ("events: 'a\n", 2, "YAML syntax error", "error"),
        ("- a\n", 1, "a table of words is a mapping", "error"),
    ],
)
def test_mistakes_in_a_table_are_located(
    tmp_path: Path, text: str, line: int, message: str, severity: str
) -> None:
    write_table(tmp_path, "de.yml", text)
    words, problems = load_words(config_for(tmp_path, "de"), lambda p: p.name)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert message in problem.message
    assert problem.severity == severity
    assert problem.location is not None and problem.location.path == "de.yml"
    assert problem.location.line == line
    assert words("events") in ("Ereignisse", "Geschehnisse")  # the pages can still be made
