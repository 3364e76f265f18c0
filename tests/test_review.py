"""Review markers: drafted items carry `review: proposed` and `why:`; check warns, build refuses or marks them."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from cklod.cli import main

DOC = "004_ebc1b76246187781"
MAPPING = f"mappings/{DOC}.yaml"
PEOPLE = "mappings/registry/people.yaml"
CKLOD = "https://w3id.org/cklod/ontology#"
WHY = '    why: {pattern: "apposition: Name, Title of Org", confidence: 0.85}\n'


def edit(project: Path, rel: str, old: str, new: str) -> int:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, text.index(old)) + 1


def propose(project: Path) -> dict[str, int]:
    """Mark a fact, a mention, an ignore and a new registry entry as proposed; return their lines."""
    lines = {}
    lines["fact"] = edit(
        project,
        MAPPING,
        "  - id: role-shaimergenova\n    kind: role\n",
        "  - id: role-shaimergenova\n    review: proposed\n" + WHY + "    kind: role\n",
    )
    lines["mention"] = edit(
        project,
        MAPPING,
        "  - entity: central-asia\n",
        "  - entity: central-asia\n    review: proposed\n    why: {pattern: registry name, confidence: 1}\n",
    )
    edit(
        project,
        MAPPING,
        '  - text: "Two"\n',
        '  - text: "Two"\n    review: accepted\n    why: {pattern: number word, confidence: 0.4, note: "a referring expression"}\n',
    )
    lines["ignore"] = edit(
        project,
        MAPPING,
        '  - text: "First"\n',
        '  - text: "First"\n    review: proposed\n    why: {pattern: enumerator, confidence: 0.6}\n',
    )
    people = project / PEOPLE
    text = people.read_text(encoding="utf-8")
    lines["entry"] = text.count("\n") + 2
    people.write_text(
        text
        + "\n- id: aigerim-example\n  review: proposed\n"
        + '  why: {pattern: "new person name", confidence: 0.7, note: "looks like aigerim-examplova: distinct_from?"}\n'
        + "  type: Person\n  name: Aigerim Example\n",
        encoding="utf-8",
    )
    return lines


def test_check_warns_with_a_count_per_file(project_copy):
    lines = propose(project_copy)
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 0, result.output
    warnings = [ln for ln in result.stderr.splitlines() if "not reviewed yet" in ln]
    assert warnings == [
        f"warning: {MAPPING}:{lines['mention']}: 1 proposed fact, 1 proposed mention, 1 proposed ignore "
        "not reviewed yet (set review: accepted, or delete them)",
        f"warning: {PEOPLE}:{lines['entry']}: 1 proposed entry not reviewed yet "
        "(set review: accepted, or delete them)",
    ]
    assert result.stdout.startswith("ok: 5 documents")


def test_build_refuses_proposals_one_line_per_file_output_untouched(project_copy):
    propose(project_copy)
    out = project_copy / "output"
    out.mkdir()
    (out / "previous.txt").write_text("the previous build\n")
    result = CliRunner().invoke(main, ["build", "--project", str(project_copy), "--out", str(out)])
    assert result.exit_code == 2, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert [re.sub(r":\d+:", ":N:", e).split(": ", 2)[1] for e in errors] == [f"{MAPPING}:N", f"{PEOPLE}:N"]
    assert all(e.endswith("not reviewed yet (set review: accepted, or delete them)") for e in errors)
    assert sorted(p.name for p in out.iterdir()) == ["previous.txt"]


def test_accepting_is_a_one_word_edit(project_copy):
    propose(project_copy)
    for rel in (MAPPING, PEOPLE):
        path = project_copy / rel
        path.write_text(path.read_text(encoding="utf-8").replace("review: proposed", "review: accepted"))
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 0
    assert "not reviewed yet" not in result.stderr


def test_include_proposed_publishes_them_marked(project_copy, tmp_path):
    propose(project_copy)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--project", str(project_copy), "--out", str(out), "--include-proposed", "-q"]
    )
    assert result.exit_code == 0, result.output  # published, and the shapes still conform
    data = list(parse(path=out / "cklod.nq", format=RdfFormat.N_QUADS))
    marked = {
        q.subject.value
        for q in data
        if q.predicate.value == CKLOD + "reviewStatus" and q.object.value == CKLOD + "Proposed"
    }
    assert marked == {
        f"https://w3id.org/cklod/id/role/{DOC}-role-shaimergenova",
        f"https://w3id.org/cklod/id/evidence/{DOC}-mention-1",
        "https://w3id.org/cklod/id/person/aigerim-example",
    }
    assert "apposition" not in (out / "cklod.nq").read_text(encoding="utf-8")  # `why:` is never published


def test_bad_markers_are_one_clear_line(project_copy):
    line = edit(
        project_copy,
        MAPPING,
        "  - id: role-shaimergenova\n    kind: role\n",
        "  - id: role-shaimergenova\n    review: maybe\n"
        "    why: {pattern: apposition, confidence: 1.5}\n    kind: role\n",
    )
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 2
    errors = sorted(ln for ln in result.stderr.splitlines() if ln.startswith("error: "))
    assert errors == [
        f"error: {MAPPING}:{line + 1}: fact 'role-shaimergenova': field 'review': Input should be 'proposed' "
        "or 'accepted'",
        f"error: {MAPPING}:{line + 2}: fact 'role-shaimergenova': field 'why.confidence': Input should be "
        "less than or equal to 1",
    ]


def test_a_proposed_act_counts_once(project_copy):
    path = project_copy / "mappings" / "002_6fb63ed73c7fcc78.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    line = text.count("\n") + 1
    path.write_text(
        text
        + """  - id: gao-at-forum
    review: proposed
    why: {pattern: "Name, Title of Org, noted", confidence: 0.9}
    kind: act
    quote: "Gao Xiang, vice president of the Chinese Academy of Social Sciences (CASS), noted"
    who: gao-xiang
    title: vice president
    organization: chinese-academy-of-social-sciences
    event: second-think-tank-forum-china-central-asia
    says: noted
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 0, result.output
    assert (
        f"warning: mappings/002_6fb63ed73c7fcc78.yaml:{line}: 1 proposed fact not reviewed yet "
        "(set review: accepted, or delete them)"
    ) in result.stderr.splitlines()
