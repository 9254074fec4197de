"""The body of one update, cut out of a publisher's page: chrome removed, social posts turned
into embed records, images and frames turned into links, links made absolute, then
sanitised by the site's one allowlist (``generator.sanitize``: nh3, the Rust ammonia).

Captured pages hold the publisher's scripts, trackers and share buttons; the archive must
never run or load any of it, so the sanitiser is the last word on what survives: allowlisted
tags and attributes, http(s)/mailto links only, ``rel="nofollow noopener"`` on every link,
nothing that would make a reader's browser call a third party.
"""

from __future__ import annotations

import html
import json
import re
from copy import deepcopy
from itertools import pairwise
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml.html import Element, HtmlElement, fragment_fromstring, tostring

from generator.model import Embed
from generator.sanitize import CLASSES, SCHEMES, clean_html

URL_SCHEMES = frozenset(SCHEMES)
# Page furniture never holds more than this share of a page's words (the corpus: 3% at most).
CHROME_SHARE = 0.3
_URL_NOISE = re.compile(r"[\t\n\r]")
_URL_STRIP = "".join(chr(c) for c in range(0x21))

# Removed from the whole page before anything is read: never content.
PAGE_JUNK = (
    "script", "style", "noscript", "template", "svg", "object", "embed", "form", "button",
    "input", "select", "textarea", "nav", "link", "meta", "dialog",
)  # fmt: skip
# Removed from an update's body: the block's own share bar, related links, timestamps.
BLOCK_JUNK = ("footer", "nav", "aside", "button", "form", "label", "menu")
_CHROME_WORDS = frozenset(
    {
        "share", "sharing", "sharebar", "sharer", "advert", "adverts",
        "advertisement", "ad", "ads", "adslot", "dfp", "gpt", "outbrain", "taboola",
        "newsletter", "cookie", "cookies", "consent", "gdpr", "promo", "related",
        "recirculation", "breadcrumb", "breadcrumbs", "sidebar", "subscribe",
        "subscription", "paywall", "sponsored", "comments",
    }
)  # fmt: skip
_CHROME_PAIRS = frozenset({("most", "viewed"), ("most", "read"), ("most", "popular")})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_WORD_SPLIT = re.compile(r"[-_\s]+")
_BLOCK_LEVEL = frozenset(
    {"p", "div", "section", "article", "blockquote", "ul", "ol", "dl", "table", "figure",
     "h1", "h2", "h3", "h4", "h5", "h6", "pre", "header", "footer", "aside", "main", "hr"}
)  # fmt: skip
_CARD_BLOCKS = _BLOCK_LEVEL | {"li", "dt", "dd", "tr", "figcaption"}
_SOCIAL_HOSTS = re.compile(
    r"^(?:www\.|mobile\.)?(twitter\.com|x\.com|instagram\.com|tiktok\.com|bsky\.app|"
    r"threads\.net|facebook\.com|mastodon\.[a-z.]+|youtube\.com)$",
    re.I,
)
_STATUS = re.compile(r"^/(?P<handle>[A-Za-z0-9_]{1,15})/status(?:es)?/\d+", re.I)
_HANDLE_IN_TEXT = re.compile(r"\(@([A-Za-z0-9_.]{1,30})\)")
_HASHTAG = re.compile(r"(?<![\w#&])#(\w{1,100})")
_SEPARATORS = " \t\u00a0:–—-|·,"


def is_chrome(el: HtmlElement) -> bool:
    """Page furniture by its declared role or class/id words: share bars, ads, related links."""
    role = (el.get("role") or "").lower()
    if role in _CHROME_ROLES:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if not names.strip():
        return False
    words = [w for w in _WORD_SPLIT.split(names) if w]
    if any(w in _CHROME_WORDS for w in words):
        return True
    return any(pair in _CHROME_PAIRS for pair in pairwise(words))


