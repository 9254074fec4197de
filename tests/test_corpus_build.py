"""The whole shared corpus builds into one site: every document becomes an event (two
captures of one blog become one event with a further capture), nothing fails.

Also a report: ``python3 -m pytest tests/test_corpus_build.py -s`` prints, per format,
the documents read, events and entries found.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main


def _documents(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "SOURCES.md")


def _build(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code = main(["build", "--config", str(root / "site.yml")])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    return root / "public"


def _corpus_site(
    corpus: Path, make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> Path:
    """The whole corpus built into one site; its output folder."""
    root = make_site({}, site_yml="title: Corpus\ntimezone: UTC\n")
    seeds = root / "seeds"
    for doc in _documents(corpus):
        target = seeds / doc.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(doc, target)
    return _build(root, capsys)


def test_the_whole_corpus_builds(
    corpus: Path, make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    documents = _documents(corpus)
    out_dir = _corpus_site(corpus, make_site, capsys)
    records = [json.loads(p.read_text()) for p in (out_dir / "events").glob("*.json")]
    by_capture = {r["source"]["path"]: r for r in records}
    pages = {p.parent.name for p in (out_dir / "events").glob("*/index.html")}
    merged = 0
    per_format: Counter[str] = Counter()
    entries: Counter[str] = Counter()
    for doc in documents:
        rel = "seeds/" + doc.relative_to(corpus).as_posix()
        kind = doc.parent.name
        per_format[kind] += 1
        record = by_capture.get(rel)
        if record is None:
            # read, but a more complete capture of the same blog was chosen: it must be
            # listed as a further capture on that event's page
            merged += 1
            assert any(
                Path(rel).name in (out_dir / "events" / slug / "index.html").read_text()
                for slug in pages
            ), rel
            continue
        assert record["entries"], rel
        entries[kind] += len(record["entries"])
        anchors = [e["id"] for e in record["entries"]]
        assert len(anchors) == len(set(anchors)), rel
        page = (out_dir / "events" / record["slug"] / "index.html").read_text()
        for anchor in anchors:
            assert f'id="{anchor}"' in page, (rel, anchor)
    assert len(records) + merged == len(documents)
    print("\nformat  documents  entries")
    for kind in sorted(per_format):
        print(f"{kind:6}  {per_format[kind]:9}  {entries[kind]:7}")
    print(f"events: {len(records)}, further captures: {merged}, failures: 0")


def test_a_site_built_from_its_own_exports_is_the_same_site(
    corpus: Path,
    make_site: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """Each event's /events/<slug>.json read back as a source (DESIGN.md: tlgen's export
    round-trips) gives every page, feed and export of the first build again: the
    summary, tags, language, intro and update titles of every format included. Only what
    names the capture differs: the file read is now the export. (The search index is
    left aside: made from these pages, it holds the capture links too.)"""
    first = _corpus_site(corpus, make_site, capsys)
    second = tmp_path / "again"
    (second / "seeds").mkdir(parents=True)
    (second / "site.yml").write_text("title: Corpus\ntimezone: UTC\n", encoding="utf-8")
    for export in (first / "events").glob("*.json"):
        shutil.copyfile(export, second / "seeds" / export.name)
    again = _build(second, capsys)

    def files(out: Path) -> set[str]:
        return {
            p.relative_to(out).as_posix()
            for p in out.rglob("*")
            if p.is_file() and p.relative_to(out).parts[0] not in ("captures", "pagefind")
        }

    assert files(again) == files(first)
    summaries = 0
    for rel in sorted(files(first)):
        before = (first / rel).read_bytes()
        after = (again / rel).read_bytes()
        if before != after:  # an event page: its capture links, and nothing else
            assert rel.startswith("events/") and rel.endswith("index.html"), rel
            kept = [line for line in before.splitlines() if b"/captures/" not in line]
            assert kept == [line for line in after.splitlines() if b"/captures/" not in line]
        summaries += rel.endswith("index.html") and b'class="lede"' in before
    assert summaries  # the corpus holds what used to be lost (summaries, tags, languages)
    assert any(p.name != "index.html" for p in (first / "tags").iterdir())
