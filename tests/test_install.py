"""The README's install alone (``pip install -e .`` in a fresh venv without system site packages) gives every
command: each one's --help and a real call of each. Slow (a venv and an install): ``pytest -m install``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from servers import free_port, oxigraph_server, wait_for_http

pytestmark = [pytest.mark.install, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("check", "build", "validate", "query", "queries", "stats", "diff", "serve", "site", "publish")
# What a user's clone holds; tests/, bench/ and output/ are not needed to install or run.
PROJECT = (
    "pyproject.toml",
    "README.md",
    "cklod.toml",
    "src",
    "corpus",
    "mappings",
    "ontology",
    "shapes",
    "queries",
)


def readme_install() -> str:
    """The README's first command, up to the first ``&&`` (``pip install -e .``)."""
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("pip install"):
            return line.split("&&")[0].strip()
    raise AssertionError("README.md has no 'pip install' line")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the project copy, the venv's bin folder) after the README's install in a fresh venv."""
    base = tmp_path_factory.mktemp("install")
    project = base / "project"
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, project / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
            )
        else:
            project.mkdir(exist_ok=True)
            shutil.copy2(source, project / name)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    command = readme_install().split()
    assert command[:2] == ["pip", "install"]
    subprocess.run(
        [str(bin_dir / "python"), "-m", *command, "--quiet", "--disable-pip-version-check"],
        cwd=project,
        check=True,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
    )
    return project, bin_dir


def cklod(installed, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    project, bin_dir = installed
    result = subprocess.run(
        [str(bin_dir / "cklod"), *args], cwd=project, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, f"cklod {' '.join(args)}: {result.stderr}"
    assert "Traceback" not in result.stderr
    return result


def test_the_venv_has_no_test_dependencies(installed):
    _, bin_dir = installed
    probe = (
        "import importlib.util as u; print(u.find_spec('pytest') is None, u.find_spec('cklod') is not None)"
    )
    out = subprocess.run([str(bin_dir / "python"), "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]


def test_every_command_has_help(installed):
    listed = cklod(installed, "--help").stdout
    for command in COMMANDS:
        assert command in listed
        assert "Example" in cklod(installed, command, "--help").stdout, command


def test_every_command_runs(installed, tmp_path):
    project, _ = installed
    assert cklod(installed, "check").stdout.startswith("ok: ")
    cklod(installed, "build", "-q")
    assert (project / "output" / "cklod.nq").is_file()
    assert (
        "conforms"
        in cklod(installed, "validate", "--no-consistency", "--report", str(tmp_path / "r.ttl")).stdout
    )
    held = cklod(installed, "query", "posts-held", "--param", "person=person:gulnar-shaimergenova").stdout
    assert "gulnar-shaimergenova" in held
    assert "posts-held" in cklod(installed, "queries").stdout
    assert "registry" in cklod(installed, "stats").stdout
    assert cklod(installed, "diff", "output", "output").returncode == 0
    cklod(installed, "site", str(tmp_path / "site"))
    assert (tmp_path / "site" / "index.html").is_file()

    port = free_port()
    server = subprocess.Popen(
        [str(installed[1] / "cklod"), "serve", "--port", str(port), "--workers", "1"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=60)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as home:
            assert home.status == 200 and b"cklod" in home.read()
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.communicate(timeout=30)

    with oxigraph_server(tmp_path / "store") as store:
        report = cklod(installed, "publish", "--store", store.store).stdout
        with urllib.request.urlopen(
            f"{store.query}?query=ASK%7BGRAPH%20%3Fg%7B%3Fs%20%3Fp%20%3Fo%7D%7D"
        ) as ask:
            assert b"true" in ask.read()
    assert "https://w3id.org/cklod/graph/registry" in report
