"""End to end: build whole sites into temporary folders through the CLI and check the
pages, links and anchors a reader and a citation rely on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import build as build_module
from generator.cli import main
from generator.errors import TlgenError

REPO = Path(__file__).resolve().parents[1]
SLUG = "russia-to-start-withdrawal-from-syria"
SEED_TIMES = ["1916", "1914", "1851", "1840", "1830", "1821", "1820", "1817", "1815"]


class Page(HTMLParser):
    """Collects ids, hrefs, article ids and <time datetime> values of one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.articles: list[str] = []
        self.times: list[str] = []
        self.h1 = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag in ("a", "link") and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag == "article" and a.get("id"):
            self.articles.append(str(a["id"]))
        if tag == "time" and a.get("datetime"):
            self.times.append(str(a["datetime"]))
        self.h1 += tag == "h1"


def build(*args: str) -> int:
    return main(["build", *args])


@pytest.fixture
def example(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert build("--config", str(REPO / "site.yml"), "--out", str(out)) == 0
    return out


def check_internal_links(out: Path, base: str = "/") -> int:
    """Every root-relative link and #anchor in every page resolves; returns links checked."""
    checked = 0
    for page_path in out.rglob("*.html"):
        page = Page(page_path.read_text(encoding="utf-8"))
        for href in page.hrefs:
            if href.startswith(("http://", "https://", "mailto:", "data:")):
                continue
            path, _, fragment = href.partition("#")
            path = path.partition("?")[0]  # a search's address: the page is the file
            if path:
                assert path.startswith(base), f"{page_path}: {href} is not under {base}"
                target = out / path[len(base) :]
                if path.endswith("/"):
                    target = target / "index.html"
            else:
                target = page_path
            assert target.is_file(), f"{page_path}: {href} leads nowhere"
            if fragment:
                assert fragment in Page(target.read_text(encoding="utf-8")).ids, href
            checked += 1
    return checked


def test_example_archive(example: Path) -> None:
    assert (example / "index.html").is_file()
    event = Page((example / "events" / SLUG / "index.html").read_text(encoding="utf-8"))
    assert event.articles == [f"t-2016-03-14-{t}" for t in SEED_TIMES]
    assert event.h1 == 1
    for anchor in event.articles:
        assert f"#{anchor}" in event.hrefs  # a visible permalink on each entry
    assert "2016-03-14T19:16:00+00:00" in event.times
    index = Page((example / "index.html").read_text(encoding="utf-8"))
    assert f"/events/{SLUG}/" in index.hrefs
    assert check_internal_links(example) > 10


def test_export_contract(example: Path) -> None:
    record = json.loads((example / "events" / f"{SLUG}.json").read_text(encoding="utf-8"))
    assert list(record) == [
        "slug", "title", "summary", "tags", "language", "timezone", "url", "source", "intro",
        "entries",
    ]  # fmt: skip
    assert list(record["source"]) == ["url", "publisher", "captured", "path"]
    assert record["summary"].startswith("Putin orders the main part")  # from the sidecar
    assert (record["tags"], record["language"], record["intro"]) == (["syria", "russia"], "en", "")
    first = record["entries"][0]
    assert list(first) == [
        "id", "time", "label", "title", "url", "text", "html", "statements", "mentions",
        "embeds", "hashtags", "links", "line",
    ]  # fmt: skip
    assert first["id"] == "t-2016-03-14-1916"
    assert first["time"] == "2016-03-14T19:16:00+00:00"
    assert first["label"] == "19:16 GMT"
    assert first["url"] == f"/events/{SLUG}/#t-2016-03-14-1916"
    assert first["text"].startswith("The Syrian opposition has welcomed")
    assert sum(len(e["embeds"]) for e in record["entries"]) == 3
    assert record["source"]["path"] == "seeds/000_588fca7941595965.txt"
    assert record["source"]["publisher"] == "RT"  # from the sidecar
    lines = (REPO / record["source"]["path"]).read_text().splitlines()
    for entry in record["entries"]:
        assert entry["label"] in lines[entry["line"] - 1]
    assert record["entries"][0]["statements"] == [
        {
            "speaker": "Salim al-Muslat",
            "speaker_slug": "salim-al-muslat",
            "quote": "If there is seriousness in implementing the withdrawal, it will give the "
            "talks a positive push",
            "kind": "direct",
        }
    ]


def test_base_url_sub_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = build(
        "--config", str(REPO / "site.yml"), "--out", str(out),
        "--base-url", "https://example.org/archive/",
    )  # fmt: skip
    assert code == 0
    assert check_internal_links(out, base="/archive/") > 10
    record = json.loads((out / "events" / f"{SLUG}.json").read_text(encoding="utf-8"))
    assert record["url"] == f"/archive/events/{SLUG}/"


def test_broken_source_keeps_previous_output(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    out = root / "public"
    assert build("--config", str(root / "site.yml")) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (root / "content" / "events" / "e.md").write_text(
        "---\ntitle: Broken\ndate: 2016-03-14\n---\n\n## 18:15\n\nok\n\n## 18:75\n\nbad\n"
    )
    capsys.readouterr()
    assert build("--config", str(root / "site.yml")) == 1
    err = capsys.readouterr().err
    assert "content/events/e.md:10: impossible time '18:75'" in err
    assert "Traceback" not in err
    assert "the previous output is unchanged" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".tlgen-cache"]


def test_errors_from_every_file_at_once(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(
        {
            "content/events/a.md": "---\ntitle: A\ndate: 2016-03-14\n---\n## 99:00\n",
            "content/events/b.md": "---\ntitle: B\n---\n## 10:00\n",
        }
    )
    assert build("--config", str(root / "site.yml")) == 1
    err = capsys.readouterr().err
    assert "content/events/a.md:5: impossible time" in err
    assert "content/events/b.md:4: entry has no date" in err
    assert "build failed with 2 errors" in err


def test_slug_collision_names_both(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    event = "---\ntitle: A\ndate: 2016-03-14\nslug: same\n---\n## 10:00\n"
    root = make_site({"content/events/a.md": event, "content/events/b.md": event})
    assert build("--config", str(root / "site.yml")) == 1
    err = capsys.readouterr().err
    assert "two events claim /events/same/: content/events/a.md and content/events/b.md" in err


def test_drafts(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {"content/events/d.md": "---\ntitle: D\ndate: 2016-03-14\ndraft: true\n---\n## 10:00\n"}
    )
    assert build("--config", str(root / "site.yml")) == 0
    assert not (root / "public" / "events" / "d").exists()
    assert build("--config", str(root / "site.yml"), "--drafts") == 0
    assert (root / "public" / "events" / "d" / "index.html").is_file()


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--no-such-flag"]) == 2
    assert main(["frobnicate"]) == 2
    assert build("--config", str(tmp_path / "missing.yml")) == 2
    assert "no configuration file" in capsys.readouterr().err


def test_output_inside_content_is_refused(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    assert build("--config", str(root / "site.yml"), "--out", str(root / "content" / "x")) == 1
    assert "overlaps the content folder" in capsys.readouterr().err


def test_console_script_and_module(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(
        REPO, site, ignore=shutil.ignore_patterns("public", ".git", "tests", "*.egg-info")
    )
    for command in (["tlgen"], [sys.executable, "-m", "generator"]):
        if command == ["tlgen"] and shutil.which("tlgen") is None:
            continue
        done = subprocess.run(
            [*command, "build"], cwd=site, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        # the same summary from a build and from one with nothing to do (the second)
        assert done.stdout.startswith("built 1 event, 9 entries, 6 speakers, 22 pages ")
        assert (site / "public" / "events" / SLUG / "index.html").is_file()
    # The command leaves at once (``cli.run``): its code and its last words still come out.
    (site / "content" / "events").mkdir(parents=True, exist_ok=True)
    (site / "content" / "events" / "broken.md").write_text("---\ntitle: never closed\n")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.rstrip().endswith("the previous output is unchanged"), done.stderr


def test_the_garbage_collector_is_as_it_was_after_a_build(
    make_site: Callable[..., Path],
) -> None:
    """A build pauses the collector while it loads and assembles records, then freezes
    them (``build._Heap``); afterwards, succeeded or failed, nothing stays frozen and the
    collector is on again (a serving process collects its old records)."""
    import gc

    root = make_site()
    assert gc.isenabled()
    build_module.build(root / "site.yml")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    (root / "content" / "events" / "bad.md").write_text("---\ntitle: never closed\n")
    with pytest.raises(TlgenError):
        build_module.build(root / "site.yml")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_only_a_process_that_exits_leaves_its_records(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tlgen build`` (``cli.run``) leaves what a build held for its exit to take back;
    a build called as a function (serve, tests, a script) lets it all go as it returns."""
    from generator.cli import main

    root = make_site()
    monkeypatch.chdir(root)
    monkeypatch.setattr(build_module, "_LEFT", [])
    assert main(["build", "--no-cache"]) == 0
    build_module.build(root / "site.yml", cache=False)
    assert build_module._LEFT == []
    monkeypatch.setattr("generator.cli._EXITING", True)
    assert main(["build", "--no-cache"]) == 0
    assert len(build_module._LEFT) == 1


def test_a_reader_gone_before_the_summary_is_no_error(make_site: Callable[..., Path]) -> None:
    """``tlgen build | head -0``: the summary cannot be printed, which is no bug of
    tlgen's (70) nor of the site's (1): 141, as a shell says it, and nothing on stderr."""
    root = make_site()
    read, write = os.pipe()
    os.close(read)  # nobody reads what the build prints
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "build"],
            cwd=root,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, "")
    assert (root / "public" / "index.html").is_file()


def test_one_speaker_page_shows_every_spelling(make_site: Callable[..., Path]) -> None:
    head = "---\ntitle: {}\ndate: 2016-03-{}\ntimezone: GMT\n---\n\n## 10:00 GMT\n\n"
    root = make_site(
        {
            "content/events/a.md": head.format("A", 14)
            + '"We will rebuild the bridge this year," José Pérez said.\n',
            "content/events/b.md": head.format("B", 15)
            + '"The bridge opens in May, as promised," Jose Perez said.\n',
            "content/events/c.md": head.format("C", 16)
            + '"Nobody will pay a toll on the bridge," José Pérez said.\n',
        }
    )
    assert main(["build", "--config", str(root / "site.yml")]) == 0
    page = (root / "public" / "speakers" / "jose-perez" / "index.html").read_text()
    assert "<h1>José Pérez</h1>" in page and "Also written as Jose Perez." in page
    assert page.count("bridge") >= 3  # all three statements on the one page
