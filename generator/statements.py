"""Who said what: statements and mentions from an entry's text, by the rules news copy
follows. Pure: text and what is already known in, records out.

Patterns read (``X`` a name, a registry alias, a role with its holder's name, or a pronoun
resolved to the nearest speaker before it in the entry):

- direct: ``"...," X said`` · ``"...," said (the NATO chief) X`` · ``X said: "..."`` ·
  ``X posted on X: "..."`` · ``"...", according to X`` · ``X's press secretary, Y, has
  said`` (Y speaks, X is mentioned) · a blockquote after ``X said:`` · a further quote in
  the same paragraph (or a paragraph that is only a quote) continues the last speaker when
  nobody else spoke in between · quotations over several paragraphs; straight, curly,
  guillemets, „German“ and PTB ``...'' marks;
- reported: ``X said/says (that) ...`` · ``X told/assured (someone) that ...`` · ``...,
  according to X`` · ``..., X said`` · ``..., adding that ...`` (the sentence's speaker) ·
  German ``X sagte, ...`` and ``erklärte, dass ...``.

Quoted fragments of one to three words inside the writer's own sentence are not statements
(scare quotes, "'combating terrorism,' the statement declared"); inside a reported clause
they are part of it. A quote whose speaker cannot be named ("the two leaders", an unknown
surname, an unnamed official) yields nothing: never guessed. People named but not quoted
are mentions. The rules are measured against hand annotations: bench/statements/.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from generator.ids import slugify
from generator.model import Statement
from generator.patterns import lazy as _lazy
from generator.registry import Registry, fold

# --- vocabulary -----------------------------------------------------------------------


def _first_letters(words: str) -> dict[str, list[str]]:
    """The words of ``words`` ("said|says|...", each a pattern opening with a plain
    letter) by first letter, each letter's rests in their order."""
    rests: dict[str, list[str]] = {}
    for word in words.split("|"):
        assert word[:1].isalpha(), word
        rests.setdefault(word[0], []).append(word[1:])
    return rests


def _one_of(words: str) -> str:
    """``(?:words)`` grouped by first letter (``p(?:resident|rime minister)|m(?:inister)``).
    It matches what ``(?:words)`` matches, trying the same words in the same order at
    each position (two words with different first letters never both match at one), but
    a position where none begins costs one test per letter, not one per word: the
    patterns below try these lists at nearly every position of a sentence."""
    return "(?:" + "|".join(f"{c}(?:{'|'.join(r)})" for c, r in _first_letters(words).items()) + ")"


_SAY = (
    "said|says|say|added|adds|noted|notes|told|tells|stressed|stresses|assured|assures|"
    "declared|declares|stated|states|explained|explains|insisted|insists|warned|warns|"
    "wrote|writes|tweeted|tweets|posted|announced|announces|claimed|claims|argued|argues|"
    "continued|continues|replied|replies|responded|responds|commented|comments|urged|urges|"
    "admitted|admits|confirmed|confirms|acknowledged|acknowledges|suggested|suggests|"
    "concluded|remarked|recalled|recalls|pointed out|points out|went on|goes on|"
    "emphasised|emphasized|emphasises|emphasizes|reiterated|reiterates|maintained|"
    "maintains|predicted|predicts|vowed|vows|promised|promises|conceded|concedes|observed|"
    "signs off|signed off|hit back|hits back|revealed|reveals|disclosed|discloses|"
    # German
    "sagt|sagte|sagten|erklärt|erklärte|betont|betonte|bekräftigt|bekräftigte|schrieb|"
    "schreibt|warnt|warnte|teilte mit|fügte hinzu|meinte|meint"
)
_AUX = rf"(?:{_one_of('has|have|had|also|further|later|earlier|then|once|previously|just')}\s+)*"
VERB = rf"{_AUX}{_one_of(_SAY)}\b"
_PARTICIPLES = (
    "adding|saying|noting|stressing|stating|insisting|warning|explaining|declaring|"
    "arguing|telling|claiming|emphasising|emphasizing|reiterating|writing|suggesting"
)
_THAT = r"(?:that|dass|how)"
# lowercase words inside a name ("Ursula von der Leyen", "Bashar al-Assad")
_PARTICLE_WORDS = "al|el|bin|ibn|abu|ben|de|da|di|du|van|von|der|den|la|le|dos|das|del|zu"
_PARTICLES = _one_of(_PARTICLE_WORDS)
_TOKEN = rf"(?:(?:{_PARTICLES}-)?[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’-]*[\w]|(?:[A-Z]\.){{1,3}}(?=\s))"
_NAME_WORDS = 5  # the most capitalised words a name is read as (more: _cut_short)
NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLES}\s+){{0,2}}{_TOKEN}){{0,{_NAME_WORDS - 1}}}"
# verbs that take a bare clause ("Pursglove says the figures are ...")
_CLAUSE_SAY = (
    "said|says|warned|warns|revealed|reveals|announced|announces|indicated|"
    "indicates|signalled|signaled"
)
_CLAUSE_SAY_MORE = (
    "claimed|claims|insisted|insists|argued|argues|added|adds|believes|"
    "suggested|suggests|stressed|stresses|noted|notes|confirmed|confirms|"
    "sagt|sagte|erklärt|erklärte|betont|betonte|bekräftigt|bekräftigte"
)
_CLAUSE_VERB = (
    rf"{_AUX}(?:{_one_of(_CLAUSE_SAY)}|"
    rf"(?:told|tells)\s+{NAME}(?=\s+(?:he|she|they|it|that|there|the|his|her|its)\b)|"
    rf"{_one_of(_CLAUSE_SAY_MORE)})"
)
_ROLE_NOUNS = (
    "president|prime minister|minister|secretary|spokesman|spokeswoman|spokesperson|"
    "chancellor|leader|chief|ambassador|envoy|mayor|governor|king|queen|pope|premier|"
    "press secretary|foreign minister|defence minister|defense minister|general|commander|"
    "commissioner|chair|chairman|chairwoman|director|head"
)
# A word and the spaces after it, possessive: giving back a letter or a space never lets
# what follows match (it needs a space, or a word), so it is never tried.
_WORD_AND_SPACE = r"[\w'’-]++\s++"
_ROLE_NOUN = _one_of(_ROLE_NOUNS)
_ROLE = rf"the\s+(?:{_WORD_AND_SPACE}){{0,4}}?{_ROLE_NOUN}\b"
_PRONOUN = r"(?:he|she|He|She|er|Er)\b"
_POSSESSIVE = rf"{NAME}['’]s\s+[a-z][\w\s-]{{1,60}}?,\s*{NAME}"
# "Nato chief Jens Stoltenberg", "councillor Margaret Clarke": lowercase role words
_TITLED = rf"(?:{NAME}\s+)?(?:[a-z][\w-]*+\s++){{1,3}}(?={_TOKEN}\s+{_TOKEN}){NAME}"
_SPEAKER = rf"(?:{_POSSESSIVE}|{NAME}|{_ROLE}(?:\s+{NAME})?|{_TITLED}|{_PRONOUN})"
# ", spokesman for the rebel High Negotiations Committee," and PTB " , ... , "
_APPOS = (
    r"(?:\s*\([^()]{1,40}\)"
    r"|\s*,\s*who\s+[^,\"“”„«»]{1,100}?(?=\s+(?:has\s+|had\s+)?(?:said|says|indicated)\b)"
    r"|\s*,[^,\"“”„«»]{1,120}?\s*,"
    r"|\s*,\s*(?:[\w'’-]+\s+){1,3}(?:of|for|at)\s+[^,\"“”„«»:]{1,50}?(?=\s+(?:said|says)\b))?"
)

