"""``tlgen serve``: build, serve the output folder, watch the sources, rebuild, reload.

Like MkDocs' dev server, this module knows nothing of the pipeline: it is handed a
``rebuild`` callable, runs it again whenever a watched file changes, logs a failed rebuild
and keeps serving the last good output. Browsers learn about rebuilds through Server-Sent
Events; the small script that listens is added to HTML responses on the way out, so it is
never written to disk and ``tlgen build`` output never contains it.

Threads: the caller's thread binds, runs the first build and then waits for Ctrl-C or
``stop``; one worker thread runs every later rebuild (never two at once); watchdog's threads
only record changes; the HTTP server answers each request on a daemon thread.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import html
import logging
import mimetypes
import os
import re
import secrets
import socket
import socketserver
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from generator.errors import TlgenError, in_reading_order
from generator.write import MARKER

EVENTS_PATH = "/__tlgen/events"
SCRIPT_PATH = "/__tlgen/livereload.js"
PORT_ATTEMPTS = 20
QUIET_SECONDS = 0.1  # an editor's save (write temp, rename, chmod) fits well inside this
MAX_WAIT_SECONDS = 2.0  # a file written continuously still gets rebuilt this often
POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0  # a comment line now and then lets a dead connection be noticed

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonl": "application/jsonl",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
}

# Names an editor or tool writes beside the file being saved; never a reason to rebuild.
_IGNORED_NAMES = frozenset({"4913", "__pycache__", ".git", ".hg", ".svn", ".tlgen-cache"})
_TEMP_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", "___jb_tmp___", "___jb_old___")
# The events worth a rebuild; watchdog also reports opens and closes, which the build's own
# reads would turn into an endless loop of rebuilds.
_CHANGES = frozenset({"created", "deleted", "modified", "moved", "attrib"})


# --- pure helpers -------------------------------------------------------------------------


def content_type(path: PurePath) -> str:
    """The Content-Type for a served file; fixed for the site's own kinds, so it never
    depends on the machine's mime.types."""
    if path.name == "feed.xml":
        return "application/atom+xml"
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    if guessed is None:
        return "application/octet-stream"
    return guessed + "; charset=utf-8" if guessed.startswith("text/") else guessed


def _segments(url_path: str) -> list[str] | None:
    """The decoded path segments of a URL path, or None when any could leave the folder."""
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 0x20 or c == "\x7f" for c in decoded) or "\\" in decoded:
        return None  # NUL, control characters, and the other separator on Windows
    segments = [s for s in decoded.split("/") if s not in ("", ".")]
    for segment in segments:
        # ".." in any spelling: once decoded, or twice (%252e%252e reaches here as %2e%2e).
        if segment == ".." or unquote(segment) in (".", ".."):
            return None
        if PurePath(segment).is_absolute() or PurePath(segment).drive or ":" in segment:
            return None  # a drive or stream name on Windows
    return segments


def _locate(root: Path, url_path: str) -> tuple[Path, bool] | None:
    """The file a URL names inside ``root`` and whether the URL named a folder."""
    segments = _segments(url_path)
    if segments is None or (segments and segments[-1] == MARKER):
        return None
    try:
        base = root.resolve()
        target = base.joinpath(*segments).resolve()
        # Resolving follows symbolic links, so a link out of the folder lands outside it.
        if not target.is_relative_to(base):
            return None
        if target.is_dir():
            index = (target / "index.html").resolve()
            if index.is_relative_to(base) and index.is_file():
                return index, True
            return None  # no directory listings
        if target.is_file() and not url_path.split("?", 1)[0].endswith("/"):
            return target, False
    except (OSError, ValueError, RuntimeError):  # a symlink loop, a name too long
        return None
    return None


def resolve_request_path(root: Path, url_path: str) -> Path | None:
    """The file inside ``root`` that the (percent-encoded) URL path names, or None.

    Never a file outside ``root``: ``..`` in any encoding, backslashes, NUL and control
    characters, absolute and drive paths and symbolic links that lead out are all None.
    A folder gives its ``index.html``, or None (there are no listings).
    """
    found = _locate(root, url_path)
    return found[0] if found else None


def reload_tag(since: str = "") -> bytes:
    """The script element added to served HTML; ``since`` names the build it shows."""
    query = f"?since={quote(since, safe='.')}" if since else ""
    return f'<script src="{SCRIPT_PATH}{query}"></script>\n'.encode("ascii")


