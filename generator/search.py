"""The static full-text search index: Pagefind run over the finished pages.

Pagefind (PyPI ``pagefind[bin]``, whose binary ships inside the package) indexes the event
pages (marked ``data-pagefind-body``), with filters for event, speaker and date, and
records every element id with its word position, so the search page can send each
result to the exact update it matched. When nothing on the pages changed, the previous
index is reused; when the index cannot be built the site still is, with a warning.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import sys
from pathlib import Path

from generator.errors import Problem

INDEX_DIR = "pagefind"
_TIMEOUT = 600
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Run in the indexer's process before it starts (Linux): the kernel stops it when the
    build that started it dies, even by SIGKILL, so no indexer outlives a killed build.
    Pagefind's launcher execs the binary, which keeps this setting."""
    with contextlib.suppress(OSError, AttributeError):  # elsewhere the timeout bounds it
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _link_tree(source: Path, target: Path) -> bool:
    """Hard-link (or copy) a previous index into the new folder."""
    try:
        for path in source.rglob("*"):
            dest = target / path.relative_to(source)
            if path.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, dest)
            except OSError:
                shutil.copy2(path, dest)
    except OSError:
        return False
    return True


def build_index(folder: Path, previous: Path | None, changed: bool, language: str) -> list[Problem]:
    """Write ``folder/pagefind/``; return warnings (the build goes on without search)."""
    import subprocess  # not for a site without search

    old = previous / INDEX_DIR if previous is not None else None
    if not changed and old is not None and old.is_dir() and _link_tree(old, folder / INDEX_DIR):
        return []
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(folder),
        "--output-subdir",
        INDEX_DIR,
        "--force-language",
        (language or "en").split("-")[0].lower(),
    ]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
            preexec_fn=die_with_parent if sys.platform == "linux" else None,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [_warning(str(exc))]
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        return [_warning(reason[-1] if reason else f"pagefind exited with {done.returncode}")]
    return []


def _warning(reason: str) -> Problem:
    return Problem(
        f"the search index was not built: {reason}",
        hint="install it with: python3 -m pip install 'pagefind[bin]' "
        "(or set 'search: false' in site.yml); the rest of the site is built",
        severity="warning",
    )
