"""The RDF description of one dataset IRI, and its serializations.

What a description holds (a symmetric Concise Bounded Description, adapted to cklod's model):

1. every triple with the IRI as subject, in every named graph, and the same for the IRIs minted inside it
   (``…#target``, ``…#quote``, ``…#position`` of an annotation; ``…#boilerplate-1`` of a document), which play
   the part blank nodes play in a plain CBD;
2. every triple with the IRI as object;
3. for each fact node among those subjects (role, participation, statistic, quotation, reported speech,
   reified statement, evidence annotation): the fact's own triples and its evidence, so that a consumer sees
   the post a person holds and the sentence that says so without a second request. Links from a fact to its
   source document are not followed backwards: a document's description lists its facts but does not repeat
   the whole named graph;
4. the labels of every other IRI it mentions, so the description reads on its own.
"""

from __future__ import annotations

import io

import pyoxigraph as ox

from cklod.rdf import nquads
from cklod.rdf.iris import CKLOD, OA, PREFIXES, PROV
from cklod.serve import conneg
from cklod.serve.lookup import LABEL, Lookup
from cklod.write import jsonld

EVIDENCE = CKLOD + "evidence"
# Back-links from every fact of a document to the document: listed, not expanded.
TO_DOCUMENT = frozenset({CKLOD + "sourceDocument", PROV + "hadPrimarySource", OA + "hasSource"})


def _triple(q: ox.Quad) -> ox.Triple:
    return ox.Triple(q.subject, q.predicate, q.object)


def closure(lookup: Lookup, iri: str, into: set[ox.Triple]) -> None:
    """Add the triples of ``iri`` and of the IRIs minted under ``iri#``, recursively."""
    todo, seen = [iri], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in lookup.out(node):
            into.add(_triple(q))
            o = q.object
            if isinstance(o, ox.NamedNode) and o.value.startswith(iri + "#"):
                todo.append(o.value)


def fact_with_evidence(lookup: Lookup, fact: str, into: set[ox.Triple]) -> None:
    closure(lookup, fact, into)
    for q in lookup.out(fact, EVIDENCE):
        if isinstance(q.object, ox.NamedNode):
            closure(lookup, q.object.value, into)


def describe(lookup: Lookup, iri: str) -> list[ox.Triple]:
    """The description of ``iri`` (see the module docstring), sorted for byte-stable output."""
    triples: set[ox.Triple] = set()
    fact_with_evidence(lookup, iri, triples)
    for q in lookup.inc(iri):
        triples.add(_triple(q))
        s = q.subject
        if q.predicate.value in TO_DOCUMENT or not isinstance(s, ox.NamedNode):
            continue
        if lookup.space.is_fact(s.value):
            fact_with_evidence(lookup, s.value, triples)
    labelled = {t.subject for t in triples if t.predicate.value == LABEL}
    mentioned = {t.object for t in triples} | {t.subject for t in triples}
    for node in mentioned - labelled:
        if isinstance(node, ox.NamedNode) and lookup.has_label(node.value):
            triples.update(_triple(q) for q in lookup.out(node.value, LABEL))
    return sorted(triples, key=nquads.sort_key)


# -- serializations -----------------------------------------------------------------------------------------

RDF_FORMATS = {
    conneg.TURTLE: ox.RdfFormat.TURTLE,
    conneg.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    conneg.RDFXML: ox.RdfFormat.RDF_XML,
}


def serialize(triples: list[ox.Triple], media: str, base: str) -> bytes:
    """``triples`` as ``media`` (one of conneg.RDF_TYPES); JSON-LD compacted with the dumps' @context."""
    if media == conneg.JSONLD:
        return jsonld.jsonld(triples, jsonld.jsonld_context(base))
    out = io.BytesIO()
    if media == conneg.NTRIPLES:
        ox.serialize(triples, out, RDF_FORMATS[media])
    else:
        ox.serialize(triples, out, RDF_FORMATS[media], prefixes=PREFIXES)
    return out.getvalue()
