"""A clean build forks a helper that makes the speakers' and the timeline's files
(``build._Helper``) while the build makes the rest; a build that makes the pages again
from the records it holds (a theme edited, the output removed) gives it every other
event's files too. The site is exactly a build's without it, whatever becomes of the
helper: done, dead half-way, or stopped by a failing build; and it is never forked
where forking is not safe, nor for an edit of a few events."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import build as build_module
from generator import render
from generator.build import build
from generator.errors import TlgenError
from generator.model import Output

pytestmark = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"),
    reason="one core, or no fork: no workers, no helper",
)

SPEAKERS = ("Jane Doe", "Omar Haddad", "Lucia Osei", "Mei Dubois")


def event(i: int) -> str:
    speaker = SPEAKERS[i % len(SPEAKERS)]
    return (
        f"---\ntitle: Event {i}\ndate: 2016-0{1 + i % 3}-14\ntimezone: GMT\n---\n\n"
        f'## 18:15 GMT\n\n"We will see about the vote number {i}," {speaker} said.\n\n'
        f'## 18:40 GMT\n\n{SPEAKERS[(i + 1) % 4]} said: "The count goes on tonight."\n'
    )


@pytest.fixture
def site(make_site: Callable[..., Path]) -> Path:
    # enough sources for reading workers, hence a begun folder the helper can write to
    return make_site({f"content/events/e{i:02d}.md": event(i) for i in range(40)})


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def without_helper(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    with monkeypatch.context() as m:
        m.setattr(build_module._Helper, "MAX_RSS", 0)
        build(root / "site.yml", out=out, cache=False)
    return snapshot(out)


HELPERS: list[int] = []  # the pids of the helpers started, by ``watch_join``


def no_children() -> bool:
    """Every helper started is gone and waited for (other tests' processes aside)."""
    for pid in HELPERS:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


def watch_join(monkeypatch: pytest.MonkeyPatch, alone: bool = True) -> list[dict[str, str]]:
    """What each helper told; ``alone``: as if this process had no other thread (other
    tests' servers may run for the whole session)."""
    if alone:
        monkeypatch.setattr(build_module.threading, "active_count", lambda: 1)
    told: list[dict[str, str]] = []
    HELPERS.clear()
    real_join, real_init = build_module._Helper.join, build_module._Helper.__init__

    def join(self: Any) -> dict[str, str]:
        told.append(real_join(self))
        return told[-1]

    def init(self: Any, pid: int, fd: int) -> None:
        HELPERS.append(pid)
        real_init(self, pid, fd)

    monkeypatch.setattr(build_module._Helper, "join", join)
    monkeypatch.setattr(build_module._Helper, "__init__", init)
    return told


def test_the_helper_makes_the_lists_and_the_site_is_the_same(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told = watch_join(monkeypatch)
    build(site / "site.yml")
    (files,) = told
    lists = {p for p in snapshot(site / "public") if p.startswith(render.LISTS)}
    assert set(files) == lists and all(files.values())
    assert any(p.startswith("speakers/") for p in lists)
    assert any(p.startswith("timeline/") for p in lists)
    assert snapshot(site / "public") == without_helper(site, tmp_path / "alone", monkeypatch)
    assert HELPERS and no_children()


def test_a_helper_that_dies_half_way_costs_time_not_files(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = render.render_share

    def dying(*args: Any) -> Iterator[Output]:
        for n, output in enumerate(real(*args)):
            if n == 5:  # a file with the wanted key but half made, then gone without a word
                yield Output(output.path, b"half a fi", key=output.key)
                os._exit(1)
            yield output

    monkeypatch.setattr(render, "render_share", dying)
    told = watch_join(monkeypatch)
    build(site / "site.yml")
    assert told == [{}]
    assert snapshot(site / "public") == without_helper(site, tmp_path / "alone", monkeypatch)
    assert HELPERS and no_children()


def test_a_failing_build_stops_its_helper(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    told = watch_join(monkeypatch)

    def failing(*args: Any) -> Iterator[Output]:
        raise TlgenError([])
        yield  # a generator, as render_tags is

    monkeypatch.setattr(render, "render_tags", failing)  # the build's share, not the helper's
    with pytest.raises(TlgenError):
        build(site / "site.yml")
    assert HELPERS and told == []  # started, and stopped unheard
    assert no_children()
    assert not (site / "public").exists()
    assert [p.name for p in site.iterdir() if p.name.startswith(".public")] == []


def test_no_helper_beside_other_threads_or_in_a_large_process(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told = watch_join(monkeypatch, alone=False)
    stop = threading.Event()
    serving = threading.Thread(target=stop.wait)  # as ``tlgen serve`` has
    serving.start()
    try:
        build(site / "site.yml", cache=False)
    finally:
        stop.set()
        serving.join()
    monkeypatch.setattr(build_module.threading, "active_count", lambda: 1)
    monkeypatch.setattr(build_module._Helper, "MAX_RSS", 0)
    build(site / "site.yml", cache=False)
    assert told == []
    monkeypatch.setattr(build_module._Helper, "MAX_RSS", 1 << 40)
    build(site / "site.yml", cache=False)
    assert len(told) == 1  # the same build, alone and small: helped


def edit_theme(site: Path, n: int) -> None:
    """The event page's template copied into the site and changed: every page's key changes,
    while every record stays as the last build held it."""
    from generator.theme import builtin_themes_dir

    template = site / "templates" / "event.html"
    if not template.exists():
        template.parent.mkdir(parents=True, exist_ok=True)
        shipped = builtin_themes_dir() / "default" / "templates" / "event.html"
        template.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    text = template.read_text(encoding="utf-8")
    cut = text.rindex("{% endblock %}")  # inside the page's block, so that it shows
    template.write_text(f"{text[:cut]}<!-- edited {n} -->\n{text[cut:]}", encoding="utf-8")


def test_pages_made_again_from_held_records_are_shared_with_a_helper(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(site / "site.yml")  # the records are in the cache from here on
    told = watch_join(monkeypatch)
    edit_theme(site, 1)
    report = build(site / "site.yml")
    (files,) = told
    pages = {p for p in files if p.startswith("events/")}
    # every other event after those whose first _HELP_AFTER files were found changed,
    # each with all of its files
    shared = {render.event_of(p) for p in pages}
    assert 40 // 2 - build_module._HELP_AFTER // 2 <= len(shared) < 40 // 2
    made = {p for p in snapshot(site / "public") if render.event_of(p) in shared}
    assert made == pages
    assert any(p.startswith("speakers/") for p in files) and all(files.values())
    assert set(files) <= set(report.changed)
    page = next(p for p in sorted(pages) if p.endswith("/index.html"))
    assert "<!-- edited 1 -->" in (site / "public" / page).read_text("utf-8")
    assert snapshot(site / "public") == without_helper(site, tmp_path / "alone", monkeypatch)
    assert HELPERS and no_children()


def test_a_dead_helper_of_pages_made_again_costs_time_not_files(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(site / "site.yml")
    real = render.render_share

    def dying(*args: Any) -> Iterator[Output]:
        for n, output in enumerate(real(*args)):
            if n == 3:
                yield Output(output.path, b"half a fi", key=output.key)
                os._exit(1)
            yield output

    monkeypatch.setattr(render, "render_share", dying)
    told = watch_join(monkeypatch)
    edit_theme(site, 2)
    build(site / "site.yml")
    assert told == [{}]
    assert snapshot(site / "public") == without_helper(site, tmp_path / "alone", monkeypatch)
    assert HELPERS and no_children()


def test_an_edit_of_a_few_events_starts_no_helper(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(site / "site.yml")
    told = watch_join(monkeypatch)
    for i in range(3):
        path = site / "content" / "events" / f"e{i:02d}.md"
        path.write_text(path.read_text("utf-8") + "\n## 19:00 GMT\n\nLater.\n", "utf-8")
    build(site / "site.yml")
    assert told == [] and HELPERS == []


def test_an_output_removed_is_made_again_with_a_helper(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(site / "site.yml")
    shutil.rmtree(site / "public")  # the cache still holds every record and page key
    told = watch_join(monkeypatch)
    build(site / "site.yml")
    (files,) = told
    assert any(p.startswith("events/") for p in files) and all(files.values())
    assert snapshot(site / "public") == without_helper(site, tmp_path / "alone", monkeypatch)
