"""The embedded store: the published N-Quads loaded into Oxigraph, named graphs kept, ontology alongside."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from cklod.rdf.iris import ONTOLOGY

DUMP = "cklod.nq"
ONTOLOGY_FILE = "ontology/cklod.ttl"


def open_store(output: Path) -> ox.Store:
    """An in-memory Oxigraph store of ``output``: every document's named graph, the registry graph, and the
    ontology in the graph named by its own IRI. Queries see the union of all graphs as their default graph
    when run with ``use_default_graph_as_union=True``.
    """
    dump = output / DUMP
    if not dump.exists():
        raise FileNotFoundError(f"{dump} not found: run 'cklod build' first")
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    ontology = output / ONTOLOGY_FILE
    if ontology.exists():
        store.bulk_load(path=str(ontology), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY))
    return store


def built_base(output: Path) -> str | None:
    """The base IRI ``output`` was built with, from its void.ttl (void:uriSpace is ``{base}id/``); None when
    the build has no VoID to tell."""
    void = output / "void.ttl"
    if not void.is_file():
        return None
    space = "http://rdfs.org/ns/void#uriSpace"
    for triple in ox.parse(path=str(void), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == space and triple.object.value.endswith("id/"):
            return triple.object.value.removesuffix("id/")
    return None
