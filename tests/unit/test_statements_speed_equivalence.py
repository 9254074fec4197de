"""The extractor's faster formulations give what the plain ones they replace gave.

generator/statements.py tries costly patterns only where they can match (names at
capitals, verbs of saying at their first letters, reported speech at speaker starts that
can still reach a verb, ...). Each is checked here against the straightforward
formulation, on generated copy that mixes names, particles, initials, verbs, roles,
times, quote marks and runs of spaces; a fast path that drifts from it fails here.
"""

from __future__ import annotations

import random
import re

import pytest

from generator import statements as st

WORDS = [
    "Lucia Osei", "Mei Dubois", "al-Assad", "Bashar al-Assad", "ibn-Saud", "del-Toro",
    "mel-Ross", "U.S.", "U.N.", "A.", "Mr", "Dr.", "Łukasz Nowak", "Özil", "Ursula von der Leyen",
    "the", "The", "he", "she", "He", "er", "a", "an", "of", "for", "at", "in", "who", "and",
    "but", "also", "has", "had", "that", "how", "dass", "said", "says", "say", "told", "noted",
    "went on", "pointed out", "sagte", "fügte hinzu", "unsaid", "sayings", "wrote", "reports",
    "adding", "saying", "stressing", "according to", "statement", "prime minister",
    "minister", "interior minister", "press secretary", "chief", "mischief", "speaking",
    "chair", "chairman", "chairwoman", "defence minister", "vice-president", "de-Gaulle",
    "head", "ahead", "spokesman", "Kremlin", "Officials", "officials", "reporters", "Lagos",
    "20:45", "GMT", "UTC.", "3.15pm", "17", "£5", "it", "was", "is", "will", "I", "Sunak's",
    "Nato", "-", "–", "—", "(", ")", "[", "]", ",", ",", ",", ".", ".", ":", ";", "!", "?",
    '"', "“", "”", "„", "«", "»", "‘", "’", "'", "`", "``", "''", "\n", "\n\n",
]  # fmt: skip


def _copy(rng: random.Random, words: int) -> str:
    parts = []
    for _ in range(words):
        word = rng.choice(WORDS)
        parts.append(word)
        parts.append(rng.choice([" ", " ", " ", "", "  ", " " * rng.randint(3, 40)]))
    return "".join(parts)


SAMPLES = [_copy(random.Random(seed), random.Random(seed).randint(1, 40)) for seed in range(1500)]
SAMPLES += [_copy(random.Random(seed), 150) for seed in range(60)]  # long: other paths
SAMPLES += [
    "Lucia Osei, the interior minister, has said that the supply route had been launched.",
    "Porto Alegre at 20:45 UTC. Officials said more than 43 people had been moved.",
    "Lucia Osei (at 20:45 GMT) said the talks in Lagos had failed.",
    "Lucia Osei, who said the figures would be revised on Monday, left Lagos.",
    "Mei Dubois, who had told Reuters that the talks had failed, and Lucia Osei: at 20:45.",
    "The UK's prime minister, Rishi Sunak, said: ",
    "Asked if Mr Farage is “        ”, the shadow home secretary told LBC radio: “" + " " * 300,
    "the labour prime minister , harold wilson , called a referendum , he said .",
    "“It is far too early,” he said, adding that the figures would be revised.",
    "``Quoted'' and `lone` backticks, and ‘single’ marks.",
]


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def test_names_are_found_as_a_scan_of_every_position_finds_them() -> None:
    name = re.compile(st.NAME)
    for text in SAMPLES:
        assert _spans(st._name_matches(text)) == _spans(name.finditer(text)), text


def test_verbs_of_saying_are_found_at_the_same_places() -> None:
    plain = re.compile(
        rf"\b(?:{st._SAY}|revealed|reveals|announced|announces|indicated|indicates|signalled|"
        rf"signaled|believes)\b"
    )
    for text in SAMPLES:
        assert _spans(st._SAY_WORD.finditer(text)) == _spans(plain.finditer(text)), text


