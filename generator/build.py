"""The build, top to bottom: config → sources → extract → site → render → write.

This is the one function that orders the stages; each stage is a function of the one
before, so the whole build reads as the pipeline in DESIGN.md. The stages are imported
where they run: a build whose inputs did not change never loads the template engine, the
Markdown parser, the HTML parser or the extractor's patterns.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cache import VERSION_KEY, Cache, Manifest, code_key
from generator.config import Config, load_config
from generator.errors import Collector, Location, Problem, TlgenError, raise_warnings
from generator.ids import digest, record_key
from generator.model import Entry, Event, LazyEntries, Output
from generator.registry import Registry, load_registry
from generator.report import BuildReport, problem_record
from generator.stamp import (
    Stat,
    fresh,
    holds,
    now,
    outputs_intact,
    report_of,
    request,
    stat_of,
    take,
    walk,
)
from generator.theme import fingerprint, input_folders
from generator.words import load_words

__all__ = ["BuildReport", "Memory", "build", "preview", "read_event"]

if TYPE_CHECKING:
    from generator.site import Site
    from generator.write import Written


@dataclass(slots=True)
class Memory:
    """What a long-running process (``tlgen serve``) keeps between builds.

    The events read so far, by memo key, so a rebuild after one edit reads that one file
    and nothing from the cache; and how the last good build saw the site, so the edited
    event's page can be shown before the pages that list it are rebuilt (``preview``).
    """

    events: dict[str, tuple[Event, tuple[Problem, ...]]] = field(default_factory=dict)
    unsaved: set[str] = field(default_factory=set)  # read by a preview, not yet in the cache
    keys: dict[Path, str] = field(default_factory=dict)  # source file → its memo key
    base_key: str = ""
    config: Config | None = None
    registry: Registry | None = None
    site: Site | None = None
    drafts: bool = False
    templates: Any = None  # the Jinja environment of the last build's theme, compiled


def _files_under(config: Config, root: Path, problems: Collector) -> list[Path]:
    """Files under ``root``, sorted (a folder's files right after it, as paths sort);
    hidden and ``_`` names skipped, links out refused, a linked folder not walked.
    Listed by ``scandir``: a name comes with its kind, so only a link is looked up."""
    if not root.is_dir():
        return []
    found: list[Path] = []

    def walk(folder: Path) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return  # an unreadable folder holds nothing to build
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            path = folder / entry.name
            if not entry.is_symlink():
                if entry.is_dir():
                    walk(path)
                elif entry.is_file():
                    found.append(path)
                continue
            kind = "folder" if path.is_dir() else "file" if path.is_file() else ""
            if kind and _leaves(path, root):  # never followed: say so
                problems.warn(
                    "symbolic link out of its folder skipped",
                    Location(display_path(config, path)),
                    f"copy the {kind} into {display_path(config, root)}/ instead",
                )
            elif kind == "file":
                found.append(path)

    walk(root)
    return found


def _leaves(path: Path, root: Path) -> bool:
    """A symbolic link that leads out of ``root``: never followed."""
    return path.is_symlink() and not path.resolve().is_relative_to(root.resolve())


def sidecar_of(path: Path) -> Path | None:
    """``seeds/x.yml`` (or ``seeds/x.txt.yml``) beside ``seeds/x.txt``; a sidecar that
    links out of the folder is not one (the folder scan has warned about it)."""
    for candidate in (path.with_suffix(".yml"), path.with_name(path.name + ".yml")):
        if candidate != path and candidate.is_file() and not _leaves(candidate, path.parent):
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


@dataclass(frozen=True, slots=True)
class SourceInput:
    """One source file's bytes (and its sidecar's), read once: what its event is made of."""

    path: Path
    name: str
    data: bytes
    capture: bool
    side_name: str = ""
    side_data: bytes | None = None


def read_input(
    config: Config, path: Path, seeds: Path | None = None, capture: bool | None = None
) -> SourceInput:
    """``seeds`` is ``config.dir("seeds")``, resolved once by a caller reading many files;
    a file is a capture if it is in it, unless ``capture`` says."""
    name = display_path(config, path)
    if capture is None:
        capture = path.absolute().is_relative_to(seeds or config.dir("seeds"))
    side = sidecar_of(path) if capture else None
    try:
        data = path.read_bytes()
        side_data = side.read_bytes() if side else None
    except OSError as exc:
        raise TlgenError(
            [Problem(f"cannot read: {exc.strerror}", Location(name), "check the file can be read")]
        ) from None
    side_name = display_path(config, side) if side else ""
    return SourceInput(path, name, data, capture, side_name, side_data)


def read_event(
    config: Config, path: Path, capture: bool | None = None
) -> tuple[Event, tuple[Problem, ...]]:
    """Read one source with its sidecar, as the reader gives it (before extraction)."""
    from generator.sources import read_source

    src = read_input(config, path, capture=capture)
    return read_source(
        src.name, src.data, config, src.side_data, src.side_name, capture=src.capture
    )


def event_from(
    config: Config, src: SourceInput, registry: Registry | None
) -> tuple[Event, tuple[Problem, ...]]:
    """Read and extract one source: the unit of caching and of parallel work. The entries
    keep no ``body`` (``read_event`` gives the records as read, bodies and all)."""
    from generator.extract import enrich_event, fix_speakers
    from generator.sources import read_source

    event, warnings = read_source(
        src.name, src.data, config, src.side_data, src.side_name, capture=src.capture
    )
    # The source text of each entry is done with once its html and text are made: kept,
    # it was a sixth of the memory of a large archive's build.
    event = enrich_event(event, registry, config.statements, keep_bodies=False)
    if config.statements:
        event, fixed = fix_speakers(event, registry)
        warnings = (*warnings, *fixed)
    # Only pages listing updates of many events are keyed by them (``render._Identities``).
    keys = tuple(map(record_key, event.entries)) if config.lists_updates else ()
    return replace(event, entry_keys=keys), warnings


def source_key(base_key: str, src: SourceInput) -> str:
    """The memo key of a source's event: its bytes, its sidecar's, and ``base_key`` (tlgen's
    version, the config and the registry)."""
    return digest(
        base_key, src.name, src.data, src.side_name, src.side_data or b"", str(src.capture)
    )


def load_event(
    config: Config, path: Path, registry: Registry | None = None
) -> tuple[Event, tuple[Problem, ...]]:
    return event_from(config, read_input(config, path), registry)


def speakers_file(config: Config) -> Path:
    return config.dir("content") / "speakers.yml"


def check_output_folder(config: Config, target: Path, from_cli: bool = False) -> None:
    """The output is replaced on every build, so it must not hold or sit in a source.
    The error points at the line of site.yml that sets the folder (``output:``, or the
    source folder's own key), or at ``--out`` (``from_cli``)."""
    resolved = target.resolve()
    for name in ("content", "seeds", "templates"):
        source = config.dir(name)
        if resolved == source or resolved.is_relative_to(source) or source.is_relative_to(resolved):
            hint = "write the site to a folder of its own, e.g. 'output: public'"
            if from_cli:
                where, folder = None, f"--out {target}"
                hint = "pass --out a folder of its own, e.g. --out public"
            else:
                where = config.loc("output" if "output" in config.lines else name)
                folder = f"the output folder {display_path(config, target).rstrip('/')}/"
            raise TlgenError(
                [
                    Problem(
                        f"{folder} overlaps the {name} folder {display_path(config, source)}/",
                        where,
                        hint,
                    )
                ]
            )


@dataclass(frozen=True, slots=True)
class Ahead:
    """What a reading worker needs to write its event's own files (pages, feed, JSON)
    at once, into the build's begun folder: the event is in its memory already, and
    the files are made on every core instead of one. The build takes each file whose
    key is the one it wants, and makes the others itself (``write.write_site``)."""

    folder: Path
    theme_key: str
    compiled: Path | None
    drafts: bool


# (config, registry, base key, where to write ahead, the seeds folder resolved once)
_WORKER: tuple[Config, Registry, str, Ahead | None, Path] | None = None
_TEMPLATES: Any = None  # a worker's (Jinja environment, page base, site meta), made once
_PARALLEL_FROM = 16  # fewer sources than this are read faster in one process
_HELP_AFTER = 16  # event files found changed before a helper makes half of the others

# (memo key, result, files written ahead: output path → key)
Read = tuple[str, tuple[Event, tuple[Problem, ...]] | TlgenError, dict[str, str]]


def _init_worker(
    config: Config,
    registry: Registry,
    base_key: str,
    ahead: Ahead | None = None,
    templates: Any = None,
) -> None:
    global _WORKER, _TEMPLATES
    _WORKER = (config, registry, base_key, ahead, config.dir("seeds"))
    _TEMPLATES = templates


def _start_worker(
    config: Config,
    registry: Registry,
    base_key: str,
    ahead: Ahead | None = None,
    templates: Any = None,
    forms: Any = None,
) -> None:
    """``forms``: the compiled lazy patterns (``_forms``: the statements', the dates'), for
    a worker that is not forked from the build (a forked one holds them compiled already)."""
    gc.enable()  # the build paused it for its records (``_Heap``); a worker holds none
    _init_worker(config, registry, base_key, ahead, templates)
    if forms is not None:
        import generator.statements  # noqa: F401  (its patterns are made when it is imported)
        from generator import patterns

        patterns.warm(forms)


def _forms() -> Any:
    """The forms of the lazy patterns this build holds compiled (``_warm_patterns``),
    for a worker that is not forked from it; None when it holds none (each worker then
    compiles those it needs)."""
    from generator import patterns

    return patterns.forms() or None


def _warm(config: Config, ahead: Ahead | None) -> Any:
    """What each worker would first make for itself, made once before they are forked
    and shared (as ``_TEMPLATES``): the readers and the extractor loaded, the Markdown
    parser made, the event page's templates compiled. This process needs all but the
    parser after the reading anyway; each worker saves the time at its start. A theme
    that does not compile is left to the build's own render, which reports it located."""
    if ahead is None:
        return None
    from generator.render import page_base, site_meta

    templates = _compiled(config, ahead.compiled, reference=False)
    if templates is None:
        return None
    return templates, page_base(config, ahead.theme_key), site_meta(config)


def _read_one(path: Path) -> Read:
    """Read one source file and make its event, with the key of the bytes read: a file
    saved again since the build hashed it is read as it is now, under its new key."""
    assert _WORKER is not None
    config, registry, base_key, ahead, seeds = _WORKER
    try:
        src = read_input(config, path, seeds)
    except TlgenError as exc:
        return "", exc, {}
    key = source_key(base_key, src)
    try:
        result = event_from(config, src, registry)
    except TlgenError as exc:
        return key, exc, {}
    return key, result, _write_ahead(config, ahead, replace(result[0], key=key))


def _write_ahead(config: Config, ahead: Ahead | None, event: Event) -> dict[str, str]:
    """The event's own files, written into the begun folder (see ``Ahead``). Nothing
    here stops the build: a file that fails is made again by the build, which reports
    why; one begun and not finished is listed with no key, so it is never taken."""
    global _TEMPLATES
    if ahead is None or (event.draft and not ahead.drafts):
        return {}
    from generator.render import event_outputs
    from generator.write import prewrite_all

    done: dict[str, str] = {}
    try:
        if _TEMPLATES is None:  # a worker not forked warm: made at its first event
            _TEMPLATES = _warm(config, ahead)
        if _TEMPLATES is None:
            return done  # a theme that does not compile: the build's own render says where
        env, base, meta = _TEMPLATES
        prewrite_all(ahead.folder, event_outputs(env, config, base, meta, event), done)
    except Exception:
        pass
    return done


def _workers(files: int) -> int:
    return min(os.cpu_count() or 1, files // _PARALLEL_FROM)


def _in_worker(path: Path) -> Read:
    return _read_one(path)  # looked up when called, so a worker runs the module's own


Progress = Callable[[str, int, int], None]  # (stage, done, total or 0 when not known)
READING, WRITING, INDEXING = "reading sources", "writing files", "indexing for search"


def _silent(stage: str, done: int, total: int) -> None:
    pass


def read_all(
    config: Config,
    registry: Registry,
    base_key: str,
    paths: list[Path],
    progress: Progress = _silent,
    ahead: Ahead | None = None,
) -> Iterator[Read]:
    """Read and extract source files on every core; one process when there are few, or
    one core, or no way to start workers. Results come back in input order either way.

    The workers read the files themselves: the bytes of a large archive's sources are
    never all in memory at once, nor sent from process to process. With ``ahead`` they
    also write each event's own files (never in this process: it renders them later
    anyway, with the rest of the site)."""
    done = 0
    workers = _workers(len(paths))
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            forked = sys.platform == "linux"
            context = multiprocessing.get_context("fork" if forked else "spawn")
            with ProcessPoolExecutor(
                workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(
                    config,
                    registry,
                    base_key,
                    ahead,
                    _warm(config, ahead) if forked else None,
                    None if forked else _forms(),
                ),
            ) as pool:
                # Each result is taken as it comes: what this process does with it
                # (the cache) overlaps the reading of the rest.
                for result in pool.map(_in_worker, paths, chunksize=8):
                    done += 1
                    yield result
                    progress(READING, done, len(paths))
        except (OSError, BrokenProcessPool):
            pass  # no workers (or one died): the rest is read in this process, once
    _init_worker(config, registry, base_key)
    for path in paths[done:]:
        yield _read_one(path)
        done += 1
        progress(READING, done, len(paths))


def _stamp(config: Config, config_path: Path) -> dict[str, Stat]:
    """Every path the build read or looked for, as it is now (``stamp.py``): the config,
    the registry, the source folders and the theme's. Folders are named as configured
    too, so that pointing a link at another folder is a change."""
    paths = [os.fspath(config_path.absolute()), os.fspath(speakers_file(config))]
    paths += [os.fspath(config.root / getattr(config, name)) for name in ("content", "seeds")]
    paths += walk(config.dir("content") / "events", prune=True)
    paths += walk(config.dir("seeds"), prune=True)
    for folder in input_folders(config):
        paths += walk(folder)
    return take(paths)


def _folders(out: Path, outputs: dict[str, Any], store: Cache) -> tuple[dict[str, Stat], int]:
    """The output's folders as this build leaves them, and when they were looked at: a
    folder still so holds only what the build wrote there (``write._strays`` need not
    list it). Its times are judged against that look (``stamp.now``), not the build's
    start: whatever changes in it later changes its times."""
    from generator.write import folders_of

    base, at = os.fspath(out), now(store.dir)
    stats = {
        folder: stat_of(os.path.join(base, folder) if folder else base)
        for folder in ("", *sorted(folders_of(outputs)))
    }
    return stats, at


def _sidecar_name(path: Path, seeds: Path) -> str:
    """The sidecar a capture is read with ("" for none, and for a native file)."""
    inside = os.fspath(path.absolute()).startswith(os.path.join(seeds, ""))
    side = sidecar_of(path) if inside else None
    return os.fspath(side) if side else ""


def _sources(paths: list[Path], keys: list[str], seeds: Path) -> dict[str, list[str]]:
    """Each source's key and sidecar, for the next build (their stamps are the inputs')."""
    return {
        os.fspath(path): [key, _sidecar_name(path, seeds)]
        for path, key in zip(paths, keys, strict=True)
    }


def _known_key(manifest: Manifest, path: Path, seeds: Path) -> str | None:
    """The last build's key for ``path`` if neither it nor its sidecar changed since
    (``stamp.fresh``, with the stamps of the last build's inputs): the file need not be
    read again to be hashed."""
    name = os.fspath(path)
    known = manifest.sources.get(name)
    if not known or len(known) != 2:
        return None
    key, side = known
    stamps, taken = manifest.inputs, manifest.taken
    if name not in stamps or not fresh(name, stamps[name], taken):
        return None
    if _sidecar_name(path, seeds) != side or (side and not fresh(side, stamps.get(side), taken)):
        return None
    return str(key)


def build(
    config_path: Path,
    out: Path | None = None,
    base_url: str | None = None,
    drafts: bool = False,
    cache: bool = True,
    memory: Memory | None = None,
    progress: Progress = _silent,
    strict: bool = False,
    exiting: bool = False,
    superseded: Callable[[], bool] | None = None,
) -> BuildReport:
    """Build the site described by ``config_path``; raise TlgenError with every problem
    (and, when ``strict``, with every warning, before the output is touched).
    ``exiting``: the process ends after this build (``cli.run``), so what it held is
    left for the system to take back at once (``_LEFT``).

    Every stage result is memoised by the hash of its inputs (``.tlgen-cache/``): a
    source whose bytes, sidecar, config and registry are unchanged is not read again
    (nor hashed, while its stat stamp holds: ``stamp.py``), a page whose inputs are
    unchanged is not rendered again, and a build whose inputs are all unchanged does
    nothing at all. The bytes are always those of a clean build.
    ``memory`` (serve's) keeps what was read between builds of one process; ``progress``
    hears of each stage's advance (for a progress line on a terminal); ``superseded``
    (serve's) says whether a newer change waits, which the search index then leaves to
    the next build (``search.build_index``).
    """
    started = time.perf_counter()
    config_stat = stat_of(os.fspath(config_path))  # before it is read: see ``taken``
    config = load_config(config_path, base_url=base_url)
    problems = Collector()
    for name, spec in config.json_mappings.items():  # reported once, before any file
        try:
            from generator.sources.jsondoc import validate_mapping

            validate_mapping(str(name), spec, config.loc("json_mappings"))
        except TlgenError as exc:
            problems.extend(exc.problems)
    target = (out if out is not None else config.dir("output")).absolute()
    check_output_folder(config, target, from_cli=out is not None)
    store = Cache(config.root, enabled=cache)
    # The build's start as the file system dates it (``stamp.now``), before any input
    # but site.yml is read: an input saved from here on is never taken as unchanged, and
    # neither is anything this time if site.yml changed since it was read.
    taken = now(store.dir) if cache else time.time_ns()
    if stat_of(os.fspath(config_path)) != config_stat:
        taken = 0
    registry_file = speakers_file(config)
    if _leaves(registry_file, config.dir("content")):
        problems.warn(
            "symbolic link out of its folder skipped",
            Location(display_path(config, registry_file)),
            "copy the registry into content/ instead",
        )
        registry_file = config.dir("content") / ".no-registry"  # absent: nobody registered
    registry_bytes = registry_file.read_bytes() if registry_file.is_file() else b""
    base_key = digest(VERSION_KEY, code_key(), repr(config), registry_bytes)
    paths: list[Path] = []
    keys: list[str] = []  # each source's memo key; its bytes are let go once hashed
    seeds = config.dir("seeds")
    manifest = store.manifest()
    reuse = manifest.base_key == base_key
    # With no event in the cache (a first build, or --no-cache) a source's key is learnt
    # from the worker that reads it: nothing here to look up, so nothing read to be hashed.
    cold = memory is None and not store.holds()
    for path in source_files(config, problems):
        try:
            key = _known_key(manifest, path, seeds) if reuse else None
            keys.append(
                key or ("" if cold else source_key(base_key, read_input(config, path, seeds)))
            )
            paths.append(path)
        except TlgenError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()

    theme_key = digest(fingerprint(config), code_key())  # the pages tlgen's code makes
    words, found = load_words(config, partial(display_path, config))
    problems.extend(found)
    problems.raise_if_errors()
    if words.locale is not None:  # its dates are CLDR's, as the installed Babel has them
        theme_key = digest(theme_key, words.version())
    # What the listing warned of (a link skipped) is no event's: a build that did nothing
    # would repeat the last one's, gone or not, unless the key holds them
    listed = digest(*(repr(problem_record(w)) for w in problems.warnings))
    site_key = _site_key(base_key, theme_key, target, drafts, keys, listed)
    asked = request(config_path, out, base_url, drafts)
    if (
        manifest.site_key == site_key
        and (memory is None or memory.site is not None)  # serve needs the site in memory
        and manifest.out == str(target)
        and outputs_intact(target, manifest.outputs)
    ):
        if (
            manifest.request != asked
            or manifest.base_key != base_key
            or not holds(manifest.inputs, manifest.taken)
        ):
            # read and found unchanged: stamped anew, the next build need not read it
            inputs, sources = _stamp(config, config_path), _sources(paths, keys, seeds)
            store.save_manifest(
                replace(
                    manifest,
                    inputs=inputs,
                    taken=taken,
                    request=asked,
                    sources=sources,
                    base_key=base_key,
                )
            )
        report = report_of(manifest, time.perf_counter() - started)
        if strict:
            raise_warnings(report.warnings)
        return report
    manifest = replace(manifest, inputs={}, sources={})  # done with: not held while building

    with _Heap() as heap:
        registry = Registry()
        try:
            registry = load_registry(registry_file, display_path(config, registry_file))
        except TlgenError as exc:
            problems.extend(exc.problems)
        problems.raise_if_errors()
        remembered = memory.events if memory is not None else {}
        eager = _reads_every_entry(config)
        # Every event's head in one file, when no page to be made reads every event
        heads = store.heads() if reuse and not eager else {}
        hits: dict[str, Any] = {}

        def headed(hit: Any, path: Path, key: str) -> Any:
            """A head from the last build, given where its entries are (``_entries_of``)."""
            if hit is None or type(hit[0].entries) is not LazyEntries:
                return None
            hit[0].entries.loader = partial(
                _entries_of, store, config, registry, base_key, path, key
            )
            return hit

        for path, key in zip(paths, keys, strict=True):
            if not key:  # not known before it is read (``cold``)
                continue
            hit = remembered.get(key) or headed(heads.get(key), path, key)
            hits[key] = _held(hit or store.get("event", key), eager)
        if memory is not None:
            for key in memory.unsaved & hits.keys():
                store.put("event", key, hits[key])
        misses = [i for i, key in enumerate(keys) if hits.get(key) is None]
        from generator.write import Update, abandon, begin, is_ours, write_site

        staged, ahead, helper = None, None, None
        if _workers(len(misses)) > 1:  # the workers write their events' files into it
            staged = begin(target)
            ahead = Ahead(staged.folder, theme_key, store.dir if cache else None, drafts)
        patterned = bool(misses) and config.statements
        if patterned and (cache or staged is not None):
            _warm_patterns(store, forking=staged is not None)
        try:
            missed = [paths[i] for i in misses]
            reading = read_all(config, registry, base_key, missed, progress, ahead)
            for i, (key, result, files) in zip(misses, reading, strict=True):
                if staged is not None:
                    staged.add(files)
                if isinstance(result, TlgenError):
                    problems.extend(result.problems)
                    continue
                keys[i] = key  # another key only if the file was saved again since it was hashed
                store.put("event", key, result)
                hits[key] = _held(result, eager)
            if patterned and cache:
                _keep_patterns(store)
            store.close()  # what was read is kept, should what follows fail
            events: list[Event] = []
            for key in keys:
                if (hit := hits.get(key)) is not None:
                    event, warnings = hit
                    events.append(replace(event, key=key))
                    problems.extend(warnings)
            problems.raise_if_errors()
            from generator.render import LISTS, event_of, render_site
            from generator.search import INDEX_DIR, STALE, build_index, update_index
            from generator.site import assemble

            site = assemble(config, events, registry, drafts=drafts)
            if strict:
                raise_warnings(problems.warnings)
            heap.records_done()
            pages = 0
            compiled = store.dir if cache else None
            # What the output holds (as ``write_site`` takes it): nothing, once removed
            same = manifest.out == str(target) and is_ours(target)
            previous = manifest.outputs if same else {}
            # Pages made again from the records held: another process may make half
            pager = staged is None and len(site.events) >= 2 * _HELP_AFTER
            if staged is not None:  # a build that renders much: another process helps
                helper = _Helper.start(site, theme_key, compiled, staged.folder, previous)
                staged.halt = helper.stop if helper is not None else None
            elif pager:
                staged = begin(target)

            def ordered() -> Iterator[Output]:
                """The helper's share last, once what it wrote is known. Where the pages
                are made from records held, a helper is started once ``_HELP_AFTER``
                event files were found changed: it makes every other event's after."""
                nonlocal helper
                held: list[Output] = []
                share: set[str] = set()  # the slugs of the events the helper makes
                changed, position = 0, {e.slug: i for i, e in enumerate(site.events)}
                for output in render_site(site, theme_key, compiled):
                    slug = event_of(output.path)
                    if slug in share or (helper is not None and output.path.startswith(LISTS)):
                        held.append(output)
                        continue
                    if pager and helper is None and slug in position:
                        before = previous.get(output.path)
                        changed += not before or before[0] != output.key
                        if changed == _HELP_AFTER and staged is not None:
                            rest = site.events[position[slug] + 1 :: 2]
                            helper = _Helper.start(
                                site, theme_key, compiled, staged.folder, previous, rest
                            )
                            if helper is not None:
                                staged.halt = helper.stop
                                share = {e.slug for e in rest}
                    yield output
                if helper is not None and staged is not None:
                    staged.add(helper.join())
                yield from held

            def counted() -> Iterator[Output]:
                nonlocal pages
                for files, output in enumerate(ordered(), 1):
                    pages += output.path.endswith(".html")
                    yield output
                    progress(WRITING, files, 0)

            stale = False  # the search index left to the next build (``superseded``)

            # What the index found of each page, this build and the last (``search.Known``)
            seen: dict[str, str] = {}
            scanned = store.scanned(str(target)) if previous and config.search else {}

            def index(folder: Path, current: Path | None, changed: bool) -> None:
                nonlocal stale
                progress(INDEXING, 0, 0)
                found = build_index(
                    folder,
                    current,
                    changed,
                    config.language,
                    superseded,
                    lambda done, total: progress(INDEXING, done, total),
                    seen,
                )
                problems.extend(found)
                stale = (folder / INDEX_DIR / STALE).exists()
                if strict:  # before the new folder takes the output's place
                    raise_warnings(problems.warnings)

            def brought(
                folder: Path,
                current: Path,
                changed: bool,
                rendered: set[str],
                files: Written,
            ) -> tuple[list[str], list[str]] | None:
                """``index`` for an edit whose files are moved in (``write.Update``)."""
                nonlocal stale

                def known(page: str) -> str | None:
                    """What the last build found of a page still as it wrote it."""
                    last, now = scanned.get(page), files.get(page)
                    if last is None or now is None or tuple(last[:2]) != now[1:]:
                        return None
                    return str(last[2])

                progress(INDEXING, 0, 0)
                found = update_index(
                    folder,
                    current,
                    changed,
                    rendered,
                    files,
                    config.language,
                    superseded,
                    lambda done, total: progress(INDEXING, done, total),
                    known,
                    seen,
                )
                if found is None:
                    return None
                moves, removes, said = found
                problems.extend(said)
                stale = (folder / INDEX_DIR / STALE).exists()
                if strict:  # before the output is touched
                    raise_warnings(problems.warnings)
                return moves, removes

            pieces = store.pieces(str(target)) if previous else {}
            finish = index if config.search else None
            update = Update(INDEX_DIR, brought) if config.search else None
            known = manifest.folders if previous else {}

            def settled(folder: str) -> bool:
                where = os.path.join(target, folder) if folder else os.fspath(target)
                return folder in known and fresh(where, known[folder], manifest.folders_at)

            written = write_site(
                counted(), target, previous, finish, pieces, staged, settled=settled, update=update
            )
        except BaseException:
            if staged is not None:
                abandon(staged)  # gone already if the writing began; its helper stopped
            raise
        store.save_pieces(str(target), written.pieces)
        if seen:  # with each page's size and time as written (one changed since is read)
            outputs = written.outputs
            scan = {page: (*o[1:], d) for page, d in seen.items() if (o := outputs.get(page))}
            store.save_scanned(str(target), scan)
        speakers = len(site.speakers) if config.makes("speakers") else None
        summary = {
            "events": len(site.events),
            "entries": site.entry_count,
            "pages": pages,
            "speakers": speakers,
            "warnings": [problem_record(w) for w in problems.warnings],
        }
        if cold:  # the keys are known now
            site_key = _site_key(base_key, theme_key, target, drafts, keys, listed)
        if stale:  # the output is not yet all the inputs make: the next build goes on
            site_key = ""
        store.prune("event", keys)
        store.close()
        if not eager:
            store.save_heads({key: hit for key in keys if (hit := hits.get(key)) is not None})
        inputs, sources = _stamp(config, config_path), _sources(paths, keys, seeds)
        store.save_manifest(
            Manifest(
                site_key,
                str(target),
                written.outputs,
                summary,
                inputs,
                taken,
                asked,
                sources,
                base_key,
                *_folders(target, written.outputs, store),
            )
        )
        if memory is not None:
            memory.events = {key: hit for key in keys if (hit := hits.get(key)) is not None}
            memory.unsaved.clear()
            memory.keys = {path.absolute(): key for path, key in zip(paths, keys, strict=True)}
            memory.base_key, memory.config, memory.registry = base_key, config, registry
            memory.site, memory.drafts = site, drafts
            memory.templates = _compiled(config, store.dir if cache else None)
        if exiting:
            _LEFT.append((hits, site, written, previous, heads))
        removed = tuple(sorted(previous.keys() - written.outputs.keys()))
        return BuildReport(
            out=target,
            events=len(site.events),
            entries=site.entry_count,
            pages=pages,
            files=written.files,
            speakers=speakers,
            seconds=time.perf_counter() - started,
            warnings=tuple(problems.warnings),
            reused=written.reused,
            changed=written.rendered + removed,
        )


# The records of a build whose process ends after it. Let go when ``build`` returned,
# they were freed object by object: half a second of an edit's rebuild at 10,000
# events, spent after the site was written. The process's exit (``os._exit``) gives
# the memory back at once instead.
_LEFT: list[Any] = []


def _warm_patterns(store: Cache, forking: bool) -> None:
    """The lazy patterns (the statements', the dates') an earlier build compiled, made from
    the forms it kept (``generator.patterns``) before any source is read and workers forked
    (they share them): milliseconds, where compiling them took a quarter of a second in
    every process. A build about to fork workers (``forking``) compiles the others too:
    once, where each worker would compile them and this process would keep none."""
    import generator.statements  # noqa: F401  (its patterns are made when it is imported)
    from generator import patterns

    kept = store.get("patterns", patterns.ENGINE)
    patterns.warm(kept if isinstance(kept, dict) else {}, every=forking)


def _keep_patterns(store: Cache) -> None:
    """The forms of the patterns this process compiled anew, kept for the next build."""
    from generator import patterns

    if (news := patterns.take_news()) is not None:
        store.put("patterns", patterns.ENGINE, news)


def _site_key(
    base_key: str, theme_key: str, target: Path, drafts: bool, keys: list[str], listed: str
) -> str:
    """What the whole output (and the report) depends on: a build whose key is the last
    one's does nothing."""
    return digest(base_key, theme_key, str(target), str(drafts), listed, *keys)


def _entries_of(
    store: Cache, config: Config, registry: Registry, base_key: str, path: Path, key: str
) -> tuple[Entry, ...]:
    """The entries of an event whose head came from the last build (``Cache.heads``):
    from the event's own file in the cache, or from its source read again should that
    be gone, while the source is as it was (its key the same)."""
    hit = store.get("event", key)
    if hit is None:
        src = read_input(config, path)
        if source_key(base_key, src) != key:
            raise TlgenError(
                [Problem("changed while the site was built", Location(src.name), "build again")]
            )
        hit = event_from(config, src, registry)
    return tuple(hit[0].entries)


def _reads_every_entry(config: Config) -> bool:
    """Whether the pages that list the archive read every event's entries."""
    return config.search or config.lists_updates or config.makes("feeds") or config.makes("exports")


def _held(hit: Any, eager: bool) -> Any:
    """A cached or read event as the build holds it: with its entries unpickled at once
    when every one will be read (a blob and the records made from it are then never both
    held for long; unpickled later, the blobs of a large archive stayed in the heap as
    unused holes: +20% peak memory at 10,000 events), else left lazy (``LazyEntries``)."""
    if eager and hit is not None and isinstance(hit[0].entries, LazyEntries):
        hit[0].entries.items()
    return hit


class _Helper:
    """A forked process that makes a share of the site's files (``render.render_share``)
    into the begun folder while this one makes the rest: in a clean build, the
    speakers' and the timeline's files, which would otherwise be made on one core after
    the reading is done (a fifth of the build); where the pages are made again from
    records already held (a theme edited, the output removed), every other event's
    files besides. ``write_site`` takes each file whose key is the one it wants, and
    makes the others itself (a helper that fails or dies costs time, never a file).

    Forked only where that is safe and cheap: on Linux, from a process with no other
    thread (never ``tlgen serve``'s), with a core to spare, and while the process is
    small. The records are shared copy-on-write, but whatever the helper reads it
    copies: at 10,000 events that would be as much memory again."""

    MAX_RSS = 384 << 20

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd

    @classmethod
    def start(
        cls,
        site: Site,
        theme_key: str,
        compiled: Path | None,
        folder: Path,
        previous: dict[str, Any],
        events: Sequence[Event] = (),
    ) -> _Helper | None:
        from generator.render import lists_made

        lists = lists_made(site.config)
        if (
            not (lists or events)  # nothing to share
            or sys.platform != "linux"
            or (os.cpu_count() or 1) < 2
            or threading.active_count() > 1
            or _resident() > cls.MAX_RSS
        ):
            return None
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # the helper: it never returns
            os.close(read)
            _help(site, theme_key, compiled, folder, previous, write, events, lists)
        os.close(write)
        return cls(pid, read)

    def join(self) -> dict[str, str]:
        """The files the helper wrote (output path → key), once it is done."""
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        self.fd = -1
        os.waitpid(self.pid, 0)
        self.pid = 0
        try:
            files = json.loads(data)
        except ValueError:  # it died before it could tell
            return {}
        return {str(path): str(key) for path, key in files.items()} if type(files) is dict else {}

    def stop(self) -> None:
        """Not joined (the build failed): the helper goes before its folder does."""
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _help(
    site: Site,
    theme_key: str,
    compiled: Path | None,
    folder: Path,
    previous: dict[str, Any],
    pipe: int,
    events: Sequence[Event] = (),
    lists: bool = True,
) -> None:
    """The helper's life: each file the build would make, written; what it wrote, told
    (a file whose writing failed is told with no key); then gone, running nothing of its
    parent's (no exit handlers, no buffers flushed twice)."""
    done: dict[str, str] = {}
    try:
        from generator.render import render_share
        from generator.write import prewrite_all

        def changed(output: Output) -> bool:
            before = previous.get(output.path)
            return not before or before[0] != output.key  # else the build keeps its file

        made = render_share(site, theme_key, compiled, events, lists)
        prewrite_all(folder, filter(changed, made), done)
    except BaseException:
        pass
    finally:
        try:
            with os.fdopen(pipe, "wb") as told:
                told.write(json.dumps(done).encode("utf-8"))
        finally:
            os._exit(0)


def _resident() -> int:
    """This process's resident memory in bytes (0 where /proc does not tell)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _Heap:
    """The cyclic garbage collector during a build. The records (millions of objects at
    10,000 events) hold no cycles and live until the build ends, yet every collection of
    the oldest generation walked them all: at 10,000 × 30 that was 60% of the time spent
    loading the cached events, and of assembling the site. So the collector is off while
    the records are loaded, read and assembled; then they are frozen (``gc.freeze``) and
    it runs again over what the rendering makes. Everything is as before at the end."""

    def __enter__(self) -> _Heap:
        self.enabled = gc.isenabled()
        gc.disable()
        return self

    def records_done(self) -> None:
        gc.freeze()
        if self.enabled:
            gc.enable()

    def __exit__(self, *exc: object) -> None:
        gc.unfreeze()  # a serving process's old records can go when they are let go
        if self.enabled:
            gc.enable()


def _compiled(config: Config, compiled: Path | None = None, reference: bool = True) -> Any:
    """The theme's templates with the event page compiled, and the readers and the
    extractor loaded (a build from the cache loads none of them): a preview pays only
    to read and render. ``reference``: markdown-it-py's parser made too, not only
    markdown-it-pyrs's (a preview's one body may need it; a worker's seldom do)."""
    from generator.markup import fast_parser, parser
    from generator.render import environment

    for stage in ("generator.extract", "generator.sources"):
        importlib.import_module(stage)
    if reference:
        parser()
    fast_parser()

    templates = environment(config, compiled)
    try:
        templates.get_template("event.html")
    except Exception:  # a theme's error: the build's own render reports it, located
        return None
    return templates


def preview(memory: Memory, changed: list[Path]) -> dict[str, bytes]:
    """The pages of the events just edited, rendered ahead of the full rebuild.

    An event page is a function of its event, the config and the theme alone, so it can be
    shown within a few tenths of a second of the save, while the pages that list the event
    (home, speakers, months, feeds) follow with the rebuild. Only the plain case is
    previewed: existing sources edited in place, keeping their URL. Anything else (a new or
    deleted file, the config, the registry, a template, an error, a capture merged with
    another) returns nothing, and the full rebuild shows or reports it as usual.
    """
    from generator.render import environment, event_page_paths, render_event_page, site_meta

    config, site = memory.config, memory.site
    if config is None or site is None or not changed:
        return {}
    by_name = {event.path: event for event in site.events}
    edited: list[Event] = []
    for path in dict.fromkeys(Path(p).absolute() for p in changed):
        old_key = memory.keys.get(path)
        if old_key is None:
            if not path.exists():
                continue  # an editor's probe or temporary file, gone already
            return {}  # not a source of the last build (a sidecar, a template, site.yml...)
        try:
            src = read_input(config, path)
        except TlgenError:
            return {}
        key = source_key(memory.base_key, src)
        if key == old_key:
            continue  # saved unchanged
        try:
            result = memory.events.get(key) or event_from(config, src, memory.registry)
        except TlgenError:
            return {}
        event, warnings = result
        old = by_name.get(src.name)
        if old is None or event.slug != old.slug or (event.draft and not memory.drafts):
            return {}
        if old.further_captures:  # one of several captures: the merge may read another,
            return {}  # or take a summary, tags or a language from one (``merge_captures``)
        if any(w.severity == "error" for w in warnings):
            return {}
        memory.events[key] = result  # the rebuild that follows reads nothing again
        memory.unsaved.add(key)
        edited.append(
            replace(event, key=key, capture=old.capture, further_captures=old.further_captures)
        )
    if memory.templates is None:
        memory.templates = environment(config)
    pages: dict[str, bytes] = {}
    meta = site_meta(config)
    try:
        for event in edited:
            for order, rel in event_page_paths(config, event):
                pages[rel] = render_event_page(memory.templates, config, meta, event, rel, order)
    except TlgenError:
        return {}
    return pages
