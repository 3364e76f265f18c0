"""The per-document stages as tasks (cklod.tasks): in worker processes and on a real local Dask cluster they
give byte for byte the output/ of a build that runs them in its own process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cklod.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    root = synth.generate(tmp_path_factory.mktemp("tasks") / "project", 40, seed=7)
    out = tmp_path_factory.mktemp("local") / "out"
    build(root, out, use_cache=False, executor="local")
    return root, _tree(out)


def test_worker_processes_give_the_same_output(project, tmp_path):
    root, local = project
    build(root, tmp_path / "out", use_cache=False, executor="processes")
    assert _tree(tmp_path / "out") == local


def test_a_dask_cluster_gives_the_same_output(project, tmp_path):
    from dask.distributed import LocalCluster

    root, local = project
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = build(
            root, tmp_path / "out", use_cache=False, executor="dask", scheduler=cluster.scheduler_address
        )
        with cluster.get_client() as client:  # the documents were worked on by the cluster's workers
            done = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert _tree(tmp_path / "out") == local
    assert result.outdated and sum(done.values()) >= 40


def test_the_cli_refuses_an_unknown_executor(tmp_path):
    from click.testing import CliRunner

    from cklod.cli import main

    done = CliRunner().invoke(
        main, ["build", "--project", str(ROOT), "--out", str(tmp_path), "--executor", "x"]
    )
    assert done.exit_code == 2
    assert "'x' is not one of" in done.output
