"""IRI policy and the vocabularies cklod writes: one place that says what every IRI looks like."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_BASE = "https://w3id.org/cklod/"

CKLOD = "https://w3id.org/cklod/ontology#"
ONTOLOGY = "https://w3id.org/cklod/ontology"
SHAPES = "https://w3id.org/cklod/shapes#"
SCHEMA = "http://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SH = "http://www.w3.org/ns/shacl#"
FOAF = "http://xmlns.com/foaf/0.1/"

PREFIXES: dict[str, str] = {
    "cklod": CKLOD,
    "schema": SCHEMA,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "oa": OA,
    "prov": PROV,
    "org": ORG,
    "void": VOID,
    "dcat": DCAT,
    "sh": SH,
    "foaf": FOAF,
}

# A prefixed name is written only when its local part needs no escaping in SPARQL and Turtle.
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[\w.\-]*[\w\-])?$")


class Shortener:
    """Prefixed names (``schema:name``, ``person:xi-jinping``) for IRIs under the given namespaces."""

    def __init__(self, prefixes: Mapping[str, str]):
        self._by_length = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def __call__(self, iri: str) -> str | None:
        """The prefixed name under the longest namespace that fits, or None when none does."""
        for prefix, ns in self._by_length:
            if iri.startswith(ns) and _LOCAL.match(iri[len(ns) :]):
                return f"{prefix}:{iri[len(ns) :]}"
        return None


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: "$" would let a final line break in
DOC_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")

# Registry type -> (IRI path segment, class IRI). schema.org classes where schema.org has the concept.
ENTITY_TYPES: dict[str, tuple[str, str]] = {
    "Person": ("person", SCHEMA + "Person"),
    "Organization": ("organization", SCHEMA + "Organization"),
    "GovernmentBody": ("organization", CKLOD + "GovernmentBody"),
    "Ministry": ("organization", CKLOD + "Ministry"),
    "DiplomaticMission": ("organization", CKLOD + "DiplomaticMission"),
    "PoliticalParty": ("organization", CKLOD + "PoliticalParty"),
    "PartyOrgan": ("organization", CKLOD + "PartyOrgan"),
    "ResearchCenter": ("organization", CKLOD + "ResearchCenter"),
    "University": ("organization", SCHEMA + "CollegeOrUniversity"),
    "Company": ("organization", SCHEMA + "Corporation"),
    "InternationalOrganization": ("organization", CKLOD + "InternationalOrganization"),
    "MediaOrganization": ("organization", SCHEMA + "NewsMediaOrganization"),
    "Country": ("country", SCHEMA + "Country"),
    "Place": ("place", SCHEMA + "Place"),
    "City": ("place", SCHEMA + "City"),
    "AdministrativeArea": ("place", SCHEMA + "AdministrativeArea"),
    "GeographicRegion": ("place", CKLOD + "GeographicRegion"),
    "BodyOfWater": ("place", SCHEMA + "BodyOfWater"),
    "Facility": ("place", CKLOD + "Facility"),
    "DryPort": ("place", CKLOD + "DryPort"),
    "Seaport": ("place", CKLOD + "Seaport"),
    "BorderPort": ("place", CKLOD + "BorderPort"),
    "PowerPlant": ("place", CKLOD + "PowerPlant"),
    "Factory": ("place", CKLOD + "Factory"),
    "LogisticsHub": ("place", CKLOD + "LogisticsHub"),
    "TransportRoute": ("place", CKLOD + "TransportRoute"),
    "Event": ("event", SCHEMA + "Event"),
    "Ceremony": ("event", CKLOD + "Ceremony"),
    "Forum": ("event", CKLOD + "Forum"),
    "Summit": ("event", CKLOD + "Summit"),
    "Visit": ("event", CKLOD + "Visit"),
    "StateVisit": ("event", CKLOD + "StateVisit"),
    "PlenarySession": ("event", CKLOD + "PlenarySession"),
    "Meeting": ("event", CKLOD + "Meeting"),
    "Interview": ("event", CKLOD + "Interview"),
    "Speech": ("event", CKLOD + "Speech"),
    "Competition": ("event", CKLOD + "Competition"),
    "Initiative": ("initiative", CKLOD + "Initiative"),
    "Programme": ("initiative", CKLOD + "Programme"),
    "Policy": ("initiative", CKLOD + "Policy"),
    "PolicyConcept": ("initiative", CKLOD + "PolicyConcept"),
    "ThematicYear": ("initiative", CKLOD + "ThematicYear"),
    "PolicyDocument": ("initiative", CKLOD + "PolicyDocument"),
    "Agreement": ("initiative", CKLOD + "Agreement"),
    "Declaration": ("initiative", CKLOD + "Declaration"),
    "Brand": ("brand", SCHEMA + "Brand"),
}

AGENT_KINDS = frozenset({"person", "organization", "country"})

# The kinds of ``{base}id/{kind}/…`` IRIs: entities (named by registry slug), the fact nodes of a document
# (``{doc}-{fact}``), and the evidence annotations and statements that back them.
ENTITY_KINDS = ("person", "organization", "country", "place", "event", "initiative", "brand")
FACT_KINDS = ("role", "participation", "statistic", "quotation", "speech", "status", "statement")
EVIDENCE_KIND = "evidence"
# First path segments of every IRI the dataset mints.
RESOURCE_ROOTS = ("id", "doc", "graph", "dataset")
# The named graphs that hold no document's facts: the registry's entities, and the ontology's concept schemes
# (so that the dumps alone answer queries that read a concept's notation or label).
REGISTRY_GRAPH = "registry"
VOCABULARY_GRAPH = "vocabulary"
SHARED_GRAPHS = (REGISTRY_GRAPH, VOCABULARY_GRAPH)


@dataclass(frozen=True)
class IriPolicy:
    """Builds the dataset's IRIs under one base; the ontology's IRIs never move with the base."""

    base: str = DEFAULT_BASE

    def entity(self, kind: str, slug: str) -> str:
        return f"{self.base}id/{kind}/{slug}"

    def document(self, doc_id: str) -> str:
        return f"{self.base}doc/{doc_id}"

    def graph(self, name: str) -> str:
        return f"{self.base}graph/{name}"

    def fact(self, kind: str, doc_id: str, fact_id: str) -> str:
        return f"{self.base}id/{kind}/{doc_id}-{fact_id}"

    def evidence(self, doc_id: str, key: str) -> str:
        """A Web Annotation selecting a quote of document ``doc_id``."""
        return self.fact(EVIDENCE_KIND, doc_id, key)

    def statement(self, scope: str, fact_id: str, n: int) -> str:
        """The ``n``-th reified statement of fact ``fact_id``; ``scope`` is a document id or ``registry``."""
        return self.fact("statement", scope, f"{fact_id}-{n}")

    @staticmethod
    def part(iri: str, name: str) -> str:
        """A node minted under ``iri`` (an annotation's target, quote and position; a document's boilerplate)."""
        return f"{iri}#{name}"

    def is_entity(self, iri: str) -> bool:
        prefix = f"{self.base}id/"
        return iri.startswith(prefix) and iri[len(prefix) :].split("/", 1)[0] in ENTITY_KINDS

    def short_prefixes(self) -> dict[str, str]:
        """A prefix for every kind of IRI the dataset mints (``person:``, ``role:``, ``doc:``, ``graph:`` …)."""
        kinds = (*ENTITY_KINDS, *FACT_KINDS, EVIDENCE_KIND)
        return {
            **{kind: f"{self.base}id/{kind}/" for kind in kinds},
            "doc": f"{self.base}doc/",
            "graph": f"{self.base}graph/",
        }

    def entity_prefixes(self) -> tuple[str, ...]:
        """The IRI prefixes of every entity kind, ``{base}id/{kind}/``."""
        return tuple(f"{self.base}id/{kind}/" for kind in ENTITY_KINDS)

    @property
    def registry_graph(self) -> str:
        return self.graph(REGISTRY_GRAPH)

    @property
    def vocabulary_graph(self) -> str:
        return self.graph(VOCABULARY_GRAPH)

    def document_of_graph(self, graph: str) -> str | None:
        """The document whose facts the named graph ``graph`` holds; None for the shared graphs and others."""
        prefix = f"{self.base}graph/"
        name = graph[len(prefix) :] if graph.startswith(prefix) else None
        return None if name is None or name in SHARED_GRAPHS else self.document(name)

    @property
    def dataset(self) -> str:
        return f"{self.base}dataset"