def inject_reload(page: bytes, since: str = "") -> bytes:
    """``page`` with the live-reload script before its last ``</body>`` (or at its end)."""
    tag = reload_tag(since)
    at = page.lower().rfind(b"</body")
    if at < 0:
        return page + tag
    return page[:at] + tag + page[at:]


def sse_message(event: str, data: str) -> bytes:
    """One Server-Sent Event; every line of ``data`` gets its own ``data:`` field."""
    lines = re.split(r"\r\n|\r|\n", data)
    body = "".join(f"data: {line}\n" for line in lines)
    return f"event: {event}\n{body}\n".encode()


def watched_change(path: Path, targets: Sequence[Path], out_dir: Path) -> bool:
    """Whether a change at ``path`` (absolute, resolved) is one the site is built from.

    A change under a target counts unless an editor, a VCS or tlgen itself made it; a change
    to a folder that leads to a target counts too, so a ``templates/`` made later is seen.
    """
    if path == out_dir or path.is_relative_to(out_dir):
        return False
    for target in targets:
        if path == target:
            return True
        if path.is_relative_to(target):
            parts = path.relative_to(target).parts
            return not any(_ignored_name(part) for part in parts)
        if target.is_relative_to(path):
            return True
    return False


def _ignored_name(name: str) -> bool:
    """Hidden names (the build skips them too), VCS and cache folders, editor temp files."""
    return (
        name.startswith(".")
        or name in _IGNORED_NAMES
        or name.endswith(_TEMP_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))
    )


def watch_plan(targets: Sequence[Path]) -> set[tuple[Path, bool]]:
    """(folder, recursive) pairs to hand watchdog for ``targets``, as the disk is now.

    A folder is watched with everything under it. A file is watched through its folder
    (editors save by renaming, which a watch on the file itself would lose), and a missing
    path through its nearest existing parent, so its creation is noticed.
    """
    plan: set[tuple[Path, bool]] = set()
    for target in targets:
        if target.is_dir():
            plan.add((target, True))
            continue
        anchor = target.parent
        while not anchor.is_dir() and anchor != anchor.parent:
            anchor = anchor.parent
        if anchor.is_dir():
            plan.add((anchor, False))
    return plan


# --- debouncing and the build state -------------------------------------------------------


