from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import SCHEMA, load_config, parse_config
from generator.errors import TlgenError


def problems_of(text: str) -> list[str]:
    with pytest.raises(TlgenError) as err:
        parse_config(text, Path("/site"))
    return [p.render() for p in err.value.problems]


def test_defaults_and_values() -> None:
    config = parse_config(
        "title: Archive\nbase_url: https://example.org/archive\nentry_order: oldest-first\n",
        Path("/site"),
    )
    assert config.title == "Archive"
    assert config.base_path == "/archive/"
    assert config.site_url == "https://example.org/archive/"
    assert config.entry_order == "oldest-first"
    assert config.timezone == "UTC"
    assert config.dir("output") == Path("/site/public")


def test_overrides_win() -> None:
    config = parse_config("base_url: /\n", Path("/s"), base_url="https://x.org/a/")
    assert config.base_path == "/a/"


@pytest.mark.parametrize(
    ("base_url", "base_path", "site_url"),
    [
        (
            "https://bücher.example/ärchiv",
            "/%C3%A4rchiv/",
            "https://xn--bcher-kva.example/%C3%A4rchiv/",
        ),
        ("https://x.org/a%20b/", "/a%20b/", "https://x.org/a%20b/"),  # escapes kept as written
        ("/a b/c:d@e~f/", "/a%20b/c:d@e~f/", ""),
    ],
)
def test_the_base_url_as_a_browser_asks_for_it(
    base_url: str, base_path: str, site_url: str
) -> None:
    config = parse_config(f'base_url: "{base_url}"\n', Path("/s"))
    assert (config.base_path, config.site_url) == (base_path, site_url)


def test_every_error_at_once_with_line_and_nearest_key() -> None:
    found = problems_of(
        "title: A\ntitel: B\nbase_url: ftp://x\nrelative_links: sometimes\ntimezone: Mars\n"
        "entry_order: newest\n"
    )
    assert found == [
        "site.yml:2: unknown key 'titel'\n  hint: did you mean 'title'?",
        "site.yml:4: 'relative_links' must be true or false, not text\n"
        "  hint: relative_links: write links relative to each page, so file:// works",
        "site.yml:5: unknown timezone 'Mars': use an IANA name such as 'Europe/London' "
        "or an abbreviation such as GMT, BST, CET, EST, ET, PT, MSK\n"
        "  hint: e.g. timezone: Europe/London",
        "site.yml:6: entry_order must be one of newest-first, oldest-first\n"
        "  hint: did you mean 'newest-first'?",
        "site.yml:3: base_url 'ftp://x' is neither an http(s) URL nor a path starting with '/'\n"
        "  hint: e.g. base_url: https://example.org/archive/ or base_url: /",
    ]


def test_wrong_types() -> None:
    assert problems_of("title: [a, b]\n") == [
        "site.yml:1: 'title' must be text, not a list\n"
        "  hint: title: the archive's name, shown on every page"
    ]


def test_far_off_key_lists_the_accepted_ones() -> None:
    (found,) = problems_of("zzz: 1\n")
    assert "accepted keys: " + ", ".join(SCHEMA) in found


def test_not_a_mapping() -> None:
    assert problems_of("- a\n- b\n") == [
        "site.yml:1: site.yml must be a mapping of keys to values\n  hint: e.g. title: My archive"
    ]


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(TlgenError) as err:
        load_config(tmp_path / "site.yml")
    assert err.value.exit_code == 2


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "site.yml"
    path.write_bytes(b"\xef\xbb\xbftitle: BOM\r\ntimezone: CET\r\n")
    config = load_config(path)
    assert (config.title, config.timezone) == ("BOM", "CET")


def test_disable_lists_kinds_of_output() -> None:
    config = parse_config("disable: [tags, feeds, tags]\n", Path("/s"))
    assert config.disable == ("feeds", "tags")
    assert not config.makes("feeds") and config.makes("speakers")
    assert config.statements  # speaker pages and exports still show them
    quiet = parse_config("disable:\n  - speakers\n  - exports\n", Path("/s"))
    assert not quiet.statements
    assert parse_config("title: A\n", Path("/s")).disable == ()


def test_disable_names_the_line_of_an_unknown_kind() -> None:
    assert problems_of("title: A\ndisable:\n  - feeds\n  - speaker\n  - {a: 1}\n") == [
        "site.yml:4: 'disable' has 'speaker', which is not a kind of output\n"
        "  hint: did you mean 'speakers'?",
        "site.yml:5: 'disable' has {'a': 1}, which is not a kind of output\n"
        "  hint: accepted kinds: speakers, timeline, tags, feeds, exports, other_order, sitemap",
    ]
    assert problems_of("disable: feeds\n") == [
        "site.yml:1: 'disable' must be a list, not text\n"
        "  hint: disable: kinds of output not to make: speakers, timeline, tags, feeds, "
        "exports, other_order, sitemap"
    ]


