"""The benchmark's corpus generator (``bench/corpus.py``): deterministic, buildable by
tlgen with one anchor per update, and an edit that changes exactly one update.

No timings here: build times are measured by ``bench/run.py``, never asserted in tests.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]


def _load() -> ModuleType:
    """``bench/`` is a folder of scripts, not a package: load the generator by path."""
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


bench_corpus = _load()
EVENTS, UPDATES = 3, 4


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "corpus"
    bench_corpus.write_corpus(out, EVENTS, UPDATES, seed=7, tools=bench_corpus.TOOLS)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path, site: Path) -> None:
    again = tmp_path / "again"
    bench_corpus.write_corpus(again, EVENTS, UPDATES, seed=7, tools=bench_corpus.TOOLS)
    assert _files(site) == _files(again)

    other = tmp_path / "other"
    bench_corpus.write_corpus(other, EVENTS, UPDATES, seed=8)
    events = [p for p in _files(other) if p.startswith("tlgen/content/events/")]
    assert len(events) == EVENTS
    first, second = _files(site), _files(other)
    assert all(first.get(p) != second[p] for p in events)


def test_every_tool_gets_every_event(site: Path) -> None:
    manifest = json.loads((site / "corpus.json").read_text())
    for tool, pattern in bench_corpus.SOURCE.items():
        for slug in manifest["slugs"]:
            text = (site / tool / pattern.format(slug=slug)).read_text(encoding="utf-8")
            if tool.startswith("tlgen"):
                assert len(re.findall(r"^## \d\d:\d\d [A-Z]+", text, re.M)) == UPDATES
            else:
                assert text.count('<article class="entry" id="t-') == UPDATES


def _article_ids(page: Path) -> list[str]:
    return re.findall(r'<article\b[^>]*?\sid="(t-[^"]*)"', page.read_text(encoding="utf-8"))


def test_tlgen_builds_the_corpus_with_one_anchor_per_update(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert main(["build", "--config", str(site / "tlgen/site.yml"), "--out", str(out)]) == 0
    events = bench_corpus.make_events(7, EVENTS, UPDATES)
    for event in events:
        ids = _article_ids(out / "events" / event.slug / "index.html")
        assert ids == [u.anchor for u in event.updates]
        assert len(set(ids)) == UPDATES


def _sections(text: str, tool: str) -> list[str]:
    """One source file cut into its updates, by the marker that starts each of them."""
    start = r"^## \d" if tool.startswith("tlgen") else r'^<article class="entry"'
    return re.split(start, text, flags=re.M)


def test_edit_changes_exactly_one_update_for_every_tool(site: Path, tmp_path: Path) -> None:
    before = _files(site)
    done = bench_corpus.edit(site, "BENCHEDIT-first")
    after = _files(site)
    changed = sorted(p for p in before if before[p] != after[p])
    assert changed == sorted(
        f"{tool}/{pattern.format(slug=done['slug'])}"
        for tool, pattern in bench_corpus.SOURCE.items()
    )
    for path in changed:
        tool = path.split("/", 1)[0]
        old = _sections(before[path].decode(), tool)
        new = _sections(after[path].decode(), tool)
        assert len(old) == len(new) == UPDATES + 1  # the front matter, then each update
        differ = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        assert len(differ) == 1 and "BENCHEDIT-first" in new[differ[0]]

    # A second edit replaces the first one's marker: still one update, one marker.
    bench_corpus.edit(site, "BENCHEDIT-second")
    for path in changed:
        text = (site / path).read_text(encoding="utf-8")
        assert "BENCHEDIT-first" not in text and text.count("BENCHEDIT-second") == 1

    out = tmp_path / "public"
    assert main(["build", "--config", str(site / "tlgen/site.yml"), "--out", str(out)]) == 0
    page = (out / "events" / done["slug"] / "index.html").read_text(encoding="utf-8")
    start = page.index(f'id="{done["anchor"]}"')
    assert "BENCHEDIT-second" in page[start : page.index("</article>", start)]


def test_the_runner_goes_through_every_step_with_tlgen(tmp_path: Path) -> None:
    """``bench/run.py`` end to end on a tiny corpus, tlgen alone (and with search): every
    scenario, the check of each build, serve, the comparisons with a clean build, the
    report and its JSON (what it measures is not looked at: no timings in tests)."""
    import subprocess

    pytest.importorskip("pagefind", reason="pagefind[bin] is not installed")
    out, data = tmp_path / "r.md", tmp_path / "r.json"
    command = [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "4x3", "--runs", "1"]
    command += ["--tools", "tlgen,tlgen-search", "--workdir", str(tmp_path / "work")]
    done = subprocess.run(
        [*command, "--out", str(out), "--json", str(data)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = out.read_text(encoding="utf-8")
    assert "tlgen's output after the runs, compared with a clean build: identical" in report
    with_search = "(its search index too) after the runs, compared with a clean build: identical"
    assert with_search in report, report
    assert "| tlgen, every output and search | clean build |" in report
    assert "| tool | scenario | wall | CPU | of it system |" in report
    runs = json.loads(data.read_text(encoding="utf-8"))["sizes"][0]["runs"]
    assert {m["ok"] for run in runs for per in run.values() for m in per.values()} == {True}
