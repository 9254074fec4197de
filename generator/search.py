"""The static full-text search index: Pagefind run over the finished pages.

Pagefind (PyPI ``pagefind[bin]``, whose binary ships inside the package) indexes the event
pages (marked ``data-pagefind-body``), with filters for event, speaker and date, and
records every element id with its word position, so the search page can send each
result to the exact update it matched. When nothing on the pages changed, the previous
index is reused; when the index cannot be built the site still is, with a warning.

Pagefind numbers the pages it is given in the order it is given them, and those numbers
are all through the index. Run over a folder, it takes the pages in the order the file
system lists them: creation order on tmpfs, a hash order seeded per file system on ext4.
So tlgen gives it the pages itself, in the order of their paths, through ``pagefind
--service`` (the protocol its Python and Node APIs speak; the Python one waits a tenth
of a second for each answer, a minute and a half for 1,000 pages): the index is the same
from build to build and machine to machine. Only the pages Pagefind would index are
given: once a page is marked ``data-pagefind-body`` it leaves out every unmarked one, but
it reads them all first (the other order of each event, speakers, tags, months: two
thirds of the pages at 1,000 events).

Pagefind has no incremental mode, takes about 10 ms and 0.5 MB a page, and indexes one
page at a time. So an archive's index is made in parts of about ``_PART_PAGES`` pages
(one up to 500 events, two at 1,000), each its own Pagefind index, which the search page
merges (Pagefind's ``mergeIndex``): an edit makes again only the part that holds its
page, and the parts of a clean build are made side by side, one per core. A page's part
is a hash of its path, so that every part is a sample of the whole archive: Pagefind
scores each part's results by that part's word statistics, which are then alike, and
merges them by score. Alike, not equal: at 10,000 events in ten parts, a word on one page
in twenty scored some 5 to 8% apart from part to part, so results whose scores are that
close come in another order than from one index (measured, 2026-11-27). At 1,000 events
of the benchmark's corpus in two parts, each of 20 searches (a word on half of the pages,
or on nearly all) found the same pages as one index; their first ten differed only among
pages that one index scored within 3% of its tenth (measured, 2026-11-28). Which words a
prefix or a stem matches also follows each index's own chunks, in one index as in parts.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import functools
import hashlib
import json
import os
import shutil
import signal
import sys
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from generator.errors import Problem

INDEX_DIR = "pagefind"
# What Pagefind is given before it is taken as hung: more for more pages (it takes about
# 8 ms a page here, one page at a time)
_TIMEOUT, _TIMEOUT_PER_PAGE = 600.0, 0.1
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Run in the indexer's process before it starts (Linux): the kernel stops it when the
    build that started it dies, even by SIGKILL, so no indexer outlives a killed build.
    Pagefind's launcher execs the binary, which keeps this setting."""
    if (prctl := _prctl()) is not None:  # elsewhere the timeout bounds it
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@functools.cache
def _prctl() -> Any:
    """libc's ``prctl``, looked up in the parent (``_index``): between fork and exec the
    child of a process with threads (serve's) must not load anything, as the loader's
    lock may have been held by another thread when it forked."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_MARK = b"data-pagefind-body"


def pages_to_index(folder: Path) -> list[str]:
    """The pages Pagefind indexes, as paths under ``folder``, in the order to give them:
    those marked ``data-pagefind-body``, or, as Pagefind does when no page is, every page.
    A page that merely mentions the attribute is given too; Pagefind reads it and leaves
    it out, so nothing it would index is ever missed."""
    return list(_scan(folder))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]  # sha256: done in hardware, where it can be


def _scan(folder: Path, seen: dict[str, str] | None = None) -> dict[str, str]:
    """``pages_to_index``, each with a digest of its bytes (what its part's key is made of).
    ``seen`` hears what was found of each page (``_scan_pages``)."""
    every: list[str] = []
    for root, _, files in os.walk(folder):
        for name in files:
            if name.endswith(".html"):  # Pagefind's own glob: **/*.{html}
                every.append(Path(root, name).relative_to(folder).as_posix())
    return _scan_pages(every, _under(folder), seen=seen)


Where = Callable[[str], Path]  # the file that holds a page (a path under the site)
# What a scan found of a page: its digest when it is marked, else "" (``_scan_pages``)
Known = Callable[[str], str | None]  # a page's, from the last build; None: not known


def _under(folder: Path) -> Where:
    return lambda page: folder.joinpath(*page.split("/"))


def _scan_pages(
    pages: list[str],
    where: Where,
    known: Known | None = None,
    seen: dict[str, str] | None = None,
) -> dict[str, str]:
    """``_scan`` of the ``pages`` (every HTML file of the site), each read from ``where``
    unless ``known`` says what the last build found of it (the page unchanged since):
    at 10,000 events, reading every page was 3 s of an edit. ``seen`` hears what was
    found of each page, for the next build."""
    marked: dict[str, str] = {}
    found: dict[str, str] = {}
    for page in pages:
        digest = known(page) if known is not None else None
        if digest is None:
            with open(where(page), "rb") as file:
                data = file.read()
            marked_here = _MARK in data or _MARK in data.lower()  # attribute names know no case
            digest = _digest(data) if marked_here else ""
        found[page] = digest
        if digest:
            marked[page] = digest
    if not marked:
        for page in pages:
            marked[page] = _digest(where(page).read_bytes())
    if seen is not None:
        seen.update(found)
    return dict(sorted(marked.items()))


# The most pages one part of the index holds (see the module's docstring): the index of an
# archive of up to 500 events is one Pagefind index, and an edit to a larger one makes
# again about 500 pages' worth (some five seconds, 0.3 GB), not the whole archive's; from
# 1,000 events, a clean build's parts keep two cores busy. At 1,000 events of the
# benchmark's corpus in two parts rather than one: a clean build took 18 s, not 22 s, an
# edit 6.3 s, not 10.4 s, and each Pagefind 0.3 GB at most, not 0.56 (2026-11-28).
# But each part costs a search a fetch for each new word (about 26 KB at 500 pages; there
# a search for one word fetched 3% more in all than from one index, most of it the results'
# fragments), so there are no more than ``_MOST_PARTS``, and beyond 8,000 pages they grow.
_PART_PAGES = 500
_MOST_PARTS = 16
PARTS = "tlgen-parts.json"  # in the index's folder: its parts (search.js merges them)
_PARTS_FORMAT = 1
# What a part other than the first needs of its index: no scripts, styles or WebAssembly,
# which the search page loads from the first
_PART_FILES = ("pagefind-entry.json",)
_PART_FOLDERS = ("index", "fragment", "filter")


@dataclass(frozen=True)
class Part:
    """A part of the index: where it goes under ``pagefind/`` ("" for the first, which
    holds Pagefind's scripts), its pages in order, and a key that changes with them."""

    path: str
    pages: list[str]
    key: str


def _parts(pages: dict[str, str], language: str, version: str) -> list[Part]:
    """The pages (with their digests) shared out into parts: by a hash of the path, so a
    page stays in its part while the archive grows by less than ``_PART_PAGES`` pages
    (and for good once there are ``_MOST_PARTS``)."""
    count = min(_MOST_PARTS, max(1, -(-len(pages) // _PART_PAGES)))
    shares: list[list[str]] = [[] for _ in range(count)]
    for page in pages:  # in path order, so each share is too
        where = hashlib.blake2b(page.encode(), digest_size=8).digest()
        shares[int.from_bytes(where, "big") % count].append(page)
    numbers = [n for n, share in enumerate(shares, 1) if share] or [1]
    parts = []
    for n in numbers:
        path = "" if n == numbers[0] else f"part-{n}/"
        listed = [(page, pages[page]) for page in shares[n - 1]]
        said = json.dumps([_PARTS_FORMAT, version, language, path, listed], ensure_ascii=False)
        parts.append(Part(path, shares[n - 1], _digest(said.encode())))
    return parts


def _pagefind_version() -> str:
    """Part of every part's key: a part made by one Pagefind is not used with another's
    scripts."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return ""


def _made(old: Path | None) -> dict[str, str]:
    """The parts of the previous index, key to path; none when it names none."""
    if old is None:
        return {}
    try:
        listed = json.loads((old / PARTS).read_text(encoding="utf-8"))
        return {part["key"]: part["path"] for part in listed["parts"]}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def _in_part(relative: PurePosixPath, first: bool) -> bool:
    """Whether a file (its path under a part's folder) is one the part keeps: the first
    part all of Pagefind's, the others only their index and its metadata; neither the
    folders of other parts nor tlgen's own files."""
    top = relative.parts[0]
    if first:
        return not top.startswith("part-") and top not in (PARTS, STALE)
    return top in _PART_FOLDERS or top in _PART_FILES or top.endswith(".pf_meta")


def _link_tree(
    source: Path, target: Path, wanted: Callable[[PurePosixPath], bool] | None = None
) -> bool:
    """Hard-link (or copy) an index of the previous build, or the ``wanted`` files of it
    (their paths under ``source``), into the new folder; nothing of it when it cannot all
    be (a part is then made again, and writing it must not write through a link)."""
    linked: list[Path] = []
    try:
        for path in sorted(source.rglob("*")):
            relative = PurePosixPath(path.relative_to(source).as_posix())
            if path.is_dir() or (wanted is not None and not wanted(relative)):
                continue
            dest = target.joinpath(*relative.parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, dest)
            except OSError:
                shutil.copy2(path, dest)
            linked.append(dest)
    except OSError:
        for dest in linked:
            with contextlib.suppress(OSError):
                dest.unlink()
        return False
    return True


def build_index(
    folder: Path,
    previous: Path | None,
    changed: bool,
    language: str,
    superseded: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    seen: dict[str, str] | None = None,
) -> list[Problem]:
    """Write ``folder/pagefind/``; return warnings (the build goes on without search).
    ``progress`` hears of each page indexed (done, of how many), ``seen`` what was found
    of each page, should they be read (``update_index`` takes it next time).

    ``superseded`` (serve's): is a newer change waiting? Then the index is not made, or
    its making is stopped, and the previous one is kept, marked stale, so that the site
    with the change before it is served at once; the next build makes again the parts
    whose pages changed since."""
    old = previous / INDEX_DIR if previous is not None else None
    fresh = old is not None and old.is_dir() and not (old / STALE).exists()
    if not changed and fresh and old is not None and _link_tree(old, folder / INDEX_DIR):
        return []
    if superseded is not None and superseded():
        return _keep_stale(old, folder)
    try:
        pages = _scan(folder, seen)
    except OSError as exc:
        return [_warning(str(exc))]
    language = (language or "en").split("-")[0].lower()
    parts = _parts(pages, language, _pagefind_version())
    failure = _make(folder, parts, old, language, superseded, progress)
    if failure == _SUPERSEDED:
        return _keep_stale(old, folder)
    return [_warning(failure)] if failure else []


def update_index(
    folder: Path,
    out: Path,
    changed: bool,
    rendered: Container[str],
    files: Iterable[str],
    language: str,
    superseded: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    known: Known | None = None,
    seen: dict[str, str] | None = None,
) -> tuple[list[str], list[str], list[Problem]] | None:
    """The index of ``out`` brought up to date by an edit whose few changed files
    (``rendered``) are in ``folder``, the others in ``out`` (``write.write_site`` moves
    them in): the parts that hold a changed page are made into ``folder/pagefind/``,
    the others stay where they are. Returns the files to move into ``out`` and those to
    delete there (paths under both), with the warnings; None when ``out`` holds no index
    to bring up to date (it is then made whole, ``build_index``). ``known``: what the last
    build found of a page it wrote and that is still as it was (``_scan_pages``); ``seen``
    hears what this one found.

    So an edit with search on costs its parts, not the site: at 10,000 events, making the
    whole new folder (a hard link for each of 50,000 files), linking the kept parts into
    it and removing the previous one took 11 s of a 37 s edit under the profiler. What
    this leaves ``out`` holding is what ``build_index``
    makes: a part is made from its pages alone, wherever they are read from. Should the
    index fail, the previous one goes too, as it would."""
    old = out / INDEX_DIR
    made = _made(old)
    if not made or not old.is_dir():
        return None
    target = folder / INDEX_DIR
    was_stale = (old / STALE).exists()
    if not changed and not was_stale:
        return [], [], []
    if superseded is not None and superseded():
        return _mark_stale(target)
    where = _either(folder, out, rendered)
    pages_of_site = sorted(p for p in files if p.endswith(".html"))
    try:
        pages = _scan_pages(pages_of_site, where, _unless(rendered, known), seen)
    except OSError as exc:
        return [], [INDEX_DIR], [_warning(str(exc))]
    language = (language or "en").split("-")[0].lower()
    parts = _parts(pages, language, _pagefind_version())
    failure = _make(folder, parts, old, language, superseded, progress, where)
    if failure == _SUPERSEDED:
        return _mark_stale(target)
    if failure is not None:
        return [], [INDEX_DIR], [_warning(failure)]
    moves = sorted(_files_under(target, INDEX_DIR), key=_entry_last)
    written = set(moves)
    removes: list[str] = []
    for part in parts:
        if made.get(part.key) == part.path:
            continue  # kept as it is
        folder_of_part = f"{INDEX_DIR}/{part.path}".rstrip("/")
        for path in sorted(_files_under(old / part.path, folder_of_part)):
            relative = PurePosixPath(path[len(folder_of_part) + 1 :])
            if path not in written and _in_part(relative, not part.path):
                removes.append(path)
    kept = {part.path for part in parts}
    removes += sorted(f"{INDEX_DIR}/{path}".rstrip("/") for path in set(made.values()) - kept)
    if was_stale:
        removes.append(f"{INDEX_DIR}/{STALE}")
    return moves, removes, []


_LAST = {PARTS: 3, "pagefind-entry.json": 2}  # then the metadata (1), after the rest (0)


def _entry_last(path: str) -> tuple[int, str]:
    """The order an index's files are moved in: what a search loads first (the entry that
    names the metadata, the list of parts) only once what it names is there."""
    name = path.rpartition("/")[2]
    return _LAST.get(name, 1 if name.endswith(".pf_meta") else 0), path


def _unless(rendered: Container[str], known: Known | None) -> Known | None:
    """``known``, but for the pages written anew."""
    if known is None:
        return None
    return lambda page: None if page in rendered else known(page)


def _either(folder: Path, out: Path, rendered: Container[str]) -> Where:
    """Each page's file: in ``folder`` when written anew, else in ``out``."""
    new, current = _under(folder), _under(out)
    return lambda page: new(page) if page in rendered else current(page)


def _files_under(folder: Path, prefix: str) -> Iterator[str]:
    """Every file under ``folder``, as ``prefix/its path``."""
    for root, _, names in os.walk(folder):
        below = Path(root).relative_to(folder).as_posix()
        for name in names:
            yield f"{prefix}/{name}" if below == "." else f"{prefix}/{below}/{name}"


def _mark_stale(target: Path) -> tuple[list[str], list[str], list[Problem]]:
    """``_keep_stale`` for an index updated in place: the previous one stays, marked."""
    shutil.rmtree(target, ignore_errors=True)  # what a stopped indexer may have begun
    try:
        target.mkdir(parents=True)
        (target / STALE).write_bytes(b"")
    except OSError as exc:
        return [], [INDEX_DIR], [_warning(str(exc))]
    note = "the search index is the last build's: a newer change waits, and its build makes it"
    return [f"{INDEX_DIR}/{STALE}"], [], [Problem(note, severity="note")]


def _make(
    folder: Path,
    parts: list[Part],
    old: Path | None,
    language: str,
    superseded: Callable[[], bool] | None,
    progress: Callable[[int, int], None] | None,
    where: Where | None = None,
) -> str | None:
    """Make the parts into ``folder/pagefind/``, taking from the previous index (``old``)
    those it holds as they are, the others side by side, a Pagefind for each core; None
    when done, else why not (and nothing of the index is left). With ``where`` (each
    page's file, ``update_index``), the parts ``old`` holds stay there, not linked."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    target = folder / INDEX_DIR
    made = _made(old)
    todo: list[Part] = []  # the parts the previous index cannot give
    for part in parts:
        wanted = functools.partial(_in_part, first=not part.path)
        if (
            old is None
            or made.get(part.key) != part.path
            or (where is None and not _link_tree(old / part.path, target / part.path, wanted))
        ):
            todo.append(part)
    total, done, lock = sum(len(part.pages) for part in todo), 0, threading.Lock()
    failed: list[str] = []
    newer = threading.Event()

    def counted(_done: int, _total: int) -> None:  # a page indexed, in one of the parts
        nonlocal done
        with lock:
            done += 1
            if progress is not None:
                progress(done, total)

    def given_up() -> bool:  # a newer change waits, or another part failed
        if superseded is not None and superseded():
            newer.set()
        return newer.is_set() or bool(failed)

    def make(part: Part) -> None:
        if given_up():
            return
        answer = _index(folder, part.pages, language, given_up, counted, where)
        if isinstance(answer, str):
            failure: str | None = answer
        else:
            failure = _write_files(target / part.path, answer, not part.path)
        if failure is not None:
            with lock:
                failed.append(failure)

    if len(todo) == 1:
        make(todo[0])
    elif todo:
        with ThreadPoolExecutor(min(len(todo), os.cpu_count() or 1)) as pool:
            list(pool.map(make, todo))
    if not failed and not newer.is_set():
        listed = [{"key": part.key, "path": part.path} for part in parts]
        text = json.dumps({"format": _PARTS_FORMAT, "parts": listed}, indent=1) + "\n"
        try:
            target.mkdir(parents=True, exist_ok=True)
            (target / PARTS).write_text(text, encoding="utf-8")
        except OSError as exc:
            failed.append(str(exc))
    if not failed and not newer.is_set():
        return None
    shutil.rmtree(target, ignore_errors=True)
    if newer.is_set():
        return _SUPERSEDED
    return next((f for f in failed if f != _SUPERSEDED), failed[0])  # others stopped for it


# In an index kept though pages changed since it was made (``superseded``)
STALE = ".tlgen-stale"
_SUPERSEDED = "a newer change is waiting"


def _keep_stale(old: Path | None, folder: Path) -> list[Problem]:
    """The previous index, if any, into the new folder, marked stale; a note that says so
    (serve prints it)."""
    target = folder / INDEX_DIR
    shutil.rmtree(target, ignore_errors=True)  # what a stopped indexer may have begun
    kept = old is not None and old.is_dir() and _link_tree(old, target)
    if kept:
        with contextlib.suppress(OSError):
            (target / STALE).unlink(missing_ok=True)  # a link to the old one's: not written through
            (target / STALE).write_bytes(b"")
    what = "the search index is the last build's" if kept else "no search index yet"
    return [Problem(f"{what}: a newer change waits, and its build makes it", severity="note")]


def _request(number: int, payload: dict[str, object]) -> bytes:
    """One request of Pagefind's service protocol: base64 JSON, then a comma."""
    message = {"message_id": number, "payload": payload}
    return base64.b64encode(json.dumps(message, ensure_ascii=False).encode()) + b","


def _index(
    folder: Path,
    pages: list[str],
    language: str,
    superseded: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    where: Where | None = None,
) -> dict[str, Any] | str:
    """Have ``pagefind --service`` index ``pages`` (under ``folder``, or each where
    ``where`` says) in this order; its answer holding the index's files, else why not.
    Their addresses are their paths, whichever folder holds them. The service handles
    its requests one at a time, in the order they came: they go out from a thread while
    the answers are read. tlgen writes the files (``_write_files``): the service writes
    them without waiting for the last of their bytes, so that stopping it as soon as it
    answers could leave them short."""
    import subprocess  # not for a site without search
    import tempfile
    import threading

    last = len(pages) + 2  # the request for the index's files
    timeout = _TIMEOUT + _TIMEOUT_PER_PAGE * len(pages)
    where = where or _under(folder)

    def send(stdin: IO[bytes]) -> None:
        with contextlib.suppress(OSError, ValueError):  # the service died, or was stopped
            stdin.write(_request(1, {"type": "NewIndex", "config": {"force_language": language}}))
            for number, page in enumerate(pages, 2):
                text = where(page).read_text(encoding="utf-8", errors="replace")
                add = {"type": "AddFile", "index_id": 0, "file_path": page, "url": None}
                stdin.write(_request(number, {**add, "file_contents": text}))
            stdin.write(_request(last, {"type": "GetFiles", "index_id": 0}))
            stdin.flush()

    linux = sys.platform == "linux"
    if linux:
        _prctl()
    with tempfile.TemporaryFile() as said:
        try:
            service = subprocess.Popen(
                [sys.executable, "-m", "pagefind", "--service"],
                cwd=folder,  # the pages' paths, hence their URLs, are taken from it
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=said,
                preexec_fn=die_with_parent if linux else None,
            )
        except OSError as exc:
            return str(exc)
        assert service.stdin is not None and service.stdout is not None
        late, stopped, done = threading.Event(), threading.Event(), threading.Event()

        def stop() -> None:
            late.set()
            service.kill()

        def watch(superseded: Callable[[], bool]) -> None:
            while not superseded():
                if done.wait(0.05):
                    return
            stopped.set()
            service.kill()

        sender = threading.Thread(target=send, args=(service.stdin,), daemon=True)
        timer = threading.Timer(timeout, stop)
        sender.start()
        timer.start()
        if superseded is not None:
            threading.Thread(target=watch, args=(superseded,), daemon=True).start()
        try:
            answer = _answer(service.stdout.fileno(), last, progress)
        finally:
            done.set()
            timer.cancel()
            ended = service.poll()  # by itself: what it said on stderr tells why
            service.kill()  # done or failed (at the end of its input it would exit at once)
            service.wait()
            sender.join()
            service.stdout.close()
            with contextlib.suppress(OSError):
                service.stdin.close()
        if isinstance(answer, str):  # no index: why
            if stopped.is_set():
                return _SUPERSEDED
            if late.is_set():
                return f"pagefind took longer than {timeout:.0f} s"
            if ended is not None:
                said.seek(0)
                lines = said.read().decode("utf-8", "replace").strip().splitlines()
                answer = lines[-1] if lines else answer
            return answer
    return answer


def _answer(
    stdout: int, last: int, progress: Callable[[int, int], None] | None = None
) -> dict[str, Any] | str:
    """The payload of the service's answer to request ``last``, or why there is none.
    Answers are base64 JSON ended by a comma; the last one holds the whole index, those
    before it one page each (told to ``progress``)."""
    pieces: list[bytes] = []
    while chunk := os.read(stdout, 1 << 20):
        start = 0
        while (comma := chunk.find(b",", start)) >= 0:
            pieces.append(chunk[start:comma])
            start = comma + 1
            try:
                reply = json.loads(base64.b64decode(b"".join(pieces)))
                number, payload = reply.get("message_id"), reply["payload"]
                kind = payload.get("type")
            except (ValueError, TypeError, KeyError, AttributeError):
                return "pagefind answered in a form tlgen does not know"
            pieces = []
            if kind == "Error" and number in (1, last):
                return f"pagefind: {payload.get('message', 'failed')}"
            if number == last:
                return cast(dict[str, Any], payload)
            if progress is not None and isinstance(number, int) and number > 1:
                progress(number - 1, last - 2)
        pieces.append(chunk[start:])
    return "pagefind stopped before it gave the index"


def _write_files(target: Path, answer: dict[str, Any], first: bool = True) -> str | None:
    """The index's files, from the service's answer, into ``target``: those of the
    ``first`` part, or of another (``_in_part``)."""
    try:
        for file in answer["files"]:
            name = PurePosixPath(file["path"])
            if name.is_absolute() or ".." in name.parts or not name.parts:
                return f"pagefind named a file outside its folder: {file['path']}"
            if not _in_part(name, first):
                continue
            path = target.joinpath(*name.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.unlink(missing_ok=True)  # never write through a link to the last index
            path.write_bytes(base64.b64decode(file["content"]))
    except (KeyError, TypeError, ValueError) as exc:
        return f"pagefind answered in a form tlgen does not know ({exc})"
    except OSError as exc:
        return str(exc)
    return None


def _warning(reason: str) -> Problem:
    return Problem(
        f"the search index was not built: {reason}",
        hint="install it with: python3 -m pip install 'pagefind[bin]' "
        "(or set 'search: false' in site.yml); the rest of the site is built",
        severity="warning",
    )
