"""Shared fixtures: the real project, built once per test session into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The bundled corpus built with the real pipeline (validation on); returns the BuildResult."""
    from cklod.pipeline import build

    out = tmp_path_factory.mktemp("build") / "output"
    result = build(ROOT, out)
    result.out = out
    return result


@pytest.fixture(scope="session")
def output_dir(built) -> Path:
    return built.out


@pytest.fixture(scope="session")
def store(output_dir):
    from cklod.sparql.store import open_store

    return open_store(output_dir)


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the project's inputs, for tests that break them on purpose."""
    dst = tmp_path / "project"
    for name in ("corpus", "mappings", "ontology", "shapes", "queries"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dst / name)
    return dst
