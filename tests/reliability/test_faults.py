"""Faults: a build killed at any moment, a disk that fills up, a template that raises
halfway through. Each leaves the previous output exactly as it was (or, once the swap is
done, the new output complete), leaves no temporary folder behind after the next build,
and the next build recovers. tlgen only ever deletes folders that carry its marker.
"""

from __future__ import annotations

import errno
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from generator import build as build_module
from generator import write
from generator.build import read_all, read_input, source_files, source_key
from generator.config import load_config
from generator.errors import Collector, Location, Problem, TlgenError
from generator.registry import Registry
from generator.write import MARKER, clean_stale

from .sites import (
    CAPTURE_TEXT,
    REPO,
    build_process,
    event,
    leftovers,
    previous_output,
    snapshot,
    write_site,
)
from .sites import build as run_build


def busy_event(name: str, entries: int, words: str) -> str:
    body = []
    for i in range(entries):
        hour, minute = divmod(i, 60)
        body.append(
            f"## {hour % 24:02d}:{minute:02d} GMT\n\n"
            f'"We will {words} on point {i}," Jane Doe said. [#Tag{i % 7}](#)\n'
        )
    return f"---\ntitle: {name}\ndate: 2016-03-14\n---\n\n" + "\n".join(body)


def busy_site(root: Path, words: str) -> Path:
    """A site that takes a second or so to build, with many files to write."""
    files: dict[str, str | bytes] = {
        f"content/events/e{i}.md": busy_event(f"Event {i}", 120, words) for i in range(4)
    }
    files["content/speakers.yml"] = "- name: Jane Doe\n  aliases: [Doe]\n"
    files["seeds/000_588fca7941595965.txt"] = (
        REPO / "seeds" / "000_588fca7941595965.txt"
    ).read_bytes()
    return write_site(root, files)


def dead_pid() -> int:
    """The id of a process that has ended (so no build of it can still be running)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def killed_after(root: Path, seconds: float) -> None:
    """``tlgen build`` of the site in ``root`` in a child process, killed (SIGKILL)
    ``seconds`` after it started."""
    child = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--config", str(root / "site.yml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(seconds)
    child.send_signal(signal.SIGKILL)
    child.wait()


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_a_whole_output(tmp_path: Path) -> None:
    reference = busy_site(tmp_path / "reference", "disagree")
    assert build_process(reference, "--no-cache").returncode == 0
    new = snapshot(reference / "public")

    root = busy_site(tmp_path / "site", "agree")
    started = time.perf_counter()
    assert build_process(root).returncode == 0
    took = time.perf_counter() - started
    old = snapshot(root / "public")
    busy_site(root, "disagree")  # the next build changes every event page

    rng = random.Random(20160314)
    outcomes = []
    for _ in range(6):
        killed_after(root, rng.uniform(0.1, 1.6) * took)
        now = snapshot(root / "public")
        assert now in (old, new), "a killed build left a partial output"
        outcomes.append("old" if now == old else "new")
    done = build_process(root)
    assert done.returncode == 0, done.stderr
    assert snapshot(root / "public") == new
    assert leftovers(root / "public") == []
    print("outputs after each kill:", outcomes)


@pytest.mark.slow
def test_an_edit_with_search_killed_at_any_moment_is_finished_by_the_next_build(
    tmp_path: Path,
) -> None:
    """An edit's files and its search index's parts are moved into the output under a
    journal: a build killed at any moment leaves the output as it was or as the edit
    makes it, once what the next build does first is done (``clean_stale``), and the
    next build makes it a clean build's."""
    pytest.importorskip("pagefind", reason="pagefind[bin] is not installed")
    site_yml = "title: Test archive\nbase_url: /\ntimezone: GMT\n"  # search on
    files = {f"content/events/e{i}.md": event(f"Event {i}", f"Update {i}.") for i in range(60)}
    edited = {**files, "content/events/e7.md": event("Event 7", "Update 7, corrected.")}
    reference = write_site(tmp_path / "reference", edited, site_yml)
    assert build_process(reference, "--no-cache").returncode == 0
    new = snapshot(reference / "public")
    root = write_site(tmp_path / "site", files, site_yml)
    assert build_process(root).returncode == 0
    out = root / "public"
    old = snapshot(out)
    write_site(root, edited, site_yml)
    started = time.perf_counter()
    assert build_process(root).returncode == 0  # the edit, timed: moved in, not swapped
    took = time.perf_counter() - started
    assert snapshot(out) == new
    write_site(root, files, site_yml)
    assert build_process(root).returncode == 0
    assert snapshot(out) == old
    rng = random.Random(20161128)
    outcomes = []
    for n in range(5):
        write_site(root, edited if n % 2 == 0 else files, site_yml)
        before, after = (old, new) if n % 2 == 0 else (new, old)
        killed_after(root, rng.uniform(0.2, 1.3) * took)
        clean_stale(out)
        now = snapshot(out)
        assert now in (before, after), f"kill {n} left a partial output"
        outcomes.append("before" if now == before else "after")
        assert build_process(root).returncode == 0
        assert snapshot(out) == after
        assert leftovers(out) == []
    print("outputs after each kill:", outcomes)


