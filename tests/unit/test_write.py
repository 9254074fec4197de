from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.errors import TlgenError
from generator.model import Output
from generator.write import MARKER, WriteReport, clean_stale, write_site


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
    # the empty folder swapped out for the site is gone too
    assert sorted(p.name for p in tmp_path.iterdir()) == [foreign.name, "public"]


def test_a_file_system_without_hard_links_has_the_kept_files_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A swapped-in site links the files it keeps from the last one; where the file
    system cannot link, they are written anew, and the site is whole."""
    out = tmp_path / "public"
    first = write_site(many(40), out)

    def no_links(src: object, dst: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_links)
    changed = {f"a/p{i}.html": b"new" for i in range(1, 20, 2)}  # enough to swap
    write_site(many(40, changed), out, first.outputs)
    write_site(many(40, changed), tmp_path / "clean")
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_a_folder_only_named_as_ours_is_never_used_even_with_a_journal(tmp_path: Path) -> None:
    """A dead build's folder is finished and removed only when it carries the marker: one
    that only looks like it, journal and all, is left as it is, and so is the output."""
    out = tmp_path / "public"
    write_site(many(4), out)
    before = snapshot(out)
    foreign = tmp_path / ".public.tlgen-tmp-99999"  # as a dead build's would be named
    (foreign / "a").mkdir(parents=True)
    (foreign / "a" / "p1.html").write_text("someone's file")
    (foreign / ".tlgen-commit").write_text(json.dumps([["a/p1.html"], ["b/p0.html"]]))
    clean_stale(out)
    assert snapshot(out) == before
    assert (foreign / "a" / "p1.html").read_text() == "someone's file"
    assert (foreign / ".tlgen-commit").exists()


def many(n: int, changed: dict[str, bytes] | None = None) -> list[Output]:
    """``n`` pages in two folders, keyed by their bytes (as a build keys its outputs)."""
    pages = {f"{'a' if i % 2 else 'b'}/p{i}.html": f"page {i}".encode() for i in range(n)}
    pages.update(changed or {})
    return [Output(path, data, key=data.decode()) for path, data in pages.items()]


def test_an_edit_is_moved_into_the_output_and_the_rest_kept(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = write_site(many(40), out)
    inode, kept = out.stat().st_ino, (out / "a" / "p3.html").stat().st_ino
    report = write_site(many(40, {"a/p1.html": b"edited"}), out, first.outputs)
    assert (report.reused, report.rendered) == (39, ("a/p1.html",))
    assert out.stat().st_ino == inode  # no swap: the folder is the same one
    assert (out / "a" / "p3.html").stat().st_ino == kept
    clean = write_site(many(40, {"a/p1.html": b"edited"}), tmp_path / "clean")
    assert snapshot(out) == snapshot(tmp_path / "clean")
    assert clean.files == 40
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean", "public"]


def test_an_edit_in_place_removes_what_a_clean_build_would_not_have(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = write_site([*many(40), Output("c/only.html", b"x", key="x")], out)
    (out / "stray.txt").write_text("put here by hand")
    (out / "a" / "stray").mkdir()
    (out / "a" / "stray" / "deep.txt").write_text("by hand too")
    inode = out.stat().st_ino
    report = write_site(many(40, {"b/p0.html": b"edited"}), out, first.outputs)
    assert out.stat().st_ino == inode
    assert report.rendered == ("b/p0.html",)
    write_site(many(40, {"b/p0.html": b"edited"}), tmp_path / "clean")
    assert snapshot(out) == snapshot(tmp_path / "clean")
    assert not (out / "c").exists()  # its only file gone, the folder goes too


def test_a_hand_edited_file_is_written_again(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = write_site(many(40), out)
    (out / "a" / "p3.html").write_bytes(b"changed by hand, same inputs")
    report = write_site(many(40), out, first.outputs)
    assert report.rendered == ("a/p3.html",)
    assert (out / "a" / "p3.html").read_bytes() == b"page 3"


def test_many_changes_or_a_file_for_a_folder_swap_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = write_site(many(40), out)
    inode = out.stat().st_ino
    changed = {f"a/p{i}.html": b"new" for i in range(1, 20, 2)}
    previous = write_site(many(40, changed), out, first.outputs).outputs
    assert out.stat().st_ino != inode  # a quarter of the files changed
    pages = many(40)
    folder_for_file = [p for p in pages if p.path != "a/p1.html"]
    folder_for_file.append(Output("a/p1.html/x.html", b"x", key="x"))
    file_for_folder = [p for p in pages if not p.path.startswith("b/")]
    file_for_folder.append(Output("b", b"x", key="x"))  # and a/p1.html a file again
    for outputs in (folder_for_file, file_for_folder):
        inode = out.stat().st_ino
        previous = write_site(outputs, out, previous).outputs
        assert out.stat().st_ino != inode
    write_site(file_for_folder, tmp_path / "clean")
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_a_file_in_a_new_folder_is_moved_in_too(tmp_path: Path) -> None:
    """An event added makes its folder: moved in like an edit, the folders made as the
    moves need them, and removed with the files when the event goes."""
    out = tmp_path / "public"
    first = write_site(many(40), out)
    inode = out.stat().st_ino
    added = write_site([*many(40), Output("new/deep/x.html", b"x", key="x")], out, first.outputs)
    assert out.stat().st_ino == inode
    assert added.rendered == ("new/deep/x.html",)
    assert (out / "new" / "deep" / "x.html").read_bytes() == b"x"
    write_site(many(40), out, added.outputs)
    assert out.stat().st_ino == inode
    assert not (out / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_failure_before_an_edit_is_moved_in_leaves_the_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = write_site(many(40), out)
    before = snapshot(out)

    def broken() -> Iterator[Output]:
        yield Output("a/p1.html", b"half", key="half")
        raise TlgenError([])

    with pytest.raises(TlgenError):
        write_site(broken(), out, first.outputs)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


KILLED_MID_COMMIT = """
import os, sys
from pathlib import Path
sys.path[:0] = [{tests!r}, {repo!r}]
from unit.test_write import many
from generator import write
done = 0
real = os.replace
def dying(a, b):
    global done
    if str(a).startswith({tmp!r}) and ".tlgen-tmp-" in str(a) and not str(a).endswith(".part"):
        if done == 2:
            os._exit(9)  # as a SIGKILL would: nothing runs after
        done += 1
    real(a, b)
