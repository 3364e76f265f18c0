"""Data-graph terms as their canonical N-Triples text, and the literal semantics pyshacl gets from rdflib.

A term is the string oxigraph writes for it: ``<iri>``, ``_:id``, ``"lex"``, ``"lex"@lang`` or
``"lex"^^<datatype>``. Strings hash and compare fast, so the index and every value set use them directly.

pyshacl sees literals through rdflib, which *normalizes* a typed literal when it parses it ("01"^^xsd:integer
becomes "1", "1"^^xsd:boolean "true") and decides ill-typedness and value types its own way (any lexical form of
xsd:gYear is accepted, " 5" is an xsd:integer). To give exactly pyshacl's verdict the engine asks rdflib itself,
once per distinct typed literal (a corpus holds a few thousand), instead of re-implementing XSD.
"""

from __future__ import annotations

import logging
from functools import cache

import rdflib

from cklod.rdf.nquads import escape, split_literal, unescape


def lexical(term: str) -> str:
    """What pyshacl's str() gives: an IRI's text, a literal's (normalized) lexical form, a blank node's id."""
    if term[0] == "<":
        return unescape(term[1:-1])
    if term[0] == "_":
        return term[2:]
    if term[-1] == ">":
        return str(rdflib_term(term))
    return unescape(term[1 : term.rindex('"')])


def result_text(term: str) -> str:
    """A term as cklod's Result records it (validation.shapes._term_text): blank nodes have no stable identity."""
    return "" if term[0] == "_" else lexical(term)


def literal_key(lexical_form: str, language: str | None, datatype: str | None) -> str:
    if language:
        return f'"{escape(lexical_form)}"@{language.lower()}'  # rdflib compares tags case-insensitively
    if datatype:
        return f'"{escape(lexical_form)}"^^<{datatype}>'
    return f'"{escape(lexical_form)}"'


def key_of(node: rdflib.term.Node) -> str:
    """The data-graph key an rdflib term (from the shapes graph) equals, under rdflib's term equality."""
    if isinstance(node, rdflib.Literal):
        return literal_key(str(node), node.language, node.datatype)
    if isinstance(node, rdflib.BNode):
        return f"_:shapes-{node}"  # never equal to a data-graph blank node, as in rdflib
    return f"<{node}>"


_quiet = logging.getLogger("rdflib.term")


@cache
def rdflib_term(term: str) -> rdflib.term.Node:
    """The rdflib term pyshacl would hold for ``term`` (parsed from N-Triples, so normalized)."""
    if term[0] == "<":
        return rdflib.URIRef(unescape(term[1:-1]))
    if term[0] == "_":
        return rdflib.BNode(term[2:])
    lexical_form, language, datatype = split_literal(term)
    if datatype is None:
        return rdflib.Literal(lexical_form, lang=language)
    # rdflib logs a traceback for every lexical form it cannot convert; the verdict is what we want.
    was, _quiet.disabled = _quiet.disabled, True
    try:
        return rdflib.Literal(lexical_form, datatype=rdflib.URIRef(datatype))
    finally:
        _quiet.disabled = was


@cache
def _canonical_typed(term: str) -> str:
    lit = rdflib_term(term)
    if str(lit) == split_literal(term)[0]:
        return term
    return literal_key(str(lit), None, str(lit.datatype))


def canonical(term: str) -> str:
    """The key of the term rdflib makes of ``term``, for equality: a typed literal after normalization.

    Only equality uses it. rdflib normalizes even an ill-typed form ("truex"^^xsd:boolean reads as "false")
    yet keeps it ill-typed, so the index keeps each value as written and asks rdflib_term about it.
    """
    return _canonical_typed(term) if term[-1] == ">" and term[0] == '"' else term