TITLES = {
    "president", "prime", "minister", "foreign", "defence", "defense", "secretary",
    "chancellor", "senator", "governor", "general", "gen", "col", "colonel", "lt", "captain",
    "capt", "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "judge", "justice", "rep",
    "sen", "gov", "mayor", "chief", "commander", "ambassador", "spokesman", "spokeswoman",
    "spokesperson", "deputy", "vice", "home", "health", "interior", "finance", "labour",
    "labor", "tory", "conservative", "democrat", "democratic", "republican", "press", "state",
    "first", "opposition", "leader", "chairman", "chairwoman", "chair", "ceo", "director",
    "professor", "prof", "archbishop", "bishop", "sheikh", "emir", "crown", "supreme",
    "ayatollah", "marshal", "admiral", "officer", "inspector", "detective", "superintendent",
    "constable", "sergeant", "mp", "cllr", "councillor", "commissioner", "police", "crime",
    "and", "shadow", "junior", "immigration", "business", "transport", "education",
    "culture", "environment", "security", "nato", "eu", "un", "us", "uk", "reporter",
    "correspondent", "editor", "analyst", "expert", "secretary-general",
    # British police ranks as abbreviated in copy ("CSI Hall", "PC Smith")
    "pc", "dc", "ds", "dci", "dcs", "sgt", "insp", "supt", "csi",
}  # fmt: skip
_TITLE_SUFFIXES = (
    "general", "minister", "ministerin", "sprecher", "sprecherin", "präsident", "präsidentin",
    "chef", "chefin", "kanzler", "kanzlerin",
)  # fmt: skip
_NOT_NAMES = {
    "the", "this", "that", "these", "those", "it", "in", "on", "at", "but", "and", "or",
    "however", "meanwhile", "earlier", "later", "today", "yesterday", "tonight", "he", "she",
    "they", "we", "i", "you", "a", "an", "our", "his", "her", "their", "its", "there",
    "here", "when", "while", "if", "as", "after", "before", "asked", "speaking", "according",
    "so", "then", "now", "what", "who", "why", "how", "for", "with", "from", "by", "of",
    "not", "no", "yes", "all", "some", "many", "one", "two", "both", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "update", "breaking", "live",
    "also", "still", "just", "even", "my", "me", "us", "him", "them", "your", "mine", "q",
    "mr", "mrs", "ms", "der", "die", "das", "ein", "eine", "er", "sie", "es", "wir", "ich",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "well", "sir", "madam", "oh", "thank", "thanks",
    "please", "good", "great", "every", "each", "any", "more", "most", "last", "next",
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
    "station", "channel", "tv", "radio", "observatory", "monitor", "daily", "mail",
    "telegraph", "independent", "sun", "mirror", "express", "journal", "twitter", "facebook",
    "instagram", "telegram", "x", "gb", "sky", "cnn", "fox", "nbc", "abc", "cbs", "ap", "afp",
    "nasa", "nato", "eu", "un", "who", "lga", "itv", "council's", "east", "west",
    "north", "south", "eastern", "western", "northern", "southern", "middle", "europe",
    "european", "america", "american", "africa", "asia", "russia", "russian", "ukraine",
    "ukrainian", "syria", "syrian", "britain", "british", "england", "english", "france",
    "french", "germany", "german", "china", "chinese", "israel", "israeli", "iran", "iranian",
    "egypt", "egyptian", "gaza", "moscow", "kyiv", "london", "washington", "geneva", "ministers",
    "minister's", "day", "week", "year", "election", "war", "live", "updates", "bill", "act",
    "labour", "conservatives", "tories", "democrats", "republicans", "hamas", "hezbollah",
}  # fmt: skip


_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", "‘": "’", "``": "''", "»": "«", "‚": "‘"}
_OPENERS = ('"', "“", "«", "„", "``", "»")
_MIXED = {'"': ("”",), "”": ('"',)}
# where a quote may open: ``, or one of these marks (copy that opens with one style and
# closes with another); a lone backtick is none
_MARK = _lazy(r"[\"“«„»‘`]")
_DOUBLE_MARK = _lazy(r"[\"“«„»]|``")  # text with one reads ‘ as an apostrophe
# a mark not after a capital ("U.S."); the look-behind follows the mark so that the scan
# jumps from mark to mark: (?<![A-Z].) there is (?<![A-Z]) before it
_SENTENCE_END = _lazy(r"[.!?](?<![A-Z].)[\"”’»]?(?=\s+[\"“‘„(A-ZÄÖÜ0-9]|\s*$)")
_MIN_WORDS = 4  # fewer words quoted inside the writer's sentence: a fragment, not a statement

