"""The YAML loader's fast path (libyaml's composer) gives exactly the pure-Python loader's values and lines."""

from __future__ import annotations

import random
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


BOUNDED = {
    "alias": ("a: &x [1]\nb: *x\n", "t.yaml:2: YAML alias '*x' is not allowed: write the value out in full"),
    "deep flow list": ("a: " + "[" * 20000 + "]" * 20000 + "\n", "t.yaml:1: nested more than 64 levels deep"),
    "deep block list": (
        "".join(" " * i + "-\n" for i in range(100)),
        "t.yaml:65: nested more than 64 levels deep",
    ),
    "long number": (
        "a: " + "7" * 101 + "\n",
        "t.yaml:1: number of 101 characters (at most 100): quote it if it is text",
    ),
}


@pytest.mark.parametrize("case", sorted(BOUNDED))
@pytest.mark.parametrize("loader", ["fast", "pure"])
def test_bounds_hold_whichever_composer_runs(case, loader, tmp_path, monkeypatch):
    if loader == "pure":
        monkeypatch.setattr(yamlsrc, "_FAST_LOADER", yaml.SafeLoader)
    text, expected = BOUNDED[case]
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        yamlsrc.load_yaml(path, "t.yaml")
    assert str(caught.value) == expected


def _depth(text: str) -> int:
    depth = most = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            most = max(most, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return most


def _random_value(rng: random.Random, depth: int = 0) -> object:
    if depth > 20 or rng.random() < 0.3:
        return rng.choice(["x", 1, "a: b", "- c", "[q]", None, "a long text " * 3])
    if rng.random() < 0.5:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(1, 2))]
    return {f"k{rng.randint(0, 9)}": _random_value(rng, depth + 1) for _ in range(rng.randint(1, 2))}


def test_depth_bound_is_never_below_the_real_depth():
    """The cheap bound decides whether the events are read at all, so it must never be under the real depth:
    over hand-written compact forms, the project's files, and 300 random documents in every dump style."""
    samples = [
        "a: 1\n",
        "- - - a\n",
        "a:\n- b:\n  - c: [d, {e: f}]\n",
        "? - a\n: - b\n",
        "a:\n  b:\n  - - d\n",
    ]
    samples += [p.read_text(encoding="utf-8") for p in YAML_FILES]
    rng = random.Random(13)
    for _ in range(300):
        text = yaml.safe_dump(
            _random_value(rng),
            default_flow_style=rng.choice([None, False, True]),
            indent=rng.choice([2, 3, 4, 8]),
            width=rng.choice([20, 80, 1000]),
        )
        samples.append(text.replace("-\n  ", "- ") if rng.random() < 0.3 else text)
    for text in samples:
        try:
            depth = _depth(text)
        except yaml.YAMLError:
            continue  # a compact rewrite that is not YAML
        assert yamlsrc._depth_bound(text) >= depth, text[:80]