class Debouncer:
    """Turns a burst of changes into one rebuild.

    A rebuild is due ``quiet`` seconds after the last change, and at the latest ``max_wait``
    seconds after the first, so that a file written continuously still gets rebuilt.
    Changes that arrive while a rebuild runs start a new burst: exactly one more rebuild.
    """

    def __init__(
        self,
        quiet: float = QUIET_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._clock = clock
        self._cond = threading.Condition()
        self._first: float | None = None
        self._last = 0.0
        self._items: dict[str, None] = {}  # ordered and unique
        self._closed = False

    def poke(self, item: str = "") -> None:
        """Record a change (``item`` names it for the log)."""
        with self._cond:
            now = self._clock()
            if self._first is None:
                self._first = now
            self._last = now
            if item:
                self._items[item] = None
            self._cond.notify_all()

    def pending(self) -> bool:
        """Whether a change waits for the next rebuild."""
        with self._cond:
            return self._first is not None

    def due_in(self) -> float | None:
        """Seconds until the pending burst is due (0 when due), None when nothing is pending."""
        with self._cond:
            return self._due_in()

    def _due_in(self) -> float | None:
        if self._first is None:
            return None
        due = min(self._last + self.quiet, self._first + self.max_wait)
        return max(0.0, due - self._clock())

    def take(self, timeout: float | None = None) -> list[str] | None:
        """Wait for a burst to be due and return what changed; None when closed or timed out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._closed:
                wait = self._due_in()
                if wait == 0.0:
                    items = list(self._items)
                    self._first, self._items = None, {}
                    return items
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return None
                    wait = left if wait is None else min(wait, left)
                self._cond.wait(wait)
            return None

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


@dataclass(frozen=True, slots=True)
class BuildState:
    """The newest build's outcome: a counter, the problems' text when it failed, and the
    output paths it changed (None: any page may have changed)."""

    generation: int = 0
    error: str | None = None
    pages: frozenset[str] | None = None


HISTORY = 64  # outcomes remembered, to tell a page whether any of them changed it


class Broadcaster:
    """Hands the newest build outcome to every live-reload connection.

    A browser only ever needs the newest outcome, so this keeps one value and a counter
    rather than a queue per connection; a slow connection can never fall behind.
    """

    def __init__(self) -> None:
        self.boot = secrets.token_hex(4)  # tells pages served by an earlier server apart
        self._cond = threading.Condition()
        self._state = BuildState()
        self._history: dict[int, frozenset[str] | None] = {}
        self._closed = False

    @property
    def state(self) -> BuildState:
        with self._cond:
            return self._state

    def token(self, state: BuildState) -> str:
        return f"{self.boot}.{state.generation}"

    def since(self, token: str) -> int | None:
        """The generation a page was served at: 0 for another server's page, None if unknown."""
        boot, _, generation = token.partition(".")
        if not generation.isdigit():
            return None
        return int(generation) if boot == self.boot else 0

    def publish(self, error: str | None, pages: frozenset[str] | None = None) -> None:
        """A new outcome; ``pages`` are the output paths it changed, None for any."""
        with self._cond:
            generation = self._state.generation + 1
            self._state = BuildState(generation, error, pages)
            self._history[generation] = pages
            self._history.pop(generation - HISTORY, None)
            self._cond.notify_all()

    def touches(self, page: str | None, after: int, upto: int) -> bool:
        """Whether an outcome after generation ``after`` (up to ``upto``) changed ``page``
        (an output path; None for a page that did not say which it is)."""
        with self._cond:
            for generation in range(after + 1, upto + 1):
                pages = self._history.get(generation)
                if pages is None or page is None or page in pages:
                    return True
            return False

    def wait_after(self, generation: int, timeout: float) -> BuildState | None:
        """The state once newer than ``generation`` (or as it is after ``timeout``);
        None once closed, so that connections end when the server stops."""
        with self._cond:
            self._cond.wait_for(
                lambda: self._closed or self._state.generation != generation, timeout
            )
            return None if self._closed else self._state

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


def run_rebuild(
    rebuild: Callable[[], object],
    hub: Broadcaster,
    log: Callable[[str], None],
    site: SiteState | None = None,
) -> bool:
    """Run one build, log its outcome and tell the browsers; True when it succeeded.

    Content errors are the user's to fix, so they are shown as ``path:line: message``
    without a traceback; anything else is a bug, named with the line it came from. Either
    way the server keeps serving. Pages shown ahead of the build (``site.overlay``) give
    way to the built ones; browsers reload only the pages the build changed (a report's
    ``changed`` output paths), and not a previewed page that came out as it was shown.
    """
    shown = site.overlay if site is not None else {}
    try:
        report = rebuild()
    except TlgenError as exc:
        text = "\n".join(p.render() for p in in_reading_order(exc.problems)) or str(exc)
        count = len(exc.problems)
        log(text)
        log(
            f"build failed with {count} error{'' if count == 1 else 's'}; "
            "serving the last good output until a rebuild succeeds"
        )
        if site is not None:
            site.overlay = {}
        hub.publish(text)
        return False
    except Exception as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
        text = f"unexpected error during the build: {type(exc).__name__}: {exc}"
        log(text + where)
        log("serving the last good output until a rebuild succeeds")
        if site is not None:
            site.overlay = {}
        hub.publish(text)
        return False
    for warning in getattr(report, "warnings", None) or ():
        render = getattr(warning, "render", None)
        log(render() if callable(render) else str(warning))
    log(str(report) if report is not None else "rebuilt")
    changed = getattr(report, "changed", None)
    pages = None
    if changed is not None and hub.state.error is None:  # after an error, every page reloads
        pages = frozenset(p for p in changed if not (p in shown and _built_as(site, p, shown[p])))
    if site is not None:
        site.overlay = {}
    hub.publish(None, pages)
    return True


def _built_as(site: SiteState | None, rel: str, shown: bytes) -> bool:
    """Did the build write ``rel`` exactly as it was shown ahead of it?"""
    if site is None:
        return False
    try:
        return (site.out_dir / rel).read_bytes() == shown
    except OSError:
        return False


# --- HTTP ---------------------------------------------------------------------------------

LIVERELOAD_JS = """\
// Added by `tlgen serve` only; never part of a built site.
(() => {
  "use strict";
  const me = document.currentScript;
  const since = me ? new URL(me.src).searchParams.get("since") || "" : "";
  const source = new EventSource("__EVENTS__?since=" + encodeURIComponent(since) +
    "&page=" + encodeURIComponent(location.pathname));
  let overlay = null;
  source.addEventListener("reload", () => {
    if (overlay) overlay.remove();
    source.close();
    location.reload();
  });
  source.addEventListener("error", (event) => {
    if (typeof event.data !== "string") return; // connection lost: EventSource retries
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "tlgen-build-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:1em;background:#2b0000;color:#fff;" +
        "font:14px/1.4 ui-monospace,monospace;border-top:4px solid #e33";
      const title = document.createElement("strong");
      title.textContent = "The build failed; this page shows the last good build.";
      const text = document.createElement("pre");
      text.style.cssText = "white-space:pre-wrap;margin:.5em 0";
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.addEventListener("click", () => { overlay.hidden = true; });
      overlay.append(title, text, close);
      document.body.append(overlay);
    }
    overlay.hidden = false;
    overlay.querySelector("pre").textContent = event.data;
  });
})();
""".replace("__EVENTS__", EVENTS_PATH)


def _page(title: str, text: str, detail: str = "", reload_since: str | None = None) -> bytes:
    """A small built-in HTML page; everything in it is escaped."""
    pre = f"<pre>{html.escape(detail)}</pre>\n" if detail else ""
    body = (
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(text)}</p>\n{pre}</body>\n</html>\n"
    ).encode()
    return inject_reload(body, reload_since) if reload_since is not None else body


