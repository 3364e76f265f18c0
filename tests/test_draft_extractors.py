"""Each extractor of the draft on sentences of the corpus and on made-up ones (no trained pipeline needed)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from cklod.draft import draft_document
from cklod.draft.dates import find_dates
from cklod.draft.names import key
from cklod.errors import Collector
from cklod.load.evidence import locate
from cklod.load.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT / "mappings" / "registry", ROOT, Collector())


def facts_of(text: str, registry, published: str = "2024-07-01") -> list[dict]:
    result = draft_document(text, "t", published, registry, skip_lines=[])
    return yaml.safe_load(result.mapping_yaml)["facts"] or []


def of_kind(facts: list[dict], kind: str) -> list[dict]:
    return [f for f in facts if f["kind"] == kind]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Shaimergenova", "Shaymergenova"),
        ("Kassym-Jomart", "Kasym-Jomart"),
        ("Khorgos", "Horgos"),
        ("Ali Farabi", "Ali-Farabi"),
    ],
)
def test_spelling_variants_share_a_key(a, b):
    assert key(a) == key(b)


def test_dates_resolve_against_the_publication_date():
    got = {
        d.text: d.value
        for d in find_dates("In June, the summit met from Aug 31 to Sept 1 and 31 years ago.", "2025")
    }
    assert got["In June"] == {"date": "2025-06", "inferred": "In June"}
    assert got["from Aug 31 to Sept 1"] == {
        "start": "2025-08-31",
        "end": "2025-09-01",
        "inferred": "from Aug 31 to Sept 1",
    }
    assert got["31 years ago"] == {"date": "1994", "inferred": "31 years ago"}
    printed = find_dates("On November 6, 2023, a milestone; from July 15 to 18, 2024.", None)
    assert [d.value for d in printed] == [
        {"date": "2023-11-06"},
        {"start": "2024-07-15", "end": "2024-07-18"},
    ]
    assert find_dates("In October last year", "2024-07-01")[0].value == {
        "date": "2023-10",
        "inferred": "In October last year",
    }


def test_names_link_variants_and_short_forms(registry):
    text = (
        "Gulnar Shaymergenova met Chinese President Xi Jinping in Astana. Xi said that the ties are strong, "
        "and Kazakh President Kasym-Jomart Tokayev agreed."
    )
    result = draft_document(text, "t", "2024", registry, skip_lines=[])
    ids = yaml.safe_load(result.mapping_yaml)
    named = (
        {m["entity"] for m in ids["mentions"]}
        | {f.get("speaker") for f in ids["facts"]}
        | {f.get("holder") for f in ids["facts"]}
    )
    assert {"gulnar-shaimergenova", "xi-jinping", "kassym-jomart-tokayev", "astana"} <= named
    assert not result.registry_candidates  # nothing here is new


def test_role_apposition_from_the_corpus(registry):
    text = (
        "Two landmark summits have propelled ties into a new phase, said Gulnar Shaimergenova, director of the "
        "China Studies Center in Kazakhstan."
    )
    (role,) = of_kind(facts_of(text, registry), "role")
    assert role["holder"] == "gulnar-shaimergenova"
    assert role["title"] == "director of the China Studies Center in Kazakhstan"
    assert role["organization"] == "china-studies-center-kazakhstan"
    assert role["review"] == "proposed" and 0 < role["why"]["confidence"] <= 1


def test_new_people_and_titles_before_names(registry):
    text = (
        "Among the attendees were Dana Seitkali, Vice Minister of Transport of the Republic of Kazakhstan; "
        "and Zhou Ming, Consul General of China in Almaty. Mongolian Minister Batzorig Enkhbold attended the forum."
    )
    result = draft_document(text, "t", "2024", registry, skip_lines=[])
    people = {e["name"] for e in result.registry_candidates["people.yaml"]}
    assert {"Dana Seitkali", "Zhou Ming", "Batzorig Enkhbold"} <= people
    roles = of_kind(yaml.safe_load(result.mapping_yaml)["facts"], "role")
    titles = {r["title"] for r in roles}
    assert {
        "Vice Minister of Transport of the Republic of Kazakhstan",
        "Consul General of China in Almaty",
        "Mongolian Minister",
    } <= titles


def test_event_with_a_date_range_and_place(registry):
    text = "The third China-Kazakhstan Logistics Forum was held in Astana from July 15 to 18, 2024."
    (event,) = of_kind(facts_of(text, registry), "event")
    assert (event["start"], event["end"], event["location"]) == ("2024-07-15", "2024-07-18", ["astana"])


def test_event_from_the_corpus_with_inferred_month(registry):
    text = "In June, the 2nd China-Central Asia Summit was held in Kazakhstan's Astana, where the Astana Declaration was signed."
    facts = facts_of(text, registry, "2025")
    (event,) = of_kind(facts, "event")
    assert (event["date"], event["inferred"]) == ("2025-06", "In June")
    assert "astana" in event["location"]
    (rel,) = of_kind(facts, "relation")
    assert (rel["subject"], rel["predicate"], rel["object"]) == ("astana", "located-in", "kazakhstan")


def test_statistics(registry):
    text = (
        "The port handled more than 520,000 containers in the first half of this year, up 18 percent year on "
        "year. Trade between the two countries reached 41 billion U.S. dollars last year."
    )
    stats = of_kind(facts_of(text, registry), "statistic")
    by_value = {Decimal(str(s["value"])): s for s in stats}
    containers = by_value[Decimal(520000)]
    assert (containers["unit"], containers["comparator"]) == ("containers", "more-than")
    assert containers["change"] == {"value": 18, "unit": "percent", "basis": "year on year"}
    assert Decimal(18) not in by_value  # the change is the containers', not a figure of its own
    trade = by_value[Decimal(41_000_000_000)]
    assert (trade["unit"], trade["date"], trade["inferred"]) == ("USD", "2023", "last year")
    assert "two" not in {s["measure"].split()[0] for s in stats}
    pairs = facts_of(
        "The Horgos and Alashankou ports handled 7,762 and 6,635 trains respectively, up 9.8% and 6.8% "
        "year-on-year. He has visited Kazakhstan four times since 2013.",
        registry,
    )
    got = {Decimal(str(s["value"])): s for s in of_kind(pairs, "statistic")}
    assert got[Decimal(7762)]["change"]["value"] == 9.8
    assert got[Decimal(6635)]["change"]["value"] == 6.8
    assert got[Decimal(4)]["unit"] == "times"
    # issue 15: a count since a year runs up to the publication date, with its start
    four = got[Decimal(4)]
    assert (four["since"], four["date"], four["as_of"], four["inferred"]) == (
        "2013",
        "2024-07-01",
        True,
        "since 2013",
    )


def test_qualified_and_vague_quantities_keep_their_words(registry):
    facts = facts_of(
        "The ceremony witnessed the presence of nearly a hundred guests from both countries. Kazakh universities "
        "have attracted thousands of young people to study. Wang articulated three key hopes for the center.",
        registry,
    )
    stats = of_kind(facts, "statistic")
    (guests,) = [s for s in stats if s.get("value") == 100]
    assert (guests["comparator"], guests["words"]) == ("nearly", "nearly a hundred")  # never `about`
    (vague,) = [s for s in stats if s.get("words") == "thousands of"]
    assert "value" not in vague and "comparator" not in vague  # no "at least 1000"
    assert not [s for s in stats if s.get("value") == 3]  # the points of a speech are not a figure


def test_quotation_and_reported_speech_from_the_corpus(registry):
    text = (
        "In an interview with China Global Television Network (CGTN) in Astana, Shaimergenova said the summits "
        'had a major impact.\n"Together, the two forums produced three linked efforts for Kazakhstan," she said.\n'
        "Shaimergenova noted that China's cooperation vision closely matches Kazakhstan's development priorities."
    )
    facts = facts_of(text, registry, "2025")
    (quote,) = of_kind(facts, "quotation")
    assert quote["quote"] == "Together, the two forums produced three linked efforts for Kazakhstan"
    assert quote["speaker"] == "gulnar-shaimergenova"
    speeches = of_kind(facts, "speech")
    assert [(s["speaker"], s["verb"]) for s in speeches] == [
        ("gulnar-shaimergenova", "said"),
        ("gulnar-shaimergenova", "noted"),
    ]
    parts = {(p["participant"], p["as"]) for p in of_kind(facts, "participation")}
    assert ("gulnar-shaimergenova", "interviewee") in parts


def test_participation_presided_and_unveiled(registry):
    text = (
        "The founding ceremony of the center was held in Astana on November 6, 2023. Jiang Yonggang presided "
        "over the founding ceremony. Jiang and Gulnar Shaimergenova jointly unveiled the plaque."
    )
    parts = {(p["participant"], p["as"]) for p in of_kind(facts_of(text, registry), "participation")}
    assert {
        ("jiang-yonggang", "presider"),
        ("jiang-yonggang", "unveiler"),
        ("gulnar-shaimergenova", "unveiler"),
    } <= parts


@pytest.mark.parametrize(
    "txt",
    sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests/fixtures/draft").rglob("*.txt")),
    ids=lambda p: p.stem,
)
def test_every_quote_is_located_exactly(txt, registry):
    text = txt.read_text(encoding="utf-8")
    result = draft_document(text, txt.stem, "2024", registry)
    first = draft_document(text, txt.stem, "2024", registry)
    assert first.mapping_yaml == result.mapping_yaml  # deterministic
    data = yaml.safe_load(result.mapping_yaml)
    items = (data["facts"] or []) + (data["mentions"] or [])
    assert items
    for item in items:
        span = locate(text, item["quote"], nth=item.get("nth"))
        assert text[span.start : span.end] == item["quote"]
        assert item["review"] == "proposed" and set(item["why"]) >= {"pattern", "confidence"}


def events_of(text: str, registry, published: str = "2024-07-01") -> list[dict]:
    return of_kind(facts_of(text, registry, published), "event")


def test_a_range_belongs_to_the_event_it_follows(registry):
    text = (
        "President Xi Jinping will attend the 24th meeting of the Council of Heads of State of the Shanghai "
        "Cooperation Organization (SCO) in Astana from July 2 to 6, and will pay a state visit to Tajikistan."
    )
    by_place = {tuple(e.get("location", [])): e for e in events_of(text, registry)}
    visit = by_place[("tajikistan",)]
    assert (visit["date"], visit["inferred"]) == ("2024-07", "from July 2 to 6")
    summit = next(e for e in by_place.values() if "start" in e)
    assert (summit["start"], summit["end"]) == ("2024-07-02", "2024-07-06")


def test_visit_to_place_and_visit_as_a_time_reference(registry):
    (visit,) = events_of("Xi Jinping paid a state visit to Kazakhstan in September 2013.", registry)
    assert (visit["location"], visit["date"]) == (["kazakhstan"], "2013-09")
    # "visit to" + a verb: no place; "on the eve of … visit": the visit only dates the interview
    assert not [
        e
        for e in events_of(
            "Analysts expect Xi Jinping's visit to bring new impetus to trade between Kazakhstan and China. "
            "Tokayev said in an interview with reporters on the eve of President Xi Jinping's visit to Kazakhstan.",
            registry,
        )
        if e.get("location") == ["kazakhstan"]
    ]


def test_deadline_is_not_the_date_of_the_event(registry):
    text = (
        "The Astana International Forum was held in Astana in June. The plans adopted at the forum are to be "
        "completed by 2029."
    )
    assert [e.get("date") for e in events_of(text, registry)] == ["2024-06"]


def test_where_the_event_of_the_sentence_before_took_place(registry):
    text = (
        "On May 5, 2024, the founding ceremony of the Silk Road Research Center was held. The event took "
        "place at Nazarbayev University."
    )
    (event,) = events_of(text, registry)
    assert event["quote"].endswith("Nazarbayev University.") and event["date"] == "2024-05-05"
    assert "nazarbayev-university" in event["location"]
    # with a date of its own, the second sentence is a fact of its own
    dated = text.replace("The event took place", "On May 6, 2024, the event took place")
    assert len(events_of(dated, registry)) == 2


def test_attendance_is_not_the_event_and_names_in_a_name_are_no_venue(registry):
    text = (
        "The Astana International Forum was held in Astana in June. The forum witnessed the presence of "
        "nearly a hundred guests."
    )
    assert len(events_of(text, registry)) == 1
    (event,) = events_of(
        "The opening ceremony of the CICG Center for Europe and Asia was held in Astana in May.", registry
    )
    assert event["location"] == ["astana"]


def test_during_this_visit_is_the_visit_to_the_place_named(registry):
    text = (
        "Xi Jinping will pay state visits to Kazakh President Tokayev and Tajik President Rahmon. "
        "People in Tajikistan look forward to new cooperation during this visit."
    )
    later = [e for e in events_of(text, registry) if "People" in e["quote"]]
    assert [e["location"] for e in later] == [["tajikistan"]]


def test_during_a_visit_named_before_and_at_a_named_event(registry):
    text = (
        "Xi Jinping paid a state visit to Kazakhstan in July. During President Xi Jinping's visit in July, "
        "both countries signed agreements. Analysts are looking forward to Xi Jinping's visit."
    )
    quotes = [e["quote"] for e in events_of(text, registry, "2024")]
    assert any(q.startswith("During President Xi Jinping") for q in quotes)
    assert not any(q.startswith("Analysts") for q in quotes)
    at = events_of("Scholars urged closer ties at the Second Think Tank Forum in Beijing.", registry)
    assert len(at) == 1
    assert not events_of("The Second Think Tank Forum drew scholars.", registry)


def test_a_document_signed_after_the_event_is_its_outcome(registry):
    text = (
        "Leaders gathered in Tianjin from Aug 31 to Sept 1 for the Shanghai Cooperation Organization (SCO) "
        "summit. They signed and issued the Tianjin Declaration, advocating cooperation."
    )
    outcome = [e for e in events_of(text, registry, "2025") if "outcomes" in e]
    assert [e["outcomes"] for e in outcome] == [["tianjin-declaration"]]
    # not when the sentence before named no event
    assert not events_of("Trade grew fast. They signed and issued the Tianjin Declaration.", registry)


def test_a_title_in_quotation_marks_is_one_name(registry):
    text = (
        "The session adopted the “Resolution of the Supreme Council on Measures to Support Green Energy.” "
        "Officials praised it."
    )
    result = draft_document(text, "t", "2024", registry, skip_lines=[])
    names = {c["name"]: c["type"] for cs in result.registry_candidates.values() for c in cs}
    assert (
        names.get("Resolution of the Supreme Council on Measures to Support Green Energy") == "PolicyDocument"
    )
    # capitalized words with a lowercase word between them but no quotation marks stay apart
    plain = draft_document(
        "Officials of Astana met officials of Almaty.", "t", "2024", registry, skip_lines=[]
    )
    assert not plain.registry_candidates


def candidates_of(text: str, registry) -> dict[str, str]:
    result = draft_document(text, "t", "2024", registry, skip_lines=[])
    return {c["name"]: c["type"] for cs in result.registry_candidates.values() for c in cs}


def mentioned(text: str, registry) -> set[str]:
    result = draft_document(text, "t", "2024", registry, skip_lines=[])
    data = yaml.safe_load(result.mapping_yaml)
    return {m["entity"] for m in data["mentions"] or []}


def test_a_place_inside_an_organization_name_is_not_mentioned(registry):
    assert "beijing" not in mentioned(
        "She studied at Beijing Language and Culture University for a year.", registry
    )
    assert "beijing" in mentioned("She studied in Beijing for a year.", registry)


def test_a_name_listed_with_known_names_takes_their_kind(registry):
    got = candidates_of("Leaders from Asia, Europe and Oceania gathered in Tianjin.", registry)
    europe = registry.entities["europe"].type
    assert got == {"Oceania": europe}
    # the same word alone, with nothing to compare it to, is not proposed
    assert "Oceania" not in candidates_of("Oceania gathered support.", registry)


def test_a_title_and_its_first_word_later(registry):
    text = (
        "The session adopted the “Resolution of the Supreme Council on Measures to Support Green Energy.” "
        "The “Resolution” sets targets for 2030."
    )
    got = candidates_of(text, registry)
    assert list(got) == ["Resolution of the Supreme Council on Measures to Support Green Energy"]


def test_a_surname_of_the_region_makes_a_person(registry):
    got = candidates_of("Aigerim Nurlanova is currently studying at Nazarbayev University.", registry)
    assert got == {"Aigerim Nurlanova": "Person"}
    assert not candidates_of("Green Energy is currently growing at Nazarbayev University.", registry)


def test_names_given_as_phrases(registry):
    text = (
        "Scholars discussed Kazakh-style democracy, Uzbek industrialization and the Uzbek-Kyrgyz water sharing agreement. "
        "A Kazakh branch of Tianjin University of Technology opened, and a 150MW solar power project in "
        "Turkestan Region was finished. The factory will produce Chinese brand cars such as Geely and Haval. "
        "The NKTV Media Center reported from the Second Forum of “Green Silk Road” (GSR)."
    )
    got = candidates_of(text, registry)
    assert got["Kazakh-style democracy"] == got["Uzbek industrialization"] == "PolicyConcept"
    assert got["Uzbek-Kyrgyz water sharing agreement"] == "Agreement"
    assert got["Kazakh branch of Tianjin University of Technology"] == "University"
    assert got["150MW solar power project in Turkestan Region"] == "PowerPlant"
    assert (got["Geely"], got["Haval"]) == ("Brand", "Brand")
    assert got["NKTV"] == "Organization"
    assert got["Green Silk Road"] == "Initiative"
    (capacity,) = of_kind(facts_of(text, registry), "statistic")
    assert (capacity["value"], capacity["unit"]) == (150, "MW")
    # none of them without its cue
    plain = candidates_of(
        "Chinese students discussed water sharing. A branch opened in the region. Cars such as these sell.",
        registry,
    )
    assert not plain


def test_a_thematic_year_and_names_inside_names(registry):
    got = candidates_of("This year is China's 'Kyrgyzstan Culture Year'.", registry)
    assert got == {"Kyrgyzstan Culture Year": "ThematicYear"}
    in_summit = mentioned("In June, the 2nd China-Central Asia Summit was held in Astana.", registry)
    assert "central-asia" in in_summit and "asia" not in in_summit


def test_speech_opening_and_construction_events(registry):
    text = (
        "Tokayev praised the students in his speech during his visit to China in May 2023. "
        "On March 3, 2024, the Silk Road Logistics Center, jointly set up by two firms, was officially put into "
        "use. This is a 100MW solar power project in Turkestan Region built by a Chinese company."
    )
    result = draft_document(text, "t", "2024", registry, skip_lines=[])
    names = {c["name"] for c in result.registry_candidates.get("events.yaml", [])}
    assert "Tokayev's speech during his visit to China (May 2023)" in names
    assert "Silk Road Logistics Center officially put into use (March 2024)" in names
    assert "Construction of the 100MW solar power project in Turkestan Region" in names
    # without a date nothing was put into use on a day; "in his speech in Astana" is no occasion of its own
    later = draft_document(
        "The Silk Road Logistics Center was officially put into use. Xi Jinping spoke in his speech at length.",
        "t",
        "2024",
        registry,
        skip_lines=[],
    )
    assert not later.registry_candidates.get("events.yaml")


def test_an_interview_is_named_by_its_occasion(registry):
    text = "Tokayev said in an interview with reporters on the eve of the Astana International Forum."
    result = draft_document(text, "t", "2024", registry, skip_lines=[])
    names = {c["name"] for c in result.registry_candidates["events.yaml"]}
    assert "Tokayev's interview with reporters on the eve of the Astana International Forum" in names
    # without an occasion it is the registry's interview of Tokayev with reporters, not a new one
    plain = draft_document(
        "Tokayev said in an interview with reporters.", "t", "2024", registry, skip_lines=[]
    )
    assert not plain.registry_candidates


def test_the_byline_gives_the_author_and_post(registry):
    text = "By Li Ming, Consul General of China in Almaty\nTrade grew fast this year, officials said."
    result = draft_document(text, "t", "2024", registry)  # line 1 detected as a byline
    roles = of_kind(yaml.safe_load(result.mapping_yaml)["facts"], "role")
    assert [(r["holder"], r["title"]) for r in roles] == [("li-ming", "Consul General of China in Almaty")]
    # the byline is still no source of other facts
    other = draft_document("By Li Ming\nTrade grew fast this year, officials said.", "t", "2024", registry)
    assert not of_kind(yaml.safe_load(other.mapping_yaml)["facts"], "role")


def test_an_institute_at_a_university_and_a_route_of_a_service(registry):
    text = (
        "She studies at the Confucius Institute at Kokshetau University. The port is a stop on the "
        "China-Europe Railway Express's southern transport corridor."
    )
    got = candidates_of(text, registry)
    assert got["Confucius Institute at Kokshetau University"] == "Organization"
    assert got["China-Europe Railway Express southern transport corridor"] == "TransportRoute"
    assert not candidates_of("The institute at the port is a stop on the corridor.", registry)


def test_diplomatic_relations_of_the_two_countries_an_article_is_about(registry):
    text = (
        "China and Uzbekistan signed deals. Uzbekistan exports gas to China. China and Uzbekistan trade grew. "
        "Since the establishment of diplomatic relations, the two countries have worked closely."
    )
    (event,) = events_of(text, registry)
    assert "Since the establishment" in event["quote"]
    assert event["event"] == "establishment-of-diplomatic-relations-between-china-and-uzbekistan"
    # an article about no particular pair names none
    many = "China, Uzbekistan and Kazakhstan met. Since the establishment of diplomatic relations, ties grew."
    assert not events_of(many, registry)


def test_on_the_eve_of_a_dated_event_gives_its_year(registry):
    eve = "Tokayev said in an interview with reporters on the eve of President Xi Jinping's visit to Kazakhstan."
    text = "Xi Jinping will pay a state visit to Kazakhstan in July. " + eve
    (interview,) = [e for e in events_of(text, registry) if e["quote"] == eve]
    assert (interview["date"], interview["inferred"]) == (
        "2024",
        "on the eve of President Xi Jinping's visit to Kazakhstan",
    )
    # the visit undated: the interview is too
    (alone,) = events_of(eve, registry)
    assert "date" not in alone


def test_quoted_terms_with_the_stop_inside_and_the_path_of(registry):
    text = (
        "Some spread the “zero-sum rivalry theory.” Both countries follow the path of green development. "
        "The path of the river is long."
    )
    got = candidates_of(text, registry)
    assert got == {"zero-sum rivalry theory": "PolicyConcept", "path of green development": "PolicyConcept"}


def test_a_full_stop_after_a_month_ends_the_sentence():
    (july,) = find_dates("The visit took place in July.", "2024")
    assert (july.text, july.value) == ("in July", {"date": "2024-07", "inferred": "in July"})
    (sept,) = find_dates("It opened in Sept. and grew.", "2024")
    assert sept.text == "in Sept."


def test_a_superlative_ranks_its_statement_and_a_sentence_places_a_person(registry):
    facts = facts_of(
        "In Zharkent, a small city on the border, Murat Suleymanov is looking forward to the visit. The company "
        "is building a factory in Almaty, the largest city in Kazakhstan, to produce cars.",
        registry,
    )
    got = {(f["subject"], f["predicate"], f["object"]): f for f in of_kind(facts, "relation")}
    assert ("murat-suleymanov", "was-in", "zharkent") in got
    almaty = got[("almaty", "located-in", "kazakhstan")]
    assert (almaty["superlative"], almaty["rank"]) == ("largest city", 1)