# a speaker's name starts a word, and not just after a preposition: in "a priest in
# Sunderland said", "the MP for Sunderland Central said", the name is a place ("From
# Gordon Brown, the former Labour PM:" introduces a post, so "from" is not one of them)
_WORD_START = (
    r"(?:^|(?<=[\s(\[]))"
    r"(?<!\b[Ii]n\s)(?<!\b[Aa]t\s)(?<!\bof\s)(?<!\bfor\s)(?<!\b[Nn]ear\s)"
)
_POST_NAME_VERB = _lazy(rf"^[\s,.]*(?:[-–—]\s*)?(?P<who>{_SPEAKER}){_APPOS},?\s+{VERB}")
_POST_VERB_NAME = _lazy(
    rf"^[\s,.]*(?:{VERB}|so)\s+(?:[\w'’.-]+\s+){{0,6}}?(?P<who>{NAME})"
    rf"(?=\s*(?:[,.;:!?]|$|\s+(?:in|on|at|during|after|before|when|while|to|of|as|from|"
    rf"told|who|im|am|in|auf|bei|gegenüber)\b))"
)
_POST_ACCORDING = _lazy(rf"^[\s,.]*according\s+to\s+(?P<who>{_SPEAKER})")
_POST_STATEMENT = _lazy(rf"^[\s,.]*the\s+(?:same\s+)?statement\s+{VERB}", re.I)
_PRE_NAME_VERB = _lazy(
    rf"{_WORD_START}(?P<who>{_SPEAKER}){_APPOS},?\s+{VERB}"
    rf"(?P<mid>[^\"“”„.]{{0,80}}?)\s*(?:[:,]|\s+{_THAT})?\s*$"
)
_PRE_COLON = _lazy(
    rf"{_WORD_START}(?P<who>{_SPEAKER}){_APPOS}[^.:\"“”„]{{0,120}}?:\s*$"
)  # "X of the Daily Mail recalled:", "X posted on X:", "X signs off:"
_PRE_PARTICIPLE = _lazy(rf",?\s*{_one_of(_PARTICIPLES)}(?:\s+{_THAT})?[\s:,]*$")
_ACCORDING_IN = _lazy(
    rf"according\s+to\s+(?:(?:a|the|his|her)\s+)?(?:(?:statement|remarks|comments|"
    rf"interview)\s+(?:made|issued|released|given|published)?\s*(?:by\s+)?)?"
    rf"(?P<who>{_SPEAKER})"
)
# Words that open no reported clause after a verb of saying
_NOT_AFTER_VERB = _one_of(
    "he|she|they|we|i|it|you|has|have|had|is|are|was|were|will|would|can|could|should|may|"
    "might|must|does|did|do"
)
_NOT_A_CLAUSE = _one_of(
    f"{_PARTICIPLES}|in|on|at|to|of|for|with|by|from|as|after|before|during|about|sorry|"
    r"goodbye|thanks|thank|yes|no|nothing|so|hello|it\s+was|this\s+week|last|earlier|"
    "later|yesterday|today|on|when|while|if|what|how|why|whether|statement|monday|"
    "tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|"
    "june|july|august|september|october|november|december|reporters|journalists"
)
_CLAUSE_END = rf"(?=\s*[.!?](?:\s|$)|,\s+{_one_of(_PARTICIPLES)}\b|;|\s*$)"
_REPORTED_THAT = _lazy(
    rf"{_WORD_START}(?P<who>{_SPEAKER}){_APPOS},?\s+{VERB}"
    rf"(?:\s+(?!{_NOT_AFTER_VERB}\b)[\w'’-]+){{0,4}}?"
    rf"(?:,[^,\"“”„]{{1,80}},)?,?\s+{_THAT}\s+"
    rf"(?P<clause>.+?){_CLAUSE_END}"
)
_REPORTED_BARE = _lazy(
    rf"{_WORD_START}(?P<who>{_SPEAKER}){_APPOS},?\s+{_CLAUSE_VERB},?\s+"
    rf"(?P<clause>(?!{_NOT_A_CLAUSE}\b)"
    rf"(?:[a-zäöüß0-9£$€]|I\b|er\b|(?<!,\s)[A-Z](?=\S*(?:\s+\S+){{3}}))[^:]+?){_CLAUSE_END}",
)
_WHO_SAID = _lazy(
    rf"(?P<who>{_SPEAKER}),\s+who\s+(?:has\s+|had\s+)?(?:said|says|added|warned|told\s+{NAME})"
    rf"\s+(?:{_THAT}\s+)?(?P<clause>(?:[a-z0-9£$€]|I\b)[^:]+?){_CLAUSE_END}"
)
_AND_SAID = _lazy(
    rf"(?P<who>){_APPOS}\b(?:and|but)\s+(?:also\s+)?(?:said|says|added|told\s+{NAME})\s+"
    rf"(?:{_THAT}\s+)?(?P<clause>(?:[a-z0-9£$€]|I\b)[^:]+?){_CLAUSE_END}"
)
# what may follow the verb of "..., X said" to the sentence's end
_AFTER_VERB = (
    rf"(?:\s+[^,.]{{0,100}})?(?:,\s*{_one_of(_PARTICIPLES)}\b[^\"“”„]*)?"
    rf"(?:,\s*[\w\s]{{1,30}}?\s+(?:reports|reported|said))?\s*[.!?]?\s*$"
)
_REPORTED_AFTER = _lazy(
    rf"^(?![\"“„«])(?P<clause>.{{12,}}?)\s*,\s*(?P<who>{_SPEAKER}){_APPOS},?\s+"
    rf"(?!(?:writes|wrote|reports|reported)\b){VERB}{_AFTER_VERB}"
)
# _REPORTED_AFTER's verb and end, tried alone at each verb of saying: when none ends the
# sentence so, the whole pattern is not tried (on a long sentence it backtracks through
# every clause, speaker and apposition it could read before failing at the end). It
# accepts what _AFTER_VERB accepts; its possessive runs only spare it retrying shorter
# ones, which can never help (a masked quote is a long run of spaces).
_VERB_TO_END = _lazy(
    rf"{_one_of(_SAY)}\b"
    rf"(?:\s++[^,.]{{0,100}}+)?(?:,\s*{_one_of(_PARTICIPLES)}\b[^\"“”„]*)?"
    rf"(?:,\s*[\w\s]{{1,30}}?\s+(?:reports|reported|said))?\s*+[.!?]?\s*+$"
)
_PARTICIPLE_REPORTED = _lazy(
    rf",\s*{_one_of(_PARTICIPLES)}\s+(?:{_THAT}\s+)?(?!(?:{_THAT}|what|why|when|where|whether|"
    rf"who|which)\b)(?P<clause>(?:[a-zA-Z\"“„]).+?)"
    rf"{_CLAUSE_END}"
)
_ACCORDING_REPORTED = _lazy(
    rf"^(?P<clause>[^\"“”„]{{12,}}?),\s*according\s+to\s+(?:(?:a|the)\s+)?"
    rf"(?:statement\s+(?:made\s+|issued\s+)?by\s+)?(?P<who>{_SPEAKER})"
)
_POSSESSIVE_ROLE = _lazy(rf"^(?P<owner>{NAME})['’]s\s+[\w\s-]{{2,60}}?,\s*(?P<who>{NAME}),?$")
_ROLE_THEN_NAME = _lazy(rf"^(?:{_ROLE}|(?:\w+['’]s\s+)?[\w\s-]*?)\s+(?P<who>{NAME})$")
# what a person does when the next "he said" is theirs
_SPEECH_ACTS = (
    "objected|lauded|praised|welcomed|criticised|criticized|condemned|called|defended|"
    "denied|rejected|accused|spoke|speaking|appeared|thanked|hailed|blamed|attacked|asked|"
    "being\\s+interviewed|interviewed|questioned|addressed|pledged|promised|vowed|apologised|"
    "apologized|branded|described|dismissed|challenged|repeated|told"
)
_SAY_OR_ACT = _one_of(f"{_SAY}|{_SPEECH_ACTS}")
_SUBJECT = _lazy(
    rf"^\s*(?:(?:On|At|In|Earlier|Later|Meanwhile|But|And)\b[^,]{{0,60}},\s*)?"
    # "Ukrainian president, Volodymyr Zelenskiy, on Monday lauded ..."
    rf"(?:(?:the\s+)?(?:{_WORD_AND_SPACE}){{0,3}}?{_ROLE_NOUN},\s+(?=[A-Z]))?"
    rf"(?P<who>{_POSSESSIVE}|{NAME}|{_ROLE}(?:\s+{NAME})?)(?={_APPOS},?"
    rf"(?:\s+(?:has|had|have|also|then|later|was|is|on\s+\w+))*\s+{_SAY_OR_ACT}\b)"
)
_SAY_WORD = _lazy(  # \b(?:said|says|...|believes)\b
    r"\b"
    + _one_of(
        f"{_SAY}|revealed|reveals|announced|announces|indicated|indicates|signalled|signaled|"
        "believes"
    )
    + r"\b"
)
# _SUBJECT's verb when the sentence has none of _SAY_WORD
_SPEECH_ACT = _lazy(rf"\s{_one_of(_SPEECH_ACTS)}\b")
_SPEAKER_START = _lazy(
    r"(?<![\w'’-])(?:[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ]|(?:the|he|she|er|al|el|bin|ibn|abu|van|von|de)\b)"
)
_REACH = 260  # the longest speaker phrase with its apposition, in characters
_ROLE_HINT = _lazy(rf"\b{_ROLE_NOUN}\b", re.I)
_ANOTHER_VOICE = _lazy(r"\b(?:quoted|asking|asked|quoting|cited|citing)\b")
_OTHER_VOICE = _lazy(rf"{_WORD_START}(?P<who>{_SPEAKER}){_APPOS},?\s+{VERB}")

