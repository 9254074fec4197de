"""Score tlgen's statement extraction (who said what) against hand annotations.

Usage::

    python3 bench/statements/score.py [--corpus PATH] [--details] [--results PATH] [--no-write]

Each ``annotations/*.yml`` file (format and rules: ``GUIDELINES.md``) names one document. The
document is read and extracted the way ``tlgen build`` does it (``generator.build.load_event``
with the repository's ``site.yml`` and ``content/speakers.yml``). Each annotated entry is found
by its local wall-clock time, and the predicted statements are compared with the annotated
ones:

- a predicted statement matches an annotated one when the speakers are the same person and
  the predicted quote begins with the annotated first words;
- each annotation and each prediction matches at most once (maximum bipartite matching);
- precision = matched predictions / predictions in annotated entries; recall = matched
  annotations / all annotations (annotations in entries that were not found count as missed).

Documents whose format no registered reader recognises yet are reported as
``skipped: no reader``. The script always exits 0. The tables are printed and written to
``RESULTS.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from generator.build import load_event, speakers_file
from generator.config import Config, load_config, parse_config
from generator.errors import TlgenError
from generator.model import DAY, Entry, Statement
from generator.registry import Registry, load_registry
from generator.sources import decode, reader_for

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ANNOTATIONS = HERE / "annotations"
RESULTS = HERE / "RESULTS.md"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
KINDS = ("direct", "reported")

# "2016-03-14 19:16", "2011-02-11", either with "#2" for the second entry of that key.
AT = re.compile(r"^(?P<key>\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?)(?:#(?P<n>[1-9]\d*))?$")

# Words that are not part of a person's name for comparison: leading titles and trailing
# post-nominals ("Cllr Louise Gittins", "Councillor Afrasiab Anwar MBE", "Prince Harry").
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prince", "princess",
    "king", "queen", "duke", "duchess", "cllr", "councillor", "president", "prime",
    "minister", "secretary", "general", "gen", "col", "colonel", "lt", "captain", "capt",
    "chancellor", "senator", "sen", "rep", "gov", "governor", "mayor", "judge", "justice",
    "pope", "sheikh", "professor", "prof", "rev", "reverend", "father", "chief",
    "commissioner", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman",
    "spokesperson", "ambassador", "field", "marshal",
})  # fmt: skip
POSTNOMINALS = frozenset({
    "mbe", "obe", "cbe", "kbe", "dbe", "mp", "mep", "qc", "kc", "jr", "sr", "phd",
})  # fmt: skip
# Apostrophes and PTB quote marks vanish inside words ("isn't" = "isnt"); other punctuation
# (including every other quotation mark) separates words.
_APOSTROPHES = str.maketrans("", "", "'’‘`´ʼ")


# --- annotations ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gold:
    """One annotated statement."""

    speaker: str
    kind: str
    quote: str


@dataclass(frozen=True, slots=True)
class GoldEntry:
    """One annotated entry: where to find it and what is said in it."""

    at: str
    first_words: str
    statements: tuple[Gold, ...]


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotation file: a document and the entries annotated in it."""

    path: Path
    document: str
    publisher: str
    entries: tuple[GoldEntry, ...]


def validate_annotation(data: Any) -> list[str]:
    """Every problem with one annotation file's parsed YAML; [] when it is valid."""
    if not isinstance(data, dict):
        return ["the file must be a mapping with document, publisher and entries"]
    errors = [
        f"'{key}' must be non-empty text"
        for key in ("document", "publisher")
        if not isinstance(data.get(key), str) or not data[key].strip()
    ]
    unknown = set(data) - {"document", "publisher", "annotator", "entries"}
    errors += [f"unknown key {key!r}" for key in sorted(unknown, key=str)]
    entries = data.get("entries")
    if not isinstance(entries, list):
        return [*errors, "'entries' must be a list"]
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        where = f"entries[{i}]"
        if not isinstance(entry, dict):
            errors.append(f"{where} must be a mapping")
            continue
        at = entry.get("at")
        if not isinstance(at, str) or not AT.match(at):
            errors.append(f"{where}.at must be 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD' (+ '#n')")
        elif at in seen:
            errors.append(f"{where}.at {at!r} is listed twice")
        else:
            seen.add(at)
        if "first_words" in entry and not isinstance(entry["first_words"], str):
            errors.append(f"{where}.first_words must be text")
        errors += [
            f"{where}: unknown key {key!r}"
            for key in sorted(set(entry) - {"at", "first_words", "statements"}, key=str)
        ]
        statements = entry.get("statements")
        if not isinstance(statements, list):
            errors.append(f"{where}.statements must be a list ([] when nobody is quoted)")
            continue
        for j, st in enumerate(statements):
            here = f"{where}.statements[{j}]"
            if not isinstance(st, dict):
                errors.append(f"{here} must be a mapping")
                continue
            for key in ("speaker", "kind", "quote"):
                if not isinstance(st.get(key), str) or not st[key].strip():
                    errors.append(f"{here}.{key} must be non-empty text")
            if isinstance(st.get("kind"), str) and st["kind"] not in KINDS:
                errors.append(f"{here}.kind must be one of {', '.join(KINDS)}")
            errors += [
                f"{here}: unknown key {key!r}"
                for key in sorted(set(st) - {"speaker", "kind", "quote"}, key=str)
            ]
    return errors


