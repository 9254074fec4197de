"""``tlgen new event``: the file lands in content/events/, builds as a draft, is never
overwritten unasked, and bad arguments are usage errors that write nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main


def test_new_event_then_build(
    make_site: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_site()
    monkeypatch.chdir(root)
    assert main(["new", "event", "Brussels", "attacks"]) == 0
    written = root / "content" / "events" / "brussels-attacks.md"
    out = capsys.readouterr().out
    assert "wrote content/events/brussels-attacks.md" in out and "--drafts" in out
    assert written.read_text().startswith('---\ntitle: "Brussels attacks"\n')
    names = {p.name for p in written.parent.iterdir()}
    assert names == {"e.md", "brussels-attacks.md"}  # no temporary file left beside it

    assert main(["build"]) == 0  # a draft: left out
    assert not (root / "public" / "events" / "brussels-attacks").exists()
    assert main(["build", "--drafts"]) == 0
    page = root / "public" / "events" / "brussels-attacks" / "index.html"
    assert "Write the first update here." in page.read_text()

    written.write_text(written.read_text().replace("draft: true", ""))
    assert main(["build"]) == 0  # published once the line is gone
    assert page.is_file()


def test_an_existing_file_is_kept(
    make_site: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_site()
    monkeypatch.chdir(root)
    existing = root / "content" / "events" / "e.md"
    before = existing.read_text()
    assert main(["new", "event", "Other title", "--slug", "e"]) == 1
    err = capsys.readouterr().err
    assert "content/events/e.md exists; not overwritten" in err and "--force" in err
    assert existing.read_text() == before
    assert main(["new", "event", "Other title", "--slug", "e", "--force"]) == 0
    assert 'title: "Other title"' in existing.read_text()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--timezone", "Mars/Olympus"], "Mars/Olympus"),
        (["--slug", "Not A Slug"], "not a URL-safe name"),
        (["--date", "soon"], "soon"),
    ],
)
def test_bad_arguments_write_nothing(
    make_site: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    said: str,
) -> None:
    root = make_site({})
    monkeypatch.chdir(root)
    assert main(["new", "event", "A title", *args]) == 2
    assert said in capsys.readouterr().err
    assert not (root / "content").exists()


def test_usage(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert main(["new", "speaker", "X"]) == 2  # only events are made
    assert main(["new", "event"]) == 2  # a title is needed
    assert main(["new", "event", "X"]) == 2  # no site.yml here
    assert "site.yml" in capsys.readouterr().err


def test_a_slug_another_source_publishes_is_refused(
    make_site: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken = "---\ntitle: Taken\ndate: 2016-03-14\nslug: taken\n---\n\n## 18:15\n\nText.\n"
    root = make_site({"content/events/other-name.md": taken})
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    assert main(["new", "event", "Taken"]) == 1  # public/events/taken/ is that event's
    err = capsys.readouterr().err
    assert "another event is published as /events/taken/" in err and "--slug" in err
    assert not (root / "content" / "events" / "taken.md").exists()
    assert main(["new", "event", "Taken", "--slug", "taken-too"]) == 0
