"""Example SPARQL queries offered on the home and query pages; each one runs on the bundled dataset."""

from __future__ import annotations

from dataclasses import dataclass

PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX cklod: <https://w3id.org/cklod/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@dataclass(frozen=True)
class Example:
    title: str
    description: str
    query: str


EXAMPLES = (
    Example(
        "Posts people hold, with the sentence that says so",
        "Every cklod:Role: the holder, the title as printed, and the exact quote from the source document.",
        PREFIXES
        + """SELECT ?person ?name ?title ?quote WHERE {
  ?role a cklod:Role ; cklod:holder ?person ; schema:roleName ?title ;
        cklod:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
  ?person rdfs:label ?name .
  FILTER(lang(?name) = "en")
}
ORDER BY ?name ?title
LIMIT 50""",
    ),
    Example(
        "Events in date order",
        "Events with their start date (at its own precision: day, month or year) and number of participants.",
        PREFIXES
        + """SELECT ?event ?name (MIN(STR(?start)) AS ?date) (COUNT(DISTINCT ?who) AS ?participants) WHERE {
  ?event a schema:Event ; rdfs:label ?name .
  OPTIONAL { ?event schema:startDate ?start }
  OPTIONAL { ?event cklod:hasParticipant ?who }
}
GROUP BY ?event ?name
ORDER BY ?date""",
    ),
    Example(
        "Who met whom",
        "Pairs of participants of the same event.",
        PREFIXES
        + """SELECT DISTINCT ?aName ?bName ?eventName WHERE {
  ?event cklod:hasParticipant ?a , ?b ; rdfs:label ?eventName .
  ?a a schema:Person ; rdfs:label ?aName .
  ?b a schema:Person ; rdfs:label ?bName .
  FILTER(STR(?a) < STR(?b) && lang(?aName) = "en" && lang(?bName) = "en")
}
ORDER BY ?eventName ?aName""",
    ),
    Example(
        "Reported figures",
        "Statistics: what was measured, the value and unit, and the period.",
        PREFIXES
        + """SELECT ?measure ?value ?unit ?period ?doc WHERE {
  ?s a cklod:Statistic ; cklod:measure ?measure ; schema:value ?value ;
     schema:unitText ?unit ; cklod:sourceDocument ?doc .
  OPTIONAL { ?s cklod:period ?period }
}
ORDER BY ?doc ?measure""",
    ),
    Example(
        "Facts per document",
        "How many facts each document's named graph holds, by kind.",
        PREFIXES
        + """SELECT ?graph ?kind (COUNT(?fact) AS ?facts) WHERE {
  GRAPH ?graph { ?fact cklod:sourceDocument ?doc ; a ?kind . }
  FILTER(STRSTARTS(STR(?kind), STR(cklod:)))
}
GROUP BY ?graph ?kind
ORDER BY ?graph ?kind""",
    ),
)