# Cheap tests of words a costly pattern cannot match without: most sentences lack them.
_THAT_HINT = _lazy(rf"\s{_THAT}\s")  # _REPORTED_THAT
_WHO_HINT = _lazy(r",\s+who\s")  # _WHO_SAID
# _REPORTED_BARE: a verb with a clause after it ("Petrov said." and "said:" have none)
_BARE_HINT = _lazy(
    rf"{_one_of(f'{_CLAUSE_SAY}|{_CLAUSE_SAY_MORE}')},?\s+[a-zäöüß0-9£$€A-Z]|(?:told|tells)\s"
)
_AND_SAID_HINT = _lazy(r"\b(?:and|but)\s+(?:also\s+)?(?:said|says|added|told)\s")
_REPORTED_AT_STARTS = (  # tried in this order at a speaker's possible starts, with hints
    (_REPORTED_THAT, _THAT_HINT),
    (_REPORTED_BARE, _BARE_HINT),
    (_WHO_SAID, _WHO_HINT),
)
_STATEMENT = _lazy(r"\bstatement\b")
_VERB_AT_END = _lazy(rf"{VERB},?\s*$")
_SAY_LONGEST = max(len(word) for word in _SAY.split("|"))
_PRONOUN_ONLY = _lazy(_PRONOUN)  # used with fullmatch
_NAME = _lazy(NAME)
_CAPITAL = _lazy(r"[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ]")  # where a _TOKEN starts, unless after a particle
# NAME where it starts at a capital, written to begin with the capital so that a search
# jumps from capital to capital: the first _TOKEN's two readings after their first letter
_NAME_FROM_CAPITAL = (
    rf"[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ](?:[\w'’-]*[\w]|(?<=[A-Z])\.(?:[A-Z]\.){{0,2}}(?=\s))"
    rf"(?:\s+(?:{_PARTICLES}\s+){{0,2}}{_TOKEN}){{0,{_NAME_WORDS - 1}}}"
)
_NAME_AT_CAPITAL = _lazy(_NAME_FROM_CAPITAL)
_HYPHEN = _lazy("-")
_WORD = _lazy(r"\w+")
_ARTICLE = _lazy(r"^(?:the|a|an)\s+")
_OWNER = _lazy(r"^[\w-]+['’]s\s+")


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
    people: set[str] = field(default_factory=set)  # everyone who spoke so far in the event
    named: list[str] = field(default_factory=list)  # people the entry has named so far
    roles: dict[str, str] = field(default_factory=dict)  # "prime minister" -> who holds it
    first_named: str = ""  # the first person named in the latest sentence naming anyone
    when: date | None = None  # the entry's date, for aliases that name someone for a time
    # The registry's answers (Resolver._lookup) and the names learnt (Resolver.learn), by
    # name and date (an alias may name someone for a time): an event names its people
    # again and again, entry after entry. The registry is the context's for its life.
    asked: dict[tuple[str, date | None], str] = field(default_factory=dict)
    learnt: set[tuple[str, date | None]] = field(default_factory=set)


# --- quotes ---------------------------------------------------------------------------


def find_quotes(text: str) -> list[Quote]:
    """Quoted spans at the outermost level: straight, curly, guillemets, PTB ``...''."""
    quotes: list[Quote] = []
    if not _MARK.search(text):
        return quotes  # the common paragraph: no mark at all
    has_double = _DOUBLE_MARK.search(text) is not None
    i = 0
    n = len(text)
    while i < n:
        # jump to the next mark that could open a quote: the text between costs nothing
        found = _MARK.search(text, i)
        if found is None:
            break
        i = found.start()
        if text[i] == "`" and not text.startswith("``", i):
            i += 1  # a lone backtick
            continue
        c = text[i]
        closer = ""
        width = 1
        if text.startswith("``", i):
            closer, width = "''", 2
        elif c == '"':
            closer = '"'
        elif c in "“«„»":
            closer = _OPEN_CLOSE[c]
        elif c == "‘" and not has_double and (i == 0 or not text[i - 1].isalnum()):
            closer = "’"
        if not closer:
            i += 1
            continue
        j = i + width
        closers = (closer, *_MIXED.get(closer, ()))
        while True:
            hits = [k for k in (text.find(c, j) for c in closers) if k >= 0]
            j = min(hits) if hits else -1
            if j < 0:
                break
            closer = next(c for c in closers if text.startswith(c, j))  # '' is two marks
            if closer == "’" and j + 1 < n and text[j + 1].isalpha():
                j += 1  # an apostrophe inside a ‘...’ quote is not its end
                continue
            break
        if j < 0:
            # an opening mark never closed: the quote runs to a following straight mark
            # (copy mixes styles) or to the end of the paragraph
            k = text.find('"', i + width) if closer != '"' else -1
            end = k + 1 if k >= 0 else n
            quotes.append(Quote(i, end, text[i + width : end - (1 if k >= 0 else 0)].strip()))
            i = end
            continue
        quotes.append(Quote(i, j + len(closer), text[i + width : j].strip()))
        i = j + len(closer)
    return [q for q in quotes if q.text]


def _clean(text: str) -> str:
    text = " ".join(text.split())
    return text.strip(" ,;:").rstrip(",")


# --- names ----------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _strip_titles(name: str) -> str:
    tokens = name.split()
    while len(tokens) > 1:
        head = tokens[0].rstrip(".").casefold()
        nxt = tokens[1].rstrip(".").casefold()
        if (
            head in TITLES
            or head.endswith(_TITLE_SUFFIXES)
            or (head.endswith(("'s", "’s")) and nxt in TITLES)  # "Turkey's Interior Minister"
            or (head.endswith(("ian", "ese", "ish", "an", "-")) and nxt in TITLES)
            or ("-" in head and head.split("-")[-1].endswith(_TITLE_SUFFIXES))
        ):
            tokens.pop(0)
            continue
        break
    while len(tokens) > 1 and tokens[-1].rstrip(".").casefold() in (
        "mbe",
        "obe",
        "cbe",
        "mp",
        "kc",
        "qc",
    ):
        tokens.pop()
    return " ".join(_after_role(tokens))


_NAME_PARTICLES = frozenset(_PARTICLE_WORDS.split("|"))
# roles written before a name that TITLES lacks: "DUP MLA", "ACC", "Speaker"
_MORE_ROLES = {"mla", "msp", "mep", "acc", "dcc", "pcc", "speaker"}


# before a first name alone, these name a knight or a dame ("Sir Keir", "Dame Diana")
_HONORIFICS = frozenset({"sir", "dame", "lord", "lady"})
# after these a name is a place ("the MP for Sunderland Central"), not who is meant
_PLACE_BEFORE = frozenset({"in", "at", "of", "for", "near"})


def _cut_short(words: list[str]) -> bool:
    """Whether a name may go on past these words: a pattern takes ``_NAME_WORDS``
    capitalised words at most (NAME), so "Metropolitan Police Commissioner Sir Mark" may
    be the start of "... Sir Mark Rowley appeared to ...", whose "Sir Mark" is no
    speaker."""
    run = 0
    for word in reversed(words):
        if not word[:1].isupper():
            break
        run += 1
    return run >= _NAME_WORDS