def parse_annotation(data: Any, path: Path) -> Annotation:
    """The annotation in ``data``; ValueError listing every problem when it is invalid."""
    errors = validate_annotation(data)
    if errors:
        raise ValueError("; ".join(errors))
    entries = tuple(
        GoldEntry(
            at=e["at"],
            first_words=e.get("first_words") or "",
            statements=tuple(Gold(s["speaker"], s["kind"], s["quote"]) for s in e["statements"]),
        )
        for e in data["entries"]
    )
    return Annotation(path, data["document"], data["publisher"], entries)


def load_annotation(path: Path) -> Annotation:
    """Read and validate one annotation file."""
    return parse_annotation(yaml.safe_load(path.read_text(encoding="utf-8")), path)


# --- normalisation and matching --------------------------------------------------------


def words(text: str) -> tuple[str, ...]:
    """Comparison words: casefolded, quotation marks unified away, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return tuple(text.split())


def normalise_quote(text: str) -> str:
    """A quote as it is compared: see ``words``."""
    return " ".join(words(text))


def quote_matches(predicted: str, gold: str) -> bool:
    """True when the predicted quote begins with the annotated first words (word by word)."""
    want = words(gold)
    return bool(want) and words(predicted)[: len(want)] == want


def contains(hay: Sequence[str], needle: Sequence[str]) -> bool:
    """True when the word sequence ``needle`` occurs in ``hay``."""
    n = len(needle)
    return n > 0 and any(tuple(hay[i : i + n]) == tuple(needle) for i in range(len(hay) - n + 1))


def name_words(name: str, registry: Registry | None = None) -> tuple[str, ...]:
    """A person's name as compared: the registry's canonical name when it knows the name,
    without leading titles or trailing post-nominals."""
    if registry is not None:
        known = registry.lookup(name.strip())
        if known is not None:
            name = known.name
    parts = list(words(name.replace(".", "")))  # "C.Q. Brown" = "CQ Brown"
    while len(parts) > 1 and parts[0] in TITLES:
        parts.pop(0)
    while len(parts) > 1 and parts[-1] in POSTNOMINALS:
        parts.pop()
    return tuple(parts)


def same_speaker(gold: str, predicted: str, registry: Registry | None = None) -> bool:
    """True when both name the same person: equal names, or the annotation is a shorter
    name (a surname) that the predicted full name ends with."""
    want, got = name_words(gold, registry), name_words(predicted, registry)
    if not want or not got:
        return False
    return want == got or (len(want) < len(got) and got[-len(want) :] == want)


def statement_matches(gold: Gold, predicted: Statement, registry: Registry | None) -> bool:
    """The matching rule: same person and the quote begins with the annotated words."""
    return same_speaker(gold.speaker, predicted.speaker, registry) and quote_matches(
        predicted.quote, gold.quote
    )


def match(
    gold: Sequence[Gold], predicted: Sequence[Statement], registry: Registry | None = None
) -> list[tuple[int, int]]:
    """A maximum one-to-one matching as (gold index, predicted index) pairs."""
    options = [
        [j for j, p in enumerate(predicted) if statement_matches(g, p, registry)] for g in gold
    ]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, visited: set[int]) -> bool:
        for j in options[i]:
            if j in visited:
                continue
            visited.add(j)
            if j not in owner or augment(owner[j], visited):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


# --- finding entries --------------------------------------------------------------------


def entry_key(entry: Entry) -> str:
    """An entry's key: its local wall-clock minute, or its date for day-precision entries."""
    if entry.precision == DAY:
        return entry.time.strftime("%Y-%m-%d")
    return entry.time.strftime("%Y-%m-%d %H:%M")


