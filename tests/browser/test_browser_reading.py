"""A reader's path through the example archive, with and without JavaScript, at phone and
desktop widths: home → event → speaker → the exact update a statement links to."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator import __version__
from generator.build import build

from .conftest import REPO, build_site, serve_folder

EVENT = "/events/russia-to-start-withdrawal-from-syria/"
NEWEST = ["1916", "1914", "1851", "1840", "1830", "1821", "1820", "1817", "1815"]
IN_VIEW = """el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.top < innerHeight && r.bottom > 0; }"""
BACKGROUND = "el => getComputedStyle(el).backgroundColor"


def visible_entries(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".entry", "els => els.filter(e => e.checkVisibility()).map(e => e.id.slice(13))"
    )


def check_page_basics(page: Any) -> None:
    """What every page tlgen renders promises: one h1, landmarks, its generator."""
    assert page.locator("h1").count() == 1
    assert page.locator("main#main").count() == 1
    assert page.locator("header.site-header nav").count() == 1
    assert page.locator("footer.site-footer").count() == 1
    generator = page.locator('meta[name="generator"]').get_attribute("content")
    assert generator == f"tlgen {__version__}"


def test_speaker_link_to_the_exact_update(new_page: Callable[..., Any], served: str) -> None:
    page = new_page(viewport={"width": 360, "height": 800})
    page.goto(served + "/")
    check_page_basics(page)
    page.get_by_role("link", name="Russia to start withdrawal from Syria").click()
    page.wait_for_url(served + EVENT)
    check_page_basics(page)
    quoted = page.locator(".facts").get_by_role("link", name="Vladimir Putin")
    quoted.click()
    page.wait_for_url(served + "/speakers/vladimir-putin/")
    check_page_basics(page)
    assert page.locator("h1").inner_text() == "Vladimir Putin"
    statement = page.locator(".statement", has_text="Our bases")
    statement.locator("a.permalink").click()
    page.wait_for_url(served + EVENT + "#t-2016-03-14-1851")
    target = page.locator("#t-2016-03-14-1851")
    page.wait_for_function("document.querySelector('#t-2016-03-14-1851.is-target')")
    assert target.evaluate(IN_VIEW), "the linked update is not in view"
    assert target.evaluate("el => el.matches(':target')")
    body = page.locator("body").evaluate(BACKGROUND)
    assert target.evaluate(BACKGROUND) != body, "the linked update is not highlighted"
    assert "Our bases" in target.inner_text()


def test_reading_without_javascript(new_page: Callable[..., Any], served: str) -> None:
    page = new_page(java_script_enabled=False, timezone_id="America/New_York")
    page.goto(served + EVENT + "#t-2016-03-14-1830")
    check_page_basics(page)
    assert visible_entries(page) == NEWEST
    target = page.locator("#t-2016-03-14-1830")
    assert target.evaluate(IN_VIEW) and target.evaluate("el => el.matches(':target')")
    assert target.evaluate(BACKGROUND) != page.locator("body").evaluate(BACKGROUND)
    assert page.locator(".speaker-filter").is_hidden()  # no control that cannot work
    assert page.locator(".copy-cite, .local-time").count() == 0
    order = page.get_by_role("navigation", name="Order of updates")
    assert order.get_by_role("link", name="Newest first").get_attribute("aria-current") == "page"
    order.get_by_role("link", name="Oldest first").click()
    page.wait_for_url(served + EVENT + "oldest-first/")
    check_page_basics(page)
    assert visible_entries(page) == NEWEST[::-1]
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == EVENT  # the other order cites the one event page
    for link in page.locator(".entry .cite a").all():
        assert link.get_attribute("href").startswith(EVENT + "#t-")


def test_enhancements(new_page: Callable[..., Any], served: str) -> None:
    page = new_page(timezone_id="America/New_York")  # EDT, UTC-4, on 14 March 2016
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served)
    page.goto(served + EVENT)
    first = page.locator("#t-2016-03-14-1916")
    # 1. the reader's time beside the time as printed
    assert first.locator(".entry-heading time").inner_text() == "19:16 GMT"
    assert first.locator(".local-time").inner_text() == "(15:16 GMT-4, your time)"
    # 2. filter by speaker, kept in the address
    page.select_option("#speaker-filter", "john-kirby")
    assert visible_entries(page) == ["1830"]
    assert page.locator(".filter-status").inner_text() == "1 of 9 updates"
    assert page.url.endswith("?speaker=john-kirby")
    assert page.locator("q.quote.is-speaker").count() == 1
    page.select_option("#speaker-filter", "")
    assert visible_entries(page) == NEWEST
    # 3. copy citation: publisher, title, time, full permalink
    first.get_by_role("button", name="Copy citation").click()
    page.wait_for_function("document.querySelector('.copy-cite').textContent.includes('copied')")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "RT, “Russia to start withdrawal from Syria”, 19:16 GMT, 14 March 2016. "
        f"{served}{EVENT}#t-2016-03-14-1916"
    )
    # 4. following a permalink highlights that update and only that one
    page.locator('a.permalink[href="#t-2016-03-14-1830"]').click()
    page.wait_for_function("document.querySelector('#t-2016-03-14-1830.is-target')")
    assert page.locator(".is-target").count() == 1
    # a link to an update the filter hides brings every update back
    page.goto(served + EVENT + "?speaker=john-kirby#t-2016-03-14-1916")
    page.wait_for_function("document.querySelector('#t-2016-03-14-1916.is-target')")
    assert visible_entries(page) == NEWEST
    assert first.evaluate(IN_VIEW)


def test_no_local_time_for_readers_in_the_printed_zone(
    new_page: Callable[..., Any], served: str
) -> None:
    page = new_page(timezone_id="Europe/London")  # GMT in March 2016: nothing to add
    page.goto(served + EVENT)
    assert page.locator(".copy-cite").count() == 9  # the script ran
    assert page.locator(".local-time").count() == 0


LONG_NAMES = """---
title: Long names
date: 2024-08-05
timezone: Europe/London
---

