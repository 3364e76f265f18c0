"""The CLI layer of ``cklod serve`` and ``cklod site``: help with examples, light imports, a real run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx
import pytest
from click.testing import CliRunner

from cklod.cli import main
from servers import free_port, wait_for_http


@pytest.mark.parametrize("command", ["serve", "site"])
def test_help_has_an_example_and_every_option_is_explained(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: cklod {command}" in result.output
    options = [line.strip() for line in result.output.splitlines() if line.strip().startswith("--")]
    assert options
    for line in options:
        assert len(line.split(None, 1)) == 2 or line.startswith("--help"), f"option without help: {line}"


def test_cli_import_stays_light():
    code = (
        "import sys, cklod.cli; heavy = [m for m in ('starlette', 'uvicorn', 'jinja2', 'rdflib', 'httpx') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_missing_build_is_a_clear_error(tmp_path):
    for command in (
        ["serve", "--out", str(tmp_path)],
        ["site", str(tmp_path / "site"), "--out", str(tmp_path)],
    ):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2
        assert "run 'cklod build' first" in result.output


@pytest.mark.server
def test_cklod_serve_runs_and_stops(output_dir):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cklod",
            "serve",
            "--out",
            str(output_dir),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=60)
        home = httpx.get(f"http://127.0.0.1:{port}/")
        assert home.status_code == 200 and "cklod" in home.text
        workers = children(process.pid)
        assert len(workers) == 2  # the SPARQL worker processes
    finally:
        os.kill(process.pid, signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    # uvicorn shuts down gracefully, then re-raises the signal it caught
    assert process.returncode in (0, -signal.SIGTERM), err
    assert "Traceback" not in err
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")], "worker processes left behind"


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(p) for p in f.read().split()]


def test_a_port_in_use_is_one_line_and_exit_2(output_dir):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--out", str(output_dir), "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --port:1: cannot listen on 127.0.0.1:{port}: Address already in use; "
        "choose another --port or --host\n"
    )
