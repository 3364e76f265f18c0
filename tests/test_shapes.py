"""The SHACL shapes (shapes/*.ttl) and the ontology's hygiene.

A hand-written valid graph (tests/fixtures/shapes/valid.ttl) conforms to facts + entities + rules; then each
test breaks it in one way and checks, in pyshacl's results graph, the exact focus node, path and message of
every violation it reports, so a rule that stops firing, or starts firing elsewhere, fails a test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "shapes"
ONTOLOGY = ROOT / "ontology" / "cklod.ttl"
VALID = Path(__file__).parent / "fixtures" / "shapes" / "valid.ttl"
SHAPE_FILES = ("facts.ttl", "entities.ttl", "rules.ttl", "ontology.ttl")

SH = Namespace("http://www.w3.org/ns/shacl#")
CKS = Namespace("https://w3id.org/cklod/shapes#")
CKLOD = Namespace("https://w3id.org/cklod/ontology#")
SCHEMA = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ID = "https://w3id.org/cklod/id/"
DOC = "900_0123456789abcdef"

PREFIXES = f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <http://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX cklod: <https://w3id.org/cklod/ontology#>
PREFIX person: <{ID}person/>
PREFIX organization: <{ID}organization/>
PREFIX country: <{ID}country/>
PREFIX place: <{ID}place/>
PREFIX event: <{ID}event/>
PREFIX role: <{ID}role/>
PREFIX participation: <{ID}participation/>
PREFIX statistic: <{ID}statistic/>
PREFIX quotation: <{ID}quotation/>
PREFIX statement: <{ID}statement/>
PREFIX evidence: <{ID}evidence/>
"""

# The nodes the tests break
TOKAYEV = URIRef(f"{ID}person/kassym-jomart-tokayev")
KAZINFORM = URIRef(f"{ID}organization/kazinform")
ASTANA = URIRef(f"{ID}place/astana")
TALKS = URIRef(f"{ID}event/astana-talks-2023")
DOCUMENT = URIRef(f"https://w3id.org/cklod/doc/{DOC}")
BOILERPLATE = URIRef(f"https://w3id.org/cklod/doc/{DOC}#boilerplate-1")
ROLE = URIRef(f"{ID}role/{DOC}-role-tokayev-president")
PARTICIPATION = URIRef(f"{ID}participation/{DOC}-tokayev-hosts")
STATISTIC = URIRef(f"{ID}statistic/{DOC}-trade-2023")
LOCATION_STATEMENT = URIRef(f"{ID}statement/{DOC}-talks-3")
QUOTE = URIRef(f"{ID}evidence/{DOC}-friendship#quote")
TARGET = URIRef(f"{ID}evidence/{DOC}-friendship#target")


class Result(NamedTuple):
    focus: object
    path: object
    message: str


def results(report: Graph) -> set[Result]:
    """The top-level results of a pyshacl results graph (not the sh:detail of nested shapes)."""
    return {
        Result(
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            str(report.value(r, SH.resultMessage)),
        )
        for r in report.objects(None, SH.result)
    }


def source_shapes(report: Graph) -> set[object]:
    return {report.value(r, SH.sourceShape) for r in report.objects(None, SH.result)}


def shapes_graph(*names: str) -> Graph:
    g = Graph()
    for name in names:
        g.parse(SHAPES / name, format="turtle")
    return g


@pytest.fixture(scope="module")
def data_shapes() -> Graph:
    """The shapes the dataset is validated against."""
    return shapes_graph("facts.ttl", "entities.ttl", "rules.ttl")


@pytest.fixture(scope="module")
def hygiene_shapes() -> Graph:
    return shapes_graph("ontology.ttl")


