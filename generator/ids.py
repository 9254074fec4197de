"""Permanent identifiers: slugs for URLs and timestamp anchors for entries.

Both are promises to whoever cites the archive, so both derive only from what the thing
itself says (a name, a printed time) and never from a position in a list.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

_APOSTROPHES = re.compile(r"(?<=\w)['’](?=\w)")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")
# generator.model.DAY, not imported from there: the cache's keys need ids, not records
# (an import in ``base_anchor`` cost a third of its time)
_DAY = "day"


def record_key(record: object) -> str:
    """The digest of a record's pickle: records equal whenever their keys are (the other
    way round is not promised: a key that differs only costs a render)."""
    return digest(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))


def digest(*parts: bytes | str) -> str:
    """A short, stable content hash of ``parts`` (length-prefixed, so parts never blur):
    the identity of a stage's inputs, for the build's memo."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1 << 16)
def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lowercase, hyphenated, transliterated ('Владимир Путин' is
    'vladimir-putin', 'Łódź' is 'lodz'); a hash stands in where nothing is left.
    Remembered: the same hashtags and names come back in every event."""
    bare = _APOSTROPHES.sub("", text)
    if bare.isascii():  # unidecode keeps ASCII as it is; not imported for it
        ascii_text = bare.lower()
    else:
        from text_unidecode import unidecode

        ascii_text = unidecode(bare).lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")[:max_length].strip("-")
    if not slug:
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        slug = f"x-{digest}"
    return slug


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def base_anchor(moment: datetime, precision: str) -> str:
    """``t-2016-03-14-1915`` from the entry's own wall-clock time (``t-2011-02-11`` for
    a dated entry): the time a reader sees printed is the time in the link."""
    # as ``%Y-%m-%d-%H%M`` writes it (a year unpadded), without strftime: a third the time
    m = moment
    if precision == _DAY:
        return f"t-{m.year}-{m.month:02d}-{m.day:02d}"
    return f"t-{m.year}-{m.month:02d}-{m.day:02d}-{m.hour:02d}{m.minute:02d}"


def assign_anchors(moments: Iterable[tuple[datetime, str]]) -> list[str]:
    """Anchors for entries in source order; the n-th entry of one minute gets ``-n``.

    Only entries sharing a minute affect each other, so adding or removing an entry at
    another time never changes an existing anchor.
    """
    seen: dict[str, int] = {}
    anchors: list[str] = []
    for moment, precision in moments:
        base = base_anchor(moment, precision)
        count = seen.get(base, 0) + 1
        seen[base] = count
        anchors.append(base if count == 1 else f"{base}-{count}")
    return anchors
