from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.errors import TlgenError
from generator.model import Output
from generator.write import MARKER, write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_writes_and_replaces(tmp_path: Path) -> None:
    out = tmp_path / "public"
    report = write_site([Output("index.html", b"one"), Output("a/b.html", b"two")], out)
    assert report.files == 2
    assert snapshot(out) == {
        "index.html": b"one",
        "a/b.html": b"two",
        MARKER: snapshot(out)[MARKER],
    }
    write_site([Output("index.html", b"new")], out)
    assert (out / "index.html").read_bytes() == b"new"
    assert not (out / "a").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_failure_mid_write_leaves_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site([Output("index.html", b"good")], out)
    before = snapshot(out)

    def broken() -> Iterator[Output]:
        yield Output("index.html", b"half")
        raise TlgenError([])

    with pytest.raises(TlgenError):
        write_site(broken(), out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.mark.parametrize("bad", ["../x.html", "/etc/x", "a/../../x", "a\\..\\x", "a//b", "a/\x00"])
def test_paths_that_escape_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(TlgenError, match="would leave the output folder"):
        write_site([Output(bad, b"x")], tmp_path / "public")
    assert not (tmp_path / "public").exists()


def test_two_outputs_one_path(tmp_path: Path) -> None:
    with pytest.raises(TlgenError, match="two pages would be written to"):
        write_site([Output("a.html", b"1"), Output("A.html", b"2")], tmp_path / "public")


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(TlgenError, match="was not made by tlgen"):
        write_site([Output("index.html", b"x")], out)
    assert (out / "thesis.tex").read_text() == "years of work"


def test_empty_folder_is_fine_and_stale_temporaries_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    stale = tmp_path / ".public.tlgen-tmp-99999"
    stale.mkdir()
    (stale / MARKER).write_text("")
    (stale / "half.html").write_text("")
    foreign = tmp_path / ".public.tlgen-tmp-1"  # no marker: not ours, never deleted
    foreign.mkdir()
    write_site([Output("index.html", b"x")], out)
    assert not stale.exists()
    assert foreign.exists()
    assert (out / "index.html").read_bytes() == b"x"
