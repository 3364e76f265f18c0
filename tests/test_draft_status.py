"""The draft proposes stages as `status` facts (issue 15): a concept and a typed date, never a status text, never
an event dated in the future, never a stage of a whole programme."""

from __future__ import annotations

from test_draft_extractors import facts_of, of_kind, registry  # noqa: F401  (the fixture registry)


def statuses(text: str, registry, published: str = "2024-07-01") -> list[dict]:  # noqa: F811
    return [
        {k: v for k, v in f.items() if k not in ("id", "kind", "quote", "why", "review")}
        for f in of_kind(facts_of(text, registry, published), "status")
    ]


def test_came_into_effect_is_reached_on_its_date(registry):  # noqa: F811
    text = "On November 10, 2023, the China-Kazakhstan visa exemption agreement came into effect."
    assert statuses(text, registry) == [
        {"of": "china-kazakhstan-visa-exemption-agreement", "status": "in-effect", "date": "2023-11-10"}
    ]


def test_a_plan_has_a_target_date_not_a_date(registry):  # noqa: F811
    text = (
        "The decision passed at the plenary session proposed important reform initiatives, with all the reforms "
        "outlined in the “Decision” scheduled to be completed by 2029."
    )
    assert statuses(text, registry) == [
        {
            "of": "decision-further-deepening-reforms-2024",
            "status": "planned",
            "toward": "completed",
            "target": "2029",
        }
    ]


def test_each_clause_its_own_stage_and_no_stage_for_a_programme(registry):  # noqa: F811
    text = (
        "China has decided to open a second “Luban Workshop” in Kazakhstan and will host the “Year of Chinese "
        "Tourism” in Kazakhstan next year."
    )
    got = statuses(text, registry, "2024-09-01")
    # luban-workshop is the programme: the instance is not in the registry, so no stage is proposed for it
    assert got == [
        {
            "of": "year-of-chinese-tourism-kazakhstan-2025",
            "status": "planned",
            "toward": "started",
            "target": "2025",
            "inferred": "next year",
            "by": ["china"],
        }
    ]
    assert not any("status" in f for f in of_kind(facts_of(text, registry), "initiative"))


def test_an_opening_takes_the_clauses_subject(registry):  # noqa: F811
    text = (
        "Good news has been coming recently: On October 12, 2023, the Northwestern Polytechnical University "
        'Kazakhstan Branch, jointly established by China\'s Northwestern Polytechnical University and "Ali Farabi" '
        "Kazakh National University, was officially put into use."
    )
    assert statuses(text, registry) == [
        {"of": "npu-kazakhstan-branch", "status": "opened", "date": "2023-10-12"}
    ]


def test_an_instance_named_after_its_programme_is_an_instance_of_it(registry):  # noqa: F811
    text = "Yelk Toktarbekova is currently studying at the Confucius Institute at Eurasian University in Kazakhstan."
    rels = [
        (f["subject"], f["object"])
        for f in of_kind(facts_of(text, registry), "relation")
        if f["predicate"] == "instance-of-programme"
    ]
    assert rels == [("confucius-institute-eurasian-university", "confucius-institute")]
    # the programme named alone is no instance of itself
    alone = facts_of("Kazakhstan has established five Confucius Institutes.", registry)
    assert not [f for f in of_kind(alone, "relation") if f["predicate"] == "instance-of-programme"]
