from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import TlgenError
from generator.registry import Registry, load_registry, parse_registry


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "name: A Person\n",
            [
                "content/speakers.yml:1: speakers.yml must be a list of speakers\n"
                "  hint: each item: '- name: Vladimir Putin' with aliases, role, description"
            ],
            id="not-a-list",
        ),
        pytest.param(
            "speakers:\n  - name: A Person\n  - 3\n",
            [
                "content/speakers.yml:3: a speaker must be a mapping with at least 'name'\n"
                "  hint: e.g. - name: Full Name"
            ],
            id="an-item-not-a-mapping-under-speakers",
        ),
        pytest.param(
            "- name: A Person\n  aliases: {the boss: 1}\n",
            [
                "content/speakers.yml:2: 'aliases' must be a list of names\n"
                "  hint: e.g. aliases: [Putin, President Putin]"
            ],
            id="aliases-a-mapping",
        ),
        pytest.param(
            "- name: A Person\n  aliases:\n    - 7\n    - {name: the chief, form: 2010-01-01}\n"
            "    - {name: the boss, from: 2010-02-30}\n",
            [
                "content/speakers.yml:3: an alias is a name, or {name, from, to} for a role "
                "held for a time\n  hint: e.g. - {name: the Russian president, from: 2012-05-07}",
                "content/speakers.yml:4: unknown key 'form' in a dated alias\n"
                "  hint: did you mean 'from'?",
                "content/speakers.yml:5: impossible date '2010-02-30': day is out of range for "
                "month\n  hint: dates read like from: 2012-05-07",
            ],
            id="aliases-of-the-wrong-kind",
        ),
        pytest.param(
            "- name: A Person\n  role: [minister]\n  description: 3\n",
            [
                "content/speakers.yml:2: 'role' must be text\n  hint: put it in quotes",
                "content/speakers.yml:3: 'description' must be text\n  hint: put it in quotes",
            ],
            id="texts-not-text",
        ),
        pytest.param(
            "- name: A Person\n  slug: Not Safe\n",
            [
                "content/speakers.yml:2: slug 'Not Safe' is not a URL-safe name\n"
                "  hint: e.g. 'not-safe'"
            ],
            id="unsafe-slug",
        ),
        pytest.param(
            "- name: A Person\n- name: B Person\n  slug: a-person\n",
            [
                "content/speakers.yml:2: two speakers claim /speakers/a-person/ (the first on "
                "line 1)\n  hint: give one of them a 'slug:' of its own"
            ],
            id="one-slug-claimed-twice",
        ),
        pytest.param(
            "- name: A Person\n  aliases:\n    - AA\n    - Shared\n"
            "- name: B Person\n  aliases:\n    - BA\n    - Shared\n",
            [
                "content/speakers.yml:8: 'Shared' already names A Person (line 1)\n"
                "  hint: an alias must name one person; remove it from one of them"
            ],
            id="a-shared-alias-at-its-own-line",
        ),
        pytest.param(
            "- name: A Person\n- name: B Person\n  aliases: [x]\n"
            "- name: a  PERSON\n  slug: other\n",
            [
                "content/speakers.yml:4: 'a  PERSON' already names A Person (line 1)\n"
                "  hint: an alias must name one person; remove it from one of them"
            ],
            id="a-name-another-speaker-has",
        ),
    ],
)
def test_each_malformed_entry_is_reported_at_its_line(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_a_single_alias_may_be_written_as_text_and_blank_aliases_name_nobody() -> None:
    registry = parse_registry(
        "speakers:\n  - name: A Person\n    aliases: The Boss\n"
        "  - name: B Person\n    aliases: ['', '  ']\n  - name: C Person\n    aliases: ['']\n",
        "content/speakers.yml",
    )
    boss = registry.lookup("the boss")
    assert boss is not None and boss.slug == "a-person"
    assert registry.speakers["b-person"].aliases == ()
    assert registry.lookup("") is None


def test_the_registry_file_absent_or_not_utf8(tmp_path: Path) -> None:
    assert load_registry(tmp_path / "speakers.yml", "content/speakers.yml") == Registry()
    path = tmp_path / "speakers.yml"
    path.write_bytes(b"- name: Jos\xe9\n")
    with pytest.raises(TlgenError) as err:
        load_registry(path, "content/speakers.yml")
    assert [p.render() for p in err.value.problems] == [
        "content/speakers.yml: not valid UTF-8 at byte 11\n  hint: save the file as UTF-8"
    ]
