"""Readers, one per source format, and the table that picks one for a file.

A reader is a module with ``NAME``, ``detect(path, text) -> bool`` and
``read(path, text, config) -> Event``; readers never import each other, and the table
below is the only list of them.
"""

from __future__ import annotations

from types import ModuleType

from generator.config import Config
from generator.errors import Location, Problem, TlgenError
from generator.model import Event
from generator.sources import native

READERS: tuple[ModuleType, ...] = (native,)


def decode(data: bytes, path: str) -> str:
    """UTF-8 text with BOM and CRLF normalised; anything else is a located error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TlgenError(
            [
                Problem(
                    f"not valid UTF-8 at byte {exc.start}",
                    Location(path, line),
                    "re-save the file as UTF-8",
                )
            ]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise TlgenError(
            [Problem("NUL byte in text", Location(path, line), "remove the NUL byte(s)")]
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def reader_for(path: str, text: str) -> ModuleType:
    for reader in READERS:
        if reader.detect(path, text):
            return reader
    names = ", ".join(r.NAME for r in READERS)
    raise TlgenError(
        [
            Problem(
                "no reader recognises this document",
                Location(path, 1),
                f"supported formats: {names}",
            )
        ]
    )


def read_source(path: str, data: bytes, config: Config) -> Event:
    """Decode, detect and read one source file; ``path`` is how errors will name it."""
    text = decode(data, path)
    return reader_for(path, text).read(path, text, config)
