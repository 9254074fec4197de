"""The code rules the team keeps, checked where they are kept: ``ruff check`` and
``ruff format`` clean, and mypy finding no error in the package (pyproject.toml says
which libraries ship no types)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def ruff() -> str:
    found = shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    return found


def test_ruff_check_is_clean(ruff: str) -> None:
    done = _run(ruff, "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean(ruff: str) -> None:
    done = _run(ruff, "format", "--no-cache", "--check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_no_error(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    # a cache of its own: a run never depends on, nor leaves, one in the checkout
    done = _run(sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_content_error_says_what_to_do() -> None:
    """README: each error is ``path:line: what is wrong`` and a ``hint:`` line saying how
    to fix it. An error without the hint is easy to write and was written, 29 times (an
    impossible front-matter date, a YAML syntax error...): so every ``problems.error``
    call in the package passes three arguments, and every ``Problem`` made directly a
    hint (a note needs none)."""
    import ast

    bare = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func, keywords = node.func, {k.arg for k in node.keywords}
            collected = (
                isinstance(func, ast.Attribute)
                and func.attr == "error"
                and isinstance(func.value, ast.Name)
                and func.value.id == "problems"
                and len(node.args) + len(keywords) < 3
            )
            made = (
                isinstance(func, ast.Name)
                and func.id == "Problem"
                and len(node.args) < 3
                and "hint" not in keywords
                and "severity" not in keywords
            )
            if collected or made:
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bare, "errors without a hint: " + ", ".join(bare)
