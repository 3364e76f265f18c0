"""IRI policy and the vocabularies cklod writes: one place that says what every IRI looks like."""

from __future__ import annotations

import re
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

    @property
    def registry_graph(self) -> str:
        return self.graph("registry")

    @property
    def dataset(self) -> str:
        return f"{self.base}dataset"