def test_sentence_ends_are_found_at_the_same_places() -> None:
    plain = re.compile(r"(?<![A-Z])[.!?][\"”’»]?(?=\s+[\"“‘„(A-ZÄÖÜ0-9]|\s*$)")
    for text in SAMPLES:
        assert _spans(st._SENTENCE_END.finditer(text)) == _spans(plain.finditer(text)), text


# The vocabulary as plain alternations, as it was written before it was grouped by first
# letter (``st._one_of``) and its words read possessively
PARTICLES = r"(?:al|el|bin|ibn|abu|ben|de|da|di|du|van|von|der|den|la|le|dos|das|del|zu)"
TOKEN = rf"(?:(?:{PARTICLES}-)?[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’-]*[\w]|(?:[A-Z]\.){{1,3}}(?=\s))"
NAME = rf"{TOKEN}(?:\s+(?:{PARTICLES}\s+){{0,2}}{TOKEN}){{0,4}}"
ROLE_WORDS = rf"(?:[\w'’-]+\s+){{0,4}}?(?:{st._ROLE_NOUNS})"


def test_the_grouped_vocabulary_matches_as_the_plain_one() -> None:
    assert st.NAME != NAME  # the test below would compare a pattern with itself
    name, plain = re.compile(st.NAME), re.compile(NAME)
    roles = re.compile(st._ROLE_WORDS)
    plain_roles = re.compile(ROLE_WORDS)
    for text in SAMPLES:
        for at in range(len(text)):
            found, expected = name.match(text, at), plain.match(text, at)
            assert (found and found.span()) == (expected and expected.span()), (at, text)
            found, expected = roles.match(text, at), plain_roles.match(text, at)
            assert (found and found.span()) == (expected and expected.span()), (at, text)


def test_role_appositions_are_found_as_a_scan_to_the_end_finds_them() -> None:
    plain = re.compile(
        rf"(?P<who>{NAME}),\s+(?:the|a|an)\s+(?P<role>{ROLE_WORDS})\b(?:\s+of\s+[^,]{{1,40}})?,"
        rf"|(?:the\s+)?(?:{NAME}['’]s\s+)?(?P<role2>{ROLE_WORDS}),\s+(?P<who2>{NAME}),"
    )
    texts = [*SAMPLES, "The UK's prime minister, Rishi Sunak, and Lucia Osei, the chair,"]
    texts.append("Lucia Osei, the defence minister of Ruritania, met de-Gaulle, the chairman,")
    texts.append("Lucia Osei, a former chief of staff, and Mei Dubois, an envoy of peace, met.")
    texts.append("Then al-Assad, the leader of Syria, and bin-Salman, a chief of staff, spoke.")
    texts.append("Our head, Mei Dubois, met the UN's press secretary, Lucia Osei, today.")
    texts.append("The talks, she said, were led by the interior minister, Mei Dubois, and")
    readings = {
        (m["who"] is not None, m["who2"] is not None)
        for t in texts
        for m in st._role_appositions(t) or ()
    }
    assert readings == {(True, False), (False, True)}  # the texts hold both readings
    for text in texts:
        found = _spans(st._role_appositions(text) or ())
        assert found == _spans(plain.finditer(text)), text


def _plain_mask(text: str, quotes: list[st.Quote]) -> str:
    chars = list(text)
    for q in quotes:
        for k in range(q.start + 1, min(q.end, len(chars)) - 1):
            chars[k] = " " if chars[k] != "\n" else "\n"
    return "".join(chars)


def test_masking_blanks_what_a_character_loop_blanks() -> None:
    for text in SAMPLES:
        quotes = st.find_quotes(text)
        assert st._mask(text, quotes) == _plain_mask(text, quotes), text


def test_quotes_are_found_with_backticks_and_without_marks() -> None:
    plain_mark = re.compile(r"``|[\"“«„»‘]")
    for text in SAMPLES:
        quotes = st.find_quotes(text)
        starts = [q.start for q in quotes]
        # every quote opens at a mark the old scan stopped at, and nothing opens elsewhere
        assert all(plain_mark.match(text, i) for i in starts), text
        if not plain_mark.search(text):
            assert quotes == [], text
    assert [q.text for q in st.find_quotes("a `b` ``c d'' e")] == ["c d"]


