"""Who said what: statements and mentions from an entry's plain text, by the rules news
copy follows. Pure: text and what is already known in, records out.

Patterns read (``X`` a name, a registry alias, a role such as "the Syrian president",
or he/she resolved to the nearest speaker before it in the entry):

- direct: ``"...," X said`` · ``"...," said X`` · ``X said: "..."`` · ``"...", according
  to X`` · ``X's press secretary, Y, has said`` (Y speaks, X is mentioned) · a further
  quote in the same paragraph (or a paragraph that is only a quote) continues the last
  speaker · quotes over several sentences and paragraphs, straight, curly, guillemets
  and nested marks;
- reported: ``X has said that ...`` · ``X noted/assured/told (someone) that ...`` · ``...,
  according to X`` · ``..., adding that ...`` (the speaker of the sentence).

A quote whose speaker cannot be resolved (scare quotes, "the two leaders", an unknown
surname) yields no statement: never guessed. People named but not quoted are mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from generator.ids import slugify
from generator.model import Statement
from generator.registry import Registry, fold

# --- vocabulary -----------------------------------------------------------------------

_VERBS = (
    "said|says|say|added|adds|noted|notes|told|tells|stressed|stresses|assured|assures|"
    "declared|declares|stated|states|explained|explains|insisted|insists|warned|warns|"
    "wrote|writes|tweeted|tweets|announced|announces|claimed|claims|argued|argues|"
    "continued|continues|replied|replies|responded|commented|asked|asks|urged|urges|"
    "admitted|admits|confirmed|confirms|acknowledged|acknowledges|suggested|suggests|"
    "concluded|remarked|recalled|pointed out|went on|emphasised|emphasized|reiterated|"
    "maintained|predicted|vowed|promised|conceded|observed"
)
VERB = rf"(?:(?:has|have|had|also|further|later|earlier|then|once)\s+)*(?:{_VERBS})\b"
_PARTICIPLES = (
    "adding|saying|noting|stressing|stating|insisting|warning|explaining|declaring|"
    "arguing|telling|claiming|emphasising|emphasizing|reiterating|writing"
)
_PARTICLES = r"(?:al|el|bin|ibn|abu|ben|de|da|di|du|van|von|der|den|la|le|dos|das|del)"
_TOKEN = rf"(?:(?:{_PARTICLES}-)?[A-Z][\w'’.-]*[\w])"
NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLES}\s+)?{_TOKEN}){{0,4}}"
_ROLE_NOUNS = (
    "president|prime minister|minister|secretary|spokesman|spokeswoman|spokesperson|"
    "chancellor|leader|chief|ambassador|envoy|mayor|governor|king|queen|pope|premier|"
    "press secretary|foreign minister|defence minister|defense minister|general|commander"
)
_ROLE = rf"the\s+(?:[\w'’-]+\s+){{0,4}}?(?:{_ROLE_NOUNS})\b"
_PRONOUN = r"(?:he|she|He|She)\b"
_POSSESSIVE = rf"{NAME}['’]s\s+[a-z][\w\s-]{{1,60}}?,\s*{NAME}"
_SPEAKER = rf"(?:{_POSSESSIVE}|{NAME}|{_ROLE}(?:\s+{NAME})?|{_PRONOUN})"

TITLES = {
    "president", "prime", "minister", "foreign", "defence", "defense", "secretary",
    "chancellor", "senator", "governor", "general", "gen", "col", "colonel", "lt", "captain",
    "capt", "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "king", "queen",
    "prince", "princess", "pope", "judge", "justice", "rep", "sen", "gov", "mayor", "chief",
    "commander", "ambassador", "spokesman", "spokeswoman", "spokesperson", "deputy", "vice",
    "home", "health", "interior", "finance", "labour", "labor", "tory", "conservative",
    "democrat", "democratic", "republican", "press", "state", "first", "opposition", "leader",
    "chairman", "chairwoman", "chair", "ceo", "director", "professor", "prof", "archbishop",
    "bishop", "sheikh", "emir", "crown", "supreme", "ayatollah", "marshal", "admiral",
    "officer", "inspector", "detective", "superintendent", "constable", "sergeant", "mp",
}  # fmt: skip
_NOT_NAMES = {
    "the", "this", "that", "these", "those", "it", "in", "on", "at", "but", "and", "or",
    "however", "meanwhile", "earlier", "later", "today", "yesterday", "tonight", "he", "she",
    "they", "we", "i", "you", "a", "an", "our", "his", "her", "their", "its", "there",
    "here", "when", "while", "if", "as", "after", "before", "asked", "speaking", "according",
    "so", "then", "now", "what", "who", "why", "how", "for", "with", "from", "by", "of",
    "not", "no", "yes", "all", "some", "many", "one", "two", "both", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "update", "breaking", "live",
    "also", "still", "just", "even", "my", "me", "us", "him", "them", "your", "mine",
}  # fmt: skip
_ORG_WORDS = {
    "ministry", "department", "house", "street", "office", "council", "committee", "party",
    "government", "army", "forces", "force", "police", "union", "agency", "commission",
    "court", "parliament", "kremlin", "pentagon", "service", "association", "organisation",
    "organization", "group", "company", "news", "times", "post", "guardian", "reuters",
    "press", "bbc", "bank", "university", "institute", "foundation", "fund", "authority",
    "assembly", "senate", "congress", "cabinet", "administration", "embassy", "network",
    "media", "corporation", "inc", "ltd", "fc", "united", "city", "club", "league",
    "federation", "nations", "republic", "state", "states", "kingdom", "coalition", "front",
    "movement", "brigade", "brigades", "command", "centre", "center", "hospital", "airport",
    "station", "channel", "tv", "radio", "agency's", "ministry's", "observatory", "monitor",
    "daily", "mail", "telegraph", "independent", "sun", "mirror", "express", "journal",
}  # fmt: skip

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", "‘": "’", "``": "''"}
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“‘(A-Z0-9]|\s*$)")

# Patterns run against the text after a quote (post) or before it (pre).
_POST_NAME_VERB = re.compile(
    rf"^[\s,.]*(?:[-–—]\s*)?(?P<who>{_SPEAKER})(?P<appos>,[^,\"“”]{{1,160}},)?,?\s+{VERB}"
)
_POST_VERB_NAME = re.compile(rf"^[\s,.]*(?:{VERB})\s+(?P<who>{NAME}|{_ROLE}(?:\s+{NAME})?)")
_POST_ACCORDING = re.compile(rf"^[\s,.]*according\s+to\s+(?P<who>{_SPEAKER})")
_POST_STATEMENT = re.compile(rf"^[\s,.]*the\s+(?:same\s+)?statement\s+{VERB}", re.I)
_PRE_NAME_VERB = re.compile(
    rf"(?:^|[\s(])(?P<who>{_SPEAKER})(?P<appos>,[^,\"“”]{{1,160}},)?,?\s+{VERB}"
    rf"(?P<mid>[^\"“”.]{{0,160}}?)\s*(?:[:,]|\s+that)?\s*$"
)
_PRE_PARTICIPLE = re.compile(rf",?\s*(?:{_PARTICIPLES})(?:\s+that)?[\s:,]*$")
_ACCORDING_IN = re.compile(
    rf"according\s+to\s+(?:(?:a|the|his|her)\s+)?(?:(?:statement|remarks|comments|"
    rf"interview)\s+(?:made|issued|released|given|published)?\s*(?:by\s+)?)?"
    rf"(?P<who>{_SPEAKER})"
)
_REPORTED = re.compile(
    rf"(?:^|(?<=[\s(]))(?P<who>{_SPEAKER})(?P<appos>,[^,\"“”]{{1,160}},)?,?\s+{VERB}"
    rf"(?:\s+[\w'’-]+){{0,4}}?,?\s+that\s+(?P<clause>[^\"“”]+?)"
    rf"(?=\s*[.!?](?:\s|$)|,?\s+(?:{_PARTICIPLES})\b|\s*[\"“]|$)"
)
_PARTICIPLE_REPORTED = re.compile(
    rf",\s*(?:{_PARTICIPLES})\s+that\s+(?P<clause>[^\"“”]+?)(?=\s*[.!?](?:\s|$)|\s*[\"“]|$)"
)
_ACCORDING_REPORTED = re.compile(
    rf"^(?P<clause>[^\"“”]{{12,}}?),\s*according\s+to\s+(?:(?:a|the)\s+)?"
    rf"(?:statement\s+(?:made\s+|issued\s+)?by\s+)?(?P<who>{_SPEAKER})"
)
_POSSESSIVE_ROLE = re.compile(rf"^(?P<owner>{NAME})['’]s\s+[\w\s-]{{2,60}}?,\s*(?P<who>{NAME}),?$")
_ROLE_THEN_NAME = re.compile(rf"^(?:{_ROLE}|(?:\w+['’]s\s+)?[\w\s-]*?)\s+(?P<who>{NAME})$")


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int  # index after the closing mark
    text: str


@dataclass
class Context:
    """What the extractor knows while it reads an event: the registry, full names seen so
    far (so a surname alone finds its person), and the entry's speakers in order."""

    registry: Registry
    surnames: dict[str, str] = field(default_factory=dict)
    speakers: list[str] = field(default_factory=list)
    statement_speaker: str = ""
    when: date | None = None  # the entry's date, for aliases that name someone for a time


