"""Each kind of bad input: one clear line naming file, line and problem; exit 2; output/ untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cklod.cli import main

DOC = "004_ebc1b76246187781"
MAPPING = f"mappings/{DOC}.yaml"
ROLE = """  - id: role-shaimergenova
    kind: role
    quote: "Gulnar Shaimergenova, director of the China Studies Center in Kazakhstan"
    holder: gulnar-shaimergenova
    title: director of the China Studies Center in Kazakhstan
    organization: china-studies-center-kazakhstan
"""


def edit(project: Path, rel: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` once in ``rel``; return the 1-based line where ``new`` starts."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture text not unique in {rel}: {old!r}"
    at = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, at) + 1


def role_with(**changes: str) -> str:
    lines = ROLE.splitlines(keepends=True)
    out = []
    for line in lines:
        key = line.strip().split(":", 1)[0].removeprefix("- ")
        out.append(changes.pop(key) if key in changes else line)
    return "".join(out) + "".join(changes.values())


CASES = {
    # name: (file, old, new, line offset of the reported line from the edit, message pattern)
    "unknown registry id": (
        MAPPING,
        ROLE,
        role_with(holder="    holder: gulnar-shaimergenov\n"),
        3,
        r"holder: unknown registry id 'gulnar-shaimergenov' \(did you mean 'gulnar-shaimergenova'\?\)",
    ),
    "quote not in the document": (
        MAPPING,
        ROLE,
        role_with(quote='    quote: "Gulnar Shaimergenova, chief"\n'),
        2,
        r"quote not found in the document: 'Gulnar Shaimergenova, chief'",
    ),
    "paraphrased title": (
        MAPPING,
        ROLE,
        role_with(title="    title: head of the China Studies Center\n"),
        4,
        r"title must be copied verbatim from the quote",
    ),
    "ambiguous quote": (
        MAPPING,
        ROLE,
        role_with(quote='    quote: "Shaimergenova"\n', title="    title: Shaimergenova\n"),
        2,
        r"quote occurs \d+ times; add 'within:' or 'nth:'",
    ),
    "bad date": (
        MAPPING,
        ROLE,
        role_with(date='    date: "2025-02-30"\n'),
        6,
        r"date: '2025-02-30' is not a real date",
    ),
    "date with no precision form": (
        MAPPING,
        ROLE,
        role_with(date='    date: "June 2025"\n'),
        6,
        r"bad date 'June 2025'",
    ),
    "unknown field": (MAPPING, ROLE, role_with(rank="    rank: director\n"), 6, r"unknown field 'rank'"),
    "unknown fact kind": (MAPPING, ROLE, role_with(kind="    kind: post\n"), 1, r"unknown fact kind 'post'"),
    "missing required field": (MAPPING, ROLE, role_with(holder=""), 0, r"missing required field 'holder'"),
    "wrong entity type": (
        MAPPING,
        ROLE,
        role_with(holder="    holder: kazakhstan\n"),
        3,
        r"holder: 'kazakhstan' is a Country, expected a person",
    ),
    "duplicate fact id": (MAPPING, ROLE, ROLE + ROLE, 6, r"duplicate fact id 'role-shaimergenova'"),
    "quote in boilerplate": (
        MAPPING,
        ROLE,
        role_with(
            quote='    quote: "China-Kazakhstan ties deepen as shared development goals drive broader cooperation"\n',
            nth="    nth: 1\n",
            title="    title: China-Kazakhstan\n",
        ),
        2,
        r"quote lies in title boilerplate",
    ),
    "malformed YAML": (MAPPING, ROLE, ROLE.replace("kind: role", "kind: [role"), 2, r"YAML syntax error"),
    "unknown entity type in registry": (
        "mappings/registry/places.yaml",
        "  type: City\n  name: Astana",
        "  type: Town\n  name: Astana",
        0,
        r"unknown entity type 'Town'",
    ),
    "duplicate registry id": (
        "mappings/registry/places.yaml",
        "- id: astana\n",
        "- id: astana\n  type: City\n  name: Astana\n- id: astana\n",
        3,
        r"duplicate id 'astana' \(first at mappings/registry/places.yaml:\d+\)",
    ),
    "unknown predicate": (
        MAPPING,
        ROLE,
        ROLE
        + """  - id: rel-bad
    kind: relation
    quote: "director of the China Studies Center in Kazakhstan"
    subject: gulnar-shaimergenova
    predicate: directs
    object: china-studies-center-kazakhstan
""",
        10,
        r"unknown predicate 'directs'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_clear_line_and_output_untouched(case, project_copy):
    rel, old, new, offset, pattern = CASES[case]
    line = edit(project_copy, rel, old, new) + offset
    out = project_copy / "output"
    out.mkdir()
    (out / "previous.txt").write_text("the previous build\n")
    result = CliRunner().invoke(main, ["build", "--project", str(project_copy), "--out", str(out)])
    assert result.exit_code == 2, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    match = re.match(r"^error: (?P<file>[^:]+):(?P<line>\d+): (?P<msg>.+)$", errors[0])
    assert match, errors[0]
    assert match["file"] == rel
    assert re.search(pattern, match["msg"]), match["msg"]
    if case not in ("malformed YAML", "missing required field", "unknown entity type in registry"):
        assert int(match["line"]) == line, errors[0]
    assert sorted(p.name for p in out.iterdir()) == ["previous.txt"]


def test_missing_sidecar(project_copy):
    (project_copy / "corpus" / f"{DOC}.meta.yaml").unlink()
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 2
    assert f"corpus/{DOC}.txt:1: no metadata sidecar corpus/{DOC}.meta.yaml" in result.stderr


def test_mapping_for_a_document_not_in_the_corpus(project_copy):
    src = project_copy / MAPPING
    src.rename(project_copy / "mappings" / "999_missing.yaml")
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 2
    assert (
        "mappings/999_missing.yaml:1: document '004_ebc1b76246187781' does not match file name"
        in result.stderr
    )
    assert f"corpus/{DOC}.txt:1: no mapping file mappings/{DOC}.yaml" in result.stderr


def test_all_problems_are_reported_in_one_run(project_copy):
    edit(project_copy, MAPPING, ROLE, role_with(holder="    holder: nobody\n", date='    date: "2025-13"\n'))
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 2
    assert len([ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]) == 2


@pytest.mark.parametrize("name", ["registry", "vocabulary"])
def test_a_document_may_not_take_a_shared_graphs_name(project_copy, name):
    corpus = project_copy / "corpus"
    (corpus / f"{DOC}.txt").rename(corpus / f"{name}.txt")
    (corpus / f"{DOC}.meta.yaml").rename(corpus / f"{name}.meta.yaml")
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 2
    assert f"corpus/{name}.txt:1: document id '{name}' is the name of a shared graph" in result.stderr