@dataclass(slots=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class SiteState:
    """What the request handlers need: the folder, the mount point and the build outcome."""

    out_dir: Path
    base_path: str
    reload: bool
    hub: Broadcaster
    log: Callable[[str], None]
    overlay: dict[str, bytes] = field(default_factory=dict)  # output path → page shown early

    def respond(self, path: str, query: str) -> Response:
        """The response for a GET of ``path`` (still percent-encoded)."""
        state = self.hub.state  # read before the file: a page may claim an older build
        since = self.hub.token(state) if self.reload else None
        if not path.startswith(self.base_path):
            if path in ("/", self.base_path.rstrip("/")):
                # 302, not 301: browsers would remember a permanent one after the server stops.
                return Response(HTTPStatus.FOUND, headers={"Location": self.base_path})
            body = _page(
                "Not found", f"This site is served under {self.base_path}", reload_since=since
            )
            return Response(HTTPStatus.NOT_FOUND, body, CONTENT_TYPES[".html"])
        rel = "/" + path[len(self.base_path) :]
        if state.error is not None and not self.out_dir.is_dir():
            body = _page(
                "The build failed",
                "Nothing has been built yet. Fix the problems below; "
                "this page reloads by itself once the build succeeds.",
                state.error,
                since,
            )
            return Response(HTTPStatus.SERVICE_UNAVAILABLE, body, CONTENT_TYPES[".html"])
        found = _locate(self.out_dir, rel)
        if found is None:
            return self._not_found(since)
        file, is_dir = found
        if is_dir and not rel.endswith("/"):
            location = self.base_path + rel.lstrip("/") + "/" + (f"?{query}" if query else "")
            return Response(HTTPStatus.MOVED_PERMANENTLY, headers={"Location": location})
        try:
            early = self.overlay.get(file.relative_to(self.out_dir).as_posix())
            body = early if early is not None else file.read_bytes()
        except (OSError, ValueError):  # replaced by a rebuild between the lookup and the read
            return self._not_found(since)
        kind = content_type(file)
        if since is not None and kind.startswith("text/html"):
            body = inject_reload(body, since)
        return Response(HTTPStatus.OK, body, kind)

    def output_path(self, url_path: str) -> str | None:
        """The output file a page's address names (``events/x/index.html``), or None."""
        if not url_path.startswith(self.base_path):  # both percent-encoded, as requested
            return None
        rel = unquote(url_path[len(self.base_path) :])
        return rel + "index.html" if rel == "" or rel.endswith("/") else rel

    def _not_found(self, since: str | None) -> Response:
        """404 with the site's own 404.html when it has one."""
        page = _locate(self.out_dir, "/404.html")
        body = b""
        if page is not None:
            try:
                body = page[0].read_bytes()
            except OSError:
                page = None
        if page is None:
            body = _page("Not found", "There is no page at this address.")
        if since is not None:
            body = inject_reload(body, since)
        return Response(HTTPStatus.NOT_FOUND, body, CONTENT_TYPES[".html"])


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the output folder, plus the live-reload endpoints."""

    server: _Server
    server_version = "tlgen-serve"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal is for build results."""

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _not_allowed(self) -> None:
        self._send(
            Response(
                HTTPStatus.METHOD_NOT_ALLOWED,
                b"only GET and HEAD are supported\n",
                headers={"Allow": "GET, HEAD"},
            ),
            head=self.command == "HEAD",
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

    def _target(self) -> tuple[str, str]:
        """Path and query of the request target; split by hand, since ``urlsplit`` reads
        ``//name/x`` as a host name."""
        target = self.path
        if not target.startswith("/"):
            parts = urlsplit(target)  # the absolute form: http://host/path
            return parts.path or "/", parts.query
        path, _, query = target.partition("?")
        return path.split("#", 1)[0], query

    def _answer(self, head: bool) -> None:
        site = self.server.site
        path, query = self._target()
        try:
            if site.reload and path == EVENTS_PATH:
                self._events(query, head)
            elif site.reload and path == SCRIPT_PATH:
                body = LIVERELOAD_JS.encode()
                self._send(Response(HTTPStatus.OK, body, CONTENT_TYPES[".js"]), head)
            else:
                self._send(site.respond(path, query), head)
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the browser went away; nothing to tell anyone

    def _send(self, response: Response, head: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def _events(self, query: str, head: bool) -> None:
        """Stream ``reload`` and ``error`` events until the browser leaves or we stop."""
        site = self.server.site
        hub = site.hub
        state = hub.state  # before the headers, so nothing published after them is missed
        params = parse_qs(query)
        since = hub.since(params.get("since", [""])[0])
        page = site.output_path(params.get("page", [""])[0])
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.close_connection = True
        if head:
            return
        self.wfile.write(b"retry: 1000\n\n")
        if state.error is not None:
            self.wfile.write(sse_message("error", state.error))
        elif since is not None and hub.touches(page, since, state.generation):
            self.wfile.write(sse_message("reload", str(state.generation)))
        seen = state.generation
        while True:
            newer = hub.wait_after(seen, KEEPALIVE_SECONDS)
            if newer is None:
                return
            if newer.generation == seen:
                self.wfile.write(b": keep-alive\n\n")
                continue
            before, seen = seen, newer.generation
            if newer.error is not None:
                self.wfile.write(sse_message("error", newer.error))
            elif hub.touches(page, before, seen):
                self.wfile.write(sse_message("reload", str(seen)))


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a request in flight, or a live-reload stream, never blocks exit
    # On Windows SO_REUSEADDR would let a second server take a port that is in use.
    allow_reuse_address = os.name != "nt"

    def __init__(self, address: tuple[str, int], site: SiteState, family: int) -> None:
        self.address_family = family
        self.site = site
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn) that can stall for
        # seconds on a badly configured machine; the name is not needed.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, ConnectionError | TimeoutError):
            self.site.log(f"error while answering a request: {type(exc).__name__}: {exc}")


def _in_use(exc: OSError) -> bool:
    # EACCES too on Windows, where ports reserved by Hyper-V refuse to bind that way.
    codes = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)}
    if os.name == "nt":
        codes |= {errno.EACCES, getattr(errno, "WSAEACCES", -1)}
    return exc.errno in codes or getattr(exc, "winerror", None) in (10048, 10013)


