"""Statement extraction: the seed exactly right, and each pattern of news copy alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_event
from generator.config import load_config
from generator.registry import Registry, load_registry, parse_registry
from generator.statements import Context, extract, find_quotes

REPO = Path(__file__).resolve().parents[2]

# The seed annotated by hand (speaker, kind, first words of the quote), entry by entry,
# by the rules of bench/statements/GUIDELINES.md (as its annotation file there).
SEED = {
    "t-2016-03-14-1916": [("Salim al-Muslat", "direct", "If there is seriousness")],
    "t-2016-03-14-1914": [
        ("Dmitry Peskov", "reported", "the details and timing of the withdrawal"),
        ("Dmitry Peskov", "direct", "This is a framework decision"),
        ("Dmitry Peskov", "reported", "the bases and personnel that remain"),
        ("Dmitry Peskov", "direct", "In monitoring the ceasefire"),
    ],
    "t-2016-03-14-1851": [
        ("Vladimir Putin", "direct", "Our bases – the naval base"),
        ("Vladimir Putin", "reported", "those Russia servicemen who will stay"),
        ("Vladimir Putin", "direct", "A part of our military group"),
    ],
    "t-2016-03-14-1840": [],
    "t-2016-03-14-1830": [
        ("John Kirby", "reported", "The US State Department has not yet assessed"),
        ("John Kirby", "direct", "I did not see that report"),
    ],
    "t-2016-03-14-1821": [
        ("Bashar al-Assad", "reported", "Syria and Russia have agreed to reduce"),
        # the quotation sits inside the reported clause, so it is part of it
        ("Bashar al-Assad", "reported", "the move will be in line with"),
        # "'combating terrorism,' the same statement declared": a fragment, not a statement
    ],
    "t-2016-03-14-1820": [],  # "the two leaders" agreed: no one person, never guessed
    "t-2016-03-14-1817": [
        ("Vladimir Putin", "direct", "I ask the Russian Foreign Ministry"),
        ("Sergey Lavrov", "reported", "the operations of the Russian Aerospace"),
        ("Sergey Lavrov", "reported", "the talks on Syria's future had resumed"),
        ("Sergey Lavrov", "direct", "the work is not easy"),
    ],
    "t-2016-03-14-1815": [
        ("Vladimir Putin", "direct", "I consider the objectives"),
        ("Vladimir Putin", "direct", "That is why I order"),
    ],
}
SEED_MENTIONS = {
    "t-2016-03-14-1914": ["Vladimir Putin"],
    "t-2016-03-14-1820": ["Vladimir Putin", "Bashar al-Assad"],
    "t-2016-03-14-1815": ["Sergey Shoigu", "Sergey Lavrov"],
}


def test_the_seed_exactly() -> None:
    config = load_config(REPO / "site.yml")
    registry = load_registry(REPO / "content" / "speakers.yml", "content/speakers.yml")
    event, _ = load_event(config, REPO / "seeds" / "000_588fca7941595965.txt", registry)
    got = {e.anchor: [(s.speaker, s.kind, s.quote) for s in e.statements] for e in event.entries}
    for anchor, expected in SEED.items():
        assert len(got[anchor]) == len(expected), anchor
        for (speaker, kind, quote), (want_speaker, want_kind, start) in zip(
            got[anchor], expected, strict=True
        ):
            assert (speaker, kind) == (want_speaker, want_kind), anchor
            assert quote.startswith(start), (anchor, quote)
    mentions = {e.anchor: list(e.mentions) for e in event.entries if e.mentions}
    assert mentions == SEED_MENTIONS  # Shoigu is named, never quoted
    slugs = {s.speaker_slug for e in event.entries for s in e.statements}
    assert "vladimir-putin" in slugs and "sergey-shoigu" not in slugs


def said(text: str, registry: Registry | None = None) -> list[tuple[str, str, str]]:
    statements, _ = extract(text, Context(registry or Registry()))
    return [(s.speaker, s.kind, s.quote) for s in statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will win," Jane Doe said.', [("Jane Doe", "direct", "We will win")]),
        ('"We will win," said Jane Doe.', [("Jane Doe", "direct", "We will win")]),
        ("Jane Doe said: “We will win.”", [("Jane Doe", "direct", "We will win.")]),
        (
            "Prime Minister Jane Doe told reporters: «Nothing has changed here.»",
            [("Jane Doe", "direct", "Nothing has changed here.")],
        ),
        (
            "“We are ‘very’ close,” Jane Doe added.",
            [("Jane Doe", "direct", "We are ‘very’ close")],
        ),
        (
            '"Talks are over", according to Jane Doe.',
            [("Jane Doe", "direct", "Talks are over")],
        ),
        (
            "Jane Doe has said that the talks will resume next week.",
            [("Jane Doe", "reported", "the talks will resume next week")],
        ),
        (
            "The talks will resume next week, according to Jane Doe.",
            [("Jane Doe", "reported", "The talks will resume next week")],
        ),
        (
            'Jane Doe has said that it is cold. "Very cold," she said.',
            [("Jane Doe", "reported", "it is cold"), ("Jane Doe", "direct", "Very cold")],
        ),
        # before anyone speaks, she is the person the sentence before opened with ...
        (
            'Jane Doe arrived. "It is cold here," she said.',
            [("Jane Doe", "direct", "It is cold here")],
        ),
        (
            'In Geneva, Jane Doe met John Roe. "It is cold here," she said.',
            [("Jane Doe", "direct", "It is cold here")],
        ),
        # ... never someone named in its object, nor in a sentence further back
        ('A teacher said Jane Doe was fine. "It is cold here," she said.', []),
        ('Jane Doe arrived. A teacher spoke. "It is cold here," she said.', []),
        ('"It is cold here," he said.', []),  # nobody named before it: never guessed
        ('The deal was "a disaster", critics say.', []),
        ("Jane Doe met John Roe in Geneva.", []),
    ],
)
def test_patterns(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert said(text) == expected


def test_multi_paragraph_quote_and_continuation() -> None:
    text = (
        'Jane Doe said: "The first paragraph of a long quote\n\n'
        '"and the second paragraph of it."\n\n'
        '"A new paragraph of quotation."'
    )
    assert said(text) == [
        (
            "Jane Doe",
            "direct",
            "The first paragraph of a long quote and the second paragraph of it.",
        ),
        ("Jane Doe", "direct", "A new paragraph of quotation."),
    ]


def test_surname_alone_links_to_the_full_name_used_earlier() -> None:
    context = Context(Registry())
    extract('"We will win," Jane Doe said.', context)
    statements, _ = extract('"Still winning," Doe said.', context)
    assert [(s.speaker, s.speaker_slug) for s in statements] == [("Jane Doe", "jane-doe")]
    statements, _ = extract('"Hello," Smith said.', context)
    assert statements == []  # an unknown surname alone is not guessed


@pytest.mark.parametrize(
    ("who", "name"),
    [
        # each way of introducing someone was a speaker of its own (seen in the corpus)
        ("Reform UK leader Nigel Farage", "Nigel Farage"),
        ("Sunderland Central MP Lewis Atkinson", "Lewis Atkinson"),
        ("DUP MLA Edwin Poots", "Edwin Poots"),
        ("Assistant Chief Constable Davy Beck", "Davy Beck"),
        ("EDL founder Tommy Robinson", "Tommy Robinson"),
        ("Ex-Scotland First Minister Humza Yousaf", "Humza Yousaf"),
        ("policing minister Dame Diana Johnson", "Diana Johnson"),
        ("Speaker Mike Johnson", "Mike Johnson"),
        ("European Commission President Ursula von der Leyen", "Ursula von der Leyen"),
        ("Syrian president Bashar al-Assad", "Bashar al-Assad"),
        # a name kept whole: a particle is part of it, and "and" joins two people
        ("Ursula von der Leyen", "Ursula von der Leyen"),
        (
            "Jane Doe and deputy First Minister John Roe",
            "Jane Doe and deputy First Minister John Roe",
        ),
    ],
)
def test_a_role_before_a_name_is_not_part_of_it(who: str, name: str) -> None:
    assert said(f'"We will win," {who} said.') == [(name, "direct", "We will win")]


def test_a_place_after_a_possessive_is_no_person() -> None:
    """Only a role is cut from before a name: "NASA's Jet Propulsion Laboratory" and
    "Liverpool's Pier Head" stay what they are, and are no one's mention."""
    text = "Staff at NASA's Jet Propulsion Laboratory cheered. Crowds met at Liverpool's Pier Head."
    assert extract(text, Context(Registry())) == ([], [])