def _after_role(tokens: list[str]) -> list[str]:
    """The name after the last word of a role written before it: "Reform UK leader Nigel
    Farage", "Sunderland Central MP Lewis Atkinson", "EDL founder Tommy Robinson". Without
    it each way of introducing someone was a speaker of its own, beside the plain name.
    Kept whole when what follows is not a name of two words or more, or when "and" joins
    two people."""
    cut = -1
    for i, token in enumerate(tokens):
        word = token.rstrip(".,").casefold()
        if word in ("and", "und", "&"):
            return tokens
        if word in _NAME_PARTICLES or word.split("-")[0] in _NAME_PARTICLES:
            continue
        if (
            token[:1].islower()
            or word in TITLES
            or word in _MORE_ROLES
            or word.endswith(_TITLE_SUFFIXES)
        ):
            cut = i
    tail = tokens[cut + 1 :]
    if len(tail) == 1 and cut > 0 and tokens[cut].casefold() in _HONORIFICS:
        return tail  # "policing minister Dame Diana": a first name, a knight's or a dame's
    if (
        cut < 0
        or tokens[cut].casefold() in _PLACE_BEFORE
        or len(tail) < 2
        or not tail[0][:1].isupper()
        or not tail[-1][:1].isupper()
        or tail[-1].casefold() in _NAME_PARTICLES  # "... Ursula Von", cut short of "der Leyen"
    ):
        return tokens
    return tail


@lru_cache(maxsize=65536)
def _is_person_like(name: str) -> bool:
    tokens = name.split()
    if not tokens or tokens[0].casefold() in _NOT_NAMES:
        return False
    if tokens[0].rstrip(".").casefold() in ("st", "saint") or any(
        t.endswith(("'s", "’s")) for t in tokens[:-1]
    ):
        return False  # "St George's Hall": a place, whose "Hall" is nobody's surname
    return not any(t.strip("'’.").casefold() in _ORG_WORDS for t in tokens)