# --- quotes ---------------------------------------------------------------------------


def find_quotes(text: str) -> list[Quote]:
    """Quoted spans at the outermost level: straight, curly, guillemets, PTB ``...''."""
    quotes: list[Quote] = []
    has_double = any(m in text for m in ('"', "“", "«", "„", "``"))
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        two = text[i : i + 2]
        closer = ""
        width = 1
        if two == "``":
            closer, width = "''", 2
        elif c == '"':
            closer = '"'
        elif c in "“«„":
            closer = _OPEN_CLOSE[c]
        elif c == "‘" and not has_double and (i == 0 or not text[i - 1].isalnum()):
            closer = "’"
        if not closer:
            i += 1
            continue
        j = i + width
        while True:
            j = text.find(closer, j)
            if j < 0:
                break
            # a curly apostrophe inside a ‘...’ quote is not its end
            if closer == "’" and j + 1 < n and text[j + 1].isalpha():
                j += 1
                continue
            break
        if j < 0:
            quotes.append(Quote(i, n, text[i + width :].strip()))
            break
        quotes.append(Quote(i, j + len(closer), text[i + width : j].strip()))
        i = j + len(closer)
    return [q for q in quotes if q.text]


def _clean_quote(text: str) -> str:
    text = " ".join(text.split())
    return text.strip(" ,").rstrip(",")