def split_at(at: str) -> tuple[str, int]:
    """``"2016-03-14 19:16#2"`` -> (``"2016-03-14 19:16"``, 2)."""
    m = AT.match(at)
    if not m:
        raise ValueError(f"not an entry time: {at!r}")
    return m.group("key"), int(m.group("n") or 1)


def find_entry(entries: Sequence[Entry], at: str, first_words: str = "") -> Entry | None:
    """The entry an annotation means: the n-th entry with that key in source order or, when
    several share the key, the only one whose text begins with ``first_words``."""
    key, n = split_at(at)
    candidates = [e for e in entries if entry_key(e) == key]
    if len(candidates) > 1 and first_words.strip():
        want = words(first_words)
        opening = [e for e in candidates if contains(words(e.text or e.body)[:60], want)]
        if len(opening) == 1:
            return opening[0]
    return candidates[n - 1] if len(candidates) >= n else None


# --- scoring ----------------------------------------------------------------------------


@dataclass
class Counts:
    """Annotations, predictions and matches, overall and by kind."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    kind_agree: int = 0
    name_exact: int = 0
    gold_by_kind: dict[str, int] = field(default_factory=dict)
    matched_by_kind: dict[str, int] = field(default_factory=dict)
    predicted_by_kind: dict[str, int] = field(default_factory=dict)
    predicted_matched_by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.kind_agree += other.kind_agree
        self.name_exact += other.name_exact
        for mine, theirs in (
            (self.gold_by_kind, other.gold_by_kind),
            (self.matched_by_kind, other.matched_by_kind),
            (self.predicted_by_kind, other.predicted_by_kind),
            (self.predicted_matched_by_kind, other.predicted_matched_by_kind),
        ):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v


def _bump(counter: dict[str, int], key: str) -> None:
    counter[key] = counter.get(key, 0) + 1


@dataclass
class DocResult:
    """One document's outcome: its counts, or why it was skipped, and per-entry details."""

    document: str
    publisher: str
    status: str = "scored"
    entries: int = 0
    found: int = 0
    counts: Counts = field(default_factory=Counts)
    details: list[str] = field(default_factory=list)


def diagnose_miss(gold: Gold, free: Sequence[Statement], registry: Registry | None) -> str:
    """Why an annotated statement found no prediction, judged from the unmatched ones."""
    for p in free:
        if quote_matches(p.quote, gold.quote):
            return f"speaker: predicted {p.speaker!r}"
    want = words(gold.quote)
    for p in free:
        got = words(p.quote)
        if same_speaker(gold.speaker, p.speaker, registry) and (
            contains(got, want) or contains(want, got[:4])
        ):
            return f"quote boundary: predicted {p.quote[:70]!r}"
    return "not found"


def diagnose_false(pred: Statement, free: Sequence[Gold], registry: Registry | None) -> str:
    """Why a prediction matched no annotation, judged from the unmatched annotations."""
    for g in free:
        if quote_matches(pred.quote, g.quote):
            return f"speaker: annotated {g.speaker!r}"
    got = words(pred.quote)
    for g in free:
        want = words(g.quote)
        if same_speaker(g.speaker, pred.speaker, registry) and (
            contains(got, want) or contains(want, got[:4])
        ):
            return f"quote boundary: annotated {g.quote!r}"
    return "not annotated"


