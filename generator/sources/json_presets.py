"""The JSON shapes tlgen knows out of the box, as plain mappings.

Each preset is exactly what a site could declare under ``json_mappings:`` in ``site.yml``
(the language is described in ``jsondoc.py``): adding a shape is adding data, not code.
Order matters: the first preset that recognises a document reads it, and a site's own
mappings are tried before all of these.
"""

from __future__ import annotations

from typing import Any

# tlgen's own /events/<slug>.json (DESIGN.md, "The export contract"; generator/export.py).
# Records are restored whole so that export -> read -> export gives the same bytes.
TLGEN_EXPORT: dict[str, Any] = {
    "description": "tlgen's own export, /events/<slug>.json",
    "match": {"keys": ["slug", "title", "timezone", "url", "source.path", "entries"]},
    "enriched": True,
    "event": {
        "slug": "slug",
        "title": "title",
        "summary": "summary",
        "tags": "tags",
        "language": "language",
        "timezone": "timezone",
        "url": "source.url",
        "publisher": "source.publisher",
        "captured": "source.captured",
        "source_path": "source.path",
        "intro": "intro",
    },
    "entries": "entries",
    "entry": {
        "anchor": "id",
        "time": "time",
        "label": "label",
        "title": "title",
        "body": {"path": "html", "format": "html"},
        "text": "text",
        "line": "line",
        "links": "links",
        "hashtags": "hashtags",
        "mentions": "mentions",
        "embeds": "embeds",
        "statements": "statements",
    },
}

# https://timeline.knightlab.com/docs/json-format.html: a title slide and events[] whose
# start_date is {year, month, day, hour, minute, ...}; text may hold HTML; media is a URL.
TIMELINEJS: dict[str, Any] = {
    "description": "TimelineJS JSON, events[] with start_date and text",
    "match": {"keys": ["events.0.start_date"]},
    "event": {
        "title": {"path": "title.text.headline", "transforms": ["strip_html"]},
        "summary": {"path": "title.text.text", "transforms": ["strip_html"]},
    },
    "entries": "events",
    "entry": {
        "time": {"path": "start_date", "format": "fields"},
        "label": ["display_date", "start_date.display_date"],
        "title": {"path": "text.headline", "transforms": ["strip_html"]},
        "body": {
            "path": "text.text",
            "format": "html",
            "extra": [
                {"link": "{media.url}", "text": "{media.caption}"},
                {"text": "{media.credit}"},
            ],
        },
    },
}

# The Guardian's dotcom-rendering (DCR/FE) article model of a live blog: blocks[] with
# epoch-ms times and printed "19.30 GMT" labels, typed elements; a pinned post and the
# key events of older pages are full blocks too (each kept once, by id).
GUARDIAN_DCR: dict[str, Any] = {
    "description": "Guardian DCR article model, blocks[] of typed elements",
    "match": {"keys": ["blocks.0.elements", "blocks.0.blockFirstPublished"]},
    "event": {
        "title": ["headline", "webTitle"],
        # trailText: the publisher's own one-line summary; the standfirst may go on to a
        # list of related links ("In pictures: ...") that plain text would run into it
        "summary": {"path": ["trailText", "standfirst"], "transforms": ["strip_html", "squash"]},
        "url": ["webURL", "canonicalUrl"],
        "publisher": "linkedData.*.publisher.name",
        "language": "lang",
        "tags": "tags.*[type=Keyword].title",  # not its series, contributors or tone
        "timezone": {
            "path": [
                "blocks.*.blockFirstPublishedDisplay",
                "pinnedPost.blockFirstPublishedDisplay",
            ],
            "pattern": r"\b([A-Z]{2,5})\s*$",
        },
    },
    "entries": ["pinnedPost", "blocks", "keyEvents"],
    "unique": "id",
    "entry": {
        "time": {"path": "blockFirstPublished", "format": "epoch_ms"},
        "label": {"path": "blockFirstPublishedDisplay", "transforms": ["squash"]},
        "title": "title",
        "body": {
            "path": "elements",
            "format": "html",
            "parts": {
                "kind": "_type",
                "TextBlockElement": {"html": "html"},
                "BlockquoteBlockElement": {"html": "html"},
                "SubheadingBlockElement": {"html": "html"},
                "TweetBlockElement": {"tweet": "html", "url": "url"},
                "YoutubeBlockElement": {
                    "link": "https://www.youtube.com/watch?v={assetId}",
                    "text": "{mediaTitle}",
                },
                "ImageBlockElement": {
                    "link": "{media.allImages.0.url}",
                    "text": "{data.caption|data.alt} {data.credit}",
                },
                "RichLinkBlockElement": {"link": "{url}", "text": "{prefix}{text}"},
                "*": {"html": "html"},
            },
        },
    },
}

