"""The theme's words in the site's language, and its dates as that language writes them.

A theme keeps a table of words per language (``strings/<tag>.yml``, English the one
every other falls back to); a site changes any of them in its own
``themes/<theme>/strings/``. Dates in English are tlgen's own ("9 October 2016", as
every English page has been written); in any other language they are CLDR's, through
Babel, imported only then. Kept apart from rendering so that the build can report a
table's mistakes, located, before a page is made.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from generator.config import Config, nearest
from generator.errors import Location, Problem, TlgenError
from generator.theme import theme_dirs
from generator.yamlload import YamlDoc, load_yaml

BASE = "en"  # the language every table falls back to, word by word
CATEGORIES = ("zero", "one", "two", "few", "many", "other")  # CLDR's plural categories
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

Word = str | dict[str, str]  # a plain word, or its forms by plural category


def english_date(value: date) -> str:
    """``14 March 2016`` whatever the machine's locale."""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def english_range(start: date, end: date) -> str:
    if start == end:
        return english_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{english_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTH_NAMES[start.month - 1]} – {english_date(end)}"
    return f"{english_date(start)} – {english_date(end)}"


def english_month(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month - 1]} {year}"


@dataclass(frozen=True, slots=True)
class Words:
    """What templates call ``t``: ``t("updates_count", count=3)`` is "3 updates"; and the
    date filters. ``locale``: Babel's for the site's language, None for tlgen's English
    dates."""

    table: dict[str, Word]
    locale: Any = None
    _dates: dict[Any, str] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, key: str, /, **values: Any) -> str:
        try:
            word = self.table[key]
        except KeyError:
            raise KeyError(f"no word {key!r} in the theme's strings/{BASE}.yml") from None
        if type(word) is dict:
            word = word.get(self.plural(values.get("count", 0)), word["other"])
        assert type(word) is str
        if not values:
            return word
        for value in values.values():
            if type(value) is Markup:  # a link in the sentence
                return escape(word).format(**values)
        return word.format(**values)

    def plural(self, count: int) -> str:
        """The count's plural category in this language (CLDR)."""
        if self.locale is None:
            return "one" if count == 1 else "other"
        category: str = self.locale.plural_form(count)
        return category

    def day(self, value: date) -> str:
        """A day written out: ``9 October 2016``, ``9. Oktober 2016``."""
        if self.locale is None:
            return english_date(value)
        day = date(value.year, value.month, value.day)  # a datetime's day, not its time
        found = self._dates.get(day)
        if found is None:
            from babel.dates import format_date

            found = self._dates[day] = format_date(day, "long", locale=self.locale)
        return found

    def span(self, start: date, end: date) -> str:
        """Days from ``start`` to ``end``: ``14–15 March 2016``, ``14.–15. März 2016``."""
        if self.locale is None:
            return english_range(start, end)
        if start == end:
            return self.day(start)
        key = (start, end)
        found = self._dates.get(key)
        if found is None:
            from babel.dates import format_interval, match_skeleton

            skeleton = self._dates.get("skeleton")
            if skeleton is None:  # found once: Babel would look for it at every call
                formats = self.locale.interval_formats
                wanted = "yMMMMd"
                skeleton = wanted if wanted in formats else match_skeleton(wanted, formats)
                self._dates["skeleton"] = skeleton = skeleton or wanted
            found = self._dates[key] = format_interval(start, end, skeleton, locale=self.locale)
        return found

    def month(self, key: str) -> str:
        """``August 2024`` for a month key ``2024-08`` (``1-08`` in the year 1: ``%Y`` does
        not pad the year), as a heading names it (Polish: "sierpień 2024")."""
        year, month = key.rsplit("-", 1)
        if self.locale is None:
            return english_month(int(year), int(month))
        found = self._dates.get(key)
        if found is None:
            from babel.dates import format_skeleton

            first = date(int(year), int(month), 1)
            found = self._dates[key] = format_skeleton("yMMMM", first, locale=self.locale)
        return found

    def version(self) -> str:
        """What the dates depend on beyond the config: Babel's data, when it writes them."""
        if self.locale is None:
            return ""
        from importlib.metadata import version

        return "babel " + version("babel")

    def for_script(self) -> dict[str, Word]:
        """The words the page's script says (``js_`` ones), without their prefix."""
        return {k[3:]: v for k, v in self.table.items() if k.startswith("js_")}


def _names(tag: str) -> list[str]:
    """The tables a language reads, the least specific first: ``de-AT`` is en, de, de-AT."""
    parts = tag.replace("_", "-").split("-")
    names = [BASE] + ["-".join(parts[: i + 1]) for i in range(len(parts))]
    return list(dict.fromkeys(n for n in names if n))


def _files(config: Config, name: str) -> list[Path]:
    """A language's tables, the shipped theme's first: the site's copy wins, word by word."""
    found = []
    for folder in reversed(theme_dirs(config)):
        strings = folder / "strings"
        if strings.is_dir():
            for file in sorted(strings.iterdir()):
                if file.suffix == ".yml" and file.stem.casefold() == name.casefold():
                    found.append(file)
    return found