# --- names ----------------------------------------------------------------------------


def _strip_titles(name: str) -> str:
    tokens = name.split()
    while len(tokens) > 1:
        head = tokens[0].rstrip(".").casefold()
        nxt = tokens[1].rstrip(".").casefold()
        if head in TITLES or (head.endswith(("ian", "ese", "ish", "an")) and nxt in TITLES):
            tokens.pop(0)
            continue
        break
    return " ".join(tokens)


def _is_person_like(name: str) -> bool:
    tokens = name.split()
    if not tokens or tokens[0].casefold() in _NOT_NAMES:
        return False
    return not any(t.strip("'’").casefold() in _ORG_WORDS for t in tokens)


class Resolver:
    """Turns the words that name a speaker into a canonical name, or refuses."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def canonical(self, raw: str) -> str:
        """A registry name, a full name seen before, a full name as written, or ''."""
        registry = self.context.registry
        raw = raw.strip().strip(",").strip()
        if not raw:
            return ""
        if speaker := registry.lookup(raw, self.context.when):
            return speaker.name
        if raw.casefold().startswith("the ") and (
            speaker := registry.lookup(raw[4:], self.context.when)
        ):
            return speaker.name
        m = _POSSESSIVE_ROLE.match(raw)
        if m:
            return self.canonical(m["who"])
        name = _strip_titles(raw)
        if speaker := registry.lookup(name, self.context.when):
            return speaker.name
        if not _is_person_like(name):
            m = _ROLE_THEN_NAME.match(raw)
            if m and m["who"] != raw and _is_person_like(_strip_titles(m["who"])):
                return self.canonical(m["who"])
            return ""
        tokens = name.split()
        if len(tokens) == 1:
            return self.context.surnames.get(fold(name), "")
        return name

    def speaker(self, raw: str) -> str:
        """Like ``canonical``, and he/she is the nearest speaker before it in the entry."""
        raw = raw.strip()
        if re.fullmatch(_PRONOUN, raw):
            return self.context.speakers[-1] if self.context.speakers else ""
        return self.canonical(raw)

    def learn(self, name: str) -> None:
        """Remember a full name so that its surname alone resolves later in the event."""
        tokens = name.split()
        if len(tokens) > 1:
            self.context.surnames.setdefault(fold(tokens[-1]), name)
        spoken = self.context.registry.lookup(name, self.context.when)
        if spoken:
            for alias in (spoken.name, *spoken.aliases):
                if len(alias.split()) == 1:
                    self.context.surnames.setdefault(fold(alias), spoken.name)


# --- extraction -----------------------------------------------------------------------


def _sentences(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Sentence spans whose ends never fall inside a quote."""
    inside = [(q.start, q.end) for q in quotes]
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if any(a < end < b for a, b in inside):
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _merge_paragraphs(paragraphs: list[str]) -> list[str]:
    """A quote left open at a paragraph's end continues in the next paragraph that opens
    with a quote mark (the news convention for long quotations)."""
    merged: list[str] = []
    carry = ""
    for para in paragraphs:
        if carry:
            if para.lstrip()[:1] in ('"', "“", "«", "„"):
                carry = carry + " " + para.lstrip()[1:]
                if _open_at_end(carry):
                    continue
                merged.append(carry)
                carry = ""
                continue
            merged.append(carry)
            carry = ""
        if _open_at_end(para):
            carry = para
        else:
            merged.append(para)
    if carry:
        merged.append(carry)
    return merged


