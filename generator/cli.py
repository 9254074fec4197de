"""The ``tlgen`` command: parses arguments, runs a stage, prints problems as
``path:line: message`` with a hint, and turns them into exit codes (0 ok, 1 content or
config errors, 2 usage errors). Nothing below this module prints.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from generator import __version__
from generator.errors import (
    EXIT_CONTENT,
    EXIT_INTERNAL,
    EXIT_PIPE,
    EXIT_USAGE,
    Location,
    Problem,
    TlgenError,
    WarningsAsErrors,
    in_reading_order,
)
from generator.report import BuildReport

# The pipeline is imported by the commands that run it: ``tlgen build`` with nothing to do
# answers from the last build's stamp without loading it (``stamp.unchanged``).


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tlgen",
        description="Build a durable, citable static website from archived news live blogs.",
    )
    parser.add_argument("--version", action="version", version=f"tlgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    b = commands.add_parser("build", help="build the site into the output folder")
    b.add_argument("--config", type=Path, default=Path("site.yml"), help="default: site.yml")
    b.add_argument("--out", type=Path, help="output folder (default: 'output' in site.yml)")
    b.add_argument("--base-url", help="where the site will live, e.g. https://example.org/a/")
    b.add_argument("--drafts", action="store_true", help="include events marked draft: true")
    b.add_argument(
        "--no-cache", action="store_true", help="ignore .tlgen-cache/ and build everything anew"
    )
    b.add_argument(
        "--strict", action="store_true", help="fail on warnings too, leaving the output as it was"
    )

    s = commands.add_parser(
        "serve", help="build, serve on this machine, rebuild and reload on every change"
    )
    s.add_argument("--config", type=Path, default=Path("site.yml"), help="default: site.yml")
    s.add_argument("--out", type=Path, help="output folder (default: 'output' in site.yml)")
    s.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only)")
    s.add_argument("--port", type=int, default=8000, help="default: 8000, or the next free one")
    s.add_argument("--no-reload", dest="reload", action="store_false", help="no live reload")
    s.add_argument("--poll", action="store_true", help="poll for changes (network drives, VMs)")
    s.add_argument("--drafts", action="store_true", help="include events marked draft: true")

    c = commands.add_parser("check", help="check links, anchors, HTML, feeds and anchors.lock")
    c.add_argument("--config", type=Path, default=Path("site.yml"), help="default: site.yml")
    c.add_argument("--out", type=Path, help="the built site (default: 'output' in site.yml)")
    c.add_argument("--base-url", help="the base URL the site was built with, if overridden")
    c.add_argument(
        "--update-lock",
        action="store_true",
        help="record new anchors and accept removed ones in anchors.lock",
    )
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too")

    i = commands.add_parser(
        "import", help="write raw captures as native Markdown files for hand editing"
    )
    i.add_argument("files", nargs="+", type=Path, metavar="FILE", help="captured documents")
    i.add_argument("--config", type=Path, default=Path("site.yml"), help="default: site.yml")
    i.add_argument("--out", type=Path, help="folder to write to (default: content/events/)")
    i.add_argument("--force", action="store_true", help="overwrite files that exist")

    n = commands.add_parser("new", help="start a new native event file, as a draft")
    n.add_argument("kind", choices=["event"], help="what to start: event")
    n.add_argument(
        "title", nargs="+", metavar="TITLE", help='the event\'s title, e.g. "Brussels attacks"'
    )
    n.add_argument("--config", type=Path, default=Path("site.yml"), help="default: site.yml")
    n.add_argument("--slug", default="", help="its URL name (default: made from the title)")
    n.add_argument("--timezone", default="", help="its clock (default: timezone in site.yml)")
    n.add_argument("--date", default="", help="its day, e.g. 2016-03-22 (default: today)")
    n.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    return parser


def _print_problems(error: TlgenError) -> None:
    for problem in in_reading_order(error.problems):
        print(problem.render(), file=sys.stderr)


def _plural(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


class ProgressLine:
    """One line on a terminal, redrawn in place, once a build has run for ``delay`` seconds:
    the stage and its count. Nothing at all when the stream is not a terminal (a log, a
    pipe, CI), so that output stays one clean summary line."""

    def __init__(
        self,
        stream: TextIO,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.clock = clock
        self.start = clock()
        self.delay = delay
        self.drawn = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.start < self.delay or (now - self.drawn < 0.1 and done != total):
            return  # not yet worth a line, or drawn a moment ago: ten redraws a second at most
        self.drawn = now
        count = f"{done:,}/{total:,}" if total else f"{done:,}" if done else ""
        import shutil

        width = shutil.get_terminal_size((80, 24)).columns - 1
        line = f"{stage} {count}".rstrip() + f" ({now - self.start:.0f} s)"
        self.stream.write("\r\x1b[K" + line[:width])
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Take the line away before the summary (or the errors) are printed."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if not args.no_cache:
        from generator.stamp import unchanged

        report = unchanged(args.config, args.out, args.base_url, args.drafts, started)
        if report is not None and not (args.strict and report.warnings):
            _report(report)
            return 0
    from generator.build import build

    progress = ProgressLine(sys.stderr)
    try:
        report = build(
            args.config,
            out=args.out,
            base_url=args.base_url,
            drafts=args.drafts,
            cache=not args.no_cache,
            progress=progress,
            strict=args.strict,
            exiting=_EXITING,
        )
    except TlgenError as exc:
        progress.clear()
        _print_problems(exc)
        errors = len(exc.problems)
        strict = " (--strict: warnings count)" if isinstance(exc, WarningsAsErrors) else ""
        print(
            f"build failed with {_plural(errors, 'error')}{strict}; "
            "the previous output is unchanged",
            file=sys.stderr,
        )
        return exc.exit_code
    except OSError as exc:
        progress.clear()
        print(f"cannot write the site: {exc}", file=sys.stderr)
        print("build failed; the previous output is unchanged", file=sys.stderr)
        return EXIT_CONTENT
    except BaseException:
        progress.clear()  # Ctrl-C: the message below starts on a clean line
        raise
    progress.clear()
    _report(report)
    return 0


def _report(report: BuildReport) -> None:
    for warning in in_reading_order(report.warnings):
        print(warning.render(), file=sys.stderr)
    print(_summary(report))


def _summary(report: BuildReport) -> str:
    try:
        shown = report.out.relative_to(Path.cwd())
    except ValueError:
        shown = report.out
    speakers = "" if report.speakers is None else f"{_plural(report.speakers, 'speaker')}, "
    return (
        f"built {_plural(report.events, 'event')}, {_plural(report.entries, 'entry', 'entries')}, "
        f"{speakers}{_plural(report.pages, 'page')} "
        f"({report.files} files, {report.files - report.reused} written) "
        f"in {report.seconds:.2f} s into {shown}/"
    )


def cmd_check(args: argparse.Namespace) -> int:
    from generator.cache import Cache
    from generator.check import LOCK_NAME, check_site
    from generator.config import load_config

    try:
        config = load_config(args.config, base_url=args.base_url)
        out = args.out if args.out is not None else config.dir("output")
        report = check_site(
            out,
            config.base_path,
            config.root / LOCK_NAME,
            update_lock=args.update_lock,
            site_url=config.site_url,
            cache=Cache(config.root),
        )
    except TlgenError as exc:
        _print_problems(exc)
        return exc.exit_code
    for problem in report.problems:
        print(problem.render(), file=sys.stderr)
    for note in report.notes:
        print(note)
    print(report.summary())
    if args.strict and report.warnings and not report.errors:
        print("--strict: the warnings fail the check", file=sys.stderr)
        return EXIT_CONTENT
    return report.exit_code


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.build import Memory, build, preview
    from generator.config import load_config
    from generator.serve import serve  # only this command pays for the server and watchdog

    try:
        config = load_config(args.config)
    except TlgenError as exc:
        _print_problems(exc)
        return exc.exit_code
    out = (args.out if args.out is not None else config.dir("output")).absolute()

    memory = Memory()  # what one build read, kept for the next: an edit costs one file

    def rebuild(superseded: Callable[[], bool]) -> _Rebuilt:
        report = build(
            args.config, out=out, drafts=args.drafts, memory=memory, superseded=superseded
        )
        warnings = [w.render() for w in in_reading_order(report.warnings)]
        text = "\n".join([*warnings, _summary(report)])
        return _Rebuilt(text, report.changed)

    watch = [
        args.config.absolute(),
        config.dir("content"),
        config.dir("seeds"),
        config.dir("templates"),
        config.root / "themes",
        config.root / "static",
    ]
    return serve(
        rebuild,
        out,
        watch,
        host=args.host,
        port=args.port,
        reload=args.reload,
        poll=args.poll,
        log=functools.partial(print, flush=True),
        base_path=config.base_path,
        preview=functools.partial(preview, memory),
    )


@dataclass(frozen=True, slots=True)
class _Rebuilt:
    """What serve logs after a rebuild, and the output paths it changed."""

    text: str
    changed: tuple[str, ...]

    def __str__(self) -> str:
        return self.text


def cmd_import(args: argparse.Namespace) -> int:
    from generator.build import display_path, read_event
    from generator.config import load_config
    from generator.importer import to_native

    try:
        config = load_config(args.config)
        out = args.out if args.out is not None else config.dir("content") / "events"
        written = []
        content = config.dir("content")
        for file in args.files:
            # a file from anywhere but content/ is a capture (a saved page, a download)
            capture = not file.resolve().is_relative_to(content)
            event, warnings = read_event(config, file, capture)
            for warning in warnings:
                print(warning.render(), file=sys.stderr)
            target = out / f"{event.slug}.md"
            if target.exists() and not args.force:
                raise TlgenError(
                    [
                        Problem(
                            f"{target} exists; not overwritten",
                            Location(display_path(config, file)),
                            "pass --force to overwrite it, or --out for another folder",
                        )
                    ]
                )
            written.append((target, to_native(event)))
    except TlgenError as exc:
        _print_problems(exc)
        print("nothing was written", file=sys.stderr)
        return exc.exit_code
    out.mkdir(parents=True, exist_ok=True)
    for target, text in written:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    if written:
        print("an imported file supersedes its capture (named in source.path) from now on")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from generator.config import load_config
    from generator.scaffold import new_event

    try:
        config = load_config(args.config)
        made = new_event(
            config,
            " ".join(args.title),
            datetime.now(UTC),
            slug=args.slug,
            timezone=args.timezone,
            day=args.date,
        )
        folder = config.dir("content") / "events"
        target = folder / f"{made.slug}.md"
        if target.exists() and not args.force:
            raise TlgenError(
                [
                    Problem(
                        f"{_shown(target)} exists; not overwritten",
                        hint="choose another name with --slug, or pass --force to overwrite it",
                    )
                ]
            )
        page = config.dir("output") / "events" / made.slug / "index.html"
        if not target.exists() and page.is_file():  # another source's event (a capture)
            raise TlgenError(
                [
                    Problem(
                        f"another event is published as /events/{made.slug}/ "
                        f"({_shown(page.parent)}/); the two would clash",
                        hint="choose another name with --slug (if that event is gone, "
                        "run tlgen build first)",
                    )
                ]
            )
        folder.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{target.name}.new")
        part.write_text(made.text, encoding="utf-8")
        os.replace(part, target)  # never half a file under the event's name
    except TlgenError as exc:
        _print_problems(exc)
        return exc.exit_code
    except OSError as exc:
        print(f"{exc.filename or args.config}: cannot write: {exc.strerror}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"wrote {_shown(target)}, a draft: `tlgen serve --drafts` shows it as you write;")
    print("remove its `draft: true` line to publish it")
    return 0


def _shown(path: Path) -> str:
    """``path`` from the working folder where it is under it (as the user typed it)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        if args.command == "build":
            return cmd_build(args)
        if args.command == "import":
            return cmd_import(args)
        if args.command == "serve":
            return cmd_serve(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "new":
            return cmd_new(args)
    except KeyboardInterrupt:
        print("interrupted; the previous output is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:  # what read the output stopped reading (| head -0): not a bug
        with contextlib.suppress(OSError):  # nothing more goes to it, at exit either
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE
    except Exception as exc:  # a bug of tlgen's, not the user's: said so, with where
        if os.environ.get("TLGEN_DEBUG"):
            raise
        import traceback

        frames = traceback.extract_tb(exc.__traceback__)
        where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        print(f"tlgen: internal error{where}: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "  hint: this is a bug in tlgen, not in your files; the previous output is "
            "unchanged. Run again with TLGEN_DEBUG=1 for the full traceback and report it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    parser.print_usage(sys.stderr)
    return EXIT_USAGE


_EXITING = False  # set by ``run``: the process ends when ``main`` returns


def run() -> NoReturn:
    """The ``tlgen`` command: ``main``, then out at once. What a build held (a large
    archive's records) is let go by the system, not object by object as at the
    interpreter's exit or when ``build`` returns: half a second of an edit's rebuild at
    10,000 events. Every file was closed and every worker joined by then; only the
    streams are left to flush."""
    global _EXITING
    _EXITING = True
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone (| head), or closed
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
