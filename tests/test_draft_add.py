"""cklod add end to end on a made-up article, and its bad input (one line, exit 2, nothing written)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cklod.errors import Collector
from cklod.load.corpus import load_document
from cklod.load.evidence import locate

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "fixtures" / "draft" / "khorgos-logistics.txt"


def cklod(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cklod", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for part in ("corpus", "mappings", "ontology", "shapes"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


def test_add_writes_text_sidecar_draft_and_candidates(project: Path):
    done = cklod("add", str(ARTICLE), "--published", "2024-07-20", "--publisher", "Xinhua", cwd=project)
    assert done.returncode == 0, done.stderr
    doc_id = re.search(r"added corpus/(\S+)\.txt", done.stdout).group(1)
    assert re.fullmatch(r"005_[0-9a-f]{16}", doc_id)
    assert (project / "corpus" / f"{doc_id}.txt").read_bytes() == ARTICLE.read_bytes()
    problems = Collector()
    doc = load_document(project / "corpus" / f"{doc_id}.txt", project, problems)
    assert not problems.problems and doc is not None
    assert doc.meta.title == "Horgos dry port handles record cargo as China-Europe trains speed up"
    assert doc.meta.date_published == "2024-07-20" and doc.meta.date_external and doc.meta.date_source
    assert doc.meta.publisher.entity == "xinhua"
    text = ARTICLE.read_text(encoding="utf-8")
    draft = yaml.safe_load((project / "mappings" / f"{doc_id}.yaml").read_text(encoding="utf-8"))
    for item in draft["facts"] + draft["mentions"]:
        span = locate(text, item["quote"], nth=item.get("nth"))
        assert text[span.start : span.end] == item["quote"]
        assert item["review"] == "proposed"
    people = (project / "mappings" / "registry" / "people.yaml").read_text(encoding="utf-8")
    assert 'name: "Askar Bekmukhambetov"' in people and "review: proposed" in people
    # a second add of the same text is refused
    again = cklod("add", str(ARTICLE), "--id", doc_id, "--published", "2024-07-20", cwd=project)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "exists already" in again.stderr


def _accept_all(project: Path) -> None:
    """What a reviewer does once every proposal is checked: mark each one accepted."""
    for path in [*project.glob("mappings/*.yaml"), *project.glob("mappings/registry/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("review: proposed", "review: accepted"), encoding="utf-8")


def test_added_draft_is_refused_until_reviewed_then_builds(project: Path):
    done = cklod("add", str(ARTICLE), "--published", "2024-07-20", cwd=project)
    assert done.returncode == 0, done.stderr
    doc_id = re.search(r"added corpus/(\S+)\.txt", done.stdout).group(1)
    check = cklod("check", cwd=project)
    assert check.returncode == 0, check.stderr
    assert f"mappings/{doc_id}.yaml" in check.stderr and "proposed" in check.stderr
    refused = cklod("build", "--quiet", cwd=project)
    assert refused.returncode == 2 and "not reviewed yet" in refused.stderr
    assert not (project / "output").exists()
    marked = cklod("build", "--include-proposed", "--quiet", cwd=project)
    assert marked.returncode == 0, marked.stderr
    nq = (project / "output" / "cklod.nq").read_text(encoding="utf-8")
    assert "<https://w3id.org/cklod/ontology#reviewStatus> <https://w3id.org/cklod/ontology#Proposed>" in nq
    _accept_all(project)
    check = cklod("check", cwd=project)
    assert check.returncode == 0 and check.stdout.startswith("ok: 6 documents"), check.stderr
    build = cklod("build", "--quiet", cwd=project)
    assert build.returncode == 0, build.stderr
    nq = (project / "output" / "cklod.nq").read_text(encoding="utf-8")
    assert (
        f"/graph/{doc_id}>" in nq and "ontology#reviewStatus>" not in nq
    )  # (the vocabulary defines Proposed)


def test_not_utf8_is_one_line_exit_2(project: Path, tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Astana\nthe caf\xe9 opened".encode("latin-1"))
    done = cklod("add", str(bad), "--published", "2024", cwd=project)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"error: {bad}:2: not UTF-8")
    assert sorted(p.name for p in (project / "corpus").iterdir()) == sorted(
        p.name for p in (ROOT / "corpus").iterdir()
    )


def test_a_device_is_not_a_text_file(project: Path):
    done = cklod("add", "/dev/null", "--published", "2024", cwd=project)
    assert done.returncode == 2
    assert done.stderr == "error: /dev/null:1: not a regular file: give the text as a .txt file\n"


def test_bad_date_is_one_line_exit_2(project: Path):
    done = cklod("add", str(ARTICLE), "--published", "2024-13-40", cwd=project)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: --published:1:")


def test_draft_prints_and_never_overwrites_a_reviewed_mapping(project: Path):
    done = cklod("draft", "004_ebc1b76246187781", cwd=project)
    assert done.returncode == 0 and done.stdout.startswith("# Draft of the mapping of 004_ebc1b76246187781")
    target = project / "mappings" / "004_ebc1b76246187781.yaml"
    before = target.read_text(encoding="utf-8")
    refused = cklod("draft", "004_ebc1b76246187781", "-o", str(target), cwd=project)
    assert refused.returncode == 2 and "has reviewed items" in refused.stderr
    assert target.read_text(encoding="utf-8") == before


def test_printed_date_and_boilerplate_go_to_the_sidecar(project: Path):
    article = ROOT / "tests" / "fixtures" / "draft" / "almaty-education.txt"
    done = cklod(
        "add", str(article), "--id", "almaty-education", "--url", "https://example.org/a", cwd=project
    )
    assert done.returncode == 0, done.stderr
    assert "published 2024-05-14, as printed" in done.stdout
    meta = yaml.safe_load((project / "corpus" / "almaty-education.meta.yaml").read_text(encoding="utf-8"))
    assert (meta["date_published"], meta["date_quote"], meta["date_inferred"]) == (
        "2024-05-14",
        "2024-05-14",
        None,
    )
    assert meta["boilerplate"] == [{"lines": "2", "kind": "dateline"}]
    assert meta["title"] == "Chinese and Kazakh universities sign agreement on joint engineering programme"
    assert meta["note"] == "Source URL: https://example.org/a"


def test_no_date_anywhere_is_one_line_exit_2(project: Path):
    done = cklod("add", str(ARTICLE), cwd=project)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "no publication date printed in the text: give --published" in done.stderr


@pytest.mark.parametrize("name", ["registry", "vocabulary"])
def test_add_refuses_an_id_that_names_a_shared_graph(project: Path, name: str):
    done = cklod("add", str(ARTICLE), "--id", name, "--published", "2024-07-20", cwd=project)
    assert done.returncode == 2
    assert f"error: --id:1: document id '{name}' is the name of a shared graph" in done.stderr
    assert not (project / "corpus" / f"{name}.txt").exists()
