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
from generator.registry import Registry, load_registry
from generator.render import render_site
from generator.site import assemble
from generator.sources import read_source
from generator.sources.jsondoc import validate_mapping
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


def _files_under(config: Config, root: Path, problems: Collector) -> list[Path]:
    """Files under ``root``, sorted; hidden and ``_`` names skipped, links out refused."""
    if not root.is_dir():
        return []
    found: list[Path] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts) or not path.is_file():
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
            problems.warn(
                "symbolic link out of its folder skipped",
                Location(display_path(config, path)),
                f"copy the file into {display_path(config, root)}/ instead",
            )
            continue
        found.append(path)
    return found


def sidecar_of(path: Path) -> Path | None:
    """``seeds/x.yml`` (or ``seeds/x.txt.yml``) beside ``seeds/x.txt``."""
    for candidate in (path.with_suffix(".yml"), path.with_name(path.name + ".yml")):
        if candidate != path and candidate.is_file():
            return candidate
    return None


def source_files(config: Config, problems: Collector) -> list[Path]:
    """Native events under ``content/events`` and raw captures under ``seeds``."""
    native = [
        p
        for p in _files_under(config, config.dir("content") / "events", problems)
        if p.suffix.lower() in (".md", ".markdown")
    ]
    raw = _files_under(config, config.dir("seeds"), problems)
    sidecars = {s for p in raw if (s := sidecar_of(p)) is not None}
    return native + [p for p in raw if p not in sidecars and p.name.lower() != "readme.md"]


def display_path(config: Config, path: Path) -> str:
    """How messages and exports name a file: relative to the site folder when inside it."""
    try:
        return path.absolute().relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def read_event(config: Config, path: Path) -> tuple[Event, tuple[Problem, ...]]:
    """Read one source with its sidecar, as the reader gives it (before extraction)."""
    name = display_path(config, path)
    capture = path.absolute().is_relative_to(config.dir("seeds"))
    side = sidecar_of(path) if capture else None
    side_name = display_path(config, side) if side else ""
    try:
        data = path.read_bytes()
        side_data = side.read_bytes() if side else None
    except OSError as exc:
        raise TlgenError([Problem(f"cannot read: {exc.strerror}", Location(name))]) from None
    return read_source(name, data, config, side_data, side_name, capture=capture)


def load_event(
    config: Config, path: Path, registry: Registry | None = None
) -> tuple[Event, tuple[Problem, ...]]:
    """Read and extract one source: the unit of caching and of parallel work."""
    event, warnings = read_event(config, path)
    return enrich_event(event, registry), warnings


def speakers_file(config: Config) -> Path:
    return config.dir("content") / "speakers.yml"


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
    for name, spec in config.json_mappings.items():  # reported once, before any file
        try:
            validate_mapping(str(name), spec, config.path)
        except TlgenError as exc:
            problems.extend(exc.problems)
    registry = Registry()
    try:
        registry = load_registry(speakers_file(config), display_path(config, speakers_file(config)))
    except TlgenError as exc:
        problems.extend(exc.problems)
    events: list[Event] = []
    for path in source_files(config, problems):
        try:
            event, warnings = load_event(config, path, registry)
            events.append(event)
            problems.extend(warnings)
        except TlgenError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    site = assemble(config, events, registry, drafts=drafts)
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
