"""Each folder in tests/sites_invalid/ is a site that must fail to build with exit 1 and
exactly the messages in its expected.txt, leaving the previous output untouched.

Regenerate the expectations after a deliberate change of wording with
``TLGEN_REGEN=1 python3 -m pytest tests/test_invalid_sites.py`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main

CASES = Path(__file__).resolve().parent / "sites_invalid"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_invalid_site(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / case
    shutil.copytree(CASES / case, site, ignore=shutil.ignore_patterns("expected.txt"))
    out = site / "public"
    out.mkdir()
    (out / ".tlgen-output").write_text("")
    (out / "index.html").write_text("previous build")
    monkeypatch.chdir(site)
    code = main(["build"])
    err = capsys.readouterr().err
    expected_file = CASES / case / "expected.txt"
    if os.environ.get("TLGEN_REGEN"):
        expected_file.write_text(err, encoding="utf-8")
    assert code == 1
    assert err == expected_file.read_text(encoding="utf-8")
    assert "Traceback" not in err
    assert (out / "index.html").read_text() == "previous build"
    assert sorted(p.name for p in out.iterdir()) == [".tlgen-output", "index.html"]