def _open_at_end(text: str) -> bool:
    quotes = find_quotes(text)
    return (
        bool(quotes)
        and quotes[-1].end >= len(text)
        and not text.rstrip().endswith(('"', "”", "»", "''"))
    )


@dataclass
class _Found:
    position: int
    speaker: str
    quote: str
    kind: str


def _attribute_quote(
    text: str, quote: Quote, sentence: tuple[int, int], resolver: Resolver, para_last: str
) -> str:
    after = text[quote.end : sentence[1]]
    before = text[sentence[0] : quote.start]
    if _POST_STATEMENT.match(after) and resolver.context.statement_speaker:
        return resolver.context.statement_speaker
    for pattern in (_POST_NAME_VERB, _POST_VERB_NAME, _POST_ACCORDING):
        if m := pattern.match(after):
            # attributed; to someone we cannot name, it stays unattributed: never guessed
            return resolver.speaker(m["who"])
    if m := _PRE_NAME_VERB.search(before):
        return resolver.speaker(m["who"])
    if m := _ACCORDING_IN.search(before):
        return resolver.speaker(m["who"])
    if _PRE_PARTICIPLE.search(before) and para_last:
        return para_last
    if para_last and not re.search(rf"(?:{_SPEAKER})\s+{VERB}", before):
        return para_last  # a further quote of the paragraph's speaker
    return ""


