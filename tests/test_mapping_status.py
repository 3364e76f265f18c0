"""The status model, trips and programme instances in the mapping format (issue 15): what they become in the
built dump, and the one clear line each misuse gets."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from cklod.cli import main
from test_mapping_forms import one_error_line

BASE = "https://w3id.org/cklod/"
ID = BASE + "id/"
SCHEMA = "http://schema.org/"
CKLOD = BASE + "ontology#"
DOC1, DOC3 = "001_39992d9c90a8bcd7", "003_5ecd5af879b8308b"
MAPPING = f"mappings/{DOC3}.yaml"


@pytest.fixture(scope="module")
def dump(output_dir) -> set[tuple[str, str, str]]:
    return {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in parse(path=output_dir / "cklod.nq", format=RdfFormat.N_QUADS)
    }


def test_a_decision_is_typed_aims_at_a_stage_and_names_its_event(dump):
    s = f"{ID}status/{DOC1}-luban-workshop-second"
    assert (s, CKLOD + "statusOf", f"{ID}organization/luban-workshop-kazakhstan-second") in dump
    assert (s, CKLOD + "statusType", CKLOD + "Decided") in dump
    assert (s, CKLOD + "intendedStatus", CKLOD + "Opened") in dump
    assert (s, CKLOD + "atEvent", f"{ID}event/xi-state-visit-kazakhstan-2024") in dump
    assert (s, SCHEMA + "agent", f"{ID}country/china") in dump
    assert (s, SCHEMA + "actionStatus", SCHEMA + "PotentialActionStatus") in dump
    assert (
        s,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        SCHEMA + "Action",
    ) in dump  # schema.org view
    assert not any(x == s and p in (CKLOD + "effectiveDate", CKLOD + "targetDate") for x, p, _ in dump)


def test_a_plan_has_a_target_date_and_a_reached_status_an_effective_date(dump):
    plan = f"{ID}status/{DOC1}-decision-completion-2029"
    assert (plan, CKLOD + "targetDate", "2029") in dump
    assert (plan, CKLOD + "intendedStatus", CKLOD + "Completed") in dump
    assert (plan, SCHEMA + "scheduledTime", "2029") in dump  # schema.org view of the target date
    done = f"{ID}status/{DOC3}-visa-exemption-in-force"
    assert (done, CKLOD + "statusType", CKLOD + "InEffect") in dump
    assert (done, CKLOD + "effectiveDate", "2023-11-10") in dump
    assert (done, SCHEMA + "actionStatus", SCHEMA + "CompletedActionStatus") in dump
    # no initiative carries its status as a text any more
    assert not any(p == CKLOD + "status" for _, p, _ in dump)


def test_programme_and_instances_are_apart(dump):
    programme = f"{ID}initiative/luban-workshop"
    for instance in ("luban-workshop-kazakhstan", "luban-workshop-kazakhstan-second"):
        assert (f"{ID}organization/{instance}", CKLOD + "instanceOfProgramme", programme) in dump
        assert (f"{ID}organization/{instance}", SCHEMA + "memberOf", programme) in dump  # schema.org view
    assert not any(p == CKLOD + "statusOf" and o == programme for _, p, o in dump)


def test_a_trip_carries_its_span_and_its_parts_their_own_dates(dump):
    trip, summit = (
        f"{ID}event/xi-central-asia-trip-2024-07",
        f"{ID}event/sco-heads-of-state-council-24th-meeting",
    )
    assert (trip, SCHEMA + "startDate", "2024-07-02") in dump
    assert (trip, SCHEMA + "endDate", "2024-07-06") in dump
    for part in (
        summit,
        f"{ID}event/xi-state-visit-kazakhstan-2024",
        f"{ID}event/xi-state-visit-tajikistan-2024",
    ):
        assert (part, SCHEMA + "superEvent", trip) in dump
        assert (trip, SCHEMA + "subEvent", part) in dump  # materialized inverse
    assert {o for s, p, o in dump if s == summit and p == SCHEMA + "startDate"} == {"2024-07"}


QUOTE = "On November 10, 2023, the China-Kazakhstan visa exemption agreement came into effect"
CASES = {
    # name: (fact appended to 003's mapping, line offset of the reported line, message)
    "status as text on an initiative": (
        f'  - id: bad\n    kind: initiative\n    quote: "{QUOTE}"\n'
        "    initiative: china-kazakhstan-visa-exemption-agreement\n    status: came into effect\n",
        0,
        "fact 'bad': 'status' is no longer a text on an initiative: state it as a fact of its own, kind: status",
    ),
    "stage not in the list": (
        f'  - id: bad\n    kind: status\n    quote: "{QUOTE}"\n'
        "    of: china-kazakhstan-visa-exemption-agreement\n    status: came into effect\n",
        4,
        "fact 'bad': field 'status': Input should be",
    ),
    "planned with a date": (
        f'  - id: bad\n    kind: status\n    quote: "{QUOTE}"\n'
        '    of: china-kazakhstan-visa-exemption-agreement\n    status: planned\n    date: "2023-11-10"\n',
        0,
        "fact 'bad': a planned status is not reached yet: give 'target' (the date it is due by), not 'date'",
    ),
    "reached with a target": (
        f'  - id: bad\n    kind: status\n    quote: "{QUOTE}"\n'
        '    of: china-kazakhstan-visa-exemption-agreement\n    status: in-effect\n    target: "2023"\n',
        0,
        "fact 'bad': 'target' and 'toward' belong to a planned or decided status",
    ),
    "status of a person": (
        f'  - id: bad\n    kind: status\n    quote: "{QUOTE}"\n    of: xi-jinping\n    status: opened\n',
        3,
        "of: 'xi-jinping' is a Person, expected a initiative or organization or place",
    ),
    "instance of something not a programme": (
        '  - id: bad\n    kind: relation\n    quote: "the Confucius Institute at Eurasian University"\n'
        "    subject: confucius-institute-eurasian-university\n    predicate: instance-of-programme\n"
        "    object: community-with-shared-future-for-mankind\n",
        5,
        "object: 'community-with-shared-future-for-mankind' is a PolicyConcept; 'instance-of-programme' links an organization to a Programme",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_misuse_is_one_clear_line(case, project_copy):
    text, offset, message = CASES[case]
    problem = one_error_line(project_copy, MAPPING, text, offset)
    assert problem.startswith(message), problem


def test_a_fact_may_quote_a_byline_but_not_other_boilerplate(dump, project_copy):
    """docs/mapping-format.md: a byline or dateline states who wrote the article and where and when."""
    role = f"{ID}role/{DOC1}-role-zhang-xiao-ambassador"
    position = f"{ID}evidence/{DOC1}-role-zhang-xiao-ambassador#position"
    assert (role, CKLOD + "evidence", f"{ID}evidence/{DOC1}-role-zhang-xiao-ambassador") in dump
    assert (position, CKLOD + "line", "1") in dump  # line 1 of 001 is its byline
    # The same quote is refused once the line is marked as another kind of boilerplate.
    meta = project_copy / "corpus" / f"{DOC1}.meta.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("kind: byline}", "kind: other}"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 2
    assert "quote lies in other boilerplate (lines 1-1)" in result.stderr


def test_a_publication_date_from_outside_is_external_and_so_are_the_dates_it_gives(dump):
    doc4 = "004_ebc1b76246187781"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    for key, subject, prop in (
        ("date-published", f"{BASE}doc/{doc4}", SCHEMA + "datePublished"),
        ("role-shaimergenova", f"{ID}role/{doc4}-role-shaimergenova", CKLOD + "attestedOn"),
    ):
        st = f"{ID}statement/{doc4}-{key}-1"
        assert {(p, o) for s, p, o in dump if s == st} >= {
            (rdf + "subject", subject),
            (rdf + "predicate", prop),
            (rdf + "object", "2025"),
            (CKLOD + "external", "true"),
        }
        assert any(s == st and p == CKLOD + "externalSource" and "Tianjin" in o for s, p, o in dump)
    # a document whose date the text prints has no such statement
    assert not any(s.startswith(f"{ID}statement/{DOC3}-date-published") for s, _, _ in dump)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("date_source: ", "date_external: true needs date_source"),
        ("date_external: true", "date_source is given only with date_external: true"),
    ],
)
def test_an_external_date_needs_its_source(change, message, project_copy):
    meta = project_copy / "corpus" / "004_ebc1b76246187781.meta.yaml"
    lines = meta.read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if not ln.startswith(change)]
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--project", str(project_copy)])
    assert result.exit_code == 2
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: corpus/004_ebc1b76246187781.meta.yaml:"), errors
    assert message in errors[0]