write.os.replace = dying
out = Path({out!r})
first = write.write_site(many(40), out)
write.write_site(many(40, {changed!r}), out, first.outputs)
"""


def test_a_build_killed_while_moving_an_edit_in_is_finished_by_the_next(tmp_path: Path) -> None:
    import subprocess
    import sys

    changed = {f"a/p{i}.html": f"edited {i}".encode() for i in (1, 3, 5, 7)}
    out = tmp_path / "public"
    tests = Path(__file__).parents[1]
    script = KILLED_MID_COMMIT.format(
        tests=str(tests), repo=str(tests.parent), tmp=str(tmp_path), out=str(out), changed=changed
    )
    died = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert died.returncode == 9, died.stderr
    half = snapshot(out)
    assert [half[p] for p in sorted(changed)] == [b"edited 1", b"edited 3", b"page 5", b"page 7"]
    clean_stale(tmp_path / "other")  # another output's build leaves it alone
    assert snapshot(out) == half
    clean_stale(out)  # what the next build does first: finish the moves
    write_site(many(40, changed), tmp_path / "clean")
    assert snapshot(out) == snapshot(tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean", "public"]


def pieced(texts: list[str], made: list[int]) -> Output:
    """A file of pieces keyed by their text; ``made`` hears which pieces were made."""

    def part(i: int) -> bytes:
        made.append(i)
        return texts[i].encode()

    return Output("all.txt", key="|".join(texts), parts=tuple(texts), part=part)


def pieced_site(
    out: Path, texts: list[str], made: list[int], last: WriteReport | None = None
) -> WriteReport:
    """40 pages and the file of ``texts`` written to ``out``, over the ``last`` build's."""
    outputs = [*many(40), pieced(texts, made)]
    if last is None:
        return write_site(outputs, out)
    return write_site(outputs, out, last.outputs, pieces=last.pieces)


