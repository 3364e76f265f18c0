"""Forms that save typing: dated speech, lists as relation objects, new predicates, the compact `act` fact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from cklod.cli import main

DOC = "002_6fb63ed73c7fcc78"
MAPPING = f"mappings/{DOC}.yaml"
BASE = "https://w3id.org/cklod/"
SCHEMA = "http://schema.org/"
CKLOD = BASE + "ontology#"
XU_BU = (
    "Xu Bu, president of the China Institute of International Studies, said that since the establishment of "
    "diplomatic relations between China and the five Central Asian countries"
)
NEW_FACTS = f"""
  - id: xu-bu-at-forum
    kind: act
    quote: "{XU_BU}"
    who: xu-bu
    title: president of the China Institute of International Studies
    organization: china-institute-of-international-studies
    event: second-think-tank-forum-china-central-asia
    says: said
    about: [central-asia]
    date: "2022-11"
    inferred: "Nov. 8–9"
  - id: gao-speech-dated
    kind: speech
    quote: "China and Central Asian countries are closely interdependent and share prosperity and hardship."
    speaker: gao-xiang
    date: "2022-11-08"
  - id: forum-framework
    kind: relation
    quote: "the Second Think Tank Forum of “China+Central Asia” (C+C5)"
    subject: second-think-tank-forum-china-central-asia
    predicate: within-framework-of
    object: china-plus-central-asia
  - id: forum-joint
    kind: relation
    quote: "The forum was co-hosted by the Institute of Russian, Eastern European and Central Asian Studies at CASS"
    subject: second-think-tank-forum-china-central-asia
    predicate: joint-project-of
    object: [chinese-academy-of-social-sciences, china]
