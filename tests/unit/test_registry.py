from __future__ import annotations

import pytest

from generator.errors import TlgenError
from generator.registry import parse_registry


def problems(text: str) -> list[str]:
    with pytest.raises(TlgenError) as err:
        parse_registry(text, "content/speakers.yml")
    return [p.render() for p in err.value.problems]


def test_names_aliases_and_lookup() -> None:
    registry = parse_registry(
        "- name: Vladimir Putin\n  aliases: [Putin, President Putin]\n  role: President\n"
        "  wikidata: Q7747\n- name: Sergey Lavrov\n",
        "content/speakers.yml",
    )
    speaker = registry.lookup("president  PUTIN")
    assert speaker is not None and speaker.slug == "vladimir-putin"
    assert speaker.role == "President" and speaker.wikidata == "Q7747"
    assert registry.lookup("Lavrov") is None


def test_duplicate_alias_unknown_key_missing_name() -> None:
    assert problems(
        "- name: A Person\n  aliases: [Same]\n- name: B Person\n  aliases: [Same]\n"
        "  rol: x\n- aliases: [Nobody]\n"
    ) == [
        "content/speakers.yml:5: unknown key 'rol'\n  hint: did you mean 'role'?",
        "content/speakers.yml:4: 'Same' already names A Person (line 1)\n"
        "  hint: an alias must name one person; remove it from one of them",
        "content/speakers.yml:6: speaker without a 'name'\n  hint: add 'name: Full Name'",
    ]


def test_the_example_registry_loads() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "content" / "speakers.yml"
    registry = parse_registry(path.read_text(encoding="utf-8"), "content/speakers.yml")
    assert {s.name for s in registry.speakers.values()} >= {"Vladimir Putin", "Dmitry Peskov"}


def test_dated_aliases_name_the_holder_of_a_role_at_the_time() -> None:
    from datetime import date

    registry = parse_registry(
        "- name: Dmitry Medvedev\n  aliases: [{name: the Russian president, from: 2008-05-07,"
        " to: 2012-05-06}]\n- name: Vladimir Putin\n  aliases: [{name: the Russian president,"
        " from: 2012-05-07}]\n",
        "content/speakers.yml",
    )
    assert registry.lookup("the Russian president") is None  # no date, no guess
    medvedev = registry.lookup("The Russian President", date(2010, 1, 1))
    putin = registry.lookup("the Russian president", date(2016, 3, 14))
    assert medvedev is not None and medvedev.name == "Dmitry Medvedev"
    assert putin is not None and putin.name == "Vladimir Putin"
    assert registry.lookup("the Russian president", date(2000, 1, 1)) is None


def test_overlapping_dated_aliases() -> None:
    (found,) = problems(
        "- name: A Person\n  aliases: [{name: the chief, from: 2010-01-01}]\n"
        "- name: B Person\n  aliases: [{name: the chief, from: 2015-01-01, to: 2016-01-01}]\n"
    )
    assert found.startswith("content/speakers.yml:4: 'the chief' names A Person in the same time")