## 21:00

"We will rebuild," Michelle O'Neill and deputy First Minister Emma Little-Pengelly said.

## 21:05

"Calm has returned," Jane Doe said.
"""


def test_long_names_stay_within_a_phone_screen(
    new_page: Callable[..., Any], make_site: Callable[..., Path]
) -> None:
    """The speaker filter's longest name (here 63 characters, a joint statement seen in
    the corpus) made the event page 519 px wide on a 360 px phone."""
    site_yml = "title: Long names\ntimezone: UTC\nrelative_links: true\n"  # from disk
    root = make_site({"content/events/long.md": LONG_NAMES}, site_yml=site_yml)
    build(root / "site.yml")  # raises on an error
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto((root / "public" / "events" / "long" / "index.html").as_uri())
    page.wait_for_selector(".speaker-filter", state="visible")  # shown by the script
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the event page is {width} px wide at 320 px"
    page.select_option("#speaker-filter", "jane-doe")
    assert visible_entries(page) == ["2105"]


def test_layout_and_screenshots(new_page: Callable[..., Any], served: str, artifacts: Path) -> None:
    pages = ["/", EVENT, "/speakers/", "/speakers/vladimir-putin/", "/timeline/2016-03/"]
    narrow = new_page(viewport={"width": 320, "height": 640})
    for path in pages:  # readable from 320 px: nothing wider than the screen
        narrow.goto(served + path)
        width = narrow.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"
    for width, height, scheme in ((360, 800, "light"), (1280, 900, "light"), (1280, 900, "dark")):
        page = new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
        page.goto(served + EVENT)
        name = f"event-{width}x{height}" + ("-dark" if scheme == "dark" else "")
        page.screenshot(path=artifacts / f"{name}.png", full_page=True, animations="disabled")
    page = new_page()
    page.goto(served + EVENT)
    page.emulate_media(media="print")
    assert page.locator(".site-header nav, .toolbar, .copy-cite").evaluate_all(
        "els => els.every(e => !e.checkVisibility())"
    )
    cites = page.locator(".entry .cite")
    assert cites.count() == 9 and cites.first.is_visible()  # every update with its permalink
    page.pdf(path=artifacts / "event-print.pdf", format="A4")


def test_keyboard_skip_link_and_visible_focus(new_page: Callable[..., Any], served: str) -> None:
    page = new_page()
    page.goto(served + EVENT)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the first link inside main: visibly focused
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 2
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_enhancements_speak_the_page_language(
    new_page: Callable[..., Any], served_in_polish: str
) -> None:
    """The script's words are the page's (Polish plurals by Intl.PluralRules: 9 is 'many')."""
    served = served_in_polish
    page = new_page(timezone_id="America/New_York")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served)
    page.goto(served + EVENT)
    first = page.locator("#t-2016-03-14-1916")
    assert first.locator(".local-time").inner_text() == "(15:16 GMT-4, twój czas)"
    page.select_option("#speaker-filter", "john-kirby")
    assert page.locator(".filter-status").inner_text() == "1 z 9 wpisów"
    page.select_option("#speaker-filter", "")
    first.get_by_role("button", name="Kopiuj przypis").click()
    page.wait_for_function(
        "document.querySelector('.copy-cite').textContent.includes('skopiowany')"
    )
    assert page.evaluate("navigator.clipboard.readText()") == (
        "RT, „Russia to start withdrawal from Syria”, 19:16 GMT, 14 marca 2016. "
        f"{served}{EVENT}#t-2016-03-14-1916"
    )


def test_a_moved_event_keeps_its_anchors(new_page: Callable[..., Any], tmp_path: Path) -> None:
    """An update cited at the event's old address (site.yml's redirects) opens at that
    update at the new one, in a browser as on a static host; without scripts the refresh
    still leads to the event."""
    for folder in ("content", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    site = (REPO / "site.yml").read_text(encoding="utf-8")
    site += f"redirects:\n  /events/old-slug/: {EVENT}\n"
    (tmp_path / "site.yml").write_text(site, encoding="utf-8")
    with serve_folder(build_site(tmp_path / "site.yml", tmp_path / "public")) as origin:
        page = new_page()
        page.goto(origin + "/events/old-slug/#t-2016-03-14-1851")
        page.wait_for_url(origin + EVENT + "#t-2016-03-14-1851")
        page.wait_for_function("document.querySelector('#t-2016-03-14-1851.is-target')")
        assert page.locator("#t-2016-03-14-1851").evaluate(IN_VIEW)
        quiet = new_page(java_script_enabled=False)
        quiet.goto(origin + "/events/old-slug/oldest-first/")
        quiet.wait_for_url(origin + EVENT + "oldest-first/")