"""


def append(project: Path, rel: str, text: str) -> int:
    path = project / rel
    old = path.read_text(encoding="utf-8")
    path.write_text(old.rstrip("\n") + "\n" + text, encoding="utf-8")
    return old.rstrip("\n").count("\n") + 2


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> set[tuple[str, str, str]]:
    import shutil

    from tests.conftest import ROOT

    project = tmp_path_factory.mktemp("forms") / "project"
    for name in ("corpus", "mappings", "ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, project / name)
    append(project, MAPPING, NEW_FACTS)
    out = project / "output"
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output  # the shapes conform
    return {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in parse(path=out / "cklod.nq", format=RdfFormat.N_QUADS)
    }


def test_act_yields_role_participation_and_speech(graph):
    role = f"{BASE}id/role/{DOC}-xu-bu-at-forum-role"
    part = f"{BASE}id/participation/{DOC}-xu-bu-at-forum-participation"
    speech = f"{BASE}id/speech/{DOC}-xu-bu-at-forum-speech"
    assert (role, SCHEMA + "roleName", "president of the China Institute of International Studies") in graph
    assert (
        role,
        CKLOD + "organization",
        f"{BASE}id/organization/china-institute-of-international-studies",
    ) in graph
    assert (part, CKLOD + "capacity", role) in graph
    assert (part, CKLOD + "participationRole", CKLOD + "Speaker") in graph
    assert (speech, CKLOD + "speechVerb", "said") in graph
    assert (speech, SCHEMA + "dateCreated", "2022-11") in graph
    assert (speech, CKLOD + "inferredFrom", "Nov. 8–9") in graph
    assert not any(s == role and p == CKLOD + "inferredFrom" for s, p, _ in graph)
    exact = {o for s, p, o in graph if p == "http://www.w3.org/ns/oa#exact" and "xu-bu-at-forum" in s}
    assert exact == {XU_BU}  # one quote, three annotations of it


def test_speech_carries_a_date(graph):
    assert (f"{BASE}id/speech/{DOC}-gao-speech-dated", SCHEMA + "dateCreated", "2022-11-08") in graph


def test_list_object_is_one_statement_per_object_with_the_same_evidence(graph):
    forum = f"{BASE}id/event/second-think-tank-forum-china-central-asia"
    for obj in ("organization/chinese-academy-of-social-sciences", "country/china"):
        assert (forum, CKLOD + "jointProjectOf", f"{BASE}id/{obj}") in graph
    statements = {s for s, p, _ in graph if p == CKLOD + "evidence" and f"{DOC}-forum-joint-" in s}
    assert len(statements) == 2
    assert len({o for s, p, o in graph if s in statements and p == CKLOD + "evidence"}) == 1
    assert (forum, CKLOD + "withinFrameworkOf", f"{BASE}id/initiative/china-plus-central-asia") in graph


def test_qualifiers_and_their_schema_org_view(graph):
    """Issue 15, as the corpus now maps it: the words of a quantity, a count since a year, a rank, a route stop,
    a person placed, a framework; and what a schema.org client sees of each."""
    stat = f"{BASE}id/statistic/003_5ecd5af879b8308b-"
    assert (stat + "stat-suleymanov-years", CKLOD + "comparator", CKLOD + "Nearly") in graph
    assert (stat + "stat-suleymanov-years", SCHEMA + "description", "nearly 10 years") in graph
    vague = stat + "stat-chinese-students-in-kazakhstan"
    assert (vague, CKLOD + "valueText", "thousands of") in graph
    assert not any(s == vague and p in (SCHEMA + "value", CKLOD + "comparator") for s, p, _ in graph)
    xi = stat + "stat-xi-visits-kazakhstan"
    assert {(p, o) for s, p, o in graph if s == xi and p in (CKLOD + "countedSince", CKLOD + "asOf")} == {
        (CKLOD + "countedSince", "2013"),
        (CKLOD + "asOf", "2024-07-01"),
    }
    ranked = f"{BASE}id/statement/003_5ecd5af879b8308b-china-largest-trading-partner-1"
    assert (ranked, CKLOD + "superlative", "largest trading partner") in graph
    assert (ranked, SCHEMA + "position", "1") in graph  # cklod:rank, seen as schema:position
    stop = f"{BASE}id/statement/003_5ecd5af879b8308b-route-ends-baku-1"
    assert (stop, SCHEMA + "position", "4") in graph
    suleymanov, zharkent = f"{BASE}id/person/murat-suleymanov", f"{BASE}id/place/zharkent"
    assert (suleymanov, CKLOD + "presentIn", zharkent) in graph
    assert (suleymanov, SCHEMA + "location", zharkent) in graph
    assert (suleymanov, "http://www.w3.org/ns/prov#atLocation", zharkent) in graph
    china, cica = f"{BASE}id/country/china", f"{BASE}id/organization/cica"
    assert (china, CKLOD + "cooperatesWithin", cica) in graph
    assert (china, CKLOD + "withinFrameworkOf", cica) in graph
    # "three key hopes", "three linked efforts" and "the six countries" are no statistics any more
    units = {o for s, p, o in graph if p == SCHEMA + "unitText"}
    assert not {"hopes", "effort", "country"} & units
    # the place the text does not give is gone from Ruslan's blood donations
    donations = f"{BASE}id/event/ruslan-panda-blood-donations"
    assert not any(s == donations and p == SCHEMA + "location" for s, p, _ in graph)


STAT = """  - id: stat-bad
    kind: statistic
    quote: "over the past three decades since their independence"
    measure: decades since independence
    unit: decades
"""
REL = """  - id: rel-bad
    kind: relation
    quote: "Gao Xiang, vice president of the Chinese Academy of Social Sciences (CASS), noted"
    subject: gao-xiang
"""

ACT = """  - id: act-bad
    kind: act
    quote: "Gao Xiang, vice president of the Chinese Academy of Social Sciences (CASS), noted"
    who: gao-xiang
    title: vice president
    organization: chinese-academy-of-social-sciences
    event: second-think-tank-forum-china-central-asia
"""

CASES = {
    # name: (text appended to the mapping, line offset of the reported line, message)
    "act without as or says": (ACT, 0, "fact 'act-bad': missing required field 'as'"),
    "act: unknown person": (
        ACT.replace("who: gao-xiang", "who: gao-xian") + "    as: speaker\n",
        3,
        "who: unknown registry id 'gao-xian'",
    ),
    "participation: bad as": (
        """  - id: part-bad
    kind: participation
    quote: "Gao Xiang, vice president of the Chinese Academy of Social Sciences (CASS), noted"
    event: second-think-tank-forum-china-central-asia
    participant: gao-xiang
    as: talker
