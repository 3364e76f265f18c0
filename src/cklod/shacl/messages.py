"""Terms written the way pyshacl writes them in its default result messages.

Only results of shapes without sh:message need these, and results are few, so this calls pyshacl's own
stringify_node: shapes-graph terms with the shapes graph's prefixes, data-graph terms with those of a fresh
rdflib graph (pyshacl's data graph is parsed from N-Triples, so it has only rdflib's default prefixes).
"""

from __future__ import annotations

from functools import lru_cache

import rdflib

from cklod.shacl.terms import rdflib_term


@lru_cache(maxsize=1)
def _data_graph() -> rdflib.Graph:
    return rdflib.Graph()


def shape_text(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    from pyshacl.rdfutil import stringify_node

    return stringify_node(graph, node)


def data_text(term: str | None) -> str:
    from pyshacl.rdfutil import stringify_node

    if term is None:
        return "None"
    try:
        return stringify_node(_data_graph(), rdflib_term(term))
    except (LookupError, ValueError):
        return str(rdflib_term(term))
