"""YAML loading that remembers the line of every key and list item, for errors that point at a line.

Sources may come from anyone who can send a mapping file, so what a file can cost is bounded: its size, its
nesting depth, its numbers' length, and aliases, which are refused because a few hundred bytes of nested aliases
expand to billions of nodes. Aliases and extreme depth are caught before libyaml composes the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from cklod.errors import BadInput, Problem
from cklod.load.sourcefile import decode_utf8, read_bytes

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64  # the deepest real source nests about 5 levels
# Below this bound libyaml composes quickly and safely, and the conversion checks MAX_DEPTH; above it the events
# are read first (libyaml's composer recurses in C: 20,000 levels take seconds, 200,000 crash the process).
SCAN_ABOVE = 1000
MAX_NUMBER_CHARS = 100


class LDict(dict):
    """A mapping that knows its own line and the line of each of its keys."""

    line: int = 0
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    lines: list[int]


_TAG = "tag:yaml.org,2002:"
_AS_WRITTEN = frozenset({_TAG + "timestamp", _TAG + "str"})
_NUMBERS = frozenset({_TAG + "int", _TAG + "float"})
_SCALARS = _AS_WRITTEN | _NUMBERS | {_TAG + "null", _TAG + "bool"}
_COLLECTIONS = frozenset({_TAG + "map", _TAG + "seq"})
_KIND_NAMES = {_TAG + "int": "whole number", _TAG + "float": "number", _TAG + "bool": "true or false"}


def _problem(file: str, node: yaml.Node | yaml.Event, message: str) -> BadInput:
    return BadInput([Problem(file, node.start_mark.line + 1, message)])


def _check_tag(node: yaml.Node, file: str) -> None:
    allowed = _SCALARS if isinstance(node, yaml.ScalarNode) else _COLLECTIONS
    if node.tag not in allowed:
        tag = node.tag.replace(_TAG, "!!", 1)
        raise _problem(
            file, node, f"YAML tag '{tag}' is not allowed: write plain text, numbers, lists and maps"
        )


def _convert(node: yaml.Node, constructor: yaml.SafeLoader, file: str, depth: int = 0) -> Any:
    """``node`` as LDict/LList/scalars; ``depth`` is the number of collections that hold it."""
    _check_tag(node, file)
    if isinstance(node, yaml.CollectionNode):
        depth += 1
        if depth > MAX_DEPTH:
            raise _problem(file, node, f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line = node.start_mark.line + 1
        out.lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, constructor, file, depth)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise BadInput([Problem(file, key_node.start_mark.line + 1, f"duplicate key '{key}'")])
            out[key] = _convert(value_node, constructor, file, depth)
            out.lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LList(_convert(item, constructor, file, depth) for item in node.value)
        seq.line = node.start_mark.line + 1
        seq.lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    if node.tag in _AS_WRITTEN:
        # Dates stay strings: their written form carries their precision. (Strings are most scalars; taking
        # them as written skips the constructor's dispatch, which is what SafeConstructor would do.)
        return node.value
    if node.tag in _NUMBERS and len(node.value) > MAX_NUMBER_CHARS:
        raise _problem(
            file,
            node,
            f"number of {len(node.value)} characters (at most {MAX_NUMBER_CHARS}): quote it if it is text",
        )
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError):
        what = _KIND_NAMES.get(node.tag, node.tag)
        raise _problem(file, node, f"'{node.value}' is not a valid {what}") from None


def kind_of(value: Any) -> str:
    """What a loaded YAML value is, in the words of someone who wrote it."""
    if value is None:
        return "an empty file"
    if isinstance(value, LList):
        return "a list"
    if isinstance(value, LDict):
        return "a mapping"
    return f"a single value ({str(value)[:40]!r})"


# libyaml's composer, where PyYAML was built with it, is ~10x faster; a file it rejects is composed again by the
# pure-Python one, so the error message does not depend on how PyYAML was installed.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Parse one YAML file into LDict/LList/scalars; every way the file can be bad is a BadInput naming its line:
    unreadable, not UTF-8, too large, too deep, an alias, a syntax error, a tag or a number out of bounds."""
    file = display or str(path)
    text = decode_utf8(read_bytes(path, file, MAX_BYTES), file)
    _check_bounds(text, file)
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        node = _compose_checked(text, file)
    if node is None:
        return None
    return _convert(node, yaml.SafeLoader(""), file)


# A line's indentation with the compact block indicators after it ("- - ", "? ", ": "): where the most deeply
# nested block collection that starts on that line can start.
_BLOCK_START = re.compile(r"^[ \t]*(?:[-?:][ \t]+)*", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, from character counts alone. A block collection nested in another
    starts at a greater column, but for a list that is a map's value (same column, once per level); every flow
    collection opens with '[' or '{'."""
    column = max(map(len, _BLOCK_START.findall(text)), default=0)
    return 2 * (column + 1) + text.count("[") + text.count("{")


def _check_bounds(text: str, file: str) -> None:
    """Refuse aliases and nesting deeper than MAX_DEPTH, reading the file's events (libyaml's parser keeps its
    own stack and never recurses) only when the text could hold an alias or nest deeper than SCAN_ABOVE."""
    if "*" not in text and _depth_bound(text) <= SCAN_ABOVE:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise _problem(
                    file, event, f"YAML alias '*{event.anchor}' is not allowed: write the value out in full"
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _problem(file, event, f"nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # the libyaml of PyYAML 6.0.4's wheels stops at 1,000 levels while scanning ahead, before the events
        # that would have told us; anything else is a syntax error before any excess: the composer reports it
        if "nesting depth" in (exc.problem or "") and exc.problem_mark is not None:
            raise BadInput(
                [Problem(file, exc.problem_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")]
            ) from None
    except yaml.YAMLError:
        return


def _compose_checked(text: str, file: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or str(exc)
        if "'\\t'" in problem:
            problem = "a tab in the indentation: indent with spaces"
        raise BadInput([Problem(file, line, f"YAML syntax error: {problem}")]) from None
    except RecursionError:
        # only where the two parsers disagree on where a file stops being YAML, past the checked depth
        raise BadInput([Problem(file, 1, f"nested more than {MAX_DEPTH} levels deep")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise BadInput(
            [Problem(file, line, f"control character U+{exc.character:04X} is not allowed in YAML text")]
        ) from None