def test_the_colon_and_verb_checks_answer_as_the_plain_searches() -> None:
    verb_at_end = re.compile(rf"{st.VERB},?\s*$")
    for text in SAMPLES:
        assert st._ends_with_verb(text) == (verb_at_end.search(text) is not None), text
        for end in (len(text), len(text) // 2):
            found = st._pre_colon(text, end)
            plain = st._PRE_COLON.search(text[:end])
            assert (found and found.span()) == (plain and plain.span()), text


def test_a_name_before_a_quote_is_searched_for_only_after_a_verb() -> None:
    """``_attribute`` looks for "X said" before a quote only when the sentence has a verb
    of saying before it: every such reading holds one of ``_SAY_WORD``'s. (A quote
    opens at a mark, so the text before it never ends inside a word.)"""
    for text in SAMPLES:
        verbs = [v.start() for v in st._SAY_WORD.finditer(text)]
        for end in range(len(text) + 1):
            if end < len(text) and text[end] not in '"“«„»‘`':
                continue  # where no quote opens
            if not any(v < end for v in verbs):
                assert st._PRE_NAME_VERB.search(text[:end]) is None, (end, text)


def _plain_starts(sentence: str, verbs: list[int]) -> list[int]:
    return [
        w.start()
        for w in st._SPEAKER_START.finditer(sentence)
        if any(0 < v - w.start() <= st._REACH for v in verbs)
    ]


def test_reported_speech_matches_at_the_same_speaker_starts() -> None:
    """Fewer starts are tried, but none where a reported-speech pattern matches."""
    patterns = [pattern for pattern, _ in st._REPORTED_AT_STARTS]
    for text in SAMPLES:
        verbs = [v.start() for v in st._SAY_WORD.finditer(text)]
        if not verbs:
            continue
        starts, plain = st._speaker_starts(text, verbs), _plain_starts(text, verbs)
        assert set(starts) <= set(plain), text
        for pattern in patterns:
            assert [at for at in starts if pattern.match(text, at)] == [
                at for at in plain if pattern.match(text, at)
            ], (pattern.pattern[:40], text)


def test_no_pattern_matches_where_its_hint_is_missing() -> None:
    for text in SAMPLES:
        for pattern, hint in st._REPORTED_AT_STARTS:
            if hint is not None and not hint.search(text):
                assert not pattern.search(text), (pattern.pattern[:40], text)


def test_reported_after_is_found_as_the_plain_searches_find_it() -> None:
    for text in SAMPLES:
        sentence = " ".join(text.split())  # what the reader gives it
        if len(sentence) > 200:
            continue  # the plain search backtracks for long on some: what the check spares
        verbs = [v.start() for v in st._SAY_WORD.finditer(sentence)]
        stripped = sentence.strip()
        plain = None
        if "," in sentence:
            plain = st._ACCORDING_REPORTED.search(stripped) or (
                st._REPORTED_AFTER.search(stripped) if verbs else None
            )
        found = st._reported_after(sentence, verbs)
        assert (found and _spans([found])) == (plain and _spans([plain])), text


@pytest.mark.parametrize("tail_words", [2, 4, 8])
def test_the_verb_to_end_check_accepts_what_the_pattern_accepts(tail_words: int) -> None:
    plain = re.compile(rf"(?:{st._SAY})\b{st._AFTER_VERB}")
    tails = ["", " ", "  ", " " * 12, ".", "!", ",", ", adding", ", saying that", "”", "’"]
    tails += ["x" * 99, "x" * 101, " officials", ", the agency reported", " said"]
    rng = random.Random(tail_words)
    for _ in range(400):
        text = "said" + "".join(rng.choice(tails) for _ in range(rng.randint(0, tail_words)))
        expected = plain.match(text) is not None
        assert (st._VERB_TO_END.match(text) is not None) == expected, text
