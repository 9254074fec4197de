"""Located problems: every error a user can cause says where and what to do.

Errors stay values (``Problem``) while the pipeline runs, so a build can report all of
them at once; only the CLI turns them into text and an exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

EXIT_CONTENT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug of tlgen's
EXIT_PIPE = 141  # 128 + SIGPIPE, as a shell reports it: the output's reader went away


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file; ``line`` and ``col`` count from 1, 0 means unknown."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.col:
                text += f":{self.col}"
        return text


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning, printed as ``path:line: message`` with an optional hint."""

    message: str
    location: Location | None = None
    hint: str = ""
    severity: str = "error"

    def render(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        label = "" if self.severity == "error" else f"{self.severity}: "
        text = f"{prefix}{label}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class TlgenError(Exception):
    """Raised with one or more problems; carries the exit code the CLI should use."""

    def __init__(self, problems: Iterable[Problem], exit_code: int = EXIT_CONTENT) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.exit_code = exit_code
        super().__init__("\n".join(p.render() for p in self.problems))

    def __reduce__(self) -> tuple[type[TlgenError], tuple[tuple[Problem, ...], int]]:
        """Rebuilt from its problems, not its message, when it crosses to another process
        (a reader's error in a worker of the parallel build)."""
        return (type(self), (self.problems, self.exit_code))


@dataclass
class Collector:
    """Gathers problems across a stage so that all of them are reported in one go."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def error(self, message: str, location: Location | None = None, hint: str = "") -> None:
        self.problems.append(Problem(message, location, hint))

    def warn(self, message: str, location: Location | None = None, hint: str = "") -> None:
        self.problems.append(Problem(message, location, hint, severity="warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise TlgenError(self.errors)


def in_reading_order(problems: Iterable[Problem]) -> list[Problem]:
    """File by file and line by line, as an editor shows them (the stages find them in
    their own order: a file's front matter last, say); unlocated problems first."""

    def place(p: Problem) -> tuple[bool, str, int, int]:
        loc = p.location
        return (False, "", 0, 0) if loc is None else (True, loc.path, loc.line, loc.col)

    return sorted(problems, key=place)


class WarningsAsErrors(TlgenError):
    """``--strict``'s: warnings, made errors (the CLI says why the build stopped)."""


def raise_warnings(warnings: Iterable[Problem]) -> None:
    """``--strict``: warnings stop the build as errors would."""
    if errors := [replace(w, severity="error") for w in warnings]:
        raise WarningsAsErrors(errors)