def score_entry(
    gold_entry: GoldEntry, entry: Entry | None, registry: Registry | None
) -> tuple[Counts, list[str]]:
    """Counts and detail lines for one annotated entry (``entry`` None: not found)."""
    counts = Counts()
    gold = list(gold_entry.statements)
    predicted = list(entry.statements) if entry is not None else []
    counts.gold, counts.predicted = len(gold), len(predicted)
    for g in gold:
        _bump(counts.gold_by_kind, g.kind)
    for p in predicted:
        _bump(counts.predicted_by_kind, p.kind)
    pairs = match(gold, predicted, registry)
    counts.matched = len(pairs)
    for i, j in pairs:
        _bump(counts.matched_by_kind, gold[i].kind)
        _bump(counts.predicted_matched_by_kind, predicted[j].kind)
        counts.kind_agree += gold[i].kind == predicted[j].kind
        counts.name_exact += name_words(gold[i].speaker, registry) == name_words(
            predicted[j].speaker, registry
        )
    lines: list[str] = []
    gold_left = [g for i, g in enumerate(gold) if i not in {a for a, _ in pairs}]
    pred_left = [p for j, p in enumerate(predicted) if j not in {b for _, b in pairs}]
    if entry is None:
        lines.append(f"- `{gold_entry.at}`: entry not found ({len(gold)} annotations missed)")
        return counts, lines
    for i, j in pairs:
        if name_words(gold[i].speaker, registry) != name_words(predicted[j].speaker, registry):
            lines.append(
                f"- `{gold_entry.at}` NAME: annotated {gold[i].speaker!r}, "
                f"predicted {predicted[j].speaker!r} (matched)"
            )
        if gold[i].kind != predicted[j].kind:
            lines.append(
                f"- `{gold_entry.at}` kind: {gold[i].speaker}: {gold[i].quote!r} "
                f"annotated {gold[i].kind}, predicted {predicted[j].kind}"
            )
    for g in gold_left:
        why = diagnose_miss(g, pred_left, registry)
        lines.append(f"- `{gold_entry.at}` MISS ({g.kind}) {g.speaker}: {g.quote!r} [{why}]")
    for p in pred_left:
        why = diagnose_false(p, gold_left, registry)
        lines.append(f"- `{gold_entry.at}` FALSE ({p.kind}) {p.speaker}: {p.quote[:90]!r} [{why}]")
    return counts, lines


def document_path(document: str, corpus: Path) -> Path:
    """Where an annotated document lives: ``seeds/...`` in the repo, else in the corpus."""
    if document.startswith("seeds/"):
        return REPO / document
    return corpus / document


def score_document(
    annotation: Annotation, config: Config, registry: Registry, corpus: Path
) -> DocResult:
    """Read, extract and score one annotated document; never raises for a bad document."""
    result = DocResult(annotation.document, annotation.publisher)
    result.entries = len(annotation.entries)
    path = document_path(annotation.document, corpus)
    if not path.is_file():
        result.status = "skipped: document not found"
        return result
    try:
        text, _ = decode(path.read_bytes(), str(path), capture=True)
        reader_for(str(path), text)
    except TlgenError:
        result.status = "skipped: no reader"
        return result
    try:
        event, _ = load_event(config, path, registry)
    except TlgenError as exc:
        first = exc.problems[0].message if exc.problems else str(exc)
        result.status = f"skipped: error: {first}"
        return result
    except Exception as exc:  # a reader being written may still fail; report, go on
        result.status = f"skipped: {type(exc).__name__}: {exc}"[:160]
        return result
    used: set[int] = set()
    for gold_entry in annotation.entries:
        entry = find_entry(event.entries, gold_entry.at, gold_entry.first_words)
        if entry is not None and id(entry) in used:
            entry = None
        if entry is not None:
            used.add(id(entry))
            result.found += 1
        counts, lines = score_entry(gold_entry, entry, registry)
        result.counts.add(counts)
        result.details += lines
    return result


# --- reporting --------------------------------------------------------------------------


def ratio(part: int, whole: int) -> str:
    """``0.83``, or ``-`` when there is nothing to divide by."""
    return f"{part / whole:.2f}" if whole else "-"


def table(results: Sequence[DocResult]) -> str:
    """The per-document Markdown table with a micro-averaged overall row."""
    head = (
        "| document | publisher | entries found | annotations | predictions | matched "
        "| precision | recall |\n|---|---|---:|---:|---:|---:|---:|---:|"
    )
    rows = [head]
    total = Counts()
    scored = 0
    for r in results:
        if r.status != "scored":
            rows.append(f"| {r.document} | {r.publisher} | {r.status} | | | | | |")
            continue
        scored += 1
        c = r.counts
        total.add(c)
        rows.append(
            f"| {r.document} | {r.publisher} | {r.found}/{r.entries} | {c.gold} | "
            f"{c.predicted} | {c.matched} | {ratio(c.matched, c.predicted)} | "
            f"{ratio(c.matched, c.gold)} |"
        )
    found = sum(r.found for r in results if r.status == "scored")
    entries = sum(r.entries for r in results if r.status == "scored")
    rows.append(
        f"| **overall** ({scored} of {len(results)} documents scored) | | {found}/{entries} | "
        f"{total.gold} | {total.predicted} | {total.matched} | "
        f"**{ratio(total.matched, total.predicted)}** | **{ratio(total.matched, total.gold)}** |"
    )
    return "\n".join(rows)


