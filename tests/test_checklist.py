"""The built graph against an independent review checklist (tests/fixtures/checklist.yaml).

The checklist was written from the five documents alone. For each document it lists the named persons (with
every title the document gives them), organizations, places, events, initiatives, statistics and direct
quotations; every item must be found in the built graph:

- a person by schema:name or schema:alternateName, mentioned by that document, with a cklod:Role in that
  document's graph for each title (the title as printed = the role's schema:roleName, possibly preceded by
  "former" and by the nationality adjective of its cklod:country, or followed by "of/at (the)" and a name of its
  cklod:organization);
- an organization or place by an exact name or alternate name of an entity the document mentions;
- an event (rdf:type schema:Event) or initiative (rdf:type cklod:Initiative) the document mentions, one of whose
  names contains the checklist name, with the listed date(s) stated in the document's graph;
- a statistic by value (schema:value, or cklod:changeValue for a change) in the document's graph;
- a quotation (cklod:Quotation) in the document's graph by a speaker with that name whose schema:text starts
  with the listed words.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

CHECKLIST = Path(__file__).parent / "fixtures" / "checklist.yaml"
GRAPH = "https://w3id.org/cklod/graph/"
PREFIXES = """
PREFIX schema: <http://schema.org/>
PREFIX cklod: <https://w3id.org/cklod/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# Nationality adjectives the documents put before a title ("Chinese President", "Kazakh President").
DEMONYMS = {"China": "Chinese", "Kazakhstan": "Kazakh", "Tajikistan": "Tajik", "Uzbekistan": "Uzbek"}


def load_checklist() -> dict:
    with CHECKLIST.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def norm(s: str) -> str:
    """Case, spacing and quotation-mark style do not matter."""
    s = unicodedata.normalize("NFC", s)
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        s = s.replace(a, b)
    return " ".join(s.split()).casefold()


def rows(store, sparql: str):
    return list(store.query(PREFIXES + sparql, use_default_graph_as_union=True))


class Graph:
    """What the tests need from the built store, read once."""

    def __init__(self, store):
        self.store = store
        self.names: dict[str, set[str]] = defaultdict(set)  # entity IRI -> normalized names
        self.raw_names: dict[str, set[str]] = defaultdict(set)
        for r in rows(store, "SELECT ?e ?n WHERE { ?e schema:name|schema:alternateName ?n }"):
            self.names[r["e"].value].add(norm(r["n"].value))
            self.raw_names[r["e"].value].add(r["n"].value)
        self.types: dict[str, set[str]] = defaultdict(set)
        for r in rows(store, "SELECT ?e ?t WHERE { ?e rdf:type ?t }"):
            self.types[r["e"].value].add(r["t"].value)

    def mentioned(self, doc: str) -> set[str]:
        """Entities the document's graph names: mentions, and the agents of its metadata."""
        q = f"""SELECT DISTINCT ?e WHERE {{ GRAPH <{GRAPH}{doc}> {{
                  ?d dcterms:identifier "{doc}" ; schema:mentions|schema:author|schema:editor|schema:publisher ?e }} }}"""
        return {r["e"].value for r in rows(self.store, q)}

    def named(self, name: str, among: set[str]) -> set[str]:
        return {e for e in among if norm(name) in self.names[e]}

    def containing(self, name: str, among: set[str]) -> set[str]:
        n = norm(name)
        return {e for e in among if any(n == x or n in x for x in self.names[e])}


@pytest.fixture(scope="module")
def graph(store) -> Graph:
    return Graph(store)


CHECKS = load_checklist()


def items(kind: str):
    out = []
    for doc, block in CHECKS.items():
        for n, item in enumerate(block.get(kind) or []):
            label = item if isinstance(item, str) else item.get("name") or item.get("speaker")
            out.append(pytest.param(doc, item, id=f"{doc[:3]}-{kind}-{n}-{label}"[:90]))
    return out


# ------------------------------------------------------------------------------------------------- persons


def title_forms(store, graph: Graph, doc: str, person: str) -> set[str]:
    """Every way the document's roles of ``person`` can be printed."""
    q = f"""SELECT ?role ?title ?org ?country ?former WHERE {{ GRAPH <{GRAPH}{doc}> {{
              ?role a cklod:Role ; cklod:holder <{person}> ; schema:roleName ?title .
              OPTIONAL {{ ?role cklod:organization ?org }}
              OPTIONAL {{ ?role cklod:country ?country }}
              OPTIONAL {{ ?role cklod:isFormer ?former }} }} }}"""
    forms: set[str] = set()
    for r in rows(store, q):
        title = r["title"].value
        bases = {title}
        if r["org"] is not None:
            for org in graph.raw_names[r["org"].value]:
                for link in (" of the ", " of ", " at the ", " at "):
                    bases.add(title + link + org)
        if r["country"] is not None:
            for cname in graph.raw_names[r["country"].value]:
                if cname in DEMONYMS:
                    bases.add(f"{DEMONYMS[cname]} {title}")
                bases.add(f"{title} of {cname}")
        if r["former"] is not None and r["former"].value == "true":
            bases = {"former " + b for b in bases}
        forms |= {norm(b) for b in bases}
    return forms