class _Formatted(ValueError):
    """A value written with a format or a conversion (``{count:d}``, ``{title!r}``):
    one that could fail on the page, so refused in the table."""


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` values of a word; a lone brace is a ValueError."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion:
            raise _Formatted(name)
        names.add(name)
    return names


def _read(
    file: Path, shown: str, reference: dict[str, Word] | None
) -> tuple[dict[str, Word], list[Problem]]:
    """One table's good words and its mistakes, checked against the reference table (the
    theme's English; None while reading that one)."""
    try:
        doc: YamlDoc = load_yaml(file.read_text(encoding="utf-8"), shown)
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [
            Problem(
                f"cannot read the table of words: {exc}",
                Location(shown),
                "save it as UTF-8 text",
            )
        ]
    except TlgenError as exc:
        return {}, list(exc.problems)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        return {}, [
            Problem(
                "a table of words is a mapping of names to words", doc.loc(), "e.g. search: Search"
            )
        ]
    words: dict[str, Word] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        found = _check(doc, str(key), value, reference)
        problems += found
        if not found:
            words[str(key)] = value
    return words, problems


def _check(doc: YamlDoc, key: str, value: Any, reference: dict[str, Word] | None) -> list[Problem]:
    """What is wrong with one word of a table."""
    loc = doc.loc(key)
    if reference is not None and key not in reference:
        hint = nearest(key, list(reference), "words")
        return [Problem(f"unknown word {key!r}", loc, hint, severity="warning")]
    forms = value if isinstance(value, dict) else {"other": value}
    if "other" not in forms or not all(isinstance(v, str) for v in forms.values()):
        return [
            Problem(
                f"the word {key!r} is text, or a mapping of plural categories to text with "
                "at least 'other'",
                loc,
                'write it in quotes, or as {one: "...", other: "..."}',
            )
        ]
    allowed: set[str] | None = None
    if reference is not None:
        english = reference[key]
        if isinstance(value, dict) and not isinstance(english, dict):
            return [Problem(f"the word {key!r} has no count to follow", loc, "write it as text")]
        texts = english.values() if isinstance(english, dict) else [english]
        allowed = set().union(*map(_placeholders, texts))
    problems = []
    for category, text in forms.items():
        where = doc.loc(key, category) if isinstance(value, dict) else loc
        if category not in CATEGORIES:
            hint = nearest(str(category), CATEGORIES, "categories")
            problems.append(
                Problem(f"unknown plural category {category!r} in {key!r}", where, hint)
            )
            continue
        try:
            names = _placeholders(text)
        except _Formatted as exc:
            hint = f"write the value as {{{exc}}}: the page fills it in as it is"
            problems.append(Problem(f"a value with a format in the word {key!r}", where, hint))
            continue
        except ValueError:
            hint = "a value is written {name}; a brace as text is written twice: {{ or }}"
            problems.append(Problem(f"a lone brace in the word {key!r}", where, hint))
            continue
        extra = sorted(names - allowed) if allowed is not None else []
        if extra:
            has = ", ".join(f"{{{n}}}" for n in sorted(allowed or ())) or "none"
            problems.append(
                Problem(
                    f"the word {key!r} has no value {{{extra[0]}}}", where, f"its values: {has}"
                )
            )
    return problems


def load_words(config: Config, display: Callable[[Path], str] = str) -> tuple[Words, list[Problem]]:
    """The site's words and what is wrong with their tables: a word with a mistake is
    left out (the reference's stands), so pages can always be made; the build reports
    the mistakes first. ``display``: how a file is named in a problem."""
    table: dict[str, Word] = {}
    problems: list[Problem] = []
    reference: dict[str, Word] | None = None
    translated = False
    for name in _names(config.language):
        for file in _files(config, name):
            words, found = _read(file, display(file), reference)
            problems += found
            table.update(words)
            if reference is None:
                reference = words  # the theme's own English: what the others may say
            translated = translated or name != BASE
    locale = None
    if not english(config.language):
        if not translated:
            problems.append(
                Problem(
                    f"the theme has no words in the language {config.language!r}: "
                    "its pages show English words",
                    config.loc("language"),
                    f"translate the theme's strings/en.yml into themes/{config.theme}/"
                    f"strings/{config.language}.yml in the site",
                    severity="warning",
                )
            )
        locale = _locale(config.language)
        if locale is None:
            problems.append(
                Problem(
                    f"no dates are known in the language {config.language!r}: "
                    "its pages write dates in English",
                    config.loc("language"),
                    "use a BCP 47 tag such as de, pt-BR or zh-Hant",
                    severity="warning",
                )
            )
    return Words(table, locale), problems


def english(tag: str) -> bool:
    """Whether a language tag is English's, whose dates tlgen writes itself."""
    return tag.replace("_", "-").split("-")[0].casefold() == BASE


def _locale(tag: str) -> Any:
    """Babel's locale for a BCP 47 tag, or None when CLDR has no such language."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None
