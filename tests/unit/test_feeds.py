"""The Atom writer: every text and attribute escaped as XML requires, whatever a capture
held, so a feed always parses and says what the archive says."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from generator.feeds import FeedItem, atom

A = "{http://www.w3.org/2005/Atom}"
HOSTILE = "a & b < c > d \"e\" 'f' ]]> &amp; &#106; \t tab\r\nline"
CONTROLS = "bell\x07 form\x0c nul\x00 end"  # no XML 1.0 document may hold these


@pytest.mark.parametrize("site_url", ["", "https://example.org/a&b/"])
def test_every_text_and_attribute_comes_back_as_written(site_url: str) -> None:
    path = '/a&b/events/x/#t-"1"\t\r\n<2>'
    item = FeedItem(
        path=path,
        title=f"{HOSTILE} {CONTROLS}",
        updated=datetime(2016, 3, 14, 18, 15, tzinfo=UTC),
        content=f"{HOSTILE}\n{CONTROLS}",
        author=f"{HOSTILE} {CONTROLS}",
        lang='de"&<',
    )
    data = atom(
        site_url=site_url, base_path="/a&b/", title=f"Feed {HOSTILE} {CONTROLS}",
        self_path="/a&b/feed.xml", page_path="/a&b/", items=[item], lang="en",
    )  # fmt: skip
    root = ET.fromstring(data)  # well-formed, or this raises
    clean = CONTROLS.replace("\x07", "").replace("\x0c", "").replace("\x00", "")
    # XML reads a line end in text as "\n": what a reader of the feed gets
    shown = HOSTILE.replace("\r\n", "\n")
    assert root.findtext(f"{A}title") == f"Feed {shown} {clean}"
    (entry,) = root.findall(f"{A}entry")
    assert entry.findtext(f"{A}title") == f"{shown} {clean}"
    assert entry.findtext(f"{A}content") == f"{shown}\n{clean}"
    assert entry.findtext(f"{A}author/{A}name") == f"{shown} {clean}"
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == 'de"&<'
    # attributes keep their white space as written: it is escaped, not normalised
    link = entry.find(f"{A}link")
    assert link is not None
    assert link.get("href") == (site_url + path[len("/a&b/") :] if site_url else path)
