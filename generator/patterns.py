"""Regular expressions compiled when first used, or taken compiled from an earlier process.

The statement patterns hold the speaker phrase many times over (some 80 KB of pattern
text), and ``re`` parses a pattern in Python: compiling them takes a quarter of a second,
paid by every process that reads statements. That is most of a one-event rebuild of a
small site, and a tenth of one at a thousand events. What the compiler makes of a
pattern (its ``_sre`` code: a list of integers, and its groups) depends only on the
pattern, its flags and the interpreter, so a build keeps the forms of those it compiled
in its cache (``take_news``), and the next process makes each from its form in microseconds
(``warm``). Other patterns a build seldom needs (the dates' printed forms) are made lazily
here too, and kept the same way.

The forms are made by the steps of ``re._compiler.compile`` (the same in CPython 3.11 to
3.13) and given to ``_sre.compile``, which checks the code it is given. On another
interpreter, or should anything there differ, patterns are compiled by ``re.compile``
as before and no form is kept.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any, cast

try:  # the compiler's own modules: private, hence looked up, and checked below
    _sre: Any = importlib.import_module("_sre")
    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # not CPython
    _sre = _compiler = _parser = None

# A pattern's compiled form: the arguments of ``_sre.compile`` after the pattern itself
Form = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
Forms = dict[tuple[str, int], Form]

_KEEPS = (
    _sre is not None
    and sys.implementation.name == "cpython"
    and (3, 11) <= sys.version_info[:2] <= (3, 13)
)
# What a form depends on besides its pattern: the interpreter and its regular expression engine
ENGINE = f"{sys.implementation.cache_tag}-{sys.version}-{getattr(_sre, 'MAGIC', 0)}"


class _Lazy:
    """A pattern compiled when first used (or by ``warm``): a process that reads no
    statement compiles none, one that reads a few entries only those they need. Once
    compiled, its methods are plain attributes: no cost per call."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags
        self.form: Form | None = None  # once compiled; None where forms are not kept
        self.compiled: re.Pattern[str] | None = None
        self.anew = False  # compiled here, not made from a kept form: one to keep

    def __getattr__(self, name: str) -> Any:
        if name in _OWN:  # asked before __init__ set them (a copy): not the pattern's
            raise AttributeError(name)
        self.compile()
        return getattr(self.compiled, name)

    def compile(self, kept: Forms | None = None) -> None:
        """Compile it, from its form in ``kept`` where that is there (and sound)."""
        if self.compiled is not None:
            return
        form = kept.get((self.pattern, self.flags)) if kept else None
        compiled = None if form is None else _from_form(self.pattern, form)
        if compiled is None:
            compiled, form = _compile(self.pattern, self.flags)
            self.anew = form is not None
        self.compiled, self.form = compiled, form
        for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
            setattr(self, method, getattr(compiled, method))


_OWN = frozenset(("pattern", "flags", "form", "compiled", "anew"))
_MADE: list[_Lazy] = []  # every pattern ``lazy`` made, for ``warm``


def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """A pattern that costs nothing until used (or ``warm``), typed as what it becomes."""
    made = _Lazy(pattern, int(flags))
    _MADE.append(made)
    return cast("re.Pattern[str]", made)


def warm(kept: Forms, every: bool = False) -> None:
    """Make every pattern whose form an earlier process kept (``take_news``): before a build
    reads, and before it forks its workers, who share them. The others are still
    compiled when first used (a small site needs but a part of them), unless ``every``:
    workers about to be forked would each compile them, and keep none."""
    for made in _MADE:
        if every or (made.pattern, made.flags) in kept:
            made.compile(kept)


def take_news() -> Forms | None:
    """Every form held, when this process compiled a pattern anew since it last asked
    (one the kept forms lacked, or held damaged): to keep for the next process. None
    when there is nothing new."""
    if not any(made.anew for made in _MADE):
        return None
    for made in _MADE:
        made.anew = False
    return forms()


def forms() -> Forms:
    """The forms of the patterns compiled so far (for a process that is not forked)."""
    return {(m.pattern, m.flags): m.form for m in _MADE if m.form is not None}


def _compile(pattern: str, flags: int) -> tuple[re.Pattern[str], Form | None]:
    """``re.compile(pattern, flags)``, and its form where forms can be kept."""
    if not _KEEPS:
        return re.compile(pattern, flags), None
    try:
        tree = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(tree, flags)]
        groupindex = dict(tree.state.groupdict)
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        form = (
            flags | tree.state.flags,
            code,
            tree.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
    except Exception:  # not as this module knows it: as re compiles it, and nothing kept
        return re.compile(pattern, flags), None
    compiled = _from_form(pattern, form)
    if compiled is None:
        return re.compile(pattern, flags), None
    return compiled, form


def _from_form(pattern: str, form: Any) -> re.Pattern[str] | None:
    """The pattern made from its form; None for a form this interpreter does not take."""
    if not _KEEPS:
        return None
    try:
        return cast("re.Pattern[str]", _sre.compile(pattern, *form))
    except Exception:  # damaged, or another engine's: compiled anew
        return None
