"""YAML loading that remembers the line of every key and list item, for errors that point at a line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cklod.errors import BadInput, Problem


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


_AS_WRITTEN = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"})


def _convert(node: yaml.Node, constructor: yaml.SafeLoader, file: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line = node.start_mark.line + 1
        out.lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, constructor, file)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise BadInput([Problem(file, key_node.start_mark.line + 1, f"duplicate key '{key}'")])
            out[key] = _convert(value_node, constructor, file)
            out.lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LList(_convert(item, constructor, file) for item in node.value)
        seq.line = node.start_mark.line + 1
        seq.lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    if node.tag in _AS_WRITTEN:
        # Dates stay strings: their written form carries their precision. (Strings are most scalars; taking
        # them as written skips the constructor's dispatch, which is what SafeConstructor would do.)
        return node.value
    return constructor.construct_object(node, deep=True)


# libyaml's composer, where PyYAML was built with it, is ~10x faster; a file it rejects is composed again by the
# pure-Python one, so the error message does not depend on how PyYAML was installed.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Parse one YAML file into LDict/LList/scalars; syntax errors become a Problem with the line."""
    file = display or str(path)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        node = _compose_checked(text, file)
    if node is None:
        return None
    return _convert(node, yaml.SafeLoader(""), file)


def _compose_checked(text: str, file: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise BadInput([Problem(file, line, f"YAML syntax error: {exc.problem or exc}")]) from None
