"""Reading workers write each event's own files ahead (``build.Ahead``); the site is
still exactly a one-process build's: files whose key the build wants are taken, the
others made again, and what no output claims (a draft, a capture an imported file
supersedes, a file a dead worker began) is gone before the output is replaced."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import build as build_module
from generator import write
from generator.build import build
from generator.cli import main
from generator.errors import TlgenError
from generator.model import Output
from generator.write import MARKER, begin, write_site

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_588fca7941595965.txt"


def event(title: str, draft: bool = False) -> str:
    flag = "draft: true\n" if draft else ""
    return (
        f"---\ntitle: {title}\ndate: 2016-03-14\ntimezone: GMT\n{flag}---\n\n"
        f'## 18:15 GMT\n\n"We will see about {title}," Jane Doe said. [#Tag](#)\n'
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build reads in one process")
def test_a_parallel_build_is_a_one_process_build(
    make_site: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = {f"content/events/e{i:02d}.md": event(f"Event {i}") for i in range(40)}
    files["content/events/draft.md"] = event("Unpublished", draft=True)
    root = make_site(files)
    (root / "seeds").mkdir()
    shutil.copyfile(SEED, root / "seeds" / SEED.name)
    monkeypatch.chdir(root)
    assert main(["import", f"seeds/{SEED.name}"]) == 0  # supersedes the capture
    ahead: dict[str, str] = {}
    real = write.write_site

    def seeing(*args: Any, **kwargs: Any) -> Any:
        if (staged := args[-1]) is not None:
            ahead.update(staged.files)
        return real(*args, **kwargs)

    monkeypatch.setattr(write, "write_site", seeing)
    build(root / "site.yml", out=tmp_path / "parallel", cache=False)
    imported = {p.stem for p in (root / "content/events").glob("*.md")} - {"draft"}
    (slug,) = {s for s in imported if not s.startswith("e")}
    page = f"events/{slug}/index.html"
    assert ahead[page] == ""  # written by the capture's worker and the imported event's
    assert "events/unpublished/index.html" not in ahead  # drafts are not made
    assert sum(1 for key in ahead.values() if key) == 4 * 40
    monkeypatch.setattr(build_module, "_PARALLEL_FROM", 10**6)  # one process, nothing ahead
    build(root / "site.yml", out=tmp_path / "single", cache=False)
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "single")
    assert folders(tmp_path / "parallel") == folders(tmp_path / "single")
    assert not (tmp_path / "parallel" / "events" / "unpublished").exists()


def test_files_written_ahead_are_taken_remade_or_removed(tmp_path: Path) -> None:
    out = tmp_path / "public"
    staged = begin(out)
    ahead = {
        "a/taken.html": ("k1", b"written ahead"),
        "a/stale.html": ("old key", b"written for other inputs"),
        "a/twice.html": ("k3", b"claimed by two events"),
        "b/unclaimed.html": ("k4", b"no output wants it"),
        "c/d/begun.html": ("", b"half a file"),
    }
    for path, (key, data) in ahead.items():
        target = staged.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        staged.add({path: key})
    staged.add({"a/twice.html": "k3"})
    (staged.folder / "e").mkdir()
    (staged.folder / "e" / "dead-worker.html").write_bytes(b"never listed")

    def never() -> bytes:
        raise AssertionError("a file written ahead with the wanted key was made again")

    outputs = [
        Output("a/taken.html", key="k1", make=never),
        Output("a/stale.html", b"made anew", key="k2"),
        Output("a/twice.html", b"made once", key="k3"),
        Output("index.html", b"home", key="k5"),
    ]
    report = write_site(outputs, out, staged=staged)
    assert snapshot(out) == {
        "a/taken.html": b"written ahead",
        "a/stale.html": b"made anew",
        "a/twice.html": b"made once",
        "index.html": b"home",
        MARKER: snapshot(out)[MARKER],
    }
    assert folders(out) == {"a"}  # the folders of unclaimed files went with them
    assert sorted(report.rendered) == sorted(o.path for o in outputs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build reads in one process")
def test_a_parallel_rebuild_is_a_clean_build(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"content/events/e{i:02d}.md": event(f"Event {i}") for i in range(40)}
    root = make_site(files)
    build(root / "site.yml")
    events = root / "content" / "events"
    for i in range(36):  # enough changed sources for the workers to read them
        (events / f"e{i:02d}.md").write_text(event(f"Event {i} revised"))
    (events / "e39.md").unlink()
    build(root / "site.yml")
    monkeypatch.setattr(build_module, "_PARALLEL_FROM", 10**6)
    build(root / "site.yml", out=tmp_path / "clean", cache=False)
    assert snapshot(root / "public") == snapshot(tmp_path / "clean")
    assert folders(root / "public") == folders(tmp_path / "clean")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build reads in one process")
def test_a_broken_theme_in_a_parallel_build_is_a_located_error(
    make_site: Callable[..., Path],
) -> None:
    """The event page's templates are compiled once before the workers are forked
    (``build._warm``); a theme that does not compile is reported as in one process."""
    files = {f"content/events/e{i:02d}.md": event(f"Event {i}") for i in range(40)}
    files["templates/event.html"] = "{% extends 'base.html' %}\n{% block main %}{% if %}\n"
    root = make_site(files)
    with pytest.raises(TlgenError) as caught:
        build(root / "site.yml")
    (problem,) = caught.value.problems
    assert problem.location is not None and problem.location.line == 2
    assert problem.location.path.endswith("templates/event.html")
    assert not (root / "public").exists()


def test_a_worker_not_forked_warm_makes_its_templates_at_its_first_event(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """Where workers are spawned (not Linux), none is given the templates (``build._warm``):
    each makes them for its first event, and writes that event's page ahead."""
    from generator.config import load_config
    from generator.registry import Registry

    root = make_site({"content/events/e.md": event("Spawned")})
    config = load_config(root / "site.yml")
    folder = tmp_path / "begun"
    folder.mkdir()
    ahead = build_module.Ahead(folder, "theme", None, drafts=False)
    build_module._init_worker(config, Registry(), "base", ahead)  # no templates
    try:
        key, result, files = build_module._read_one(root / "content/events/e.md")
        assert build_module._TEMPLATES is not None
    finally:
        build_module._init_worker(config, Registry(), "base")
    assert key and not isinstance(result, TlgenError)
    assert "events/e/index.html" in files and all(files.values())  # each finished, keyed
    assert b"Spawned" in (folder / "events/e/index.html").read_bytes()
