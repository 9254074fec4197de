"""A bug of tlgen's reaches the user as one located line and exit code 70, never as a
traceback; TLGEN_DEBUG=1 shows the traceback for the bug report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import generator.build
import generator.cli as cli


def broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("the renderer fell over")


def test_internal_error_is_one_line_and_exit_70(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    root = make_site()
    monkeypatch.chdir(root)
    monkeypatch.delenv("TLGEN_DEBUG", raising=False)
    monkeypatch.setattr(generator.build, "build", broken)
    assert cli.main(["build"]) == 70
    err = capsys.readouterr().err
    assert "internal error at test_cli_internal_error.py:" in err
    assert "RuntimeError: the renderer fell over" in err and "Traceback" not in err
    assert "TLGEN_DEBUG=1" in err


def test_debug_shows_the_traceback(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_site())
    monkeypatch.setenv("TLGEN_DEBUG", "1")
    monkeypatch.setattr(generator.build, "build", broken)
    with pytest.raises(RuntimeError, match="fell over"):
        cli.main(["build"])