def test_a_name_after_a_preposition_is_a_place() -> None:
    """In "a priest in Sunderland said", Sunderland is where, not who: not even after
    "Future Sunderland" (a group) spoke, which made "Sunderland" a known surname."""
    context = Context(Registry())
    extract('"We rebuild," Future Sunderland said.', context)
    for text in (
        "A priest in Sunderland said yobs tried to smash a gravestone.",
        "The MP for Sunderland Central said the city was calm.",
        "A spokesman at Downing Street said the talks went well.",
    ):
        assert extract(text, context)[0] == [], text
    assert said("In Kyiv Volodymyr Zelenskiy said the front held.") == [
        ("Volodymyr Zelenskiy", "reported", "the front held")
    ]
    # "from" introduces a post's author, and stays a way to name a speaker
    assert said("From Jane Doe, the former prime minister: “We will win.”") == [
        ("Jane Doe", "direct", "We will win.")
    ]


def test_sir_or_dame_and_a_first_name_is_the_knight_or_dame_known() -> None:
    """British copy names knights and dames by their first name after the first mention:
    "Sir Keir", "policing minister Dame Diana"."""
    context = Context(Registry())
    extract('"We will win," Keir Starmer said. "Calm," Diana Johnson said.', context)
    for text, who in (
        ('"We are winning," Sir Keir said.', "Keir Starmer"),
        ('"Justice will be swift," policing minister Dame Diana said.', "Diana Johnson"),
    ):
        assert [s.speaker for s in extract(text, context)[0]] == [who], text
    assert extract('"Hello," Sir Bob said.', context)[0] == []  # nobody known: never guessed
    # five capitalised words may be a name cut short ("... Sir Mark Rowley appeared to"):
    # its "Sir Mark" is not taken for who speaks after it
    extract('"Order," Mark Rowley said.', context)
    text = (
        "In an incident in which Metropolitan Police Commissioner Sir Mark Rowley appeared to"
        ' drop a microphone, a police spokesperson said: "The meeting went well."'
    )
    assert extract(text, context)[0] == []