@pytest.mark.parametrize("which", ["first", "second", "middle", "last"])
def test_a_full_disk_leaves_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    files: dict[str, str | bytes] = {
        "content/events/a.md": event("Event A"),
        "content/events/b.md": event("Event B"),
        "seeds/capture.txt": CAPTURE_TEXT,
    }
    root = write_site(tmp_path / "site", files)
    before = previous_output(root)
    real = write._write_file
    count = 0

    def counting(path: Path, data: Iterable[bytes]) -> int:
        nonlocal count
        count += 1
        return real(path, data)

    monkeypatch.setattr(write, "_write_file", counting)
    reference = write_site(tmp_path / "reference", files)
    code, _, err = run_build(reference, "--no-cache")
    assert code == 0, err
    total = count
    k = {"first": 1, "second": 2, "middle": total // 2, "last": total}[which]

    count = 0

    def full(path: Path, data: Iterable[bytes]) -> int:
        nonlocal count
        count += 1
        if count == k:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, data)

    monkeypatch.setattr(write, "_write_file", full)
    code, _, err = run_build(root, "--no-cache")
    assert code == 1
    assert err.startswith("cannot write the site: [Errno 28] No space left on device: ")
    assert err.endswith("\nbuild failed; the previous output is unchanged\n")
    assert snapshot(root / "public") == before
    assert leftovers(root / "public") == []

    monkeypatch.setattr(write, "_write_file", real)
    code, _, err = run_build(root)
    assert code == 0, err
    assert snapshot(root / "public") == snapshot(reference / "public")


RAISES = (
    '{% extends "base.html" %}{% block main %}<h1>{{ event.title }}</h1>'
    '{% if event.slug == "b" %}{{ 1 // (event.count - event.count) }}{% endif %}'
    "{% endblock %}"
)
UNDEFINED = RAISES.replace("1 // (event.count - event.count)", "event.no_such_field.x")


def template_site(root: Path, template: str) -> Path:
    return write_site(
        root,
        {
            "content/events/a.md": event("Event A"),
            "content/events/b.md": event("Event B"),
            "content/events/c.md": event("Event C"),
            "templates/event.html": template,
        },
    )


def test_a_template_error_mid_render_is_located_and_leaves_the_output(tmp_path: Path) -> None:
    root = template_site(tmp_path / "site", UNDEFINED)
    before = previous_output(root)
    code, _, err = run_build(root)
    assert code == 1
    assert err == (
        "template event.html: 'dict object' has no attribute 'no_such_field'\n"
        "  hint: check the variable's name\n"
        "build failed with 1 error; the previous output is unchanged\n"
    )
    assert snapshot(root / "public") == before
    assert leftovers(root / "public") == []
    (root / "templates" / "event.html").unlink()
    assert run_build(root)[0] == 0


def test_a_template_that_raises_mid_render_leaves_the_output(tmp_path: Path) -> None:
    root = template_site(tmp_path / "site", RAISES)
    before = previous_output(root)
    code, _, err = run_build(root)
    assert code == 1 and "template error: ZeroDivisionError" in err
    assert snapshot(root / "public") == before
    assert leftovers(root / "public") == []
    (root / "templates" / "event.html").unlink()
    code, _, err = run_build(root)
    assert code == 0, err


def test_a_template_that_raises_is_a_located_error(tmp_path: Path) -> None:
    root = template_site(tmp_path / "site", RAISES)
    previous_output(root)
    code, _, err = run_build(root)
    assert code == 1
    assert err.startswith("templates/event.html:1: template error: ")