def test_an_old_iana_name_is_a_timezone() -> None:
    assert parse_config("timezone: Singapore\n", Path("/s")).timezone == "Singapore"


def test_the_site_language_is_a_tag() -> None:
    """It is every page's lang, every feed's and the JSON-LD's: written in its usual case,
    and refused (with where) when it is none, as in an event's front matter."""
    assert parse_config("language: pt_br\n", Path("/s")).language == "pt-BR"
    assert problems_of("title: x\nlanguage: english\n") == [
        "site.yml:2: language 'english' is not a BCP 47 language tag\n"
        "  hint: e.g. language: en, de, pt-BR or sr-Latn"
    ]


def test_language_tags_in_their_usual_case() -> None:
    from generator.config import language_tag

    assert [language_tag(v) for v in ("de", "en_gb", "EN-us", "zh-hant-tw", "es-419")] == [
        "de",
        "en-GB",
        "en-US",
        "zh-Hant-TW",
        "es-419",
    ]
    # not tags: left out by a capture's reader, an error where someone wrote them
    assert [language_tag(v) for v in ("x-default", "de DE", "english", "", "\u212av")] == [""] * 5


def test_each_wrong_type_is_named() -> None:
    assert problems_of(
        "relative_links: 1\nsearch: ~\njson_mappings: true\nredirects: /old/\n"
        "disable: {a: 1}\nentry_order: [a]\n"
    ) == [
        "site.yml:1: 'relative_links' must be true or false, not a number\n"
        "  hint: relative_links: write links relative to each page, so file:// works",
        "site.yml:3: 'json_mappings' must be a mapping, not true/false\n"
        "  hint: json_mappings: field mappings for JSON shapes tlgen does not know yet",
        "site.yml:4: 'redirects' must be a mapping, not text\n"
        "  hint: redirects: old URL paths sent on to where their pages are now",
        "site.yml:5: 'disable' must be a list, not a mapping\n"
        "  hint: disable: kinds of output not to make: speakers, timeline, tags, feeds, "
        "exports, other_order, sitemap",
        "site.yml:6: 'entry_order' must be text, not a list\n"
        "  hint: entry_order: newest-first or oldest-first",
    ]


def test_an_empty_value_is_the_default_and_an_empty_folder_an_error() -> None:
    config = parse_config("title: A\ndescription:\nsearch:\n", Path("/s"))
    assert (config.description, config.search) == ("", parse_config("", Path("/s")).search)
    assert problems_of('output: " "\ntheme: ""\n') == [
        "site.yml:1: 'output' is empty\n  hint: give a folder",
        "site.yml:2: 'theme' is empty\n  hint: give a folder",
    ]


def test_language_variants_are_lower_case() -> None:
    from generator.config import language_tag

    assert language_tag("SL-ROZAJ") == "sl-rozaj"
    assert language_tag("de-ch-1996") == "de-CH-1996"


def test_a_host_idna_cannot_write_is_kept_as_given() -> None:
    host = "ä" * 64 + ".example"  # a label longer than DNS allows
    config = parse_config(f"base_url: https://{host}/a/\n", Path("/s"))
    assert config.site_url == f"https://{host}/a/"


def test_redirects_of_the_wrong_kind_are_each_one_error() -> None:
    assert problems_of("redirects:\n  1: /new/\n  /old/: 3\n  /same/: /same\n") == [
        "site.yml:2: redirect from '1': not a path of the site\n  hint: write it as /old/path/",
        "site.yml:3: redirect from '/old/': 3 is neither a path of the site nor an http(s) URL\n"
        '  hint: e.g. redirects: {"/events/old-slug/": "/events/new-slug/"}',
        "site.yml:4: redirect from '/same/' leads to itself\n"
        '  hint: e.g. redirects: {"/events/old-slug/": "/events/new-slug/"}',
    ]


def test_a_config_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(TlgenError) as err:
        load_config(tmp_path)  # a folder
    assert [p.render() for p in err.value.problems] == [
        f"cannot read {tmp_path}: Is a directory\n  hint: check it can be read"
    ]
    path = tmp_path / "site.yml"
    path.write_bytes(b"title: Caf\xe9\n")
    with pytest.raises(TlgenError) as err:
        load_config(path)
    assert [p.render() for p in err.value.problems] == [
        "site.yml: not UTF-8 (byte 10)\n  hint: save the file as UTF-8"
    ]


def test_pages_listing_updates_of_many_events() -> None:
    assert parse_config("title: A\n", Path("/s")).lists_updates
    assert parse_config("disable: [speakers, timeline]\n", Path("/s")).lists_updates  # tags
    assert not parse_config("disable: [speakers, timeline, tags]\n", Path("/s")).lists_updates
