"""The command line's side of the error contract: bad values as one line and exit 2, a damaged or missing build
named, and the last-resort handler (one line and exit 4; --debug shows the traceback). See docs/errors.md."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cklod.cli import Cklod, main
from cklod.exitcodes import ERRORS_DOC, Exit

ROOT = Path(__file__).resolve().parents[1]


def errors_of(args: list[str]) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, args)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    return result.exit_code, [ln for ln in lines if ln.startswith("error: ")], result.stderr


def damaged_build(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / "cklod.nq").write_bytes(b"<urn:a> <urn:b> <urn:c> <urn:g> .\n<urn:a> <urn:b> .\n")
    return out


def saved_queries(tmp_path: Path, name: str, data: bytes | None) -> list[str]:
    """A project whose queries/ holds ``name`` (a folder when ``data`` is None); the args to list them."""
    (tmp_path / "queries").mkdir()
    path = tmp_path / "queries" / name
    path.mkdir() if data is None else path.write_bytes(data)
    return ["queries", "--project", str(tmp_path)]


CASES = {
    "saved query not UTF-8": (
        lambda tmp: saved_queries(tmp, "bad.rq", b"# title: caf\xe9\nSELECT * {}\n"),
        "error: {tmp}/queries/bad.rq:1: not UTF-8 text (byte 0xe9): save the file as UTF-8",
    ),
    "a folder named *.rq in queries/": (
        lambda tmp: saved_queries(tmp, "notes.rq", None),
        "error: {tmp}/queries/notes.rq:1: is a folder, not a file: rename or remove it",
    ),
    "unknown option": (
        lambda tmp: ["build", "--bogus"],
        "error: No such option '--bogus'. (Did you mean one of: '--base', '--out', '--verbose'?) "
        "(see 'cklod build --help')",
    ),
    "value not among the choices": (
        lambda tmp: ["validate", "--engine", "fast"],
        "error: Invalid value for '--engine': 'fast' is not one of 'cklod', 'pyshacl'. "
        "(see 'cklod validate --help')",
    ),
    "unknown command": (
        lambda tmp: ["buidl"],
        "error: No such command 'buidl'. Did you mean 'build'? (see 'cklod --help')",
    ),
    "build folder that does not exist": (
        lambda tmp: ["stats", "--out", str(tmp / "nowhere")],
        "error: {tmp}/nowhere/cklod.nq:1: not found: is {tmp}/nowhere a cklod build? (run 'cklod build')",
    ),
    "project that is a file": (
        lambda tmp: (tmp.joinpath("file").write_text("x"), ["check", "--project", str(tmp / "file")])[1],
        "error: Invalid value for '--project': Directory '{tmp}/file' is a file. (see 'cklod check --help')",
    ),
    "folder that holds no build": (
        lambda tmp: ["stats", "--out", str(tmp)],
        "error: {tmp}/cklod.nq:1: not found: is {tmp} a cklod build? (run 'cklod build')",
    ),
    "damaged build (stats)": (
        lambda tmp: ["stats", "--out", str(damaged_build(tmp))],
        "error: {tmp}/out/cklod.nq:2: not N-Quads: the build is damaged; rebuild it",
    ),
    "damaged build (diff)": (
        lambda tmp: ["diff", str(ROOT / "output"), str(damaged_build(tmp))],
        "error: {tmp}/out/cklod.nq:2: not N-Quads: the build is damaged; rebuild it",
    ),
    "report path that cannot be written": (
        lambda tmp: (tmp.joinpath("file").write_text("x"), ["validate", "--report", str(tmp / "file/r.ttl")])[
            1
        ],
        f"error: {{tmp}}/file: File exists (see {ERRORS_DOC})",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_command_line_value_is_one_line_and_exit_2(case, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    args, expected = CASES[case]
    code, errors, stderr = errors_of(args(tmp_path))
    assert code == Exit.BAD_INPUT
    assert errors == [expected.format(tmp=tmp_path)]
    assert "Usage:" not in stderr and "Traceback" not in stderr


def test_a_project_folder_without_the_layout_names_each_missing_part(tmp_path):
    code, errors, _ = errors_of(["check", "--project", str(tmp_path)])
    assert code == Exit.BAD_INPUT
    assert errors == [
        f"error: {part}:1: missing (is this a cklod project folder?)"
        for part in ("corpus", "mappings/registry", "ontology/cklod.ttl", "shapes")
    ]


@pytest.fixture
def faulty() -> click.Group:
    """A command group with cklod's handlers whose one command fails as a bug in cklod would."""

    @click.group(cls=Cklod)
    @click.option("--debug", is_flag=True)
    def group(debug: bool) -> None:
        pass

    @group.command()
    def crash() -> None:
        {}["graph"]  # the bug

    return group


def test_an_unexpected_exception_is_one_line_and_exit_4(faulty):
    result = CliRunner().invoke(faulty, ["crash"])
    assert result.exit_code == Exit.INTERNAL
    assert result.stderr.splitlines() == [
        "error: internal error, not a problem in your input: KeyError: 'graph' "
        f"(run again with 'cklod --debug' for the traceback; see {ERRORS_DOC})"
    ]


def test_ctrl_c_is_one_line_and_exit_130(faulty):
    @faulty.command()
    def wait() -> None:
        raise KeyboardInterrupt

    result = CliRunner().invoke(faulty, ["wait"])
    assert result.exit_code == Exit.INTERRUPTED == 130
    assert result.stderr.splitlines() == ["error: interrupted"]


def test_debug_shows_the_traceback_too(faulty):
    result = CliRunner().invoke(faulty, ["--debug", "crash"])
    assert result.exit_code == Exit.INTERNAL
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert '{}["graph"]' in result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: internal error, not a problem in your input:")


def test_help_names_the_exit_codes_and_the_errors_page():
    result = CliRunner().invoke(main, ["--help"])
    text = " ".join(result.output.split())
    assert f"Every message is explained in {ERRORS_DOC}." in text
    assert "--debug" in text


def test_the_errors_page_documents_every_exit_code():
    page = (ROOT / ERRORS_DOC).read_text(encoding="utf-8")
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", page, re.MULTILINE)}
    assert documented == {int(code) for code in Exit}
