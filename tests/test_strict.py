"""``tlgen build --strict``: a warning fails the build as an error does, the output is left
as it was, and a build with nothing to do says so too (its warnings are the last build's)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main


def test_warnings_fail_a_strict_build(
    make_site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    root = make_site()
    monkeypatch.chdir(root)
    assert main(["build", "--strict"]) == 0  # no warning: as without
    page = root / "public" / "events" / "e" / "index.html"
    assert "First update." in page.read_text()
    capsys.readouterr()

    (tmp_path / "outside.md").write_text("elsewhere")
    (root / "content/events/link.md").symlink_to(tmp_path / "outside.md")
    event = root / "content/events/e.md"
    event.write_text(event.read_text().replace("First update.", "Edited update."))
    assert main(["build", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "content/events/link.md: symbolic link out of its folder skipped" in err
    assert "warning:" not in err  # said as the error it now is
    assert "build failed with 1 error (--strict: warnings count)" in err
    assert "First update." in page.read_text()  # the output as it was
    assert not [p for p in root.iterdir() if p.name.startswith(".public")]  # nothing left

    assert main(["build"]) == 0  # without --strict: built, with the warning
    assert "warning: symbolic link" in capsys.readouterr().err
    assert "Edited update." in page.read_text()
    assert main(["build", "--strict"]) == 1  # nothing to do, but the warning stands
    assert "(--strict: warnings count)" in capsys.readouterr().err
    (root / "content/events/link.md").unlink()
    assert main(["build", "--strict"]) == 0


def test_warnings_fail_a_strict_check(
    make_site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_site()
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    assert main(["check", "--strict"]) == 0  # no warning: as without
    feed = root / "public" / "feed.xml"  # a link a feed reader cannot open: a warning
    feed.write_text(feed.read_text().replace('href="', 'href="file:///', 1))
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "not web addresses" in err
    assert main(["check", "--strict"]) == 1
    assert "--strict: the warnings fail the check" in capsys.readouterr().err


def test_a_strict_build_that_fails_on_an_error_says_so(
    make_site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The closing line blames --strict only when warnings were what stopped the build."""
    root = make_site(
        {"content/events/e.md": "---\ntitle: E\ndate: nonsense\n---\n## 18:15\n\nText.\n"}
    )
    monkeypatch.chdir(root)
    assert main(["build", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "build failed with 1 error; the previous output is unchanged" in err
    assert "--strict" not in err