class Resolver:
    """Turns the words that name a speaker into a canonical name, or refuses."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def _lookup(self, name: str) -> str:
        """The registry's name for ``name`` on the entry's date, or ''; remembered in the
        context."""
        context = self.context
        found = context.asked.get((name, context.when))
        if found is None:
            speaker = context.registry.lookup(name, context.when)
            found = context.asked[name, context.when] = speaker.name if speaker else ""
        return found

    def _lookup_either(self, raw: str, untitled: str) -> str:
        """The registry name for ``raw`` or, failing that, for ``untitled`` (``raw`` without
        its titles): one look-up when they are the same, as they mostly are."""
        return self._lookup(raw) or (self._lookup(untitled) if untitled != raw else "")

    def canonical(self, raw: str) -> str:
        """A registry name, a full name seen before, a full name as written, or ''."""
        raw = raw.strip().strip(",").strip()
        if not raw:
            return ""
        if found := self._lookup(raw):
            return found
        if raw.casefold().startswith("the ") and (found := self._lookup(raw[4:])):
            return found
        if self.context.roles and (role := self.context.roles.get(_role_key(raw))):
            return role  # "the prime minister" after "UK's prime minister, Rishi Sunak,"
        if ("'" in raw or "’" in raw) and (m := _POSSESSIVE_ROLE.match(raw)):
            return self.canonical(m["who"])
        name = _strip_titles(raw)
        if name != raw and (found := self._lookup(name)):
            return found
        if not _is_person_like(name):
            m = _ROLE_THEN_NAME.match(raw)
            if m and m["who"] != raw and _is_person_like(_strip_titles(m["who"])):
                before = raw[: m.start("who")].split()
                if not (before and before[-1].casefold() in _PLACE_BEFORE):
                    return self.canonical(m["who"])
            return ""
        if len(name.split()) == 1:
            if found := self._spoken(name) or self.context.surnames.get(fold(name), ""):
                return found
            words = raw.split()
            if len(words) > 1 and words[-2].casefold() in _HONORIFICS and not _cut_short(words):
                return self._by_first_name(name)  # "Sir Keir" after "Keir Starmer"
            return ""
        if self._seat(raw, name):
            return ""
        folded = " " + fold(name)
        for full in self.context.surnames.values():
            known = " " + fold(full)
            # "Von der Leyen" after "Ursula von der Leyen", and "Sunderland Central Lewis
            # Atkinson" (from "Labour MP for ...") after "Lewis Atkinson"
            if known != folded and (
                known.endswith(folded) or (folded.endswith(known) and " and " not in folded)
            ):
                return full
        return name

    def _seat(self, raw: str, name: str) -> bool:
        """ "The Sunderland Central MP told ...": a seat, not a person called Sunderland
        Central, unless the words before "MP" name someone quoted in the event already."""
        if not raw.endswith(" MP"):
            return False
        folded = fold(name)
        return all(fold(person) != folded for person in self.context.people)

    def _spoken(self, surname: str) -> str:
        """The one person quoted so far in the event with this surname, or '': before a
        name merely seen ("CSI Hall" is Mark Hall, who spoke, not Liverpool Town Hall)."""
        last = fold(surname)
        spoken = {
            p for p in self.context.people if len(p.split()) > 1 and fold(p.split()[-1]) == last
        }
        return spoken.pop() if len(spoken) == 1 else ""

    def _by_first_name(self, name: str) -> str:
        """The one full name known in the event that begins with ``name``, or ''."""
        first = fold(name)
        known = {full for full in self.context.surnames.values() if fold(full.split()[0]) == first}
        return known.pop() if len(known) == 1 else ""

    def speaker(self, raw: str) -> str:
        """Like ``canonical``; he/she is the nearest speaker before it in the entry."""
        raw = raw.strip()
        if raw.endswith((" She", " He")):
            raw = raw[-3:].strip()  # "... in Bristol She said:", a full stop lost in capture
        if _PRONOUN_ONLY.fullmatch(raw):
            if self.context.speakers:
                return self.context.speakers[-1]  # the latest speaker or sentence subject
            # nobody spoke yet: the person the latest sentence naming anyone opened with
            return self.context.first_named
        return self.canonical(raw)

    def learn(self, name: str) -> None:
        """Remember a full name so that its surname alone resolves later in the event
        (learning it again on the same date changes nothing: it is skipped)."""
        if (name, self.context.when) in self.context.learnt:
            return
        self.context.learnt.add((name, self.context.when))
        tokens = name.split()
        if len(tokens) > 1:
            self.context.surnames.setdefault(fold(tokens[-1]), name)
        if spoken := self.context.registry.lookup(name, self.context.when):
            for alias in (spoken.name, *spoken.aliases):
                if len(alias.split()) == 1:
                    self.context.surnames.setdefault(fold(alias), spoken.name)

    def learn_roles_in(self, text: str) -> None:
        """ "Rishi Sunak, the prime minister," and "UK's prime minister, Rishi Sunak,": the
        role names that person in what follows."""
        if text.count(",") < 2 or (found := _role_appositions(text)) is None:
            return  # the common case (each reading needs two commas), decided cheaply
        if not _ROLE_HINT.search(text):
            return
        for m in found:
            who = self.canonical(m["who"] or m["who2"])
            key = _role_key(m["role"] or m["role2"])
            if who and key and len(who.split()) > 1:
                self.context.roles[key] = who

    def learn_names_in(self, text: str) -> None:
        """Full names a sentence uses ("Tom Pursglove, the immigration minister, ...")."""
        first = ""
        for m in _name_matches(text):
            raw, name, full_name = _name_forms(m.group(0))
            known = self._lookup_either(raw, name)
            if known or full_name:
                full = known or name
                self.learn(full)
                if not first and (not (lead := text[: m.start()].strip()) or _SCENE.match(lead)):
                    first = full  # the sentence's subject, not someone in its object
                if full not in self.context.named:
                    self.context.named.append(full)
        self.context.first_named = first  # only the sentence just before counts


_ROLE_WORDS = rf"(?:{_WORD_AND_SPACE}){{0,4}}?{_ROLE_NOUN}"


# Two readings: "Rishi Sunak, the prime minister," and "UK's prime minister, Rishi Sunak,"
def _name_then_role(name: str) -> str:
    return rf"(?P<who>{name}),\s+(?:the|a|an)\s+(?P<role>{_ROLE_WORDS})\b(?:\s+of\s+[^,]{{1,40}})?,"


_NAME_THEN_ROLE = _name_then_role(NAME)
_ROLE_THEN_NAME_COMMA = (
    rf"(?:the\s+)?(?:{NAME}['’]s\s+)?(?P<role2>{_ROLE_WORDS}),\s+(?P<who2>{NAME}),"
)
_ROLE_APPOSITION = _lazy(rf"{_NAME_THEN_ROLE}|{_ROLE_THEN_NAME_COMMA}")
# Each reading alone, with the other's groups (never set), for text that cannot hold the
# other: a reading is tried at nearly every position, so the scan costs half as much.
_NO_SECOND = r"(?:(?!)(?P<role2>)(?P<who2>))?"
_ROLE_APPOSITION_FIRST = _lazy(rf"{_NAME_THEN_ROLE}{_NO_SECOND}")
_ROLE_APPOSITION_SECOND = _lazy(rf"(?:(?!)(?P<who>)(?P<role>))?{_ROLE_THEN_NAME_COMMA}")
# The first reading opens with a name: where no particle can open one, at a capital
_ROLE_APPOSITION_FIRST_AT_CAPITAL = _lazy(rf"{_name_then_role(_NAME_FROM_CAPITAL)}{_NO_SECOND}")
# What each reading cannot match without, found by a scan far cheaper than the reading's
_FIRST_HINT = _lazy(r",\s+(?:the|a|an)\s+")
_SECOND_HINT = _lazy(rf"{_ROLE_NOUN},")


def _role_appositions(text: str) -> Iterator[re.Match[str]] | None:
    """``_ROLE_APPOSITION.finditer(text)``, ending the scan at the last comma (every match
    ends at a comma, and reads nothing after it), and scanning for a reading only when
    the text holds what it needs; None when it holds neither (most text)."""
    end = text.rfind(",") + 1
    first = _FIRST_HINT.search(text, 0, end) is not None
    second = _SECOND_HINT.search(text, 0, end) is not None
    if first and second:
        return _ROLE_APPOSITION.finditer(text, 0, end)
    if first:
        if text.find("-", 0, end) < 0:
            return _ROLE_APPOSITION_FIRST_AT_CAPITAL.finditer(text, 0, end)
        return iter(_at_name_starts(_ROLE_APPOSITION_FIRST, text, end))
    if second:
        return _ROLE_APPOSITION_SECOND.finditer(text, 0, end)
    return None


@lru_cache(maxsize=4096)
def _role_key(raw: str) -> str:
    """ "The UK's prime minister" and "the prime minister" give "prime minister"."""
    words = _ARTICLE.sub("", raw.strip().casefold())
    words = _OWNER.sub("", words)
    return " ".join(words.split())


# what may stand before a sentence's subject: "At the home affairs committee Diana Johnson"
_SCENE = _lazy(
    r"^(?:At|In|On|During|After|Before|Earlier|Later|Meanwhile|Speaking|Back|Then|And|But)\b"
    r"[^.;:]{0,80}$"
)


@lru_cache(maxsize=65536)
def _name_forms(written: str) -> tuple[str, str, bool]:
    """A name as a pattern found it: without the words before it that name nobody, then
    also without its titles, and whether that is a full name ("Tom Pursglove") of a person
    (names recur, so the answer is remembered)."""
    raw = _trim_name(written)
    name = _strip_titles(raw)
    return raw, name, len(name.split()) > 1 and _is_person_like(name)


@lru_cache(maxsize=65536)
def _trim_name(raw: str) -> str:
    tokens = raw.split()
    while tokens and tokens[0].casefold() in _NOT_NAMES:
        tokens.pop(0)
    name = " ".join(tokens)
    return name[:-2] if name.endswith(("'s", "’s")) else name


# --- extraction -----------------------------------------------------------------------


@dataclass
class _Found:
    position: int
    speaker: str
    quote: str
    kind: str


@dataclass
class _Block:
    text: str
    quoted: bool = False  # a blockquote: the whole block is someone's words


def _sentences(text: str, quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    """Sentence spans whose ends never fall inside a quote."""
    inside = [(q.start, q.end) for q in quotes]
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if inside and any(a < end < b for a, b in inside):
            continue
        spans.append((start, end))  # not blank: it holds the mark that ends it
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


@lru_cache(maxsize=256)
def _quotes(text: str) -> tuple[Quote, ...]:
    """``find_quotes``, remembered: a paragraph is read for quotes when the next one is
    merged with it and again when it is read."""
    return tuple(find_quotes(text))


def _open_at_end(text: str) -> bool:
    quotes = _quotes(text)
    return (
        bool(quotes)
        and quotes[-1].end >= len(text)
        and not text.rstrip().endswith(('"', "”", "»", "''", "“"))
    )


def _merge(blocks: list[_Block]) -> list[_Block]:
    """A quote left open at a paragraph's end continues in the next paragraph that opens
    with a quote mark; consecutive blockquote paragraphs are one quotation."""
    merged: list[_Block] = []
    for block in blocks:
        prev = merged[-1] if merged else None
        if prev and prev.quoted and block.quoted:
            prev.text += " " + block.text
            continue
        if (
            prev
            and not prev.quoted
            and not block.quoted
            and _open_at_end(prev.text)
            and block.text.lstrip().startswith(_OPENERS)
        ):
            body = block.text.lstrip()
            body = body[2:] if body.startswith("``") else body[1:]
            prev.text += " " + body
            continue
        merged.append(_Block(block.text, block.quoted))
    return merged


def _mask(text: str, quotes: Sequence[Quote]) -> str:
    """The text with quoted spans blanked (marks and line breaks kept), so patterns never
    read inside. ``quotes`` are in order and do not overlap, as ``find_quotes`` gives them."""
    pieces = []
    done = 0
    for q in quotes:
        start, end = max(q.start + 1, done), min(q.end, len(text)) - 1
        if start >= end:
            continue
        pieces.append(text[done:start])
        pieces.append("\n".join(" " * len(line) for line in text[start:end].split("\n")))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _pre_colon(text: str, end: int | None = None) -> re.Match[str] | None:
    """``_PRE_COLON`` in ``text[:end]``; it ends at a colon, so text that does not is
    answered without the costly scan."""
    head = text if end is None else text[:end]
    if not head.rstrip().endswith(":"):
        return None
    return _PRE_COLON.search(head)


def _ends_with_verb(lead: str) -> bool:
    """``lead`` ends with a verb of saying (and a comma): only its last word can be it, so
    the search starts there instead of at every position of the lead."""
    start = len(lead.rstrip()) - _SAY_LONGEST - 1  # the longest verb and its comma
    return _VERB_AT_END.search(lead, max(0, start)) is not None


def _speaker_starts(sentence: str, verbs: list[int]) -> list[int]:
    """Word starts that could begin a speaker with a verb of saying (``verbs``, sorted)
    within reach after them: the reported-speech patterns are tried only there (a full
    scan is many times slower)."""
    if verbs[-1] <= _REACH:
        # the usual short sentence: every start before the last verb is in reach of it (and
        # a match that starts before it ends before it: a non-word character precedes it)
        starts = [w.start() for w in _SPEAKER_START.finditer(sentence, 0, verbs[-1])]
    else:
        starts = []
        for w in _SPEAKER_START.finditer(sentence):
            at = w.start()
            i = bisect_right(verbs, at)
            if i < len(verbs) and verbs[i] - at <= _REACH:
                starts.append(at)
    if ":" in sentence:
        return [at for at in starts if _verb_before_colon(sentence, at, verbs)]
    return starts


def _verb_before_colon(sentence: str, at: int, verbs: list[int]) -> bool:
    """Can a speaker starting at ``at`` reach a verb? Its words hold no colon, and its
    apposition holds one only after a comma or an opening parenthesis: so when a colon
    comes first ("Porto Alegre at 20:45 UTC. Officials said"), the verb comes before it."""
    colon = sentence.find(":", at)
    if colon < 0 or sentence.find(",", at, colon) >= 0 or sentence.find("(", at, colon) >= 0:
        return True
    i = bisect_right(verbs, at)
    return i < len(verbs) and verbs[i] < colon


def _reported_after(sentence: str, verbs: list[int]) -> re.Match[str] | None:
    """ "..., according to X" or "..., X said" in the stripped sentence; both need a comma,
    the first the word "according", the second one of the sentence's verbs of saying
    (``verbs``) with only what _AFTER_VERB allows after it."""
    if "," not in sentence:
        return None
    stripped = sentence.strip()
    if "according" in stripped and (m := _ACCORDING_REPORTED.search(stripped)):
        return m
    lead = len(sentence) - len(sentence.lstrip())
    if not any(_VERB_TO_END.match(stripped, v - lead) for v in verbs):
        return None
    return _REPORTED_AFTER.search(stripped)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


class _Reader:
    """One entry, read sentence by sentence in order."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.resolver = Resolver(context)
        self.found: list[_Found] = []
        self.offset = 0
        self.subject = ""  # the person the current sentence opens with

    def add(self, position: int, speaker: str, quote: str, kind: str) -> None:
        quote = _clean(quote)
        if not speaker or _words(quote) < (3 if kind == "reported" else 1):
            return
        self.found.append(_Found(self.offset + position, speaker, quote, kind))
        self.context.speakers.append(speaker)
        self.context.people.add(speaker)
        self.resolver.learn(speaker)

    def read(self, blocks: list[_Block]) -> None:
        previous_last = ""
        previous_text = ""
        for block in _merge(blocks):
            text = " ".join(block.text.split())
            if block.quoted:
                who = self._block_speaker(previous_text, previous_last)
                self.add(0, who, text.strip('"“”„«» '), "direct")
                previous_last = who or previous_last
            else:
                previous_last = self._paragraph(text, previous_last, previous_text)
            previous_text = text
            self.offset += len(text) + 2

    def _subject(self, sentence: str, verbs: list[int]) -> None:
        """A sentence that opens with a person names who "he" or "she" is next (and goes on
        with a verb of saying, ``verbs``, or another speech act)."""
        self.subject = ""
        if not verbs and not _SPEECH_ACT.search(sentence):
            return
        m = _SUBJECT.match(sentence)
        if m and (who := self.resolver.canonical(m["who"])):
            self.subject = who
            self.context.speakers.append(who)

    def _block_speaker(self, before: str, last: str) -> str:
        """The speaker of a blockquote: "X said:" just before it, else the one before."""
        tail = before[-200:]
        if m := _PRE_NAME_VERB.search(tail) or _pre_colon(tail):
            return self.resolver.speaker(m["who"])
        return last if tail.rstrip().endswith(":") else ""

    def _paragraph(self, text: str, previous_last: str, previous_text: str) -> str:
        quotes = _quotes(text)
        masked = _mask(text, quotes)
        para_last = ""
        standalone = bool(quotes) and quotes[0].start == 0 and previous_text.rstrip().endswith(":")
        for sentence in _sentences(text, quotes):
            s_mask = masked[sentence[0] : sentence[1]]
            verbs = [v.start() for v in _SAY_WORD.finditer(s_mask)]
            self.resolver.learn_roles_in(s_mask)
            self._subject(s_mask, verbs)
            before = len(self.found)
            reading = (para_last, previous_last, standalone)
            self._sentence(text, masked, quotes, sentence, verbs, *reading)
            self.resolver.learn_names_in(s_mask)
            if len(self.found) > before:
                para_last = self.found[-1].speaker
        return para_last

    def _sentence(
        self,
        text: str,
        masked: str,
        quotes: Sequence[Quote],
        span: tuple[int, int],
        verbs: list[int],
        para_last: str,
        previous_last: str,
        standalone: bool,
    ) -> None:
        a, b = span
        s_text, s_mask = text[a:b], masked[a:b]
        statement_word = "statement" in s_mask and _STATEMENT.search(s_mask) is not None
        in_sentence = [q for q in quotes if a <= q.start < b]
        reported: list[tuple[int, int, str]] = []  # clause start, end, speaker

        def report(m: re.Match[str], who: str, offset: int = 0) -> None:
            start, end = m.start("clause") + offset, m.end("clause") + offset
            clause = s_text[start:end]
            whole_quote = any(
                q.start - a <= start + 1 and q.end - a >= end - 1 for q in in_sentence
            )
            if who and not whole_quote:
                reported.append((start, end, who))
                self.add(a + start, who, clause, "reported")
                if statement_word:
                    self.context.statement_speaker = who

        m, who = self._reported(s_mask, verbs)
        if m is not None:
            report(m, who)
        elif m := _reported_after(s_mask, verbs):
            lead = len(s_mask) - len(s_mask.lstrip())
            if not (
                m.re.pattern == _REPORTED_AFTER.pattern  # the same text: _REPORTED_AFTER is _lazy
                and in_sentence
                and in_sentence[0].start - a <= lead
            ):
                report(m, self.resolver.speaker(m["who"]), lead)

        participle = _PARTICIPLE_REPORTED.search(s_mask) if "," in s_mask else None
        if participle and reported:  # "..., according to X, stating the move ..."
            report(participle, reported[-1][2])
            participle = None
        for quote in in_sentence:
            inside_clause = any(
                start <= quote.start - a and quote.end - a <= end + 1 for start, end, _ in reported
            )
            if inside_clause:
                continue
            before = masked[a : quote.start]
            introduced = (
                not before.strip(" -–—") or before.rstrip().endswith(":") or _ends_with_verb(before)
            )
            if _words(quote.text) < _MIN_WORDS and not introduced:
                continue  # a fragment woven into the writer's sentence
            last = para_last or (previous_last if standalone or quote.start == 0 else "")
            if self.found and self.found[-1].position >= self.offset + a:
                last = self.found[-1].speaker
            verb_before = bool(verbs) and verbs[0] < quote.start - a
            who = self._attribute(masked, quote, span, last, verb_before)
            if who:
                self.add(quote.start, who, quote.text, "direct")
                if statement_word:
                    self.context.statement_speaker = who
        speaker = self.found[-1].speaker if self.found else ""
        spoke_here = bool(self.found) and self.found[-1].position >= self.offset + a
        if participle and speaker and (spoke_here or para_last):
            report(participle, speaker)

    def _reported(self, sentence: str, verbs: list[int]) -> tuple[re.Match[str] | None, str]:
        """The first reported-speech reading of the sentence whose speaker can be named
        ("the Home Office has revealed that" names nobody; "Johnson says" does).

        ``verbs`` are where the sentence's verbs of saying start: none, no reported speech.
        """
        if not verbs:
            return None, ""
        starts: list[int] | None = None  # found when a pattern's words are there
        for pattern, hint in _REPORTED_AT_STARTS:
            if hint is not None and not hint.search(sentence):
                continue  # the pattern's own words are missing: it cannot match anywhere
            if starts is None:
                starts = _speaker_starts(sentence, verbs)
            for at in starts:
                m = pattern.match(sentence, at)
                if m is None or _pre_colon(sentence, m.end()):
                    continue
                if who := self.resolver.speaker(m["who"]):
                    return m, who
        # "X, on Monday, lauded ... and said he was pleased": the sentence's subject
        if self.subject and _AND_SAID_HINT.search(sentence) and (m := _AND_SAID.search(sentence)):
            return m, self.subject
        return None, ""

    def _attribute(
        self, masked: str, quote: Quote, span: tuple[int, int], last: str, verb_before: bool
    ) -> str:
        """Who speaks the quote: named after it or before it, else ``last`` when nobody
        else spoke since. ``verb_before``: has the sentence a verb of saying before it?
        (Without one, "X said ..." cannot end there: a search spared.)"""
        after = masked[quote.end : span[1]]
        before = masked[span[0] : quote.start]
        if _POST_STATEMENT.match(after) and self.context.statement_speaker:
            return self.context.statement_speaker
        pre = (verb_before and _PRE_NAME_VERB.search(before)) or _pre_colon(before)
        for pattern in (_POST_NAME_VERB, _POST_VERB_NAME, _POST_ACCORDING):
            if m := pattern.match(after):
                if pre and _PRONOUN_ONLY.fullmatch(m["who"].strip()):
                    break  # 'X said: "...," he wrote': the name before it
                return self.resolver.speaker(m["who"])  # attributed; unnamed stays unnamed
        if pre:
            return self.resolver.speaker(pre["who"])
        if m := _ACCORDING_IN.search(before):
            return self.resolver.speaker(m["who"])
        if last and _PRE_PARTICIPLE.search(before):
            return last
        if last and not self._someone_else_between(masked, quote, last):
            return last  # a further quote of the same speaker
        return ""

    def _someone_else_between(self, masked: str, quote: Quote, last: str) -> bool:
        """Did another voice speak between the last statement and this quote?"""
        start = 0
        if self.found:
            start = max(0, self.found[-1].position - self.offset)
        between = masked[start : quote.start]
        if _ANOTHER_VOICE.search(between):
            return True  # "quoted the president ... as asking": someone we may not name
        if not _SAY_WORD.search(between):
            return False  # _OTHER_VOICE ends with a verb of saying
        return any(self.resolver.speaker(m["who"]) != last for m in _OTHER_VOICE.finditer(between))