def bind(host: str, port: int, site: SiteState) -> tuple[_Server, list[int]]:
    """A server on ``port`` or on one of the next ports; also the ports found in use."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    busy: list[int] = []
    last = port if port == 0 else min(port + PORT_ATTEMPTS - 1, 65535)
    for candidate in range(port, last + 1):
        try:
            return _Server((host, candidate), site, family), busy
        except OSError as exc:
            if not _in_use(exc) or candidate == last:
                raise
            busy.append(candidate)
    raise AssertionError("unreachable")


def _url(host: str, port: int, base_path: str) -> str:
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else "::1" if host == "::" else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}{base_path}"


# --- watching -----------------------------------------------------------------------------


class _QuietStop(logging.Filter):
    """Drops the error watchdog 7's inotify emitter logs when it is stopped mid-read: a
    harmless race inside watchdog that would otherwise print on every Ctrl-C."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "called when the thread is inactive" not in str(record.msg)


_WATCHDOG_LOGGER = logging.getLogger("watchdog.observers.inotify")


class Watcher(FileSystemEventHandler):
    """watchdog over the targets, kept true as folders appear and disappear.

    Events arrive on watchdog's thread and only call ``on_change``; rescheduling happens in
    ``refresh``, which the rebuild worker calls before each build.
    """

    def __init__(
        self,
        targets: Sequence[Path],
        out_dir: Path,
        on_change: Callable[[str], None],
        log: Callable[[str], None],
        poll: bool = False,
        poll_interval: float = POLL_SECONDS,
    ) -> None:
        super().__init__()
        self.targets = [Path(t).resolve() for t in targets]
        self.out_dir = Path(out_dir).resolve()
        self.on_change = on_change
        self.log = log
        self.poll = poll
        self.poll_interval = poll_interval
        self.observer: BaseObserver | None = None
        self._lock = threading.Lock()
        self._watches: dict[tuple[Path, bool], ObservedWatch] = {}
        self._dead: set[Path] = set()
        self._quiet = _QuietStop()

    def start(self) -> None:
        """Start watching; fall back to polling when the system's notifications fail."""
        _WATCHDOG_LOGGER.addFilter(self._quiet)
        if not self.poll:
            try:
                self._start(Observer())
                return
            except OSError as exc:
                self._discard()
                self.log(
                    f"cannot watch for changes natively ({exc.strerror or exc}); polling "
                    f"every {self.poll_interval:g} s instead (--poll does this from the start)"
                )
                self.poll = True
        else:
            self.log(f"watching for changes by polling every {self.poll_interval:g} s")
        try:
            self._start(PollingObserver(timeout=self.poll_interval))
        except OSError as exc:
            self._discard()
            self.log(f"cannot watch for changes ({exc.strerror or exc}); restart to rebuild")

    def _start(self, observer: BaseObserver) -> None:
        self.observer = observer
        self.refresh(strict=True)
        observer.start()

    def _discard(self) -> None:
        observer, self.observer = self.observer, None
        with self._lock:
            self._watches.clear()
        if observer is not None:
            observer.unschedule_all()  # stops any emitter that did start

    def refresh(self, strict: bool = False) -> None:
        """Make the watches match the disk: new folders watched, vanished ones dropped."""
        observer = self.observer
        if observer is None:
            return
        plan = watch_plan(self.targets)
        with self._lock:
            dead, self._dead = self._dead, set()
            stale = [k for k in self._watches if k not in plan or k[0] in dead]
            watches = [self._watches.pop(k) for k in stale]
            missing = sorted(plan - self._watches.keys())
        for watch in watches:
            # Its emitter may have stopped by itself when the folder went away.
            with contextlib.suppress(KeyError, OSError, RuntimeError):
                observer.unschedule(watch)
        for key in missing:
            folder, recursive = key
            try:
                watch = observer.schedule(self, str(folder), recursive=recursive)
            except OSError as exc:
                if strict:
                    raise
                self.log(f"cannot watch {folder}: {exc.strerror or exc}")
                continue
            with self._lock:
                self._watches[key] = watch

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:
            return
        if event.is_directory and event.event_type in ("modified", "attrib"):
            return  # a folder "changes" whenever a file in it does, temp files included
        paths = [Path(os.fsdecode(event.src_path))]
        dest = getattr(event, "dest_path", "")
        if dest:
            paths.append(Path(os.fsdecode(dest)))
        if event.event_type in ("deleted", "moved"):
            with self._lock:
                watched = {folder for folder, _ in self._watches}
                self._dead.update(p for p in paths[:1] if p in watched)
        for path in paths:  # both ends of a rename: a save-by-rename names the file saved
            if watched_change(path, self.targets, self.out_dir):
                self.on_change(str(path))

    def stop(self) -> None:
        observer, self.observer = self.observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
        _WATCHDOG_LOGGER.removeFilter(self._quiet)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _describe(changed: list[str]) -> str:
    if not changed:
        return "a change"
    more = len(changed) - 1
    return _shown(Path(changed[0])) + (f" (and {more} more)" if more else "")


