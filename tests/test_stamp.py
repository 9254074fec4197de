"""``tlgen build`` with nothing to do answers from the last build's stat stamp, and any
change to what a build reads, however made, is seen and built."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import stamp, write
from generator.cli import main

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_588fca7941595965.txt"
EVENT = """---
title: Test event
date: 2016-03-14
timezone: GMT
---

## 18:15 GMT

First update.
"""
TEMPLATE = "{% extends 'base.html' %}{% block main %}edited theme{% endblock %}"


@pytest.fixture
def site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site built once, whose files are all older than that build (the stamp is
    trusted at once: the racy window is shrunk to nothing for these tests)."""
    monkeypatch.setattr(stamp, "RACY_NS", 0)
    root = make_site()
    monkeypatch.chdir(root)
    time.sleep(0.02)  # every file's times before the build's start
    assert main(["build"]) == 0
    return root


def answered(root: Path, *args: str) -> bool:
    """Would ``tlgen build`` (with ``args``) answer from the stamp?"""
    out = Path(args[1]) if args[:1] == ("--out",) else None
    return stamp.unchanged(root / "site.yml", out, None, "--drafts" in args, 0.0) is not None


def test_nothing_changed_loads_no_pipeline(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import generator.build

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pipeline ran")

    monkeypatch.setattr(generator.build, "build", fail)
    capsys.readouterr()
    assert main(["build"]) == 0
    assert "0 written" in capsys.readouterr().out


def test_a_fresh_process_imports_nothing_of_the_pipeline(site: Path) -> None:
    code = (
        "import sys; from generator import stamp; stamp.RACY_NS = 0\n"
        "from generator.cli import main\n"
        "assert main(['build']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('generator.', 'jinja2', "
        "'markdown_it', 'yaml'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=site, capture_output=True, text=True, check=True
    )
    loaded = done.stdout.strip().splitlines()[-1]
    assert "0 written" in done.stdout
    for heavy in ("generator.build", "generator.config", "jinja2", "markdown_it", "yaml"):
        assert f"'{heavy}" not in loaded, loaded


def edit_in_place(root: Path) -> None:
    """Same size, and the modification time put back: only the change time tells."""
    path = root / "content" / "events" / "e.md"
    before = path.stat()
    path.write_text(path.read_text().replace("First update", "Frist update"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


CHANGES: dict[str, Callable[[Path], object]] = {
    "a source edited, its size and mtime kept": edit_in_place,
    "a source added": lambda r: (r / "content/events/f.md").write_text(
        (r / "content/events/e.md").read_text().replace("Test event", "Other event")
    ),
    "a source removed": lambda r: (r / "content/events/e.md").unlink(),
    "a source in a new folder": lambda r: (
        (r / "content/events/2016").mkdir(),
        (r / "content/events/2016/g.md").write_text(
            (r / "content/events/e.md").read_text().replace("Test event", "Third event")
        ),
    ),
    "a registry created": lambda r: (r / "content/speakers.yml").write_text("- name: Jane Doe\n"),
    "site.yml edited": lambda r: (r / "site.yml").write_text(
        (r / "site.yml").read_text().replace("Test archive", "Other archive")
    ),
    "a site template added": lambda r: (
        (r / "templates").mkdir(),
        (r / "templates/event.html").write_text(TEMPLATE),
    ),
    "a static file added": lambda r: (
        (r / "static").mkdir(),
        (r / "static/extra.css").write_text("body{}"),
    ),
    "a capture added": lambda r: (
        (r / "seeds").mkdir(),
        (r / "seeds/c.md").write_text((r / "content/events/e.md").read_text()),
    ),
    "an output file edited by hand": lambda r: (r / "public/index.html").write_text("x"),
    "an output file removed": lambda r: (r / "public/index.html").unlink(),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_is_built(site: Path, change: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert answered(site)
    CHANGES[change](site)
    assert not answered(site)
    capsys.readouterr()
    assert main(["build"]) in (0, 1)  # a removed last event is an error, reported
    done = capsys.readouterr()
    assert "0 written" not in done.out or "removed" in change, done


def test_a_capture_edited_with_its_size_and_mtime_kept_is_published_anew(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """The event is read again (the stamp sees the change time), and so is the copy of
    the capture published beside it, which is keyed by its stat, not its bytes."""
    root = make_site({})
    (root / "seeds").mkdir()
    capture = root / "seeds" / "c.txt"
    shutil.copyfile(SEED, capture)
    time.sleep(0.02)
    assert main(["build", "--config", str(root / "site.yml")]) == 0
    before = capture.stat()
    data = capture.read_bytes()
    capture.write_bytes(data.replace(b"withdrawal", b"WITHDRAWAL", 1))
    os.utime(capture, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert capture.stat().st_size == before.st_size
    assert main(["build", "--config", str(root / "site.yml")]) == 0
    (published,) = (root / "public" / "captures").glob("*/c.txt")
    assert published.read_bytes() == capture.read_bytes() != data
    clean = tmp_path / "clean"
    assert (
        main(["build", "--config", str(root / "site.yml"), "--out", str(clean), "--no-cache"]) == 0
    )
    assert (clean / published.relative_to(root / "public")).read_bytes() == published.read_bytes()


def test_a_folder_link_pointed_elsewhere_is_a_change(site: Path) -> None:
    (site / "other").mkdir()
    (site / "content").rename(site / "other" / "content")
    (site / "content").symlink_to(site / "other" / "content")
    assert main(["build"]) == 0
    time.sleep(0.02)
    assert main(["build"]) == 0
    assert answered(site)
    copy = site / "other" / "copy"
    (copy / "events").mkdir(parents=True)
    (copy / "events" / "e.md").write_bytes((site / "content/events/e.md").read_bytes())
    (site / "content").unlink()
    (site / "content").symlink_to(copy)
    assert not answered(site)


def test_another_request_is_built(site: Path) -> None:
    assert answered(site)
    assert not answered(site, "--drafts")
    assert not answered(site, "--out", str(site / "elsewhere"))


def test_tlgen_changed_under_the_same_version_is_built(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout or an install from git changed since the build (``cache.code_key``)."""
    assert answered(site)
    monkeypatch.setattr(stamp, "code_key", lambda: "tlgen changed")
    assert not answered(site)


def test_a_stamp_taken_while_a_file_was_new_is_not_trusted(site: Path) -> None:
    """A file saved in the clock tick of its reading may differ from what was read with
    the same times: a stamp holding a time not older than its build's start (by
    ``RACY_NS``) is never trusted, and the next build that finds nothing changed stamps
    anew."""
    source = site / "content/events/e.md"
    future = time.time_ns() + 3600 * 10**9
    os.utime(source, ns=(future, future))
    assert main(["build"]) == 0
    assert not answered(site)
    past = time.time_ns() - 3600 * 10**9
    os.utime(source, ns=(past, past))
    time.sleep(0.02)
    assert main(["build"]) == 0  # read, found unchanged, stamped anew
    assert answered(site)


def test_the_last_builds_warnings_are_repeated(
    make_site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(stamp, "RACY_NS", 0)
    root = make_site()
    (tmp_path / "outside.md").write_text("elsewhere")
    (root / "content/events/link.md").symlink_to(tmp_path / "outside.md")
    monkeypatch.chdir(root)
    time.sleep(0.02)
    assert main(["build"]) == 0
    first = capsys.readouterr().err
    assert "content/events/link.md: warning: symbolic link out of its folder" in first
    assert answered(root)
    assert main(["build"]) == 0
    assert capsys.readouterr().err == first
    (root / "content/events/link.md").unlink()  # the cause gone: so is the warning
    time.sleep(0.02)
    assert main(["build"]) == 0
    assert capsys.readouterr().err == ""


def test_a_path_unreadable_when_stamped_never_holds(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)  # stat fails with ELOOP, now and later
    recorded = stamp.take([str(loop)])
    assert recorded == {str(loop): [-1, -1, -1, -1]}
    assert not stamp.holds(recorded, time.time_ns())


def test_a_source_whose_stamp_holds_is_not_read_to_be_hashed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full build (here: the theme changed) reuses the last key of every source
    whose stamp holds, and reads the one edited (its change time tells)."""
    from generator import build as build_module

    read: list[str] = []
    real = build_module.read_input

    def reading(config: object, path: Path, *args: object) -> object:
        read.append(path.name)
        return real(config, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "read_input", reading)
    (site / "templates").mkdir()
    (site / "templates/event.html").write_text(TEMPLATE)
    assert main(["build"]) == 0
    assert read == []
    assert "edited theme" in (site / "public/events/e/index.html").read_text()
    edit_in_place(site)
    assert main(["build"]) == 0
    assert read == ["e.md", "e.md"]  # hashed, then read for its records
    assert "Frist update" in (site / "public/events/e.json").read_text()


@pytest.mark.parametrize("cache", [True, False])
def test_a_build_with_no_cached_event_reads_each_source_once(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    """With nothing in the cache to find (a first build, or --no-cache), a source is not
    read to be hashed before it is read for its records: its key comes with them."""
    from generator import build as build_module

    root = make_site(
        {f"content/events/e{i}.md": EVENT.replace("Test event", f"E{i}") for i in range(3)}
    )
    time.sleep(0.012)  # saved before the build's start: their stamps hold afterwards
    read: list[str] = []
    real = build_module.read_input
    monkeypatch.setattr(
        build_module, "read_input", lambda c, p, *a: read.append(p.name) or real(c, p, *a)
    )
    build_module.build(root / "site.yml", cache=cache)
    assert sorted(read) == ["e0.md", "e1.md", "e2.md"]
    if cache:  # the keys learnt in reading were saved: the next build hashes the edited one
        time.sleep(0.012)
        (root / "content/events/e1.md").write_text(EVENT.replace("Test event", "E1 edited"))
        read.clear()
        assert build_module.build(root / "site.yml").changed
        assert read == ["e1.md", "e1.md"]  # hashed, then read for its records


@pytest.mark.parametrize("how", ["edited", "added"])
def test_a_captures_sidecar_edited_or_added_is_read(
    make_site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    monkeypatch.setattr(stamp, "RACY_NS", 0)
    root = make_site({})
    (root / "seeds").mkdir()
    capture = root / "seeds" / SEED.name
    shutil.copyfile(SEED, capture)
    sidecar = capture.with_suffix(".yml")
    if how == "edited":
        sidecar.write_text("summary: First summary.\n")
    monkeypatch.chdir(root)
    time.sleep(0.02)
    assert main(["build"]) == 0
    time.sleep(0.02)
    assert main(["build"]) == 0  # stamped; the sources' keys recorded
    (root / "templates").mkdir()  # the full build runs: the keys are looked at
    (root / "templates" / "extra.html").write_text("x")
    sidecar.write_text("summary: Second summary.\n")
    assert main(["build"]) == 0
    assert "Second summary." in (root / "public" / "index.html").read_text()


def test_an_edit_lists_only_the_output_folders_that_changed(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit, the output folders the last build left as they were are not listed
    to find strays; one where a file was put by hand is, and the file goes (a clean
    build would not have it)."""
    monkeypatch.setattr(stamp, "RACY_NS", 0)
    files = {
        f"content/events/e{i:02d}.md": EVENT.replace("Test event", f"Event {i}") for i in range(30)
    }
    site_yml = "title: Test archive\nbase_url: /\ntimezone: GMT\nsearch: false\n"
    root = make_site(files, site_yml)  # no search index: an edit's files are moved in
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    time.sleep(0.02)
    listed: list[str] = []
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if isinstance(path, str) and path.startswith(str(root / "public")):
            listed.append(os.path.relpath(path, root / "public"))
        return real(path)

    monkeypatch.setattr(write.os, "scandir", scandir)
    stray = root / "public" / "events" / "e05" / "extra.html"
    stray.write_text("put here by hand")
    source = root / "content" / "events" / "e03.md"
    source.write_text(source.read_text().replace("First update", "First update, edited"))
    assert main(["build"]) == 0
    assert not stray.exists()
    assert "events/e05" in listed  # it changed: listed
    folders = {p for p in (root / "public").rglob("*") if p.is_dir()}
    assert len(listed) < len(folders) / 2, listed


def test_now_is_the_file_systems_time(tmp_path: Path) -> None:
    """A file saved before ``now`` is older than it; one saved after is not; where no
    marker can be touched, this machine's clock less the margin stands in."""
    before = tmp_path / "before.md"
    before.write_text("x")
    same_tick = stamp.now(tmp_path / "cache")  # the file system's clock may be coarse:
    assert stamp.stat_of(str(before))[1] <= same_tick  # type: ignore[index]
    time.sleep(0.02)  # a tick or more later
    taken = stamp.now(tmp_path / "cache")
    after = tmp_path / "after.md"
    after.write_text("y")
    assert stamp.fresh(str(before), stamp.stat_of(str(before)), taken)
    assert not stamp.fresh(str(after), stamp.stat_of(str(after)), taken)
    (tmp_path / "file").write_text("not a folder")
    fallback = stamp.now(tmp_path / "file" / "cache")
    assert abs(fallback - (time.time_ns() - stamp.RACY_NS)) < 10**9


def test_a_build_without_a_config_leaves_no_cache_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 2
    assert "no configuration file" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_config_saved_while_it_is_read_is_never_trusted(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """site.yml is read before the build dates its start; saved in between, the build's
    stamp trusts nothing, and the next build reads everything and stamps anew."""
    from generator import build as build_module

    real = build_module.now

    def saving(folder: Path) -> int:
        config = site / "site.yml"
        config.write_text(config.read_text().replace("Test archive", "Saved meanwhile"))
        time.sleep(0.02)  # a tick before the start is dated: its times alone cannot tell
        return real(folder)

    (site / "content/events/e.md").touch()  # the build must run
    monkeypatch.setattr(build_module, "now", saving)
    assert main(["build"]) == 0
    monkeypatch.setattr(build_module, "now", real)
    assert not answered(site)
    time.sleep(0.02)
    assert main(["build"]) == 0
    assert "Saved meanwhile" in (site / "public/index.html").read_text()
    time.sleep(0.02)
    assert main(["build"]) == 0  # found unchanged, stamped anew
    assert answered(site)
