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


def test_the_whole_corpus_builds(
    corpus: Path, make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site({}, site_yml="title: Corpus\ntimezone: UTC\n")
    seeds = root / "seeds"
    documents = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "SOURCES.md")
    for doc in documents:
        target = seeds / doc.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(doc, target)
    code = main(["build", "--config", str(root / "site.yml")])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    out_dir = root / "public"
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
