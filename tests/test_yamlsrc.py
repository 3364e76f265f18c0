"""The YAML loader's fast path (libyaml's composer) gives exactly the pure-Python loader's values and lines."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cklod.errors import BadInput
from cklod.load import yamlsrc

ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted([*ROOT.glob("mappings/**/*.yaml"), *ROOT.glob("corpus/*.yaml")])


def _with_lines(value: object) -> object:
    """The loaded value with every line number it carries, for comparing two loads exactly."""
    if isinstance(value, yamlsrc.LDict):
        return ("map", value.line, {k: (value.lines[k], _with_lines(v)) for k, v in value.items()})
    if isinstance(value, yamlsrc.LList):
        return ("seq", value.line, list(zip(value.lines, map(_with_lines, value), strict=True)))
    return (type(value).__name__, value)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_fast_composer_gives_the_pure_python_values_and_lines(path, monkeypatch):
    fast = _with_lines(yamlsrc.load_yaml(path))
    monkeypatch.setattr(yamlsrc, "_FAST_LOADER", yaml.SafeLoader)
    assert fast == _with_lines(yamlsrc.load_yaml(path))


def test_scalars_keep_their_yaml_types(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("a: 1\nb: true\nc: 2024-05-01\nd: text\ne: null\nf: 1.5\ng: '7'\n", encoding="utf-8")
    assert dict(yamlsrc.load_yaml(path)) == {
        "a": 1,
        "b": True,
        "c": "2024-05-01",
        "d": "text",
        "e": None,
        "f": 1.5,
        "g": "7",
    }


def test_a_syntax_error_names_the_line_whichever_composer_runs(tmp_path, monkeypatch):
    path = tmp_path / "bad.yaml"
    path.write_text("a: 1\nb: [unclosed\nc: 3\n", encoding="utf-8")
    messages = []
    for loader in (yamlsrc._FAST_LOADER, yaml.SafeLoader):
        monkeypatch.setattr(yamlsrc, "_FAST_LOADER", loader)
        with pytest.raises(BadInput) as caught:
            yamlsrc.load_yaml(path, "bad.yaml")
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "bad.yaml:3" in messages[0] or "bad.yaml:4" in messages[0]