""",
        5,
        "fact 'part-bad': field 'as': Input should be",
    ),
    "organization part-of a policy": (
        """  - id: rel-bad
    kind: relation
    quote: "Chinese Academy of Social Sciences"
    subject: chinese-academy-of-social-sciences
    predicate: part-of
    object: community-with-shared-future-for-mankind
""",
        5,
        "object: 'community-with-shared-future-for-mankind' is a PolicyConcept; 'part-of' links an "
        "organization to an organization, Initiative or Programme",
    ),
    "a comparator without its words": (
        STAT + "    value: 3\n    comparator: about\n",
        0,
        "fact 'stat-bad': a comparator keeps the words it stands for",
    ),
    "words not in the quote": (
        STAT + '    words: "thousands of"\n',
        0,
        "fact 'stat-bad': words: 'thousands of' is not in the quote",
    ),
    "a vague quantity with a comparator": (
        STAT + '    words: "three decades"\n    comparator: more-than\n',
        0,
        "fact 'stat-bad': 'comparator' qualifies a value",
    ),
    "bounds the wrong way round": (
        STAT + '    words: "three decades"\n    minimum: 30\n    maximum: 20\n',
        0,
        "fact 'stat-bad': minimum 30 is above maximum 20",
    ),
    "a count since a year with no as-of date": (
        STAT + '    value: 3\n    since: "1992"\n',
        0,
        "fact 'stat-bad': 'since' starts a cumulative count",
    ),
    "a rank without its superlative": (
        REL + "    predicate: works-for\n    object: chinese-academy-of-social-sciences\n    rank: 1\n",
        0,
        "fact 'rel-bad': 'rank' needs the 'superlative'",
    ),
    "a position on a relation that is no route stop": (
        REL + "    predicate: works-for\n    object: chinese-academy-of-social-sciences\n    position: 2\n",
        0,
        "fact 'rel-bad': 'position' orders a route's stops",
    ),
    "an organization placed with was-in": (
        """  - id: rel-bad
    kind: relation
    quote: "Chinese Academy of Social Sciences"
    subject: chinese-academy-of-social-sciences
    predicate: was-in
    object: beijing
""",
        3,
        "subject: 'chinese-academy-of-social-sciences' is a ResearchCenter; 'was-in' links a person to something",
    ),
    "a person within the framework of": (
        """  - id: rel-bad
    kind: relation
    quote: "Gao Xiang, vice president of the Chinese Academy of Social Sciences (CASS), noted"
    subject: gao-xiang
    predicate: within-framework-of
    object: [chinese-academy-of-social-sciences]
""",
        3,
        "subject: 'gao-xiang' is a Person; 'within-framework-of' links an organization, place, event or "
        "initiative to something",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_new_forms_are_one_clear_line(case, project_copy):
    text, offset, message = CASES[case]
    problem = one_error_line(project_copy, MAPPING, text, offset)
    assert problem.startswith(message) or message in problem, problem


def one_error_line(project: Path, mapping: str, text: str, offset: int) -> str:
    """Append ``text`` to ``mapping``; `cklod check` must then exit 2 with exactly one `error: FILE:LINE:` line,
    on the appended text's line ``offset``. Returns that line's problem."""
    line = append(project, mapping, text) + offset
    result = CliRunner().invoke(main, ["check", "--project", str(project)])
    assert result.exit_code == 2, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    match = re.match(rf"^error: {mapping}:(\d+): (.+)$", errors[0])
    assert match and int(match[1]) == line, errors[0]
    return match[2]


def test_an_empty_mapping_file_says_so(project_copy):
    (project_copy / MAPPING).write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {MAPPING}:1: a mapping file must be a YAML mapping with 'document:' and 'facts:', "
        "not an empty file"
    ]