def remove(el: HtmlElement) -> None:
    """Drop an element but keep the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# A form named so is a poll an update asks its readers: its question and answers are
# words of the update, its buttons are not (a page's other forms are searches, sign-ups).
_POLL_WORDS = frozenset({"poll", "polls", "survey", "quiz", "vote", "voting"})


def _is_poll(form: HtmlElement) -> bool:
    names = f"{form.get('class') or ''} {form.get('id') or ''}".lower()
    return any(w in _POLL_WORDS for w in _WORD_SPLIT.split(names))


def static_poll(form: HtmlElement) -> HtmlElement | None:
    """A poll's question and its answers as a paragraph and a list, where they can be told
    apart: the answers are its labels or options, else its buttons; the question, the
    words before the first of them (what follows, "vote to see the results", is not kept).
    None for a form with no answers."""
    answers = list(form.iter("label", "option")) or list(form.iter("button"))
    answers = [a for a in answers if " ".join(a.text_content().split())]
    if not answers:
        return None
    first, around = answers[0], set(answers[0].iterancestors())
    words: list[str] = []
    for el in form.iter():
        if el is first:
            break
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "input", "select"):
            continue
        words.append(el.text or "")
        if el is not form and el not in around:
            words.append(el.tail or "")
    poll = Element("div")  # lxml.html's: its children are HtmlElements too
    question = " ".join("".join(words).split())
    if question:
        etree.SubElement(poll, "p").text = question
    items = etree.SubElement(poll, "ul")
    for answer in answers:
        etree.SubElement(items, "li").text = " ".join(answer.text_content().split())
    return poll


def strip_page(root: HtmlElement) -> None:
    """Remove what is never content, anywhere in the page, before it is scanned; a poll
    stays as its words (``static_poll``).

    Furniture is small: an element named like furniture that holds a large part of the
    page's words (a ``<main class="... related ...">``) is more likely misnamed, and stays.
    """
    for form in list(root.iter("form")):
        parent = form.getparent()
        if parent is not None and _is_poll(form) and (poll := static_poll(form)) is not None:
            poll.tail = form.tail
            parent.replace(form, poll)
    for el in list(root.iter(*PAGE_JUNK)):
        remove(el)
    limit = CHROME_SHARE * len(root.text_content())
    chrome = [
        el
        for el in root.iter()
        if isinstance(el.tag, str) and el.tag not in ("html", "body") and is_chrome(el)
    ]
    for el in chrome:
        # An ancestor may already have gone; removing a detached element is harmless.
        if el.getparent() is not None and len(el.text_content()) <= limit:
            remove(el)


def absolutise(root: HtmlElement, base: str) -> None:
    """Resolve links against the page's address (relative ones would point into the
    archive: without an address they go, a link's words staying) and drop any whose
    scheme is not http(s) or mailto, read as a browser reads it (tabs and newlines
    removed, so ``java&#9;script:`` is caught too)."""
    tags = ("a", "blockquote", "q", "img", "amp-img", "iframe", "video", "audio")
    for el in list(root.iter(*tags)):
        for attr in ("href", "cite", "src"):
            value = el.get(attr)
            if value is None:
                continue
            url = _URL_NOISE.sub("", value).strip(_URL_STRIP)
            try:
                scheme = urlsplit(url).scheme.lower()
                if scheme and scheme not in URL_SCHEMES:
                    raise ValueError(scheme)
                if not base and is_relative(url):
                    raise ValueError(url)
                el.set(attr, urljoin(base, url) if base else url)
            except ValueError:
                del el.attrib[attr]
                if el.tag == "a" and el.getparent() is not None:
                    el.drop_tag()


def relative_links(root: HtmlElement) -> list[HtmlElement]:
    """The links under ``root`` that mean something only beside the page's own address:
    without one, ``absolutise`` keeps them as their words."""
    return [a for a in root.iter("a") if (href := a.get("href")) and is_relative(href)]


def is_relative(url: str) -> bool:
    """An address that means something only beside the page's own (``/x``, ``x.html``,
    ``#x``; not ``//host/x``)."""
    return not urlsplit(url).scheme and not url.startswith("//")


def _http(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


def _clean_url(url: str) -> str:
    """A social post's address without tracking parameters."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _social_link(el: HtmlElement) -> tuple[str, str, HtmlElement | None]:
    """(post url, handle, the link) of the first link to a social post inside ``el``."""
    fallback: tuple[str, str, HtmlElement | None] = ("", "", None)
    for a in el.iter("a"):
        href = a.get("href") or ""
        parts = urlsplit(href)
        if not _SOCIAL_HOSTS.match(parts.netloc or ""):
            continue
        if m := _STATUS.match(parts.path):
            return _clean_url(href), m["handle"], a
        if not fallback[0] and "/hashtag/" not in parts.path:
            fallback = (_clean_url(href), "", a)
    return fallback


def visible_text(el: HtmlElement) -> str:
    """The element's words as a reader sees them: a line break separates words too."""
    if next(el.iter("br"), None) is None:
        return " ".join(el.text_content().split())
    copy = deepcopy(el)
    for br in copy.iter("br"):
        br.tail = " " + (br.tail or "")
    return " ".join(copy.text_content().split())


def _is_social(el: HtmlElement) -> bool:
    classes = (el.get("class") or "").lower()
    if any(k in classes for k in ("tweet", "twitter", "instagram", "tiktok", "bluesky", "threads",
                                  "mastodon", "facebook")):  # fmt: skip
        return True
    return bool(el.get("data-instgrm-permalink")) or bool(_social_link(el)[1])


def convert_embeds(root: HtmlElement) -> list[Embed]:
    """Quoted social posts become embed records and a static blockquote; nothing is fetched."""
    embeds: list[Embed] = []
    for bq in list(root.iter("blockquote")):
        if bq.getparent() is None or not _is_social(bq):
            continue
        url, handle, link = _social_link(bq)
        url = url or _clean_url(bq.get("data-instgrm-permalink") or bq.get("cite") or "")
        paragraphs = [p for p in bq.iter("p")]
        words = " ".join(visible_text(p) for p in paragraphs)
        full = visible_text(bq)
        if not words:
            words = full
        if not handle and (m := _HANDLE_IN_TEXT.search(full)):
            handle = m.group(1)
        hashtags = tuple(dict.fromkeys(_HASHTAG.findall(words)))
        for a in bq.iter("a"):
            path = urlsplit(a.get("href") or "").path
            if "/hashtag/" in path:
                tag = path.rsplit("/hashtag/", 1)[1].strip("/")
                if tag and tag not in hashtags:
                    hashtags = (*hashtags, tag)
        embeds.append(Embed(handle=handle, text=words, url=url, hashtags=hashtags))
        name = ""
        trailer = full[len(words) :].strip() if full.startswith(words) else ""
        if m := re.match(r"^[—–-]\s*(.+?)\s*\(@", trailer):
            name = m.group(1)
        stamp = " ".join(link.text_content().split()) if link is not None else ""
        static = etree.Element("blockquote", {"class": "embed embed-social"})
        for a in [a for p in paragraphs for a in p.iter("a")]:
            if "/hashtag/" in (a.get("href") or ""):
                a.tag = "span"  # as the other readers show a hashtag: marked, not linked
                a.attrib.clear()
                a.set("class", "hashtag")
        for p in paragraphs or [fragment_fromstring(f"<p>{escape(words)}</p>")]:
            p.tail = None
            static.append(p)
        footer = etree.SubElement(static, "footer")
        footer.text = f"— {name} " if name else ""
        if handle:
            cite = etree.SubElement(footer, "cite", {"class": "handle"})
            cite.text = f"@{handle}"
            cite.tail = " "
        if url and _http(url):
            a = etree.SubElement(footer, "a", {"href": url})
            a.text = stamp or url
        static.tail = bq.tail
        bq.getparent().replace(bq, static)
    return embeds


def escape(text: str) -> str:
    return html.escape(text, quote=False)


_INLINE = frozenset(
    {"a", "abbr", "b", "br", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "samp",
     "small", "span", "strong", "sub", "sup", "time", "u", "del", "ins"}
)  # fmt: skip


def paragraphise(holder: HtmlElement) -> None:
    """Wrap runs of loose text and inline elements (an articleBody written as bare text
    with a few tags) in paragraphs, leaving block elements as they are."""
    children = list(holder)
    out: list[HtmlElement] = []
    pending = Element("p")
    pending.text = holder.text
    holder.text = None
    for child in children:
        holder.remove(child)  # its tail goes with it
        if isinstance(child.tag, str) and child.tag not in _INLINE:
            out.append(pending)
            tail, child.tail = child.tail, None
            out.append(child)
            pending = Element("p")
            pending.text = tail
        else:
            pending.append(child)
    out.append(pending)
    for el in out:
        if el.tag != "p" or len(el) or (el.text or "").strip():
            holder.append(el)


def convert_media(root: HtmlElement) -> None:
    """Images and players would load from the publisher's servers: keep a link instead.
    An image in a captioned figure links its caption: the caption says what the image
    shows, where a file name says nothing and an alt text repeating it says it twice."""
    _captions_into_figures(root)
    _youtube_players(root)
    for pic in list(root.iter("picture")):
        img = next(iter(pic.iter("img")), None)
        if img is not None:
            img.tail = pic.tail
            pic.getparent().replace(pic, img)
        else:
            remove(pic)
    for el in list(root.iter("img", "amp-img", "iframe", "video", "audio", "embed")):
        src = (el.get("src") or "").strip()
        if el.getparent() is None:
            continue
        if not src or not _http(src):
            remove(el)
            continue
        name = _media_name(el, src)
        if el.tag in ("img", "amp-img") and _link_caption(el, src):
            remove(el)
            continue
        if not name:
            remove(el)
            continue
        a = etree.Element("a", {"href": src})
        if el.tag in ("img", "amp-img"):
            a.set("class", "image")
        a.text = name
        a.tail = el.tail
        el.getparent().replace(el, a)


def _captions_into_figures(root: HtmlElement) -> None:
    """A caption set just after its figure (the Mirror's ``<figure>`` then
    ``<figcaption>``) is put inside it, where it belongs; an image alone in its paragraph
    and the element after it that its class calls a caption (the Express's
    ``<span class="newsCaption">``) are made a figure."""
    for named in [e for e in root.iter() if _names_caption(e)]:
        image = named.getprevious()
        if (
            image is None
            or (image.tail or "").strip()
            or any(a.tag == "figure" for a in named.iterancestors())
            or sum(1 for _ in image.iter("img", "amp-img")) != 1
            or image.text_content().strip()
        ):
            continue
        if image.tag in ("img", "amp-img", "picture"):
            figure = Element("figure")
            image.addprevious(figure)
            figure.append(image)  # with its tail, which is white space
        else:
            figure, figure.tag = image, "figure"
        named.tag = "figcaption"
        figure.tail, named.tail = named.tail, None
        figure.append(named)
    for caption in list(root.iter("figcaption")):
        figure = caption.getprevious()
        if (
            figure is None
            or figure.tag != "figure"
            or (figure.tail or "").strip()
            or next(figure.iter("figcaption"), None) is not None
        ):
            continue
        figure.tail, caption.tail = caption.tail, None
        figure.append(caption)


def _names_caption(el: HtmlElement) -> bool:
    return (
        isinstance(el.tag, str)
        and el.tag in ("p", "div", "span", "small")
        and "caption" in (el.get("class") or "").lower()
    )


_WORD = re.compile(r"\w+")


def _link_caption(img: HtmlElement, src: str) -> bool:
    """Make the caption of the image's figure the link to the image, when the image has no
    alt text or one the caption opens with; False when there is no such caption (or it
    holds links of its own: links do not nest)."""
    figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
    if figure is None:
        return False
    caption = next(figure.iter("figcaption"), None)
    if caption is None or next(caption.iter("a"), None) is not None:
        return False
    said = _WORD.findall(visible_text(caption).casefold())
    alt = _WORD.findall((img.get("alt") or img.get("title") or "").casefold())
    if not said or said[: len(alt)] != alt:
        return False
    _link_words(caption, src)
    return True


def _link_words(holder: HtmlElement, href: str) -> None:
    """Make all that ``holder`` holds (its text, its children) one link."""
    link = Element("a", {"href": href})
    link.text, holder.text = holder.text, None
    for child in list(holder):
        link.append(child)  # with its tail
    holder.append(link)


# What a YouTube video's id is made of (``watch?v=`` takes it as it is)
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def _youtube_video(el: HtmlElement) -> tuple[str, str] | None:
    """(id, title) of the YouTube video a player names only in its attributes: the
    Guardian's (a ``<gu-island>`` whose JSON props hold its ``assetId``) and the
    ``<lite-youtube videoid>`` element many sites use; None for anything else."""
    if el.tag == "lite-youtube":
        video, title = el.get("videoid") or "", el.get("playlabel") or el.get("title") or ""
    elif "youtube" in (el.get("name") or "").lower():
        try:
            props = json.loads(el.get("props") or "")
        except ValueError:
            return None
        if not isinstance(props, dict):
            return None
        video, title = props.get("assetId"), props.get("mediaTitle")
        if not isinstance(video, str) or not isinstance(title, (str, type(None))):
            return None
        title = title or ""
    else:
        return None
    return (video, " ".join(title.split())) if _YOUTUBE_ID.fullmatch(video) else None


def _youtube_players(root: HtmlElement) -> None:
    """A YouTube player whose frame the page loads by script (its poster and play button
    gone with the page's junk) becomes a link to the video: its caption made the link
    where it has one (the Guardian's figure), else a link of its title, or its address,
    set before what else it holds. The JSON reader's Guardian preset makes the same link
    (``json_presets``)."""
    for el in list(root.iter("gu-island", "lite-youtube")):
        found = _youtube_video(el)
        if found is None:
            continue
        video, title = found
        href = f"https://www.youtube.com/watch?v={video}"
        caption = next(el.iter("figcaption"), None)
        if caption is not None and visible_text(caption) and next(caption.iter("a"), None) is None:
            _link_words(caption, href)
            continue
        link = Element("a", {"href": href})
        link.text, link.tail, el.text = title or href, el.text, None
        el.insert(0, link)


def flatten_card_links(root: HtmlElement) -> None:
    """A link around blocks (a teaser card: a picture, a headline in a list) becomes a link
    of its words: blocks cannot sit in a link, and the sanitiser's parser would split it
    into empty links around them."""
    for a in list(root.iter("a")):
        if not any(isinstance(d.tag, str) and d.tag in _CARD_BLOCKS for d in a.iterdescendants()):
            continue
        _posts_after(a)
        text = visible_text(a)
        for child in list(a):
            a.remove(child)
        a.text = text
        if not text:
            remove(a)


def _posts_after(a: HtmlElement) -> None:
    """The social posts quoted inside a link around blocks (an unclosed link takes in what
    follows it), set after it: they are no part of the card's words, and their records
    (``convert_embeds``) are kept."""
    posts = [
        p for p in a.iterdescendants("blockquote") if "embed" in (p.get("class") or "").split()
    ]
    for post in reversed(posts):
        if post.tail and post.tail.strip():  # words after it stay where they were
            prev = post.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + post.tail
            else:
                parent = post.getparent()
                parent.text = (parent.text or "") + post.tail
        post.tail = None
        a.addnext(post)  # lxml moves it, leaving ``a``'s tail after ``a``
    if posts and a.tail:
        posts[-1].tail, a.tail = a.tail, None


def strip_junk(root: HtmlElement) -> None:
    """Drop a block's own furniture: its share bar, related links, "updated at" footer."""
    for el in [e for e in root.iter(*BLOCK_JUNK) if e is not root]:
        remove(el)
    for el in [e for e in root.iter() if e is not root]:
        if isinstance(el.tag, str) and is_chrome(el):
            remove(el)


_FILE_NAME = re.compile(r"^[\w.%-]*[-_][\w.%-]*\.(?:jpe?g|png|gif|webp|avif|svg|mp4|mp3)$", re.I)


def _media_name(el: HtmlElement, src: str) -> str:
    """What a link to an image or player says: its alt text, a telling file name, or for a
    frame its address; an image with neither (a logo, an icon) is not worth a link."""
    alt = " ".join((el.get("alt") or el.get("title") or "").split())
    if alt:
        return alt
    if el.tag in ("iframe", "video", "audio", "embed"):
        return src
    name = urlsplit(src).path.rstrip("/").rsplit("/", 1)[-1]
    return name if _FILE_NAME.match(name) else ""


def tidy(root: HtmlElement) -> None:
    """Turn text-only wrappers into paragraphs, so text in neighbouring ``<div>``s does not
    run together once the sanitiser unwraps them, and text beside blocks into paragraphs
    of its own (as a browser sets it apart); drop what was left empty."""
    if _has_blocks(root) and _loose_words(root):
        paragraphise(root)
    for el in list(root.iter("div", "section", "article", "main", "header")):
        if el is root:
            continue
        if _has_blocks(el):
            if _loose_words(el) and not _in_phrase(el, root):
                paragraphise(el)
        else:
            if not _in_phrase(el, root):
                el.tag = "p"
                continue
            el.tag = "span"
            if el.tail and not el.tail[0].isspace():  # a block ended a line: words apart
                el.tail = " " + el.tail
    _unwrap_plain_spans(root)
    drop_empty(root)


def _has_blocks(el: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_LEVEL for c in el)


def _loose_words(el: HtmlElement) -> bool:
    """Words of the element's own, beside its children: text, or in an inline child."""
    if (el.text or "").strip():
        return True
    return any(
        (c.tail or "").strip() or (c.tag in _INLINE and c.text_content().strip()) for c in el
    )


def _unwrap_plain_spans(root: HtmlElement) -> None:
    """A span the theme does not style (a hashtag's, a handle's) is the publisher's
    styling hook, left meaningless once its class is gone: its words stay, it does not.
    One that says its language or has a title (both kept by the sanitiser) stays."""
    kept = CLASSES["span"]
    for span in [e for e in root.iter("span") if e is not root]:
        if kept.isdisjoint((span.get("class") or "").split()) and not (
            span.get("lang") or span.get("title")
        ):
            span.drop_tag()


_PHRASE_CONTEXT = _INLINE | {"p", "figcaption", "li", "td", "th", "dt", "dd", "caption",
                              "h1", "h2", "h3", "h4", "h5", "h6"}  # fmt: skip


def _in_phrase(el: HtmlElement, root: HtmlElement) -> bool:
    """Inside a paragraph or an inline element a wrapper may not become a paragraph."""
    node = el.getparent()
    while node is not None and node is not root:
        if node.tag in _PHRASE_CONTEXT:
            return True
        node = node.getparent()
    return False


_KEEP_EMPTY = frozenset({"br", "hr", "td", "th", "a"})


def drop_empty(root: HtmlElement) -> None:
    """Elements left with no words (an emptied figure, an icon's span) say nothing."""
    for el in reversed([e for e in root.iter() if e is not root]):
        if not isinstance(el.tag, str) or el.tag in _KEEP_EMPTY or el.getparent() is None:
            continue
        if len(el) == 0 and not (el.text or "").strip():
            remove(el)


def inner_html(el: HtmlElement) -> str:
    """The element's content, without the element itself (its attributes mean nothing)."""
    parts = [escape(el.text or "")]
    parts.extend(tostring(child, encoding="unicode", with_tail=True) for child in el)
    return "".join(parts)


_TEXT_BLOCKS = "p|li|h[1-6]|figcaption|td|th|dt|dd|caption"
_SPACE_OPENING = re.compile(rf"(<(?:{_TEXT_BLOCKS})(?:\s[^>]*)?>)\s+")
_SPACE_CLOSING = re.compile(rf"\s+(</(?:{_TEXT_BLOCKS})>)")


def sanitise(markup: str) -> str:
    """The only gate between a captured page and the archive: the site's one allowlist
    (``generator.sanitize``, nh3), then blank paragraphs and source indentation dropped."""
    cleaned = clean_html(markup).replace(' class=""', "")
    cleaned = re.sub(r"<p>\s*</p>", "", cleaned)
    if "<pre" not in cleaned:
        cleaned = re.sub(r"\s*\n\s*", "\n", cleaned)
        # a block's own first and last spaces show nothing
        cleaned = _SPACE_OPENING.sub(r"\1", _SPACE_CLOSING.sub(r"\1", cleaned))
    return cleaned.strip()


def text_paragraphs(text: str) -> str:
    """Plain text (a JSON-LD articleBody without markup) as escaped paragraphs."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*", text)]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)


def strip_label(text: str, start: int, end: int) -> str:
    """``text`` without the printed time at [start, end) and the separator after it."""
    return (text[:start] + text[end:].lstrip(_SEPARATORS)).strip() if text else ""


SEPARATORS = _SEPARATORS