def extract(
    text: str, context: Context, quoted: frozenset[str] = frozenset(), title: str = ""
) -> tuple[list[Statement], list[str]]:
    """Statements and mentions of one entry, in the order they appear.

    ``quoted`` holds the paragraphs that are blockquotes in the entry's markup (their
    quotation marks are typography, not text); ``title`` is read before the text.
    """
    context.speakers = []
    context.named = []
    context.first_named = ""
    context.statement_speaker = ""
    reader = _Reader(context)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    blocks = [_Block(p, bool(quoted) and " ".join(p.split()) in quoted) for p in paragraphs]
    if title.strip():
        blocks.insert(0, _Block(title))
    reader.read(blocks)
    statements = [
        Statement(
            speaker=f.speaker, speaker_slug=_slug(context, f.speaker), quote=f.quote, kind=f.kind
        )
        for f in sorted(reader.found, key=lambda f: f.position)
    ]
    spoken = {s.speaker for s in statements}
    mentions = [m for m in mentions_in(text, reader.resolver) if m not in spoken]
    return list(dict.fromkeys(statements)), mentions


def _slug(context: Context, name: str) -> str:
    speaker = context.registry.lookup(name, context.when)
    return speaker.slug if speaker else _slugify(name)


_slugify = lru_cache(maxsize=4096)(slugify)  # the same speakers are quoted again and again


