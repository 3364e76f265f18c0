"""The vocabulary graph: the ontology's SKOS concept schemes and their concepts, copied into the dataset.

Facts point at concepts (a participation's role, a statistic's comparator, a review status); their notations and
labels live in the ontology. Copied into a graph of the dumps, they let a query over ``cklod.nq`` alone read
``cklod:participationRole/skos:notation`` without loading the ontology next to it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import Quad

from cklod.rdf.iris import RDF, SKOS, IriPolicy


def map_vocabulary(ontology: Path, iris: IriPolicy) -> list[Quad]:
    """Every triple of the ontology whose subject is a skos:ConceptScheme or a concept in one, in the
    vocabulary graph (IriPolicy.vocabulary_graph); each concept also typed skos:Concept, which the ontology
    says only through its class (cklod:ParticipationRole rdfs:subClassOf skos:Concept)."""
    triples = list(ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE))
    scheme = ox.NamedNode(SKOS + "ConceptScheme")
    rdf_type, in_scheme = ox.NamedNode(RDF + "type"), ox.NamedNode(SKOS + "inScheme")
    schemes = {t.subject for t in triples if t.predicate == rdf_type and t.object == scheme}
    concepts = {t.subject for t in triples if t.predicate == in_scheme and t.object in schemes}
    graph = ox.NamedNode(iris.vocabulary_graph)
    quads = {
        Quad(t.subject, t.predicate, t.object, graph)
        for t in triples
        if (t.subject in schemes or t.subject in concepts) and not isinstance(t.object, ox.BlankNode)
    }
    quads.update(Quad(c, rdf_type, ox.NamedNode(SKOS + "Concept"), graph) for c in concepts)
    return sorted(quads, key=str)