def test_a_surname_is_first_someone_who_spoke() -> None:
    """ "CSI Hall" (a police rank, abbreviated) after Chief Superintendent Mark Hall spoke:
    Mark Hall, not a hall the event named in between, nor St George's Hall."""
    context = Context(Registry())
    extract('"Calm," Chief Superintendent Mark Hall said.', context)
    extract("Crowds gathered outside Liverpool Town Hall and St George's Hall.", context)
    statements, _ = extract('"Four officers were hurt," said CSI Hall.', context)
    assert [s.speaker for s in statements] == ["Mark Hall"]
    statements, _ = extract('"We open at nine," said St George\'s Hall.', context)
    assert statements == []


def test_a_seat_and_mp_is_no_name() -> None:
    """ "The Sunderland Central MP" is a seat: nobody, unless the words before "MP" are a
    name the event has used."""
    assert said('"We will win," the Sunderland Central MP said.') == []
    assert extract("The Sunderland Central MP spoke to the BBC.", Context(Registry())) == ([], [])
    context = Context(Registry())
    extract('"We will win," Jane Doe said.', context)
    statements, _ = extract('"Still winning," Jane Doe MP said.', context)
    assert [s.speaker for s in statements] == ["Jane Doe"]


def test_a_name_ending_in_a_known_full_name_is_that_person() -> None:
    """ "Labour MP for Sunderland Central Lewis Atkinson" after "Lewis Atkinson" spoke."""
    context = Context(Registry())
    extract('"We will win," Lewis Atkinson said.', context)
    text = "Labour MP for Sunderland Central Lewis Atkinson said the city was calm."
    statements, _ = extract(text, context)
    assert [s.speaker for s in statements] == ["Lewis Atkinson"]
    two = "Jane Doe and deputy First Minister Lewis Atkinson said the city was calm."
    statements, _ = extract(two, context)  # two people, not the one known
    assert [s.speaker for s in statements] == ["Jane Doe and deputy First Minister Lewis Atkinson"]


def test_a_capital_pronoun_after_a_name_starts_a_sentence() -> None:
    """A full stop lost in capture ("disorder in Bristol She said:") makes no speaker of
    "Bristol She": "She" is the speaker named before."""
    text = 'Jane Doe spoke. The scenes of disorder in Bristol She said: "It was shameful."'
    assert said(text) == [("Jane Doe", "direct", "It was shameful.")]


def test_registry_wins() -> None:
    registry = parse_registry(
        "- name: Vladimir Putin\n  aliases: [Putin, the Russian president]\n  slug: putin\n",
        "speakers.yml",
    )
    assert said('"We leave," the Russian president said.', registry) == [
        ("Vladimir Putin", "direct", "We leave")
    ]
    statements, mentions = extract("Putin met Defense Minister Sergey Shoigu.", Context(registry))
    assert statements == [] and mentions == ["Vladimir Putin", "Sergey Shoigu"]


def test_find_quotes_marks() -> None:
    spans = [q.text for q in find_quotes("a \"b c\" d “e ‘f’ g” h «i» „j“ ``k l ''")]
    assert spans == ["b c", "e ‘f’ g", "i", "j", "k l"]


def test_ptb_quotes_close_on_both_marks() -> None:
    """``...'' (research corpora in the Penn Treebank style): the quote ends after the
    second mark, so what follows it reads as it does after any other closing mark."""
    after = "``We will win the vote tonight,'' John Smith said."
    (quote,) = find_quotes(after)
    assert after[quote.end :] == " John Smith said."
    for text in (after, "John Smith said: ``We will win the vote tonight.''"):
        statements, _ = extract(text, Context(Registry()))
        assert [(s.speaker, s.kind) for s in statements] == [("John Smith", "direct")]
