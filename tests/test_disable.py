"""``disable:`` in site.yml: each kind of output left out removes exactly its files, and
every link to them, so the site still passes ``tlgen check``; toggled on an existing
output, the incremental build gives a clean build's bytes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import build
from generator.check import check_site
from generator.config import KINDS

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://example.org/archive/"

# Which built files each kind accounts for (paths relative to the output folder).
OWNS: dict[str, Callable[[str], bool]] = {
    "speakers": lambda p: p.startswith("speakers/"),
    "timeline": lambda p: p.startswith("timeline/"),
    "tags": lambda p: p.startswith("tags/"),
    "feeds": lambda p: p.endswith("feed.xml"),
    "exports": lambda p: (
        p in ("archive.jsonl", "statements.csv")
        or (p.startswith("events/") and p.endswith(".json"))
    ),
    "other_order": lambda p: p.endswith(("/newest-first/index.html", "/oldest-first/index.html")),
    "sitemap": lambda p: p == "sitemap.xml",
}


def example_site(root: Path, disable: list[str]) -> Path:
    """The example archive with an absolute base_url (so a sitemap is made), no search
    index (not what is tested here), and ``disable``."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "seeds", root / "seeds")
    text = (REPO / "site.yml").read_text(encoding="utf-8").replace("base_url: /", "")
    text += f"base_url: {SITE_URL}\nsearch: false\ndisable: [{', '.join(disable)}]\n"
    (root / "site.yml").write_text(text, encoding="utf-8")
    return root


def files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".tlgen-output"
    }


def built(root: Path, cache: bool = False) -> dict[str, bytes]:
    build(root / "site.yml", cache=cache)
    return files(root / "public")


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return built(example_site(tmp_path_factory.mktemp("all") / "site", []))


def assert_checked(out: Path) -> None:
    report = check_site(out, "/archive/", None, site_url=SITE_URL)
    assert [p.render() for p in report.errors] == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_disabled_kind_removes_its_files_and_the_links_to_them(
    tmp_path: Path, everything: dict[str, bytes], kind: str
) -> None:
    assert any(OWNS[kind](p) for p in everything), f"the example makes no {kind} file"
    got = built(example_site(tmp_path / "site", [kind]))
    assert sorted(got) == sorted(p for p in everything if not OWNS[kind](p))
    assert_checked(tmp_path / "site" / "public")
    pages = b"".join(data for path, data in got.items() if path.endswith(".html"))
    gone = {
        "speakers": b"/speakers/",
        "timeline": b"/timeline/",
        "tags": b"/tags/",
        "feeds": b"feed.xml",
        "exports": b'.json"',
        "other_order": b"oldest-first/",
        "sitemap": b"sitemap",
    }[kind]
    assert gone not in pages and gone in b"".join(everything.values())
    if kind == "speakers":
        assert build(tmp_path / "site" / "site.yml", cache=False).speakers is None  # not said
        assert b'class="quote"' not in pages  # no quote names a page that is not there
        assert b"salim-al-muslat" in got["statements.csv"]  # still extracted: exported
    if kind == "exports":
        assert b'class="quote" data-speaker="salim-al-muslat"' in pages


def test_everything_off_but_the_archive_itself(tmp_path: Path) -> None:
    got = built(example_site(tmp_path / "site", list(KINDS)))
    slug = "russia-to-start-withdrawal-from-syria"
    assert [p for p in got if p.endswith(".html")] == [
        "404.html",
        f"events/{slug}/index.html",
        "index.html",
    ]
    assert got["robots.txt"] == b"User-agent: *\nAllow: /\n"
    assert_checked(tmp_path / "site" / "public")
    page = got[f"events/{slug}/index.html"].decode()
    assert page.count('<article class="entry" id="t-2016-03-14-') == 9
    assert "Quoted" not in page and 'class="order"' not in page


def test_no_statements_are_read_when_nothing_shows_them(tmp_path: Path) -> None:
    from generator.build import load_event
    from generator.config import load_config

    root = example_site(tmp_path / "site", ["speakers", "exports"])
    config = load_config(root / "site.yml")
    source = root / "seeds" / "000_588fca7941595965.txt"  # the example's one event
    event, _ = load_event(config, source)
    assert not any(e.statements for e in event.entries)
    (root / "site.yml").write_text(
        (root / "site.yml").read_text().replace("speakers, exports", "speakers"), "utf-8"
    )
    event, _ = load_event(load_config(root / "site.yml"), source)
    assert any(e.statements for e in event.entries)


def test_toggling_kinds_on_a_built_site_gives_a_clean_builds_bytes(
    tmp_path: Path, everything: dict[str, bytes]
) -> None:
    root = example_site(tmp_path / "site", [])
    assert built(root, cache=True) == everything
    site_yml = root / "site.yml"
    for disable in (["speakers", "exports", "other_order"], ["feeds", "tags"], []):
        text = site_yml.read_text(encoding="utf-8").rsplit("disable:", 1)[0]
        site_yml.write_text(text + f"disable: [{', '.join(disable)}]\n", encoding="utf-8")
        incremental = built(root, cache=True)
        clean = built(example_site(tmp_path / "clean" / "-".join(disable or ["none"]), disable))
        assert incremental == clean
    assert incremental == everything
