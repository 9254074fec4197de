"""Compiled patterns kept between processes (``generator.patterns``): a pattern made from
its kept form is the one ``re.compile`` makes, a damaged form is compiled anew, and a
build's second process compiles none of the statement patterns."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.statements  # noqa: F401  (its patterns are made when it is imported)
from generator import patterns

KEEPS = patterns._KEEPS
TEXTS = [
    'Rishi Sunak, the prime minister, said: "We will act." He added that it was over.',
    "«Nous agirons», a déclaré Emmanuel Macron, selon l'AFP, lundi.",
    "„Wir handeln“, sagte Olaf Scholz. According to Reuters, al-Assad's forces left.",
    "The UK's foreign secretary, David Cameron, told the BBC: 'no'. — Zelensky said so",
    "",
    "ŁŚŻŹĆŃ Łukasz Żółć said “it is done” ’ ``quoted'' \t\n x",
]


def made() -> list[tuple[str, int]]:
    return [(m.pattern, m.flags) for m in patterns._MADE]


@pytest.mark.skipif(not KEEPS, reason="forms are kept on CPython 3.11 to 3.13 only")
def test_a_pattern_from_its_kept_form_is_the_one_re_makes() -> None:
    """Every statement pattern, its form pickled and read back as a build's cache does:
    the same pattern, flags and groups, and the same matches at every position."""
    assert len(made()) > 40
    kept = pickle.loads(
        pickle.dumps({key: patterns._compile(*key)[1] for key in made()}, pickle.HIGHEST_PROTOCOL)
    )
    for pattern, flags in made():
        ours = patterns._from_form(pattern, kept[(pattern, flags)])
        theirs = re.compile(pattern, flags)
        assert ours is not None and ours is not theirs
        assert (ours.pattern, ours.flags, ours.groups, ours.groupindex) == (
            theirs.pattern,
            theirs.flags,
            theirs.groups,
            theirs.groupindex,
        )
        for text in TEXTS:
            assert [m.span() for m in ours.finditer(text)] == [
                m.span() for m in theirs.finditer(text)
            ]
            for at in range(len(text) + 1):
                a, b = ours.match(text, at), theirs.match(text, at)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))


def test_a_damaged_or_foreign_form_is_compiled_anew() -> None:
    assert patterns._from_form("a(b)", "not a form") is None
    assert patterns._from_form("a(b)", (0, [1, 2, 3], 1, {}, (None, None))) is None
    lazy = patterns._Lazy("a(?P<x>b)", 0)
    lazy.compile({("a(?P<x>b)", 0): (0, [99], 0, {}, ())})
    assert lazy.anew == KEEPS  # made anew, and to be kept again
    assert lazy.search("xab")["x"] == "b"
    assert lazy.groupindex == {"x": 1}


WARM = """
import pickle, sys
import re._parser as parser
from generator.registry import Registry
from generator.statements import Context, extract
from generator import patterns
parsed = []
parse = parser.parse
parser.parse = lambda text, *a, **k: parsed.append(text) or parse(text, *a, **k)
if sys.argv[1] == "again":
    patterns.warm(pickle.loads(sys.stdin.buffer.read()))
found = extract('"We will act," Rishi Sunak said. He added that it was over.', Context(Registry()))
news = patterns.take_news()
if sys.argv[1] == "first":
    sys.stdout.buffer.write(pickle.dumps((news, found)))
else:
    print(news is None, len(parsed), pickle.dumps(found).hex())
"""


def test_warm_makes_what_an_earlier_process_compiled() -> None:
    """In processes of their own: the first compiles the patterns an entry needs and
    has their forms to keep (only those: a small site needs but a part); the next, warmed
    with them, reads the same entry parsing no pattern, with the same statements."""
    first = subprocess.run(
        [sys.executable, "-c", WARM, "first"], capture_output=True, check=True
    ).stdout
    kept, found = pickle.loads(first)
    if not KEEPS:
        assert kept is None
        return
    assert found[0][0].speaker == "Rishi Sunak"
    assert 0 < len(kept) < len(made()) and set(kept) <= set(made())
    again = subprocess.run(
        [sys.executable, "-c", WARM, "again"],
        input=pickle.dumps(kept),
        capture_output=True,
        check=True,
    )
    assert again.stdout.decode().split() == ["True", "0", pickle.dumps(found).hex()]


COUNTED_BUILD = """
import sys
import generator.build
from generator import patterns
from generator.cli import main
if sys.argv[2] == "forking":  # workers forked as on two cores
    generator.build._workers = lambda files: 2 if files >= 16 else 1
anew = []
compile_anew = patterns._compile
patterns._compile = lambda *a: anew.append(a) or compile_anew(*a)
code = main(["build", "--config", sys.argv[1]] + sys.argv[3:])
print(code, len(anew))
"""


def counted_build(root: Path, *options: str, forking: bool = False) -> list[str]:
    """``tlgen build`` of the site at ``root`` in a process of its own: its exit code and
    how many patterns it compiled anew (not made from a kept form)."""
    mode = "forking" if forking else "-"
    run = [sys.executable, "-c", COUNTED_BUILD, str(root / "site.yml"), mode, *options]
    return subprocess.run(run, capture_output=True, check=True, text=True).stdout.split()[-2:]


def test_a_rebuild_compiles_no_statement_pattern(make_site: Callable[..., Path]) -> None:
    """The first build keeps the forms in its cache; a later build that reads a source
    (an edit) takes them from there: none of the patterns is compiled again, and its
    pages are those of a build that compiles them."""
    root = make_site(
        {
            "content/events/e.md": "---\ntitle: E\ndate: 2016-03-14\ntimezone: GMT\n---\n\n"
            '## 18:15\n\n"We will act now," Rishi Sunak said.\n'
        }
    )
    code, anew = counted_build(root)
    assert code == "0" and int(anew) > 0
    page = root / "content/events/e.md"
    page.write_text(page.read_text().replace("now", "today"), encoding="utf-8")
    code, anew = counted_build(root)
    assert code == "0" and (anew == "0" or not KEEPS)
    kept = (root / "public/events/e.json").read_bytes()
    assert b'"speaker": "Rishi Sunak"' in kept and b"today" in kept
    assert counted_build(root, "--no-cache", "--out", str(root / "again"))[0] == "0"
    assert (root / "again/events/e.json").read_bytes() == kept


def test_a_build_that_forks_workers_keeps_every_form(make_site: Callable[..., Path]) -> None:
    """Workers forked for a first build would each compile the patterns, and keep none:
    the build compiles them before it forks them, and keeps them. A rebuild then compiles
    none, whatever its edit needs."""
    event = "---\ntitle: E{i}\ndate: 2016-03-14\ntimezone: GMT\n---\n\n## 18:15\n\n{text}\n"
    root = make_site(
        {
            f"content/events/e{i:02d}.md": event.format(i=i, text="Crowds gathered.")
            for i in range(40)
        }
    )
    code, anew = counted_build(root, forking=True)
    assert code == "0" and int(anew) == len(made())  # every one, in this process
    page = root / "content/events/e07.md"
    said = '"We will act now," Rishi Sunak said, according to officials.'
    page.write_text(event.format(i=7, text=said), encoding="utf-8")
    code, anew = counted_build(root, forking=True)
    assert code == "0" and (anew == "0" or not KEEPS)
    assert b'"speaker": "Rishi Sunak"' in (root / "public/events/e07.json").read_bytes()
