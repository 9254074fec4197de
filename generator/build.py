"""The build, top to bottom: config → sources → extract → site → render → write.

This is the one function that orders the stages; each stage is a function of the one
before, so the whole build reads as the pipeline in DESIGN.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Config, load_config
from generator.errors import Collector, Location, Problem, TlgenError
from generator.extract import enrich_event
from generator.model import Event
from generator.render import render_site
from generator.site import assemble
from generator.sources import read_source
from generator.write import write_site


@dataclass(frozen=True, slots=True)
class BuildReport:
    out: Path
    events: int
    entries: int
    pages: int
    files: int
    seconds: float
    warnings: tuple[Problem, ...] = field(default=())


def source_files(config: Config, problems: Collector) -> list[Path]:
    """Event sources under ``content/events``, sorted; links out of the folder refused."""
    root = config.dir("content") / "events"
    if not root.is_dir():
        return []
    found: list[Path] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() not in (".md", ".markdown"):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
            problems.warn(
                "symbolic link out of the content folder skipped",
                Location(display_path(config, path)),
                "copy the file into content/events/ instead",
            )
            continue
        found.append(path)
    return found


def display_path(config: Config, path: Path) -> str:
    """How messages and exports name a file: relative to the site folder when inside it."""
    try:
        return path.absolute().relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def load_event(config: Config, path: Path) -> Event:
    """Read and extract one source: the unit of caching and of parallel work."""
    name = display_path(config, path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TlgenError([Problem(f"cannot read: {exc.strerror}", Location(name))]) from None
    return enrich_event(read_source(name, data, config))


def check_output_folder(config: Config, target: Path) -> None:
    """The output is replaced on every build, so it must not hold or sit in a source."""
    resolved = target.resolve()
    for name in ("content", "seeds", "templates"):
        source = config.dir(name)
        if resolved == source or resolved.is_relative_to(source) or source.is_relative_to(resolved):
            raise TlgenError(
                [
                    Problem(
                        f"the output folder {target} overlaps the {name} folder {source}",
                        Location(config.path),
                        "write the site to a folder of its own, e.g. 'output: public'",
                    )
                ]
            )


def build(
    config_path: Path,
    out: Path | None = None,
    base_url: str | None = None,
    drafts: bool = False,
) -> BuildReport:
    """Build the site described by ``config_path``; raise TlgenError with every problem."""
    started = time.perf_counter()
    config = load_config(config_path, base_url=base_url)
    problems = Collector()
    events: list[Event] = []
    for path in source_files(config, problems):
        try:
            events.append(load_event(config, path))
        except TlgenError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    site = assemble(config, events, drafts=drafts)
    target = (out if out is not None else config.dir("output")).absolute()
    check_output_folder(config, target)
    pages = 0

    def counted():  # type: ignore[no-untyped-def]
        nonlocal pages
        for output in render_site(site):
            pages += output.path.endswith(".html")
            yield output

    written = write_site(counted(), target)
    return BuildReport(
        out=target,
        events=len(site.events),
        entries=site.entry_count,
        pages=pages,
        files=written.files,
        seconds=time.perf_counter() - started,
        warnings=tuple(problems.warnings),
    )