# --- the command ----------------------------------------------------------------------------


def serve(
    rebuild: Callable[[Callable[[], bool]], object],
    out_dir: Path,
    watch: Sequence[Path],
    host: str = "127.0.0.1",
    port: int = 8000,
    reload: bool = True,
    poll: bool = False,
    log: Callable[[str], None] = print,
    ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    base_path: str = "/",
    preview: Callable[[list[Path]], dict[str, bytes]] | None = None,
) -> int:
    """Build, serve ``out_dir`` and rebuild on changes until Ctrl-C or ``stop.set()``.

    ``rebuild`` is given a test of whether a newer change waits: the build may then
    leave work that only the next one needs (the search index, ``search.build_index``).
    Returns 0 on a clean stop, 1 when no port could be bound. ``base_path`` mounts the site
    under a sub-path (``/archive/``) as its ``base_url`` expects. ``preview`` renders the
    pages a change touches directly (output path → bytes), so that they are served, and
    reloaded, before the rebuild that follows has finished.
    """
    stop = stop if stop is not None else threading.Event()
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    out_dir = Path(out_dir).absolute()
    hub = Broadcaster()
    site = SiteState(out_dir, base_path, reload, hub, log)
    try:
        server, busy = bind(host, port, site)
    except OSError as exc:
        if _in_use(exc) and port:
            last = min(port + PORT_ATTEMPTS - 1, 65535)
            log(f"ports {port}-{last} are all in use; choose another with --port")
        else:
            log(f"cannot serve on {host}:{port}: {exc.strerror or exc}")
        return 1
    debouncer = Debouncer()
    watcher = Watcher(watch, out_dir, debouncer.poke, log, poll=poll)

    def build_now() -> None:
        run_rebuild(lambda: rebuild(debouncer.pending), hub, log, site)
        # The collector's pass over the records the build leaves runs now, while the
        # server waits for an edit, rather than during the next preview, holding up the
        # page it shows (0.17 s at 1,000 events).
        gc.collect()

    def work() -> None:
        while (changed := debouncer.take()) is not None:
            watcher.refresh()
            log(f"{time.strftime('%H:%M:%S')} {_describe(changed)} changed; rebuilding")
            show_early(changed)
            build_now()

    def show_early(changed: list[str]) -> None:
        if preview is None or hub.state.error is not None:
            return  # after an error, the rebuild must clear the overlay on every page
        try:
            pages = preview([Path(c) for c in changed])
        except Exception as exc:  # an extra: the rebuild that follows reports any problem
            log(f"no preview ({type(exc).__name__}: {exc}); rebuilding")
            return
        if pages:
            site.overlay = pages
            hub.publish(None, frozenset(pages))
            log(f"showing {', '.join(sorted(pages))}; rebuilding the pages that list it")

    worker = threading.Thread(target=work, name="tlgen-rebuild", daemon=True)
    http_thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="tlgen-http", daemon=True
    )
    try:
        watcher.start()  # before the first build, so edits made during it are not lost
        build_now()
        worker.start()
        http_thread.start()
        url = _url(host, server.server_address[1], base_path)
        if busy:
            ports = f"port {busy[0]} is" if len(busy) == 1 else f"ports {busy[0]}-{busy[-1]} are"
            log(f"{ports} in use; serving on {url}")
        else:
            log(f"serving on {url}")
        if host in ("", "0.0.0.0", "::"):
            log("note: every machine on the network can reach this server")
        log("live reload is on" if reload else "live reload is off")
        log("press Ctrl-C to stop")
        if ready is not None:
            ready(url)
        while not stop.wait(0.25):  # a short wait keeps Ctrl-C prompt on every platform
            pass
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        debouncer.close()
        hub.close()  # ends the live-reload streams
        if http_thread.is_alive():
            server.shutdown()
        server.server_close()
        if worker.is_alive():
            worker.join(timeout=10)
            if worker.is_alive():
                log("a rebuild is still running; the output folder keeps its previous state")
    log("stopped")
    return 0
