"""YAML as archivists expect it to read: the YAML 1.2 core schema, with line marks.

PyYAML's default (YAML 1.1) turns ``12:30`` into 750, ``NO`` into False and ``2016-03-14``
into a date object; here only ``true``/``false``, ``null``, plain integers and floats are
typed, everything else stays a string. Duplicate keys, tags and alias bombs are errors.
Every value keeps the line it came from so later stages can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import Location, Problem, TlgenError

try:  # the C parser is several times faster on large front matter
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Key = tuple[str | int, ...]

_MAX_NODES = 200_000
_MAX_DEPTH = 100  # values in values: settings nest a few; Python's stack holds about 1,000

_CORE = {
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:int": re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    "tag:yaml.org,2002:float": re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    "tag:yaml.org,2002:null": re.compile(r"^(?:~|null|Null|NULL|)$"),
}


class _CoreLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A loader whose implicit types are YAML 1.2's core schema and nothing more."""


_CoreLoader.yaml_implicit_resolvers = {}
for _tag, _pattern in _CORE.items():
    _first = [*list("-+0123456789.tTfFnN~"), ""]
    _CoreLoader.add_implicit_resolver(_tag, _pattern, _first)


class _CoreDumper(yaml.SafeDumper):
    """Writes a string in quotes wherever it would be read as something else: by YAML
    1.1's rules (PyYAML's own, which other tools follow) or by the core schema's, which
    tlgen reads with (``0E0`` is a float there and not in 1.1)."""


for _tag, _pattern in _CORE.items():
    _CoreDumper.add_implicit_resolver(_tag, _pattern, [*list("-+0123456789.tTfFnN~"), ""])


def dump(data: Any) -> str:
    """``data`` as YAML that ``load_yaml`` reads back as it is: keys in their order,
    any script as it is, no line folded."""
    return yaml.dump(data, Dumper=_CoreDumper, sort_keys=False, allow_unicode=True, width=10_000)


_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    *_CORE,
}


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """Plain Python data plus the 1-based line of every mapping key and sequence item."""

    data: Any
    lines: dict[Key, int]
    path: str

    def line(self, *key: str | int) -> int:
        """The line of ``key``, or of its nearest ancestor that has one."""
        k: Key = tuple(key)
        while k:
            if k in self.lines:
                return self.lines[k]
            k = k[:-1]
        return self.lines.get((), 0)

    def loc(self, *key: str | int) -> Location:
        return Location(self.path, self.line(*key))


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    tag = node.tag
    if tag == "tag:yaml.org,2002:str":
        return value
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:int":
        if value.startswith("0o"):
            return int(value[2:], 8)
        return int(value, 0) if value.startswith("0x") else int(value)
    if tag == "tag:yaml.org,2002:float":
        low = value.lower().lstrip("+")
        if low in (".inf", "-.inf", ".nan"):
            return float(low.replace(".", ""))
        return float(value)
    return value


def load_yaml(text: str, path: str, first_line: int = 1) -> YamlDoc:
    """Parse ``text`` (which starts at ``first_line`` of ``path``) into a ``YamlDoc``."""
    offset = first_line - 1
    try:
        node = yaml.compose(text, Loader=_CoreLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else 0
        col = mark.column + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark:
            start = exc.context_mark
            problem += (
                f" {exc.context} that starts on line {start.line + 1 + offset}, "
                f"column {start.column + 1}"
            )
        raise TlgenError(
            [
                Problem(
                    f"YAML syntax error: {problem}",
                    Location(path, line, col),
                    "check indentation and quoting; put values with ':' or '#' in quotes",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise TlgenError(
            [
                Problem(
                    f"YAML error: {exc}",
                    Location(path, first_line),
                    "check the indentation, colons and quotes there",
                )
            ]
        ) from None

    lines: dict[Key, int] = {}
    budget = [_MAX_NODES]

    def build(n: yaml.Node, key: Key) -> Any:
        budget[0] -= 1
        if len(key) > _MAX_DEPTH:
            raise TlgenError(
                [
                    Problem(
                        f"YAML nested more than {_MAX_DEPTH} levels deep",
                        Location(path, n.start_mark.line + 1 + offset, n.start_mark.column + 1),
                        "write the value flat: no setting nests more than a few levels",
                    )
                ]
            )
        if budget[0] < 0:
            raise TlgenError(
                [
                    Problem(
                        "YAML document expands to too many values (an alias bomb?)",
                        Location(path, n.start_mark.line + 1 + offset),
                        "remove repeated '*alias' references",
                    )
                ]
            )
        if n.tag not in _SAFE_TAGS:
            raise TlgenError(
                [
                    Problem(
                        f"YAML tag {n.tag!r} is not allowed",
                        Location(path, n.start_mark.line + 1 + offset, n.start_mark.column + 1),
                        "write plain values; tags such as !!python/... are never run",
                    )
                ]
            )
        if isinstance(n, yaml.ScalarNode):
            return _scalar(n)
        if isinstance(n, yaml.SequenceNode):
            out = []
            for i, item in enumerate(n.value):
                lines[(*key, i)] = item.start_mark.line + 1 + offset
                out.append(build(item, (*key, i)))
            return out
        result: dict[str, Any] = {}
        for k_node, v_node in n.value:
            k_line = k_node.start_mark.line + 1 + offset
            if not isinstance(k_node, yaml.ScalarNode):
                raise TlgenError(
                    [
                        Problem(
                            "YAML keys must be plain text",
                            Location(path, k_line),
                            "write a key as a name, e.g. title:",
                        )
                    ]
                )
            k = str(_scalar(k_node)) if k_node.value != "" else ""
            if k in result:
                raise TlgenError(
                    [
                        Problem(
                            f"duplicate key {k!r} (first on line {lines[(*key, k)]})",
                            Location(path, k_line, k_node.start_mark.column + 1),
                            "keep one of the two",
                        )
                    ]
                )
            lines[(*key, k)] = k_line
            result[k] = build(v_node, (*key, k))
        return result

    if node is None:
        return YamlDoc(None, {(): first_line}, path)
    lines[()] = node.start_mark.line + 1 + offset
    return YamlDoc(build(node, ()), lines, path)