def run(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return conforms, report


def valid() -> Graph:
    return Graph().parse(VALID, format="turtle")


def broken(update: str) -> Graph:
    """The valid graph with a SPARQL Update applied (by Oxigraph: rdflib forgets the PREFIXes after a ';')."""
    store = ox.Store()
    store.load(VALID.read_bytes(), format=ox.RdfFormat.TURTLE)
    store.update(PREFIXES + update)
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    g = Graph().parse(data=data, format="nt")
    assert set(g) != set(valid()), "the update changed nothing"
    return g


def rename(g: Graph, old: URIRef, new: URIRef) -> Graph:
    for s, p, o in list(g):
        if old in (s, o):
            g.remove((s, p, o))
            g.add((new if s == old else s, p, new if o == old else o))
    return g


def message(shape: URIRef, shapes: Graph) -> str:
    """The sh:message of a named shape, or of the one SPARQL constraint of a node shape."""
    text = shapes.value(shape, SH.message)
    if text is None:
        text = shapes.value(shapes.value(shape, SH.sparql), SH.message)
    return str(text)


# ---------------------------------------------------------------------------------------------------------
# Every file parses, with both engines
# ---------------------------------------------------------------------------------------------------------

ALL_TURTLE = [ONTOLOGY, *(SHAPES / name for name in SHAPE_FILES), VALID]


@pytest.mark.parametrize("path", ALL_TURTLE, ids=lambda p: p.name)
def test_parses_with_rdflib(path):
    assert len(Graph().parse(path, format="turtle")) > 0


@pytest.mark.parametrize("path", ALL_TURTLE, ids=lambda p: p.name)
def test_parses_with_pyoxigraph(path):
    with path.open("rb") as f:
        assert len(list(ox.parse(f, format=ox.RdfFormat.TURTLE))) > 0


def test_shapes_report_no_nested_results():
    # pyshacl reports a failed sh:node with nested sh:detail results typed sh:ValidationResult, which a report
    # reader (and a validator that collects every sh:ValidationResult) would count as extra violations.
    shapes = shapes_graph(*SHAPE_FILES)
    assert list(shapes.subject_objects(SH.node)) == []


# ---------------------------------------------------------------------------------------------------------
# The ontology's own hygiene (shapes/ontology.ttl, data graph ontology/cklod.ttl)
# ---------------------------------------------------------------------------------------------------------


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def test_ontology_passes_its_hygiene_shapes(hygiene_shapes):
    conforms, report = run(ontology(), hygiene_shapes)
    assert conforms, results(report)


def test_hygiene_finds_a_class_without_an_english_comment(hygiene_shapes):
    g = ontology()
    g.remove((CKLOD.Forum, RDFS.comment, None))
    g.add((CKLOD.Forum, RDFS.comment, Literal("Ein Forum.", lang="de")))
    _, report = run(g, hygiene_shapes)
    expected = message(CKS.EnglishCommentRequired, hygiene_shapes)
    assert results(report) == {Result(CKLOD.Forum, RDFS.comment, expected)}


def test_hygiene_finds_a_property_aligned_only_to_an_unaligned_cklod_property(hygiene_shapes):
    g = ontology()
    g.update(
        PREFIXES
        + """INSERT DATA {
            cklod:top a owl:ObjectProperty ; rdfs:label "top"@en ; rdfs:comment "Aligned to nothing."@en .
            cklod:below a owl:ObjectProperty ; rdfs:label "below"@en ; rdfs:comment "Under top."@en ;
                rdfs:subPropertyOf cklod:top .
        }"""
    )
    _, report = run(g, hygiene_shapes)
    expected = message(CKS.CklodPropertyShape, hygiene_shapes)
    assert results(report) == {Result(CKLOD.top, None, expected), Result(CKLOD.below, None, expected)}


def test_hygiene_accepts_alignment_through_a_chain_of_cklod_superclasses(hygiene_shapes):
    # cklod:Agreement → cklod:PolicyDocument → schema:CreativeWork: drop the direct link one step up, keep
    # the other, and the class is still aligned.
    g = ontology()
    g.remove((CKLOD.PolicyDocument, RDFS.subClassOf, SCHEMA.CreativeWork))
    conforms, report = run(g, hygiene_shapes)
    assert conforms, results(report)


def test_hygiene_needs_the_ontology_licence(hygiene_shapes):
    g = ontology()
    g.remove((None, DCTERMS.license, None))
    _, report = run(g, hygiene_shapes)
    expected = "The ontology states exactly one dcterms:license, the licence's IRI"
    assert results(report) == {Result(URIRef("https://w3id.org/cklod/ontology"), DCTERMS.license, expected)}


# ---------------------------------------------------------------------------------------------------------
# The valid graph conforms
# ---------------------------------------------------------------------------------------------------------


def test_valid_fixture_conforms(data_shapes):
    conforms, report = run(valid(), data_shapes)
    assert conforms, results(report)


def test_dates_are_compared_at_their_shared_precision(data_shapes):
    # Ends in 2023 (a gYear) against a start on 2023-11-06: not comparable below the year, so no violation.
    g = broken('INSERT DATA { event:astana-talks-2023 schema:endDate "2023"^^xsd:gYear }')
    conforms, report = run(g, data_shapes)
    assert conforms, results(report)


# ---------------------------------------------------------------------------------------------------------
# Core shapes (facts.ttl, entities.ttl): one broken graph per rule
# ---------------------------------------------------------------------------------------------------------


class Case(NamedTuple):
    break_it: str  # a SPARQL Update applied to the valid graph
    focus: URIRef
    path: URIRef | None
    message: str


CORE_CASES = {
    "fact-without-evidence": Case(
        f"DELETE WHERE {{ statistic:{DOC}-trade-2023 cklod:evidence ?e }}",
        STATISTIC,
        None,
        "A fact needs evidence: exactly one annotation (cklod:evidence), or cklod:external true with a "
        "cklod:externalSource, but not both",
    ),
    "fact-with-evidence-and-external-flag": Case(
        f'INSERT DATA {{ role:{DOC}-role-tokayev-president cklod:external true ; cklod:externalSource "Wikidata" }}',
        ROLE,
        None,
        "A fact needs evidence: exactly one annotation (cklod:evidence), or cklod:external true with a "
        "cklod:externalSource, but not both",
    ),
    "statistic-without-value": Case(
        f"DELETE WHERE {{ statistic:{DOC}-trade-2023 schema:value ?v }}",
        STATISTIC,
        None,
        "A statistic needs a value (schema:value) or, for a quantity the text gives without a number "
        '("thousands of"), its words (cklod:valueText)',
    ),
    "statistic-value-not-a-number": Case(
        f"""DELETE WHERE {{ statistic:{DOC}-trade-2023 schema:value ?v }} ;
            INSERT DATA {{ statistic:{DOC}-trade-2023 schema:value "31.5 billion" }}""",
        STATISTIC,
        SCHEMA.value,
        "A statistic has at most one value (schema:value), an xsd:decimal number",
    ),
    # --- qualifiers (issue 15): each shape, and the old shortcut it rejects
    "comparator-without-its-words": Case(
        f"INSERT DATA {{ statistic:{DOC}-trade-2023 cklod:comparator cklod:About }}",
        STATISTIC,
        None,
        'A statistic with a comparator keeps the words it stands for (cklod:valueText: "nearly a hundred", '
        '"more than 300")',
    ),
    "vague-quantity-with-a-comparator": Case(
        f"""DELETE WHERE {{ statistic:{DOC}-trade-2023 schema:value ?v }} ;
            INSERT DATA {{ statistic:{DOC}-trade-2023 cklod:valueText "thousands of"@en ;
                                                       cklod:comparator cklod:AtLeast }}""",
        STATISTIC,
        None,
        "A statistic without a value (a quantity given only in words) has no comparator",
    ),
    "count-since-without-as-of": Case(
        f'INSERT DATA {{ statistic:{DOC}-trade-2023 cklod:countedSince "2013"^^xsd:gYear }}',
        STATISTIC,
        None,
        "A count since a date (cklod:countedSince) says the date it is counted up to (cklod:asOf)",
    ),
    "rank-without-its-superlative": Case(
        f"INSERT DATA {{ statement:{DOC}-talks-3 cklod:rank 1 }}",
        LOCATION_STATEMENT,
        None,
        "A ranked statement (cklod:rank) keeps the superlative that states the rank (cklod:superlative)",
    ),
    "rank-not-a-place-in-a-ranking": Case(
        f'INSERT DATA {{ statement:{DOC}-talks-3 cklod:rank 0 ; cklod:superlative "largest"@en }}',
        LOCATION_STATEMENT,
        CKLOD.rank,
        "A statement has at most one cklod:rank, an xsd:integer from 1",
    ),
    "position-on-a-statement-that-is-no-route-stop": Case(
        f"INSERT DATA {{ statement:{DOC}-talks-3 schema:position 2 }}",
        LOCATION_STATEMENT,
        None,
        "schema:position on a statement orders a route's stops: its predicate is cklod:startsAt, "
        "cklod:passesThrough or cklod:endsAt",
    ),
    "person-present-in-something-not-a-place": Case(
        "INSERT DATA { person:kassym-jomart-tokayev cklod:presentIn event:astana-talks-2023 }",
        TOKAYEV,
        CKLOD.presentIn,
        "cklod:presentIn links a person to a schema:Place",
    ),
    "cooperation-within-something-not-a-framework": Case(
        "INSERT DATA { country:kazakhstan cklod:cooperatesWithin place:astana }",
        URIRef(f"{ID}country/kazakhstan"),
        CKLOD.cooperatesWithin,
        "cklod:cooperatesWithin links to a framework: a schema:Organization, a cklod:Initiative or a "
        "schema:Event",
    ),
    "statistic-without-unit": Case(
        f"DELETE WHERE {{ statistic:{DOC}-trade-2023 schema:unitText ?u }}",
        STATISTIC,
        SCHEMA.unitText,
        "A statistic needs exactly one unit (schema:unitText), a non-empty string",
    ),
    "reference-date-without-inferred-date": Case(
        f"DELETE WHERE {{ statistic:{DOC}-trade-2023 cklod:inferredFrom ?d }}",
        STATISTIC,
        None,
        "A reference date (cklod:referenceDate) is given only for an inferred date: add cklod:inferredFrom "
        "with the expression it was resolved from",
    ),
    "role-title-not-english": Case(
        f"""DELETE WHERE {{ role:{DOC}-role-tokayev-president schema:roleName ?t }} ;
            INSERT DATA {{ role:{DOC}-role-tokayev-president schema:roleName "Президент"@ru }}""",
        ROLE,
        SCHEMA.roleName,
        "A role has exactly one title (schema:roleName), tagged @en",
    ),
    "role-date-not-at-a-precision": Case(
        f"""DELETE WHERE {{ role:{DOC}-role-tokayev-president cklod:attestedOn ?d }} ;
            INSERT DATA {{ role:{DOC}-role-tokayev-president cklod:attestedOn "2023-11-07T10:00:00"^^xsd:dateTime }}""",
        ROLE,
        CKLOD.attestedOn,
        "A role has exactly one cklod:attestedOn date (xsd:date, xsd:gYearMonth or xsd:gYear)",
    ),
    "participation-event-not-an-event": Case(
        f"""DELETE WHERE {{ participation:{DOC}-tokayev-hosts cklod:event ?e }} ;
            INSERT DATA {{ participation:{DOC}-tokayev-hosts cklod:event place:astana }}""",
        PARTICIPATION,
        CKLOD.event,
        "A participation is in exactly one event, a schema:Event",
    ),
    "target-without-position-selector": Case(
        f"DELETE WHERE {{ <{TARGET}> oa:hasSelector <{ID}evidence/{DOC}-friendship#position> }}",
        TARGET,
        OA.hasSelector,
        "An annotation target has exactly one oa:TextPositionSelector",
    ),
    "document-sha256-not-hex": Case(
        f"""DELETE WHERE {{ <{DOCUMENT}> schema:sha256 ?h }} ;
            INSERT DATA {{ <{DOCUMENT}> schema:sha256 "226EB7D4CE3456EFCA280E70FF8CE772E775DC8A56AEBFA3999550949814CF51" }}""",
        DOCUMENT,
        SCHEMA.sha256,
        "A document has exactly one sha256: 64 lowercase hexadecimal characters",
    ),
    "document-date-not-at-a-precision": Case(
        f"""DELETE WHERE {{ <{DOCUMENT}> schema:datePublished ?d }} ;
            INSERT DATA {{ <{DOCUMENT}> schema:datePublished "7 November 2023" }}""",
        DOCUMENT,
        SCHEMA.datePublished,
        "A document has exactly one datePublished: xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
    "entity-name-not-english": Case(
        """DELETE WHERE { place:astana schema:name ?n } ;
           INSERT DATA { place:astana schema:name "Астана"@kk }""",
        ASTANA,
        SCHEMA.name,
        "An entity has exactly one schema:name, tagged @en",
    ),
    "entity-link-is-a-text": Case(
        'INSERT DATA { place:astana cklod:builtBy "a Chinese company"@en }',
        ASTANA,
        CKLOD.builtBy,
        "cklod:builtBy links to a registry entity, not a text",
    ),
    "event-date-not-at-a-precision": Case(
        'INSERT DATA { event:astana-talks-2023 schema:startDate "November 6, 2023" }',
        TALKS,
        SCHEMA.startDate,
        "An event's start date is an xsd:date, xsd:gYearMonth or xsd:gYear",
    ),
}


@pytest.mark.parametrize("case", CORE_CASES.values(), ids=CORE_CASES.keys())
def test_core_shape_reports_the_broken_node(case, data_shapes):
    _, report = run(broken(case.break_it), data_shapes)
    assert results(report) == {Result(case.focus, case.path, case.message)}


def test_fact_iri_pattern(data_shapes):
    bad = URIRef(f"{ID}role/Role_1")
    _, report = run(rename(valid(), ROLE, bad), data_shapes)
    assert results(report) == {
        Result(bad, None, "A role's IRI is https://w3id.org/cklod/id/role/{document}-{fact}")
    }


def test_entity_iri_pattern(data_shapes):
    bad = URIRef(f"{ID}org/kazinform")
    _, report = run(rename(valid(), KAZINFORM, bad), data_shapes)
    expected = "An organization's IRI is https://w3id.org/cklod/id/organization/{slug}"
    assert results(report) == {Result(bad, None, expected)}


# ---------------------------------------------------------------------------------------------------------
# SPARQL-based rules (rules.ttl): one broken graph per rule
# ---------------------------------------------------------------------------------------------------------


class RuleCase(NamedTuple):
    break_it: str
    shape: URIRef  # the rule's node shape
    focus: set[URIRef]
    path: URIRef | None
    also: frozenset[Result] = frozenset()  # Core results the same mistake rightly triggers


NOBODY = URIRef(f"{ID}person/nobody")


def _quoted_statement(
    sentence: str, triple: str = "country:kazakhstan cklod:partnerOf place:astana", qualifiers: str = ""
) -> str:
    """A sentence added at the end of the valid document, and a statement of ``triple`` quoting it, with
    ``qualifiers`` ("; cklod:rank 1"): a SPARQL Update."""
    text = str(valid().value(DOCUMENT, SCHEMA.text))
    start, ev = len(text), f"{ID}evidence/{DOC}-partner"
    st = f"statement:{DOC}-partner-1"
    subject, predicate, obj = triple.split()
    return f"""DELETE WHERE {{ <{DOCUMENT}> schema:text ?t }} ;
        INSERT DATA {{
            <{DOCUMENT}> schema:text {json.dumps(text + sentence + chr(10))} .
            {triple} .
            {st} a rdf:Statement ; rdf:subject {subject} ; rdf:predicate {predicate} ;
                rdf:object {obj} ; cklod:evidence <{ev}> ; cklod:sourceDocument <{DOCUMENT}> ;
                cklod:mappingLine 50 {qualifiers} .
            <{ev}> a oa:Annotation ; oa:motivatedBy oa:describing ; oa:hasBody country:kazakhstan ;
                oa:hasTarget <{ev}#target> .
            <{ev}#target> a oa:SpecificResource ; oa:hasSource <{DOCUMENT}> ;
                oa:hasSelector <{ev}#quote>, <{ev}#position> .
            <{ev}#quote> a oa:TextQuoteSelector ; oa:exact {json.dumps(sentence)} ;
                oa:prefix {json.dumps(text[-32:])} ; oa:suffix "\\n" .
            <{ev}#position> a oa:TextPositionSelector ; oa:start {start} ; oa:end {start + len(sentence)} ;
                cklod:line 6 .
        }}"""


def test_a_superlative_recorded_on_its_statement_conforms(data_shapes):
    sentence = "Kazakhstan is the largest partner of Astana."
    ranked = '; cklod:superlative "largest partner"@en ; cklod:rank 1'
    conforms, report = run(broken(_quoted_statement(sentence, qualifiers=ranked)), data_shapes)
    assert conforms, results(report)


RULE_CASES = {
    # A trip's part dated outside the trip (issue 15): the summit of a July 2-6 trip dated June.
    "part-of-an-event-outside-it": RuleCase(
        """INSERT DATA {
            event:astana-talks-2023 schema:superEvent event:astana-trip-2023 .
            event:astana-trip-2023 a schema:Event ; schema:name "Astana trip"@en ; rdfs:label "Astana trip"@en ;
                skos:prefLabel "Astana trip"@en ;
                schema:startDate "2023-11-07"^^xsd:date ; schema:endDate "2023-11-09"^^xsd:date .
        }""",
        CKS.SubEventWithinSuperEventShape,
        {TALKS},
        SCHEMA.startDate,
    ),
    # A trip's span put on one of its parts (issue 15): the talks given "November 6 to 8" from a sentence that
    # also states a visit, which is no part of the talks.
    "span-of-several-events-on-one": RuleCase(
        f"""DELETE DATA {{
                event:astana-talks-2023 schema:endDate "2023-11-06"^^xsd:date .
                statement:{DOC}-talks-2 rdf:object "2023-11-06"^^xsd:date .
            }} ;
            INSERT DATA {{
                event:astana-talks-2023 schema:endDate "2023-11-08"^^xsd:date .
                statement:{DOC}-talks-2 rdf:object "2023-11-08"^^xsd:date .
                event:astana-visit-2023 a schema:Event ; schema:name "Astana visit"@en ; rdfs:label "Astana visit"@en ;
                    skos:prefLabel "Astana visit"@en ; cklod:evidence evidence:{DOC}-talks .
            }}""",
        CKS.SpanOfSeveralEventsShape,
        {TALKS},
        SCHEMA.endDate,
    ),
    "event-ends-before-it-starts": RuleCase(
        'INSERT DATA { event:astana-talks-2023 schema:endDate "2023-10"^^xsd:gYearMonth }',
        CKS.EventDateOrderShape,
        {TALKS},
        SCHEMA.endDate,
    ),
    "role-ends-before-it-starts": RuleCase(
        f"""INSERT DATA {{ role:{DOC}-role-tokayev-president schema:startDate "2020"^^xsd:gYear ;
                                                          schema:endDate "2019-06-30"^^xsd:date }}""",
        CKS.RoleDateOrderShape,
        {ROLE},
        SCHEMA.endDate,
    ),
    "role-holder-not-a-person": RuleCase(
        f"""DELETE WHERE {{ participation:{DOC}-tokayev-hosts cklod:capacity ?r }} ;
            DELETE WHERE {{ role:{DOC}-role-tokayev-president cklod:holder ?h }} ;
            INSERT DATA {{ role:{DOC}-role-tokayev-president cklod:holder country:kazakhstan }}""",
        CKS.RoleHolderIsPersonShape,
        {ROLE},
        CKLOD.holder,
        frozenset({Result(ROLE, CKLOD.holder, "A role has exactly one holder, a schema:Person")}),
    ),
    "participation-in-the-capacity-of-someone-elses-role": RuleCase(
        f"""DELETE WHERE {{ participation:{DOC}-tokayev-hosts cklod:participant ?p }} ;
            INSERT DATA {{
                participation:{DOC}-tokayev-hosts cklod:participant person:wang-yi .
                person:wang-yi a schema:Person ; schema:name "Wang Yi"@en ; rdfs:label "Wang Yi"@en ;
                    skos:prefLabel "Wang Yi"@en .
            }}""",
        CKS.CapacityOfParticipantShape,
        {PARTICIPATION},
        CKLOD.capacity,
    ),
    "event-participant-does-not-exist": RuleCase(
        "INSERT DATA { event:astana-talks-2023 cklod:hasParticipant person:nobody }",
        CKS.EventParticipantsExistShape,
        {TALKS},
        CKLOD.hasParticipant,
    ),
    "participant-does-not-exist": RuleCase(
        f"""DELETE WHERE {{ participation:{DOC}-tokayev-hosts cklod:participant ?p }} ;
            DELETE WHERE {{ participation:{DOC}-tokayev-hosts cklod:capacity ?r }} ;
            INSERT DATA {{ participation:{DOC}-tokayev-hosts cklod:participant person:nobody }}""",
        CKS.ParticipantExistsShape,
        {PARTICIPATION},
        CKLOD.participant,
        frozenset(
            {
                Result(
                    PARTICIPATION,
                    CKLOD.participant,
                    "A participation has exactly one participant: a person, an organization or a country",
                )
            }
        ),
    ),
    "offsets-outside-the-document": RuleCase(
        f"""DELETE WHERE {{ <{BOILERPLATE}> oa:end ?e }} ;
            INSERT DATA {{ <{BOILERPLATE}> oa:end 999 }}""",
        CKS.OffsetsInsideDocumentShape,
        {BOILERPLATE},
        OA.end,
    ),
    "quote-does-not-match-the-offsets": RuleCase(
        f"""DELETE WHERE {{ <{QUOTE}> oa:exact ?x }} ;
            INSERT DATA {{ <{QUOTE}> oa:exact "“Our friendship is eternal,” Tokayev says." }}""",
        CKS.QuoteMatchesDocumentShape,
        {QUOTE},
        OA.exact,
    ),
    "prefix-is-not-the-text-before-the-quote": RuleCase(
        f"""DELETE WHERE {{ <{QUOTE}> oa:prefix ?x }} ;
            INSERT DATA {{ <{QUOTE}> oa:prefix "talks in Astana on 6 November.\\n" }}""",
        CKS.QuoteContextShape,
        {QUOTE},
        OA.prefix,
    ),
    "statement-not-asserted": RuleCase(
        "DELETE DATA { event:astana-talks-2023 schema:location place:astana }",
        CKS.StatementAssertedShape,
        {LOCATION_STATEMENT},
        RDF.object,
    ),
    # --- qualifiers (issue 15): the old shortcuts
    "nearly-recorded-as-about": RuleCase(
        f"""INSERT DATA {{ statistic:{DOC}-trade-2023 cklod:comparator cklod:About ;
                                                   cklod:valueText "nearly 31.5 billion US dollars"@en }}""",
        CKS.NearlyIsNotAboutShape,
        {STATISTIC},
        CKLOD.comparator,
    ),
    "thousands-given-a-number": RuleCase(
        f'INSERT DATA {{ statistic:{DOC}-trade-2023 cklod:valueText "thousands of"@en }}',
        CKS.VagueQuantityHasNoNumberShape,
        {STATISTIC},
        SCHEMA.value,
    ),
    "count-since-a-year-with-no-as-of-date": RuleCase(
        f"""DELETE WHERE {{ statistic:{DOC}-trade-2023 cklod:measure ?m }} ;
            INSERT DATA {{ statistic:{DOC}-trade-2023 cklod:measure "visits to Kazakhstan since 2013"@en }}""",
        CKS.CountSinceHasAsOfShape,
        {STATISTIC},
        CKLOD.measure,
    ),
    "points-of-a-speech-as-a-statistic": RuleCase(
        f"""DELETE WHERE {{ statistic:{DOC}-trade-2023 schema:unitText ?u }} ;
            INSERT DATA {{ statistic:{DOC}-trade-2023 schema:unitText "key hopes" }}""",
        CKS.NotAFigureShape,
        {STATISTIC},
        SCHEMA.unitText,
    ),
    "superlative-only-in-a-note": RuleCase(
        f'INSERT DATA {{ evidence:{DOC}-talks rdfs:comment "the largest-ever talks in Astana"@en }}',
        CKS.SuperlativeNotInANoteShape,
        {URIRef(f"{ID}evidence/{DOC}-talks")},
        RDFS.comment,
    ),
    "route-with-start-and-end-and-no-order": RuleCase(
        f"""INSERT DATA {{
            place:astana cklod:startsAt place:astana ; cklod:endsAt place:astana .
            statement:{DOC}-route-1 a rdf:Statement ; rdf:subject place:astana ; rdf:predicate cklod:startsAt ;
                rdf:object place:astana ; cklod:evidence evidence:{DOC}-talks ;
                cklod:sourceDocument <https://w3id.org/cklod/doc/{DOC}> ; cklod:mappingLine 30 .
            statement:{DOC}-route-2 a rdf:Statement ; rdf:subject place:astana ; rdf:predicate cklod:endsAt ;
                rdf:object place:astana ; cklod:evidence evidence:{DOC}-talks ;
                cklod:sourceDocument <https://w3id.org/cklod/doc/{DOC}> ; cklod:mappingLine 31 .
        }}""",
        CKS.RouteStopsOrderedShape,
        {URIRef(f"{ID}statement/{DOC}-route-1")},
        RDF.subject,
    ),
    "superlative-only-in-the-quote": RuleCase(
        _quoted_statement("Kazakhstan is the largest partner of Astana."),
        CKS.SuperlativeQualifiesAStatementShape,
        {URIRef(f"{ID}statement/{DOC}-partner-1")},
        CKLOD.superlative,
    ),
    "membership-read-into-cooperation-within-a-framework": RuleCase(
        _quoted_statement(
            "Kazakhstan cooperates within the framework of Kazinform.",
            "country:kazakhstan schema:memberOf organization:kazinform",
        ),
        CKS.CooperationIsNotMembershipShape,
        {URIRef(f"{ID}statement/{DOC}-partner-1")},
        RDF.predicate,
    ),
    "two-entities-share-a-name": RuleCase(
        """INSERT DATA {
            organization:kazinform-agency a schema:NewsMediaOrganization ; schema:name "KAZINFORM"@en ;
                rdfs:label "KAZINFORM"@en ; skos:prefLabel "KAZINFORM"@en .
        }""",
        CKS.DistinctNamesShape,
        {KAZINFORM, URIRef(f"{ID}organization/kazinform-agency")},
        SCHEMA.name,
    ),
}


@pytest.fixture(scope="module")
def rule_report(data_shapes):
    """pyshacl's report on each rule case's broken graph, computed once for the tests that read it."""
    reports: dict[str, Graph] = {}

    def report_for(name: str) -> Graph:
        if name not in reports:
            reports[name] = run(broken(RULE_CASES[name].break_it), data_shapes)[1]
        return reports[name]

    return report_for


@pytest.mark.parametrize("name", RULE_CASES)
def test_rule_reports_the_broken_node(name, rule_report, data_shapes):
    case = RULE_CASES[name]
    expected = {Result(focus, case.path, message(case.shape, data_shapes)) for focus in case.focus}
    assert results(rule_report(name)) == expected | case.also


@pytest.mark.parametrize("name", RULE_CASES)
def test_rule_result_comes_from_its_shape(name, rule_report):
    report = rule_report(name)
    sparql = {
        report.value(r, SH.sourceShape)
        for r in report.objects(None, SH.result)
        if report.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent
    }
    assert sparql == {RULE_CASES[name].shape}


# ---------------------------------------------------------------------------------------------------------
# The rules also work as ONE query over the whole dataset, as the validator runs them on Oxigraph
# ---------------------------------------------------------------------------------------------------------


def rule_prefixes(shapes: Graph) -> str:
    decl = URIRef("https://w3id.org/cklod/shapes")
    return "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for d in shapes.objects(decl, SH.declare)
    )


def one_query(shapes: Graph, shape: URIRef) -> str:
    """A rule's SELECT with $this → ?this and its target added at the top of the WHERE clause."""
    select = str(shapes.value(shapes.value(shape, SH.sparql), SH.select)).replace("$this", "?this")
    target_class = shapes.value(shape, SH.targetClass)
    if target_class is not None:
        target = f"?this a <{target_class}> ."
    else:
        target = f"?this <{shapes.value(shape, SH.targetSubjectsOf)}> ?cklodTargetValue ."
    brace = select.index("{", select.upper().index("WHERE"))
    return rule_prefixes(shapes) + select[: brace + 1] + target + select[brace + 1 :]


def rule_shapes(shapes: Graph) -> list[URIRef]:
    return sorted(s for s in shapes.subjects(SH.sparql, None) if isinstance(s, URIRef))


def test_every_rule_shape_has_one_target_and_a_message():
    rules = shapes_graph("rules.ttl")
    for shape in rule_shapes(rules):
        targets = [o for p in (SH.targetClass, SH.targetSubjectsOf) for o in rules.objects(shape, p)]
        constraint = rules.value(shape, SH.sparql)
        assert len(targets) == 1, shape
        assert rules.value(constraint, SH.message).language == "en", shape
        assert "$this" in str(rules.value(constraint, SH.select)), shape


@pytest.mark.parametrize("case", RULE_CASES.values(), ids=RULE_CASES.keys())
def test_rule_as_one_oxigraph_query_finds_what_pyshacl_finds(case, data_shapes):
    g = broken(case.break_it)
    store = ox.Store()
    store.load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    found = set()
    for shape in rule_shapes(data_shapes):
        for row in store.query(one_query(data_shapes, shape)):
            found.add((shape, URIRef(row["this"].value)))
    assert found == {(case.shape, focus) for focus in case.focus}


def test_rules_as_one_query_find_nothing_in_the_valid_graph(data_shapes):
    store = ox.Store()
    store.load(valid().serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    found = {shape for shape in rule_shapes(data_shapes) for _ in store.query(one_query(data_shapes, shape))}
    assert found == set()
