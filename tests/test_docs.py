"""The documentation is tested against the code: every command and option has an example in README.md or
docs/, the Python examples of docs/python-api.md run, and the README's layout table names real paths."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from cklod.cli import main
from servers import oxigraph_server

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


def _blocks(language: str | None = None) -> list[str]:
    return [
        body
        for doc in DOCS
        for lang, body in FENCE.findall(doc.read_text(encoding="utf-8"))
        if language is None or lang == language
    ]


def _example_lines() -> list[str]:
    """Every `cklod …` command line of the docs' code blocks, continuation lines joined."""
    lines = []
    for block in _blocks():
        for line in block.replace("\\\n", " ").splitlines():
            at = line.find("cklod ")
            if at >= 0 and (at == 0 or not line[at - 1].isalnum()):
                lines.append(line[at:].split("#", 1)[0])
    return lines


def _commands(group: click.Group = main, prefix: str = "cklod") -> list[tuple[str, click.Command]]:
    ctx = click.Context(group)
    out = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        out.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix} {name}")
    return out


COMMANDS = _commands()
OPTIONS = [
    (path, tuple(param.opts + param.secondary_opts))
    for path, command in COMMANDS
    for param in command.params
    if isinstance(param, click.Option)
]


def test_the_cli_has_commands_and_options():
    assert len(COMMANDS) >= 10 and len(OPTIONS) >= 30  # what the tests below check is not vacuous


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS])
def test_every_command_has_an_example(path):
    pattern = re.compile(rf"^{re.escape(path)}(\s|$)")
    assert any(pattern.match(line) for line in _example_lines()), (
        f"no example of `{path}` in README.md or docs/"
    )


@pytest.mark.parametrize(
    ("path", "spellings"), OPTIONS, ids=[f"{p[6:]} {max(o, key=len)}" for p, o in OPTIONS]
)
def test_every_option_has_an_example(path, spellings):
    """An example of the option in any of its spellings (``-q`` for ``--quiet``, ``--no-gsp`` for ``--gsp``)."""
    either = "|".join(re.escape(s) for s in spellings)
    pattern = re.compile(rf"^{re.escape(path)}\s.*(?<!\S)({either})(=|\s|$)")
    assert any(pattern.match(line) for line in _example_lines()), (
        f"no example of `{path} … {spellings[0]}` in README.md or docs/"
    )


def test_the_python_api_examples_run(tmp_path):
    """docs/python-api.md's code blocks, in order, as one script, in a copy of the project, publishing into a
    real Oxigraph server."""
    project = tmp_path / "project"
    for name in ("corpus", "mappings", "ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, project / name)
    page = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    code = [body for lang, body in FENCE.findall(page) if lang == "python"]
    assert len(code) >= 5
    script = tmp_path / "examples.py"
    script.write_text("\n".join(code), encoding="utf-8")
    with oxigraph_server(tmp_path / "store") as server:
        done = subprocess.run(
            [sys.executable, str(script)],
            cwd=project,
            env={**os.environ, "STORE": server.store},
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "posts" in done.stdout and "False" in done.stdout


def test_every_function_of_the_api_is_documented():
    import cklod

    page = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    for name in cklod.__all__:
        assert f"cklod.{name}" in page, name
        assert getattr(cklod, name).__doc__, name


def test_the_readme_layout_table_names_real_paths():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## What is in here", 1)[1].split("\n\n", 2)[1]
    paths = re.findall(r"^\| `([^`]+)`", table, re.M)
    assert len(paths) >= 10
    for path in paths:
        assert (ROOT / path).exists(), f"README's layout table names {path}, which does not exist"
    # and every package of src/cklod is in it
    packages = {
        p.parent.relative_to(ROOT).as_posix() + "/" for p in (ROOT / "src" / "cklod").glob("*/__init__.py")
    }
    missing = packages - set(paths)
    assert not missing, f"the README's layout table leaves out {sorted(missing)}"
