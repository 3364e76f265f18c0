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