def kind_table(results: Sequence[DocResult]) -> str:
    """Precision and recall by kind (direct/reported) over the scored documents."""
    total = Counts()
    for r in results:
        if r.status == "scored":
            total.add(r.counts)
    rows = [
        "| kind | annotations | matched | recall | predictions | matched | precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in KINDS:
        g, m = total.gold_by_kind.get(kind, 0), total.matched_by_kind.get(kind, 0)
        p = total.predicted_by_kind.get(kind, 0)
        pm = total.predicted_matched_by_kind.get(kind, 0)
        rows.append(f"| {kind} | {g} | {m} | {ratio(m, g)} | {p} | {pm} | {ratio(pm, p)} |")
    rows.append(
        f"\nKind agreement: {total.kind_agree} of {total.matched} matched statements have the "
        "annotated kind (kind does not affect matching). Speaker names: "
        f"{total.name_exact} of {total.matched} matched statements name the speaker as the "
        "annotation does (titles aside); the others matched a shorter annotated name."
    )
    return "\n".join(rows)


def details(results: Sequence[DocResult]) -> str:
    """Misses, false positives and kind disagreements per document and entry."""
    parts: list[str] = []
    for r in results:
        if r.status == "scored" and r.details:
            parts.append(f"### {r.document}\n\n" + "\n".join(r.details))
    return "\n\n".join(parts) if parts else "(no misses or false positives)"


def site_config() -> Config:
    """The repository's site configuration (defaults if site.yml cannot be read)."""
    try:
        return load_config(REPO / "site.yml")
    except TlgenError:
        return parse_config("", REPO)


def run(corpus: Path, annotation_dir: Path = ANNOTATIONS) -> tuple[list[DocResult], list[str]]:
    """Score every annotation file; returns the results and annotation-file errors."""
    config = site_config()
    try:
        registry = load_registry(speakers_file(config), "content/speakers.yml")
    except TlgenError:
        registry = Registry()
    results: list[DocResult] = []
    errors: list[str] = []
    for path in sorted(annotation_dir.glob("*.yml")):
        try:
            annotation = load_annotation(path)
        except (ValueError, yaml.YAMLError) as exc:
            errors.append(f"{path.name}: {exc}")
            continue
        results.append(score_document(annotation, config, registry, corpus))
    return results, errors


def report(results: Sequence[DocResult], errors: Sequence[str], show_details: bool) -> str:
    """The Markdown report: the table, the by-kind table and, optionally, the details."""
    parts = ["## Per document\n", table(results), "\n## By kind\n", kind_table(results)]
    if errors:
        parts += ["\n## Invalid annotation files\n", "\n".join(f"- {e}" for e in errors)]
    if show_details:
        parts += ["\n## Details (misses and false positives)\n", details(results)]
    return "\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; always returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder")
    parser.add_argument("--details", action="store_true", help="list misses and false hits")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown file to write")
    parser.add_argument("--no-write", action="store_true", help="do not write the results")
    args = parser.parse_args(argv)
    results, errors = run(args.corpus.resolve())
    body = report(results, errors, args.details)
    print(body, end="")
    if not args.no_write:
        shown = sys.argv[1:] if argv is None else list(argv)
        command = " ".join(["python3 bench/statements/score.py", *shown])
        stamp = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
        header = (
            "# Statement extraction: measured quality\n\n"
            f"Command: `{command}`  \nDate (`date -u`): {stamp}\n\n"
            "Annotations: `bench/statements/annotations/` (rules: `GUIDELINES.md`). "
            "A prediction matches when the speaker is the same person and the predicted quote "
            "begins with the annotated first words; precision counts predictions in annotated "
            "entries only.\n\n"
        )
        args.results.write_text(header + body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