def test_stale_temporary_folders_are_cleaned_and_foreign_ones_kept(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/events/e.md": event()})
    previous_output(root)
    pid = dead_pid()
    stale = [root / f".public.tlgen-tmp-{pid}", root / f".public.tlgen-old-{pid}"]
    for folder in stale:
        (folder / "events").mkdir(parents=True)
        (folder / MARKER).write_text("")
        (folder / "events" / "half.html").write_text("half")
    foreign = root / f".public.tlgen-tmp-{pid + 1}"  # no marker: not ours, never deleted
    foreign.mkdir()
    (foreign / "notes.txt").write_text("someone's notes")
    live = root / f".public.tlgen-tmp-{os.getppid()}"  # a build still running elsewhere
    live.mkdir()
    (live / MARKER).write_text("")
    code, _, err = run_build(root)
    assert code == 0, err
    assert not any(folder.exists() for folder in stale)
    assert (foreign / "notes.txt").read_text() == "someone's notes"
    assert live.is_dir()


def test_a_build_killed_between_the_two_renames_is_put_right(tmp_path: Path) -> None:
    """Where folders cannot be exchanged in one step, a build killed after moving the
    output aside and before moving the new one in leaves ``.public.tlgen-old-<pid>``:
    the next build puts it back before anything else."""
    root = write_site(tmp_path / "site", {"content/events/e.md": event()})
    before = previous_output(root)
    aside = root / f".public.tlgen-old-{dead_pid()}"
    (root / "public").rename(aside)
    clean_stale(root / "public")
    assert snapshot(root / "public") == before
    assert leftovers(root / "public") == []


def test_swap_without_an_atomic_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    root = write_site(tmp_path / "site", {"content/events/e.md": event()})
    previous_output(root)
    code, _, err = run_build(root)
    assert code == 0, err
    assert (root / "public" / "events" / "e" / "index.html").is_file()
    assert not (root / "public" / "events" / "old").exists()
    assert leftovers(root / "public") == []


@pytest.mark.parametrize("kind", ["documents", "file", "link"])
def test_only_folders_made_by_tlgen_are_replaced(tmp_path: Path, kind: str) -> None:
    root = write_site(tmp_path / "site", {"content/events/e.md": event()})
    target = tmp_path / "elsewhere"
    if kind == "documents":
        target.mkdir()
        (target / "thesis.tex").write_text("years of work")
    elif kind == "file":
        target.write_text("a file")
    else:
        (tmp_path / "real").mkdir()
        (tmp_path / "real" / MARKER).write_text("")
        target.symlink_to(tmp_path / "real")
    before = snapshot(tmp_path)
    code, _, err = run_build(root, "--out", str(target))
    assert code == 1
    message = (
        "is not empty and was not made by tlgen; refusing to replace it"
        if kind == "documents"
        else "exists and is not a folder"
    )
    assert f"{target} {message}" in err
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("site/")} == {
        k: v for k, v in before.items() if not k.startswith("site/")
    }


def parallel_site(root: Path, broken: str = "") -> Path:
    files: dict[str, str | bytes] = {
        f"content/events/e{i:02d}.md": event(f"Event {i}") for i in range(40)
    }
    if broken:
        files[f"content/events/{broken}.md"] = "---\ntitle: never closed\n"
    return write_site(root, files)


def test_an_error_read_in_a_worker_process_comes_back_whole(tmp_path: Path) -> None:
    """Errors cross from the parallel build's workers by pickling: they used to arrive
    as a pickling failure, which broke the pool and had every source read twice."""
    error = TlgenError([Problem("bad", Location("a.md", 3, 2), "fix it")], 2)
    again = pickle.loads(pickle.dumps(error))
    assert (again.problems, again.exit_code, str(again)) == (error.problems, 2, str(error))

    root = parallel_site(tmp_path / "site", broken="e07")
    config = load_config(root / "site.yml")
    paths = source_files(config, Collector())
    results = list(read_all(config, Registry(), "base", paths))
    assert [key for key, _, _ in results] == [
        source_key("base", read_input(config, p)) for p in paths
    ]
    failed = [
        p.name for p, (_, r, _) in zip(paths, results, strict=True) if isinstance(r, TlgenError)
    ]
    assert failed == ["e07.md"]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build reads in one process")
def test_a_worker_that_dies_does_not_duplicate_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = parallel_site(tmp_path / "site")
    config = load_config(root / "site.yml")
    paths = source_files(config, Collector())
    parent = os.getpid()
    real = build_module._read_one

    def dies_in_a_worker(path: Path) -> object:
        if os.getpid() != parent and path.name == "e30.md":
            os._exit(1)  # killed, as the kernel's OOM killer would
        return real(path)

    monkeypatch.setattr(build_module, "_read_one", dies_in_a_worker)
    results = list(read_all(config, Registry(), "base", paths))
    assert [key for key, _, _ in results] == [
        source_key("base", read_input(config, p)) for p in paths
    ]  # each once, in order, the one the dead worker held read again here
    assert not [r for _, r, _ in results if isinstance(r, TlgenError)]