@pytest.mark.parametrize("doc,item", items("persons"))
def test_person_and_titles(store, graph, doc, item):
    mentioned = graph.mentioned(doc)
    people = {e for e in graph.named(item["name"], mentioned) if "http://schema.org/Person" in graph.types[e]}
    assert people, f"{doc}: no person named {item['name']!r} in the document's graph"
    forms = set().union(*(title_forms(store, graph, doc, p) for p in people))
    missing = [t for t in item["titles"] if norm(t) not in forms]
    assert not missing, f"{doc}: {item['name']} lacks the role(s) {missing}; roles found: {sorted(forms)}"


# ------------------------------------------------------------------------------------- organizations, places


@pytest.mark.parametrize("doc,item", items("organizations") + items("places"))
def test_organization_or_place(graph, doc, item):
    assert graph.named(item, graph.mentioned(doc)), f"{doc}: nothing the document mentions is named {item!r}"


# ------------------------------------------------------------------------------------ events, initiatives


def dates_of(store, doc: str, entity: str) -> dict[str, set[str]]:
    q = f"""SELECT ?p ?v WHERE {{ GRAPH <{GRAPH}{doc}> {{
              <{entity}> ?p ?v . FILTER(?p IN (schema:startDate, schema:endDate)) }} }}"""
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows(store, q):
        out[r["p"].value.rsplit("/", 1)[1]].add(r["v"].value)
    return out


@pytest.mark.parametrize("doc,item", items("events"))
def test_event(store, graph, doc, item):
    mentioned = graph.mentioned(doc)
    events = {e for e in mentioned if "http://schema.org/Event" in graph.types[e]}
    found = set().union(*(graph.containing(n, events) for n in [item["name"], *item.get("alt", [])]))
    assert found, f"{doc}: no event named like {item['name']!r}"
    wanted = {
        "startDate": [item.get("date"), item.get("start")],
        "endDate": [item.get("date"), item.get("end")],
    }
    for prop, values in wanted.items():
        for value in filter(None, values):
            assert any(value in dates_of(store, doc, e)[prop] for e in found), (
                f"{doc}: event {item['name']!r} has no schema:{prop} {value} in the document's graph"
            )


@pytest.mark.parametrize("doc,item", items("initiatives"))
def test_initiative(graph, doc, item):
    initiatives = {
        e for e in graph.mentioned(doc) if "https://w3id.org/cklod/ontology#Initiative" in graph.types[e]
    }
    assert graph.containing(item, initiatives), f"{doc}: no initiative named like {item!r}"


# ------------------------------------------------------------------------------------------- statistics


@pytest.mark.parametrize("doc,item", items("statistics"))
def test_statistic(store, doc, item):
    q = f"""SELECT ?v WHERE {{ GRAPH <{GRAPH}{doc}> {{
              ?s a cklod:Statistic . {{ ?s schema:value ?v }} UNION {{ ?s cklod:changeValue ?v }} }} }}"""
    values = {Decimal(r["v"].value) for r in rows(store, q)}
    assert Decimal(str(item["value"])) in values, (
        f"{doc}: no statistic of value {item['value']} ({item['about']}); values: {sorted(values)}"
    )


# ------------------------------------------------------------------------------------------- quotations


@pytest.mark.parametrize("doc,item", items("quotations"))
def test_quotation(store, graph, doc, item):
    q = f"""SELECT ?speaker ?text WHERE {{ GRAPH <{GRAPH}{doc}> {{
              ?q a cklod:Quotation ; cklod:speaker ?speaker ; schema:text ?text }} }}"""
    found = [
        r["text"].value for r in rows(store, q) if norm(item["speaker"]) in graph.names[r["speaker"].value]
    ]
    assert any(norm(t).startswith(norm(item["starts"])) for t in found), (
        f"{doc}: no quotation of {item['speaker']} starting {item['starts']!r}; theirs: {found}"
    )


# ------------------------------------------------------------------------------ the checklist itself is sound


def test_checklist_is_from_the_documents(project_root):
    """Every name, title and quotation opening in the checklist is printed in its document."""
    problems = []
    for doc, block in CHECKS.items():
        text = norm((project_root / "corpus" / f"{doc}.txt").read_text(encoding="utf-8"))
        strings = [p["name"] for p in block["persons"]] + [t for p in block["persons"] for t in p["titles"]]
        strings += block["organizations"] + block["places"] + block["initiatives"]
        strings += [e["name"] for e in block["events"]] + [q["starts"] for q in block["quotations"]]
        problems += [(doc, s) for s in strings if norm(s) not in text]
    assert not problems, f"checklist strings not printed in their document: {problems}"
