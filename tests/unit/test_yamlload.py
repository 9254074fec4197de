from __future__ import annotations

import pytest

from generator.errors import TlgenError
from generator.yamlload import dump, load_yaml


def test_core_schema_keeps_times_and_norway_as_text() -> None:
    doc = load_yaml(
        "time: 12:30\ncountry: NO\nday: 2016-03-14\nyes: yes\nn: 7\nf: 1.5\nb: true\nz:\n", "f.yml"
    )
    assert doc.data == {
        "time": "12:30",
        "country": "NO",
        "day": "2016-03-14",
        "yes": "yes",
        "n": 7,
        "f": 1.5,
        "b": True,
        "z": None,
    }


def test_lines_are_counted_in_the_file() -> None:
    doc = load_yaml("a: 1\nb:\n  c: 2\nlist:\n  - x\n  - y\n", "f.yml", first_line=5)
    assert doc.line("a") == 5
    assert doc.line("b", "c") == 7
    assert doc.line("list", 1) == 10
    assert doc.line("missing") == 5


def test_syntax_error_has_file_line() -> None:
    with pytest.raises(TlgenError) as err:
        load_yaml("a: 1\nb: [unclosed\n", "f.yml", first_line=2)
    (problem,) = err.value.problems
    assert problem.location is not None and problem.location.path == "f.yml"
    assert problem.location.line >= 3
    assert "YAML syntax error" in problem.message


def test_duplicate_key() -> None:
    with pytest.raises(TlgenError) as err:
        load_yaml("title: a\ntitle: b\n", "f.yml")
    (problem,) = err.value.problems
    assert str(problem.location) == "f.yml:2:1"
    assert "duplicate key 'title' (first on line 1)" in problem.message


def test_python_tags_are_refused() -> None:
    with pytest.raises(TlgenError) as err:
        load_yaml("x: !!python/object/apply:os.system ['echo hi']\n", "f.yml")
    assert "not allowed" in err.value.problems[0].message


def test_alias_bomb_is_refused() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for name in "bcdefghij":
        bomb += f"{name}: &{name} [{', '.join('*' + prev for _ in range(10))}]\n"
        prev = name
    with pytest.raises(TlgenError) as err:
        load_yaml(bomb, "f.yml")
    assert "too many values" in err.value.problems[0].message


def test_nesting_too_deep_for_the_stack_is_refused() -> None:
    """Hundreds of nested lists in a front matter took the build down (RecursionError;
    PyYAML 6.0.4 refuses a thousand itself); a hundred levels still read."""
    with pytest.raises(TlgenError) as err:
        load_yaml("title: x\ntags: " + "[" * 500 + "]" * 500 + "\n", "f.yml", first_line=2)
    (problem,) = err.value.problems
    assert problem.message == "YAML nested more than 100 levels deep"
    assert problem.location is not None and problem.location.line == 3
    assert load_yaml("a: " + "[" * 100 + "]" * 100 + "\n", "f.yml").data is not None


@pytest.mark.parametrize(
    "text", ["0E0", "1e5", ".5e3", "0o17", "0x1F", "+1", "1.", "True", "yes", "NO", "12:30",
             "2016-03-14", "null", "~", "", ".inf", "-", "a: b", "#x", "Ünïcode"],
)  # fmt: skip
def test_what_is_dumped_reads_back_as_it_was(text: str) -> None:
    """``dump`` (tlgen import's front matter) quotes a string wherever the core schema,
    or YAML 1.1, would read it as something else: ``0E0`` is a float to the first only."""
    data = {"title": text, "tags": [text], "n": 7}
    assert load_yaml(dump(data), "f.yml").data == data