# schema.org LiveBlogPosting as standalone JSON-LD (an object, a list, or an @graph).
# articleBody is text in which publishers leave HTML entities (&#39;, &quot;), and some
# markup too (the Mirror's links and bold "Read more:"): read as HTML where it holds any.
SCHEMA_LIVEBLOG: dict[str, Any] = {
    "description": "schema.org LiveBlogPosting JSON-LD, liveBlogUpdate[]",
    "match": {"roots": ["", "*", "@graph.*"], "equals": {"@type": "LiveBlogPosting"}},
    "event": {
        "title": {"path": ["headline", "name"], "transforms": ["unescape"]},
        "summary": {"path": "description", "transforms": ["unescape"]},
        "url": ["url", "mainEntityOfPage.@id", "mainEntityOfPage", "@id"],
        "publisher": {"path": ["publisher.name", "publisher.*.name"], "transforms": ["unescape"]},
        "language": "inLanguage",
        "tags": "keywords",
    },
    "entries": "liveBlogUpdate",
    "entry": {
        "time": {"path": ["datePublished", "dateCreated"], "format": "iso"},
        "title": {"path": ["headline", "name"], "transforms": ["unescape"]},
        "body": {
            "path": ["articleBody", "text"],
            "format": "auto",
            "transforms": ["unescape", "strip"],
        },
    },
}

# LiveBlogSummary (LREC-2018 live-blog corpus, processed): documents[] with a UTC
# [Y, M, D, h, m] time and lowercased, tokenised sentences; the page's zone is printed in
# the key events ("12.16pm BST"); the title carries mojibake and " | Section | Publisher".
LIVEBLOGSUMMARY: dict[str, Any] = {
    "description": "LiveBlogSummary research records, documents[] with [Y,M,D,h,m] times",
    "match": {"keys": ["blog_id", "documents.0.time"]},
    "event": {
        "title": {"path": "title", "transforms": ["fix_mojibake", {"cut": " | "}]},
        "publisher": {"path": "title", "pattern": r"\|\s*([^|]+?)\s*$"},
        "url": "url",
        "summary": {"path": "summary", "transforms": [{"join": " "}]},
        "timezone": {
            "path": "summary_block.key_events.*.text",
            "pattern": r"\d[.:]\d\d\s*(?:[ap]m)?\s+([A-Z]{2,5})\b",
        },
    },
    "entries": "documents",
    "unique": "block_id",
    "entry": {
        "time": {"path": "time", "format": "ymdhm", "zone": "UTC"},
        "title": {"path": "title", "transforms": ["fix_mojibake"]},
        "body": {"path": "text", "format": "text", "transforms": [{"join": " "}, "fix_mojibake"]},
    },
}

# NewsLiveblog-TLS: document[] and timeline[] side by side (ISO times in UTC); summary[]
# gives headlines to the posts whose times key_timeline[] lists.
NEWSLIVEBLOG_TLS: dict[str, Any] = {
    "description": "NewsLiveblog-TLS records, document[] beside timeline[]",
    "match": {"keys": ["document", "timeline"]},
    "event": {"summary": {"path": "summary", "transforms": [{"join": "; "}]}},
    "zip": {"text": "document", "time": "timeline"},
    "entry": {
        "time": "time",
        "title": {"path": "time", "lookup": {"keys": "$.key_timeline", "values": "$.summary"}},
        "body": {"path": "text", "format": "text"},
    },
}

PRESETS: dict[str, dict[str, Any]] = {
    "tlgen-export": TLGEN_EXPORT,
    "timelinejs": TIMELINEJS,
    "guardian-dcr": GUARDIAN_DCR,
    "schema-liveblog": SCHEMA_LIVEBLOG,
    "liveblogsummary": LIVEBLOGSUMMARY,
    "newsliveblog-tls": NEWSLIVEBLOG_TLS,
}