def mentions_in(text: str, resolver: Resolver) -> list[str]:
    """People named in the text: registry names and aliases, titled names ("Defense
    Minister Sergey Shoigu"), and full names the event has already shown to be people."""
    found: dict[str, int] = {}
    known: set[str] | None = None  # built when first needed
    masked = _mask(text, _quotes(text))
    for paragraph_start, paragraph in _paragraphs(masked):
        for m in _name_matches(paragraph):
            raw, stripped, _ = _name_forms(m.group(0))
            if not raw:
                continue
            name = resolver._lookup_either(raw, stripped)
            if not name:
                titled = stripped != raw
                if not titled and known is None:
                    known = _known(resolver)
                listed = not titled and known is not None and fold(stripped) in known
                if (titled or listed) and _is_person_like(stripped):
                    if resolver._seat(raw, stripped):
                        continue
                    if len(stripped.split()) > 1:
                        name = stripped
                    else:
                        name = resolver._spoken(stripped) or resolver.context.surnames.get(
                            fold(stripped), ""
                        )
            if name:
                found.setdefault(name, paragraph_start + m.start())
    return sorted(found, key=found.__getitem__)


def _name_matches(text: str) -> list[re.Match[str]]:
    """What ``NAME.finditer(text)`` finds, trying the pattern only where a name can start:
    at a capital, or two or three letters before a hyphen ("al-Assad"). Trying it at every
    position is what made the name scans costly."""
    if "-" not in text:  # no particle: every name starts at a capital
        return list(_NAME_AT_CAPITAL.finditer(text))
    return _at_name_starts(_NAME, text, len(text))


def _at_name_starts(pattern: re.Pattern[str], text: str, end: int) -> list[re.Match[str]]:
    """``pattern.finditer(text, 0, end)`` for a pattern that opens with a name: tried at
    a capital, or two or three letters before a hyphen, and nowhere else."""
    particles = {i - k for i in _hyphens(text) for k in (2, 3) if i >= k}
    starts = sorted(particles.union(m.start() for m in _CAPITAL.finditer(text)))
    found = []
    done = 0
    for at in starts:
        if done <= at < end and (m := pattern.match(text, at, end)):
            found.append(m)
            done = m.end()
    return found


def _hyphens(text: str) -> list[int]:
    return [m.start() for m in _HYPHEN.finditer(text)]


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out = []
    position = 0
    for part in text.split("\n\n"):
        out.append((position, part))
        position += len(part) + 2
    return out


def _known(resolver: Resolver) -> set[str]:
    """Names the event has shown to be people: everyone who spoke in it so far."""
    return {fold(n) for n in resolver.context.people}
