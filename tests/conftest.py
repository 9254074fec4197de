"""Shared fixtures: the repository, the shared corpus (skipped when absent) and small
sites written into temporary folders, and a scratch folder on tmpfs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

SITE_YML = "title: Test archive\nbase_url: /\ntimezone: GMT\n"

EVENT_MD = """---
title: Test event
date: 2016-03-14
timezone: GMT
---

## 18:20 GMT

Second update.

## 18:15 GMT

First update.
"""


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus) is not beside this checkout")
    return CORPUS


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Write a site from {relative path: text}; returns its folder."""

    def make(files: dict[str, str] | None = None, site_yml: str = SITE_YML) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        (root / "site.yml").write_text(site_yml, encoding="utf-8")
        for rel, text in (
            files if files is not None else {"content/events/e.md": EVENT_MD}
        ).items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A folder on tmpfs where there is one: there a folder lists its files in the order
    they were made, so two copies made in two orders list differently."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm) as folder:
            yield Path(folder)
    else:
        yield tmp_path
