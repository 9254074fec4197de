"""axe-core on every kind of page the theme renders, in light and dark: no serious or
critical violation. Every result (any impact) is written to test-artifacts/axe.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

EVENT = "/events/russia-to-start-withdrawal-from-syria/"
PAGES = {
    "home": "/",
    "event": EVENT,
    "event, oldest first": EVENT + "oldest-first/",
    "speakers": "/speakers/",
    "speaker": "/speakers/vladimir-putin/",
    "timeline": "/timeline/",
    "timeline month": "/timeline/2016-03/",
    "tags": "/tags/",
    "tag": "/tags/syria/",
    "not found": "/404.html",
}
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


def test_axe_finds_no_serious_violation(
    new_page: Callable[..., Any],
    served: str,
    example_site: Path,
    axe_source: str,
    artifacts: Path,
) -> None:
    pages = dict(PAGES)
    if (example_site / "search" / "index.html").is_file():  # when the site builds one
        pages["search"] = "/search/"
    report: dict[str, list[dict[str, Any]]] = {}
    for scheme in ("light", "dark"):
        page = new_page(color_scheme=scheme)
        for name, path in pages.items():
            page.goto(served + path)
            page.add_script_tag(content=axe_source)
            report[f"{name} ({scheme})"] = page.evaluate(RUN)
    (artifacts / "axe.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    serious = {
        page: [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in found]
        for page, found in report.items()
        if any(v["impact"] in ("serious", "critical") for v in found)
    }
    assert serious == {}


def test_axe_on_a_polish_site_with_an_english_event(
    new_page: Callable[..., Any], served_in_polish: str, axe_source: str
) -> None:
    """The theme's words in Polish, the event's text marked English: valid languages
    (axe's valid-lang, html-lang-valid) and nothing else serious either."""
    page = new_page()
    found: dict[str, list[str]] = {}
    for name, path in PAGES.items():
        page.goto(served_in_polish + path)
        if name == "event":
            assert page.locator("html").get_attribute("lang") == "pl"
            assert page.locator("h1").get_attribute("lang") == "en"
        page.add_script_tag(content=axe_source)
        serious = [v for v in page.evaluate(RUN) if v["impact"] in ("serious", "critical")]
        if serious:
            found[name] = [f"{v['id']}: {v['help']} at {v['nodes']}" for v in serious]
    assert found == {}