@pytest.fixture(params=["kernel", "read"])
def copying(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs of pieces copied by the kernel (Linux), or read and written (elsewhere)."""
    from generator import write

    if request.param == "kernel" and not hasattr(os, "copy_file_range"):
        pytest.skip("no os.copy_file_range on this system")
    monkeypatch.setattr(write, "_KERNEL_COPY", request.param == "kernel")
    return str(request.param)


def test_pieces_whose_inputs_did_not_change_are_copied_from_the_last_file(
    copying: str,
    tmp_path: Path,
) -> None:
    out = tmp_path / "public"
    made: list[int] = []
    texts = [f"piece {i};" for i in range(30)]
    first = pieced_site(out, texts, made)
    assert made == list(range(30))
    texts[7] = "edited;"
    made.clear()
    second = pieced_site(out, texts, made, first)
    assert made == [7]
    assert (out / "all.txt").read_text() == "".join(texts)
    assert second.bytes == len("".join(texts))  # copied or made, every byte is counted
    made.clear()  # unchanged: the file is kept, and so is where its pieces are
    second = pieced_site(out, texts, made, second)
    assert (made, second.reused) == ([], 41)
    texts[0] = "edited first;"
    second = pieced_site(out, texts, made, second)
    assert made == [0]
    assert (out / "all.txt").read_text() == "".join(texts)

    texts[3:9] = reversed(texts[3:9])  # moved: copied in runs that follow the last file
    made.clear()
    second = pieced_site(out, texts, made, second)
    assert made == []
    assert (out / "all.txt").read_text() == "".join(texts)
    texts[20] = "edited after the move;"  # the lengths recorded by the copy are right
    second = pieced_site(out, texts, made, second)
    assert made == [20]
    assert (out / "all.txt").read_text() == "".join(texts)

    # changed by hand to other bytes of the same length: where its pieces were says nothing
    (out / "all.txt").write_text("".join(texts).swapcase())
    texts[9] = "edited again;"
    made.clear()
    second = pieced_site(out, texts, made, second)
    assert made == list(range(30))
    assert (out / "all.txt").read_text() == "".join(texts)

    (out / "all.txt").write_text("changed by hand")  # its pieces are nowhere to be found
    texts[8] = "edited too;"
    made.clear()
    pieced_site(out, texts, made, second)
    assert made == list(range(30))
    assert (out / "all.txt").read_text() == "".join(texts)


def test_pieces_are_copied_in_bounded_runs(
    copying: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pieces that follow each other are copied together, a bounded run at a time (a
    whole archive file is never held): the bytes are those of the pieces either way. The
    kernel copies them where it can, with no bytes through Python."""
    from generator import write

    monkeypatch.setattr(write, "_RUN", 25)  # a few pieces a read
    out = tmp_path / "public"
    made: list[int] = []
    texts = [f"piece {i};" for i in range(30)]
    first = pieced_site(out, texts, made)
    reads: list[int] = []
    copies: list[int] = []
    real = write._spliced

    def counting(*args: Any) -> Iterator[Any]:
        for chunk in real(*args):
            if isinstance(chunk, write._Copy):
                copies.append(chunk.length)
                reads.append(chunk.length)
            else:
                reads.append(len(chunk))
            yield chunk

    monkeypatch.setattr(write, "_spliced", counting)
    texts[29] = "edited;"
    made.clear()
    pieced_site(out, texts, made, first)
    assert made == [29]
    assert (out / "all.txt").read_text() == "".join(texts)
    assert 1 < len(reads) < 30 and max(reads[:-1]) <= 25 + len("piece 10;")
    assert copies == (reads[:-1] if copying == "kernel" else [])


def test_a_file_system_that_cannot_copy_has_the_runs_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``copy_file_range`` refused (two file systems, an old kernel): the file written is
    as it was before the copy, the run is read instead, and the kernel is not asked again."""
    from generator import write

    monkeypatch.setattr(write, "_KERNEL_COPY", True)
    asked: list[int] = []

    def refused(src: int, dst: int, count: int, offset_src: int | None = None) -> int:
        asked.append(count)
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "copy_file_range", refused, raising=False)
    out = tmp_path / "public"
    made: list[int] = []
    texts = [f"piece {i};" for i in range(30)]
    first = pieced_site(out, texts, made)
    texts[7] = "edited;"
    made.clear()
    second = pieced_site(out, texts, made, first)
    assert made == [7] and len(asked) == 1 and write._KERNEL_COPY is False
    assert (out / "all.txt").read_text() == "".join(texts)
    texts[20] = "edited again;"
    made.clear()
    pieced_site(out, texts, made, second)
    assert made == [20] and len(asked) == 1
    assert (out / "all.txt").read_text() == "".join(texts)


def test_a_full_disk_while_copying_leaves_the_output_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import write

    if not hasattr(os, "copy_file_range"):
        pytest.skip("no os.copy_file_range on this system")
    monkeypatch.setattr(write, "_KERNEL_COPY", True)
    out = tmp_path / "public"
    texts = [f"piece {i};" for i in range(30)]
    first = pieced_site(out, texts, [])
    before = snapshot(out)

    def full(src: int, dst: int, count: int, offset_src: int | None = None) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "copy_file_range", full)
    texts[7] = "edited;"
    with pytest.raises(OSError, match="No space left"):
        pieced_site(out, texts, [], first)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_last_file_cut_short_under_the_build_has_its_pieces_made(
    copying: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last build's file was as recorded when its pieces were found, then cut short
    before they were copied (another program, a full disk): the pieces it no longer
    holds are made, and the next build finds them where they are."""
    from generator import write

    out = tmp_path / "public"
    made: list[int] = []
    texts = [f"piece {i};" for i in range(30)]
    first = pieced_site(out, texts, made)
    real = write._pieces_of

    def then_cut(old: str, recorded: Any) -> dict[str, tuple[int, int]]:
        found = real(old, recorded)
        with open(old, "r+b") as f:
            f.truncate(len("".join(texts[:10])))
        return found

    monkeypatch.setattr(write, "_pieces_of", then_cut)
    texts[0] = "edited;"
    made.clear()
    second = pieced_site(out, texts, made, first)
    assert made[0] == 0 and made[1:] and set(made[1:]) <= set(range(1, 30))
    assert (out / "all.txt").read_text() == "".join(texts)
    monkeypatch.setattr(write, "_pieces_of", real)
    texts[25] = "edited again;"
    made.clear()
    pieced_site(out, texts, made, second)
    assert made == [25]  # the lengths recorded for the made pieces were right
    assert (out / "all.txt").read_text() == "".join(texts)


def test_nothing_is_moved_through_a_link_put_in_the_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = write_site(many(40), out)
    elsewhere = tmp_path / "elsewhere"
    (out / "a").rename(elsewhere)
    (out / "a").symlink_to(elsewhere)
    write_site(many(40, {"a/p1.html": b"edited"}), out, first.outputs)
    assert not (out / "a").is_symlink()
    assert (out / "a" / "p1.html").read_bytes() == b"edited"
    assert (elsewhere / "p1.html").read_bytes() == b"page 1"


def test_nothing_is_moved_through_a_link_deeper_in_the_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = write_site([*many(40), Output("a/deep/x.html", b"x", key="x")], out)
    elsewhere = tmp_path / "elsewhere"
    (out / "a" / "deep").rename(elsewhere)
    (out / "a" / "deep").symlink_to(elsewhere)
    write_site([*many(40), Output("a/deep/x.html", b"edited", key="y")], out, first.outputs)
    assert not (out / "a" / "deep").is_symlink()
    assert (out / "a" / "deep" / "x.html").read_bytes() == b"edited"
    assert (elsewhere / "x.html").read_bytes() == b"x"


@pytest.mark.parametrize("stop", [KeyboardInterrupt, OSError(errno.EBUSY, "busy")])
def test_an_interrupt_while_an_edit_is_moved_in_finishes_the_moves_first(
    stop: BaseException | type[BaseException], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C lands during the moves: they are finished before it goes on, so the
    output is the new one, whole. A passing error is tried again, and the build goes on."""
    out = tmp_path / "public"
    first = write_site(many(40), out)
    changed = {f"a/p{i}.html": f"edited {i}".encode() for i in (1, 3)}
    real = os.replace
    calls = 0

    def interrupted(src: Any, dst: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # the journal's, then the first move's
            raise stop
        real(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    if stop is KeyboardInterrupt:
        with pytest.raises(KeyboardInterrupt):
            write_site(many(40, changed), out, first.outputs)
    else:
        report = write_site(many(40, changed), out, first.outputs)
        assert sorted(report.rendered) == sorted(changed)
    monkeypatch.setattr(os, "replace", real)
    write_site(many(40, changed), tmp_path / "clean")
    assert snapshot(out) == snapshot(tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean", "public"]


def test_a_full_disk_at_the_journal_leaves_the_output_and_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from generator import write

    out = tmp_path / "public"
    first = write_site(many(40), out)
    before = snapshot(out)
    real = write._write_file

    def full_at_the_journal(path: Path, chunks: Iterator[bytes]) -> int:
        if path.name.startswith(".tlgen-commit"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, chunks)

    monkeypatch.setattr(write, "_write_file", full_at_the_journal)
    with pytest.raises(OSError, match="No space left"):
        write_site(many(40, {"a/p1.html": b"edited"}), out, first.outputs)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_moves_a_killed_build_left_are_finished_even_where_a_folder_went(
    tmp_path: Path,
) -> None:
    """The next build finishes a killed build's moves; a folder of the output removed in
    between is made again, and nothing of it stops the build."""
    from generator.write import _JOURNAL, _apply

    out = tmp_path / "public"
    write_site(many(40), out)
    killed = tmp_path / ".public.tlgen-tmp-999999"
    (killed / "a").mkdir(parents=True)
    (killed / MARKER).write_text("")
    (killed / "a" / "p1.html").write_bytes(b"edited")
    (killed / _JOURNAL).write_text('[["a/p1.html"], []]')
    for page in (out / "a").iterdir():
        page.unlink()
    (out / "a").rmdir()
    clean_stale(out)
    assert (out / "a" / "p1.html").read_bytes() == b"edited"
    assert not killed.exists()
    _apply(killed, out, ["a/p1.html"], [])  # done twice, nothing more (and no error)


def test_a_file_written_ahead_makes_its_folders_and_never_the_begun_one(tmp_path: Path) -> None:
    """``prewrite`` makes a new folder before the file and remembers it; a folder removed
    after it was made is made again, and a begun folder the build removed is never."""
    from generator.write import begin, prewrite, prewrite_all

    staged = begin(tmp_path / "public")
    folder = staged.folder
    done: dict[str, str] = {}
    outputs = [
        Output("events/a/index.html", b"a", key="ka"),
        Output("events/a/feed.xml", b"f", key="kf"),
        Output("events/a/newest-first/index.html", b"n", key="kn"),
        Output("events/a.json", b"j", key="kj"),
    ]
    prewrite_all(folder, outputs, done)
    assert done == {"events/a/index.html": "ka", "events/a/feed.xml": "kf",
                    "events/a/newest-first/index.html": "kn", "events/a.json": "kj"}  # fmt: skip
    assert (folder / "events/a/newest-first/index.html").read_bytes() == b"n"
    # removed by hand after this process made it: made again
    (folder / "events/a/feed.xml").unlink()
    (folder / "events/a/index.html").unlink()
    (folder / "events/a/newest-first/index.html").unlink()
    (folder / "events/a/newest-first").rmdir()
    (folder / "events/a").rmdir()
    prewrite(folder, Output("events/a/index.html", b"again"))
    assert (folder / "events/a/index.html").read_bytes() == b"again"
    # the build stopped and removed its folder: nothing makes it again
    for top, dirs, files in os.walk(folder, topdown=False):
        for name in files:
            os.unlink(os.path.join(top, name))
        for name in dirs:
            os.rmdir(os.path.join(top, name))
    folder.rmdir()
    for path in ("events/b/index.html", "c.html", "events/a/index.html"):
        with pytest.raises(FileNotFoundError):
            prewrite(folder, Output(path, b"late"))
    assert not folder.exists()
