"""The statement-extraction scorer (bench/statements/score.py): normalisation, matching,
finding entries, and the annotation files' format. No test depends on the scores."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from generator.model import DAY, Entry, Statement
from generator.registry import parse_registry

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench" / "statements"


def _load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("statement_scorer", BENCH / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


score = _load_scorer()


def st(speaker: str, quote: str, kind: str = "direct") -> Statement:
    return Statement(speaker=speaker, speaker_slug="", quote=quote, kind=kind)


def entry(when: datetime, text: str = "", precision: str = "minute") -> Entry:
    return Entry(anchor="t", time=when, label="", body=text, line=1, text=text, precision=precision)


# --- normalisation ------------------------------------------------------------------------


def test_words_unify_quote_styles_and_drop_punctuation() -> None:
    curly = "“Isn’t it – the ‘best’ day?”"
    straight = "\"Isn't it - the 'best' day?\""
    ptb = "`` Is n't it -- the ` best ' day ? ''"
    assert score.normalise_quote(curly) == "isnt it the best day"
    assert score.normalise_quote(straight) == score.normalise_quote(curly)
    assert score.normalise_quote(ptb) == "is nt it the best day"


def test_words_casefold_and_collapse_whitespace() -> None:
    assert score.words("  The\u00a0EU  proposal\n[was]  ") == ("the", "eu", "proposal", "was")
    assert score.words("GROẞ") == score.words("gross")


def test_quote_matches_is_a_word_prefix() -> None:
    assert score.quote_matches("“If there is seriousness in it,” he", "If there is seriousness")
    assert score.quote_matches("If there is", "if there IS")
    assert not score.quote_matches("If there is", "If there is seriousness")
    assert not score.quote_matches("that if there is", "If there is")
    assert not score.quote_matches("Iffy", "If")  # whole words only
    assert not score.quote_matches("anything", "  ")


# --- speakers -----------------------------------------------------------------------------


def test_same_speaker_ignores_case_punctuation_and_titles() -> None:
    assert score.same_speaker("Salim al-Muslat", "salim al muslat")
    assert score.same_speaker("C.Q. Brown", "CQ Brown")
    assert score.same_speaker("Louise Gittins", "Cllr Louise Gittins")
    assert score.same_speaker("Afrasiab Anwar", "Councillor Afrasiab Anwar MBE")
    assert score.same_speaker("Prince Harry", "Harry")
    assert not score.same_speaker("Keir Starmer", "Rishi Sunak")


def test_surname_annotation_matches_a_full_name_but_not_the_reverse() -> None:
    assert score.same_speaker("McGregor", "Lindsay McGregor")
    assert score.same_speaker("al-Muslat", "Salim al-Muslat")
    assert not score.same_speaker("Diana Johnson", "Johnson")
    assert not score.same_speaker("Gregor", "Lindsay McGregor")


def test_same_speaker_uses_the_registry() -> None:
    registry = parse_registry(
        "- name: Bashar al-Assad\n  aliases: [Bashar Assad, the Syrian president]\n", "s.yml"
    )
    assert score.same_speaker("Bashar Assad", "Bashar al-Assad", registry)
    assert score.same_speaker("the Syrian president", "Bashar al-Assad", registry)
    assert not score.same_speaker("Bashar Assad", "Bashar al-Assad")


# --- matching -----------------------------------------------------------------------------


def test_each_annotation_and_prediction_matches_at_most_once() -> None:
    gold = [score.Gold("Putin", "direct", "I consider"), score.Gold("Putin", "direct", "I")]
    assert len(score.match(gold, [st("Vladimir Putin", "I consider it done")])) == 1
    assert len(score.match(gold, [st("Putin", "I consider"), st("Putin", "I consider")])) == 2
    assert len(score.match(gold[:1], [st("Putin", "I consider"), st("Putin", "I consider")])) == 1


def test_matching_is_maximal_not_greedy() -> None:
    # Greedy would give prediction 0 to annotation 0 and leave annotation 1 unmatched.
    gold = [score.Gold("Kirby", "direct", "I did"), score.Gold("Kirby", "direct", "I did not")]
    predicted = [st("John Kirby", "I did not see it"), st("John Kirby", "I did so")]
    assert score.match(gold, predicted) == [(0, 1), (1, 0)]


def test_speaker_and_quote_must_both_agree() -> None:
    gold = [score.Gold("Dmitry Peskov", "reported", "the details and timing")]
    assert score.match(gold, [st("Vladimir Putin", "the details and timing of it")]) == []
    assert score.match(gold, [st("Dmitry Peskov", "that the details and timing")]) == []
    assert score.match(gold, [st("Dmitry Peskov", "The details, and timing", "direct")]) == [(0, 0)]


def test_score_entry_counts_and_explains() -> None:
    gold_entry = score.GoldEntry(
        at="2016-03-14 19:14",
        first_words="",
        statements=(
            score.Gold("Dmitry Peskov", "reported", "the details and timing"),
            score.Gold("Dmitry Peskov", "direct", "This is a framework decision"),
        ),
    )
    found = Entry(
        anchor="t",
        time=datetime(2016, 3, 14, 19, 14, tzinfo=UTC),
        label="",
        body="",
        line=1,
        statements=(
            st("Dmitry Peskov", "This is a framework decision of the president"),
            st("Vladimir Putin", "the details and timing", "reported"),
        ),
    )
    counts, lines = score.score_entry(gold_entry, found, None)
    assert (counts.gold, counts.predicted, counts.matched) == (2, 2, 1)
    assert any("MISS" in line and "speaker: predicted 'Vladimir Putin'" in line for line in lines)
    assert any("FALSE" in line for line in lines)
    counts, lines = score.score_entry(gold_entry, None, None)
    assert (counts.gold, counts.predicted, counts.matched) == (2, 0, 0)
    assert "entry not found" in lines[0]


# --- entries ------------------------------------------------------------------------------


def test_split_at() -> None:
    assert score.split_at("2016-03-14 19:16") == ("2016-03-14 19:16", 1)
    assert score.split_at("2011-02-11#3") == ("2011-02-11", 3)
    with pytest.raises(ValueError):
        score.split_at("19:16")


def test_find_entry_by_minute_ordinal_and_first_words() -> None:
    t = datetime(2021, 2, 19, 18, 59, 30, tzinfo=UTC)
    first = entry(t, "Now that Perseverance persevered")
    second = entry(t, "The event is concluding. McGregor signs off")
    other = entry(datetime(2021, 2, 19, 18, 54, tzinfo=UTC), "Next question")
    entries = [first, second, other]
    assert score.find_entry(entries, "2021-02-19 18:59") is first
    assert score.find_entry(entries, "2021-02-19 18:59#2") is second
    assert score.find_entry(entries, "2021-02-19 18:59", "The event is concluding") is second
    assert score.find_entry(entries, "2021-02-19 18:59#3") is None
    assert score.find_entry(entries, "2021-02-19 18:55") is None


def test_find_entry_by_day_for_dated_timelines() -> None:
    day = datetime(2011, 2, 11, tzinfo=UTC)
    entries = [entry(day, "Mubarak steps down", DAY), entry(day, "Crowds celebrate", DAY)]
    assert score.find_entry(entries, "2011-02-11#2") is entries[1]
    assert score.find_entry(entries, "2011-02-11 00:00") is None


# --- annotation files ---------------------------------------------------------------------


def test_validate_annotation_reports_each_problem() -> None:
    good = {
        "document": "text/x.txt",
        "publisher": "X",
        "entries": [
            {"at": "2011-02-11", "statements": []},
            {
                "at": "2011-02-11#2",
                "first_words": "Mubarak",
                "statements": [{"speaker": "Mubarak", "kind": "reported", "quote": "he goes"}],
            },
        ],
    }
    assert score.validate_annotation(good) == []
    bad = {
        "document": "",
        "entries": [
            {"at": "11:00", "statements": [{"speaker": "X", "kind": "said", "quote": ""}]},
            {"statements": None},
        ],
    }
    errors = " | ".join(score.validate_annotation(bad))
    for fragment in ("'document'", "'publisher'", "entries[0].at", "kind must be", "quote must"):
        assert fragment in errors
    assert "entries[1].statements must be a list" in errors
    assert score.validate_annotation([]) != []


def annotation_files() -> list[Path]:
    return sorted((BENCH / "annotations").glob("*.yml"))


def test_there_are_annotation_files() -> None:
    files = annotation_files()
    assert len(files) >= 10
    publishers = {yaml.safe_load(f.read_text(encoding="utf-8"))["publisher"] for f in files}
    assert len(publishers) >= 4


@pytest.mark.parametrize("path", annotation_files(), ids=lambda p: p.stem)
def test_annotation_file_is_valid(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert score.validate_annotation(data) == []
    for item in data["entries"]:
        assert "at" in item
        for statement in item["statements"]:
            assert set(statement) == {"speaker", "kind", "quote"}
            assert statement["kind"] in ("direct", "reported")
    # The file is named after the document it annotates.
    assert Path(data["document"]).stem == path.stem


@pytest.mark.parametrize("path", annotation_files(), ids=lambda p: p.stem)
def test_annotated_document_exists(path: Path, corpus: Path) -> None:
    annotation = score.load_annotation(path)
    assert score.document_path(annotation.document, corpus).is_file()


# --- the scorer as a whole ----------------------------------------------------------------


def test_unknown_format_is_skipped_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "thing.bin").write_text("no reader reads this\n", encoding="utf-8")
    annotation = score.parse_annotation(
        {"document": "odd/thing.bin", "publisher": "X", "entries": []}, tmp_path / "thing.yml"
    )
    result = score.score_document(
        annotation, score.site_config(), score.Registry(), corpus=tmp_path
    )
    assert result.status == "skipped: no reader"
    missing = score.parse_annotation(
        {"document": "odd/absent.txt", "publisher": "X", "entries": []}, tmp_path / "a.yml"
    )
    result = score.score_document(missing, score.site_config(), score.Registry(), tmp_path)
    assert result.status == "skipped: document not found"
    assert "skipped" in score.table([result])


def test_main_runs_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    assert score.main(["--corpus", str(tmp_path), "--results", str(out), "--details"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "| **overall**" in text
    assert "Command: `python3 bench/statements/score.py" in text
