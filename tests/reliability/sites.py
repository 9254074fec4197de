"""Small sites in temporary folders, builds through the command line's entry point, and
byte-for-byte snapshots of output folders: what every reliability test needs."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from generator.cli import main
from generator.config import SCHEMA
from generator.write import MARKER

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_588fca7941595965.txt"

# The search index (an external program) costs a second a build and is tested on its
# own; these tests switch it off where the configuration has the switch.
NO_SEARCH = "search: false\n" if "search" in SCHEMA else ""
SITE_YML = "title: Test archive\nbase_url: /\ntimezone: GMT\n" + NO_SEARCH

CAPTURE_TEXT = (
    "Capture title Live updates\n"
    "14/03/2016\n"
    "19:16 GMT\n"
    "The opposition has welcomed the announcement.\n"
)

EVENT = """---
title: {title}
date: 2016-03-14
timezone: GMT
---

## 18:20 GMT

{body}

## 18:15 GMT

First update.
"""


def event(title: str = "Test event", body: str = "Second update.") -> str:
    return EVENT.format(title=title, body=body)


def write_site(root: Path, files: Mapping[str, str | bytes], site_yml: str = SITE_YML) -> Path:
    """Write ``files`` ({relative path: text or bytes}) and a site.yml under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(site_yml, encoding="utf-8")
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes; symlinks as targets."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def previous_output(root: Path, name: str = "public") -> dict[str, bytes]:
    """A previous build's folder (tlgen's marker, a page, a nested page); its snapshot."""
    out = root / name
    (out / "events" / "old").mkdir(parents=True)
    (out / MARKER).write_text("made by tlgen\n")
    (out / "index.html").write_text("<!doctype html><title>previous build</title>\n")
    (out / "events" / "old" / "index.html").write_text("previous event\n")
    return snapshot(out)


def build(root: Path, *args: str) -> tuple[int, str, str]:
    """``tlgen build --config root/site.yml ARGS`` in this process: (exit code, stdout,
    stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build", "--config", str(root / "site.yml"), *args])
    return code, out.getvalue(), err.getvalue()


def build_process(
    root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python3 -m generator build`` in a child process, in ``root``."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--config", str(root / "site.yml"), *args],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def failure(message: str, errors: int = 1) -> str:
    """What ``tlgen build`` prints for ``message`` (one or more problems, with hints)."""
    noun = "error" if errors == 1 else "errors"
    return f"{message}\nbuild failed with {errors} {noun}; the previous output is unchanged\n"


def leftovers(folder: Path) -> list[str]:
    """Temporary folders of a build beside ``folder`` (``.public.tlgen-tmp-<pid>``)."""
    return sorted(p.name for p in folder.parent.glob(f".{folder.name}.tlgen-*"))
