"""HTML written back as the Markdown that renders it (an intro read as HTML)."""

from __future__ import annotations

import pytest

from generator import markup
from generator.sources.html_markdown import markdown_of


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        # a capture's blocks set without line breaks between them: written all the same
        (
            '<p>A <a href="https://e.example/x" rel="nofollow noopener">link</a> and'
            " <strong>bold</strong>.</p><ul><li>Tak</li><li>Nie</li></ul>",
            "A [link](https://e.example/x) and **bold**.\n\n- Tak\n- Nie",
        ),
        # text that would read as Markdown: every mark escaped
        ("<p>1. not a list, *nor* this</p>", "1\\. not a list\\, \\*nor\\* this"),
        # what Markdown does not write (a span, a post's class, <b>): the words alone
        ("<p>A <span>span</span> <b>b</b></p>", "A span b"),
        (
            '<blockquote class="embed embed-social"><p>Stay away</p></blockquote>',
            "Stay away",
        ),
    ],
)
def test_markdown_of(html: str, markdown: str) -> None:
    assert markdown_of(html) == markdown


def test_what_it_writes_renders_the_same_elements() -> None:
    html = "<h3>Bieg 1</h3>\n<blockquote>\n<p>Said <em>so</em></p>\n</blockquote>\n<hr>"
    written = markdown_of(html)
    assert written == "### Bieg 1\n\n> Said *so*\n\n***"
    assert markup.render_markdown(written) == (
        "<h3>Bieg 1</h3>\n<blockquote>\n<p>Said <em>so</em></p>\n</blockquote>\n<hr />\n"
    )