def extract(text: str, context: Context) -> tuple[list[Statement], list[str]]:
    """Statements and mentions of one entry's plain text, in the order they appear."""
    resolver = Resolver(context)
    context.speakers = []
    context.statement_speaker = ""
    found: list[_Found] = []
    paragraphs = _merge_paragraphs([p for p in text.split("\n\n") if p.strip()])
    offset = 0
    previous_para_last = ""
    for para in paragraphs:
        para = " ".join(para.split())
        quotes = find_quotes(para)
        para_last = ""
        for sentence in _sentences(para, quotes):
            s_text = para[sentence[0] : sentence[1]]
            outside = _mask_quotes(para, quotes)[sentence[0] : sentence[1]]
            base = offset + sentence[0]
            in_sentence: list[_Found] = []

            def add(
                item: _Found, statement: bool = False, bucket: list[_Found] = in_sentence
            ) -> None:
                nonlocal para_last
                found.append(item)
                bucket.append(item)
                context.speakers.append(item.speaker)
                resolver.learn(item.speaker)
                para_last = item.speaker
                if statement:
                    context.statement_speaker = item.speaker

            mentions_statement = bool(re.search(r"\bstatement\b", s_text))
            m = _REPORTED.search(outside)
            if m and not _inside(m.start("who") + sentence[0], quotes):
                who = resolver.speaker(m["who"])
                clause = _clean_quote(s_text[m.start("clause") : m.end("clause")])
                if who and len(clause.split()) >= 3:
                    add(_Found(base + m.start(), who, clause, "reported"), mentions_statement)
            elif a := _ACCORDING_REPORTED.search(outside.strip()):
                who = resolver.speaker(a["who"])
                if who:
                    lead = len(outside) - len(outside.lstrip())
                    clause = _clean_quote(s_text[lead : lead + a.end("clause")])
                    add(_Found(base, who, clause, "reported"), mentions_statement)
            for quote in quotes:
                if not sentence[0] <= quote.start < sentence[1]:
                    continue
                last = para_last or (previous_para_last if quote.start == 0 else "")
                who = _attribute_quote(para, quote, sentence, resolver, last)
                if who and len(quote.text.split()) >= 2:
                    direct = _Found(offset + quote.start, who, _clean_quote(quote.text), "direct")
                    add(direct, mentions_statement)
            p = _PARTICIPLE_REPORTED.search(outside)
            subject = in_sentence[-1].speaker if in_sentence else para_last
            if p and subject:
                clause = _clean_quote(s_text[p.start("clause") : p.end("clause")])
                if len(clause.split()) >= 3:
                    add(_Found(base + p.start(), subject, clause, "reported"))
        offset += len(para) + 2
        previous_para_last = para_last
    statements = [
        Statement(
            speaker=f.speaker, speaker_slug=_slug(context, f.speaker), quote=f.quote, kind=f.kind
        )
        for f in sorted(found, key=lambda f: f.position)
    ]
    spoken = {s.speaker for s in statements}
    mentions = [m for m in mentions_in(text, resolver) if m not in spoken]
    return _dedupe(statements), mentions


def _slug(context: Context, name: str) -> str:
    speaker = context.registry.lookup(name, context.when)
    return speaker.slug if speaker else slugify(name)


def _dedupe(statements: Iterable[Statement]) -> list[Statement]:
    return list(dict.fromkeys(statements))


def _mask_quotes(text: str, quotes: list[Quote]) -> str:
    """The text with quoted spans blanked, so patterns never read inside a quotation."""
    chars = list(text)
    for q in quotes:
        for k in range(q.start, min(q.end, len(chars))):
            chars[k] = "\x00" if k in (q.start, q.end - 1) else " "
    return "".join(chars).replace("\x00", '"')


def _inside(position: int, quotes: list[Quote]) -> bool:
    return any(q.start < position < q.end for q in quotes)


def _names_in(text: str) -> list[str]:
    return [m.group(0) for m in re.finditer(NAME, text)]


def mentions_in(text: str, resolver: Resolver) -> list[str]:
    """People named in the text: registry names and aliases, titled names ("Defense
    Minister Sergey Shoigu"), and full names the event has already shown to be people."""
    registry = resolver.context.registry
    found: dict[str, int] = {}
    masked = text
    for quote in find_quotes(text):
        masked = masked[: quote.start] + " " * (quote.end - quote.start) + masked[quote.end :]
    for m in re.finditer(NAME, masked):
        raw = m.group(0)
        if raw.split()[0].casefold() in _NOT_NAMES and len(raw.split()) > 1:
            raw = " ".join(raw.split()[1:])
        if raw.endswith(("'s", "’s")):
            raw = raw[:-2]
        name = ""
        when = resolver.context.when
        if speaker := registry.lookup(raw, when) or registry.lookup(_strip_titles(raw), when):
            name = speaker.name
        else:
            stripped = _strip_titles(raw)
            titled = stripped != raw
            if (titled or fold(stripped) in _known(resolver)) and _is_person_like(stripped):
                if len(stripped.split()) > 1:
                    name = stripped
                else:
                    name = resolver.context.surnames.get(fold(stripped), "")
        if name:
            found.setdefault(name, m.start())
    return sorted(found, key=found.__getitem__)


def _known(resolver: Resolver) -> set[str]:
    return {fold(n) for n in resolver.context.surnames.values()} | set(resolver.context.surnames)
