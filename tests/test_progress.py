"""The progress line: on a terminal once a build has run for a second, redrawn in place
and taken away before the summary; never on a pipe or in a log."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.build import INDEXING, READING, WRITING, build
from generator.cli import ProgressLine


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_line_appears_after_the_delay_and_is_cleared() -> None:
    now = [0.0]
    out = Terminal()
    line = ProgressLine(out, delay=1.0, clock=lambda: now[0])
    line(READING, 1, 10)
    assert out.getvalue() == ""  # a short build shows nothing
    now[0] = 1.5
    line(READING, 5, 10)
    assert out.getvalue().endswith("reading sources 5/10 (2 s)")
    now[0] = 1.55
    line(READING, 6, 10)  # drawn a moment ago: not again
    assert "6/10" not in out.getvalue()
    line(READING, 10, 10)  # the last count of a stage is always drawn
    now[0] = 2.0
    line(WRITING, 1234, 0)
    assert out.getvalue().endswith("\r\x1b[Kwriting files 1,234 (2 s)")
    line.clear()
    assert out.getvalue().endswith("\r\x1b[K")


def test_nothing_when_not_a_terminal() -> None:
    out = io.StringIO()
    line = ProgressLine(out, delay=0.0)
    line(READING, 1, 2)
    line.clear()
    assert out.getvalue() == ""


def test_build_reports_its_stages(make_site: Callable[..., Path]) -> None:
    root = make_site()
    heard: list[tuple[str, int, int]] = []
    build(root / "site.yml", progress=lambda *args: heard.append(args))
    assert (READING, 1, 1) in heard
    written = [done for stage, done, _ in heard if stage == WRITING]
    assert written == list(range(1, len(written) + 1)) and len(written) > 5
    assert (INDEXING, 1, 1) in heard  # the one event page given to Pagefind


def test_a_piped_build_prints_one_summary_line(make_site: Callable[..., Path]) -> None:
    root = make_site()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("built 1 event, ") and done.stdout.count("\n") == 1
    assert "\r" not in done.stdout + done.stderr and "\x1b" not in done.stdout + done.stderr
