"""The build's targeted materialization equals owlrl's OWL RL closure on the data, less owlrl's junk."""

from __future__ import annotations

import owlrl
import pytest
import rdflib
from pyoxigraph import NamedNode, Quad

from cklod.load.sources import load_sources
from cklod.pipeline import map_sources
from cklod.rdf import nquads
from cklod.rdf.iris import IriPolicy
from cklod.reason.closure import NOT_MATERIALIZED, load_tbox, materialize, tbox_from_triples

DATA = "https://w3id.org/cklod/"
JUNK_TYPES = {str(rdflib.OWL.Thing), str(rdflib.RDFS.Resource)}


def _key(s, p, o) -> tuple[str, str, str]:
    return (s.n3(), p.n3(), o.n3())


@pytest.fixture(scope="module")
def sample(project_root):
    """The registry graph and one document's graph, as asserted by the map stage."""
    sources = load_sources(project_root)
    graphs = map_sources(sources, IriPolicy())
    return sources, graphs["registry"] + graphs["004_ebc1b76246187781"]


def _with_superclasses(ontology: rdflib.Graph, relation, tbox) -> dict[str, set[str]]:
    """property -> the classes its rdfs:domain (or rdfs:range) gives, superclasses included."""
    out: dict[str, set[str]] = {}
    for prop, cls in ontology.subject_objects(relation):
        out.setdefault(str(prop), set()).update({str(cls), *tbox.classes_of(str(cls))} - NOT_MATERIALIZED)
    return out


def test_materialization_equals_owlrl_closure_less_junk(sample):
    sources, asserted = sample
    ours = {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in materialize(asserted, load_tbox(sources.project.ontology))
    }
    graph = rdflib.Graph()
    graph.parse(data=nquads.n_triples(nquads.union_triples(asserted)).decode(), format="nt")
    before = {_key(*t) for t in graph}
    graph.parse(sources.project.ontology)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    theirs = set()
    for s, p, o in graph:
        data_subject = isinstance(s, rdflib.URIRef) and str(s).startswith(DATA)
        if not data_subject or str(s).startswith(DATA + "ontology"):
            continue  # literal subjects, blank nodes and the ontology's own closure
        if (p == rdflib.OWL.sameAs and s == o) or (p == rdflib.RDF.type and str(o) in JUNK_TYPES):
            continue
        theirs.add(_key(s, p, o))
    theirs -= before
    ours -= before  # the same triple materialized in another graph than the one that asserts it
    # Types owlrl infers from rdfs:domain / rdfs:range, which the build deliberately does not materialize.
    tbox = load_tbox(sources.project.ontology)
    ontology = rdflib.Graph().parse(sources.project.ontology)
    domain, range_ = (
        _with_superclasses(ontology, rdflib.RDFS.domain, tbox),
        _with_superclasses(ontology, rdflib.RDFS.range, tbox),
    )
    typed = str(rdflib.RDF.type)
    from_domain_range = set()
    for s, p, o in graph:
        for cls in domain.get(str(p), ()):
            from_domain_range.add((s.n3(), f"<{typed}>", f"<{cls}>"))
        for cls in range_.get(str(p), ()) if isinstance(o, rdflib.URIRef) else ():
            from_domain_range.add((o.n3(), f"<{typed}>", f"<{cls}>"))
    assert ours == theirs - (from_domain_range - ours)
    assert len(ours) > 100  # the comparison is not vacuous


def test_materialization_is_idempotent(sample):
    sources, asserted = sample
    tbox = load_tbox(sources.project.ontology)
    first = materialize(asserted, tbox)
    assert materialize(asserted + first, tbox) == []


def test_inverse_subproperty_chain_and_symmetry():
    ex = "http://example.org/"
    tbox = tbox_from_triples(
        [
            (ex + "holder", "http://www.w3.org/2002/07/owl#inverseOf", ex + "holds"),
            (ex + "holds", "http://www.w3.org/2000/01/rdf-schema#subPropertyOf", ex + "memberOf"),
            (
                ex + "near",
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                "http://www.w3.org/2002/07/owl#SymmetricProperty",
            ),
        ]
    )
    role, person, a, b = (NamedNode(ex + n) for n in ("role", "person", "a", "b"))
    quads = [Quad(role, NamedNode(ex + "holder"), person), Quad(a, NamedNode(ex + "near"), b)]
    got = {(q.subject.value, q.predicate.value, q.object.value) for q in materialize(quads, tbox)}
    assert got == {
        (ex + "person", ex + "holds", ex + "role"),
        (ex + "person", ex + "memberOf", ex + "role"),
        (ex + "b", ex + "near", ex + "a"),
    }


def test_range_is_not_materialized_so_a_wrong_link_stays_visible(sample):
    """A country given as a role's holder must not become a schema:Person (SHACL has to see the mistake)."""
    sources, _ = sample
    tbox = load_tbox(sources.project.ontology)
    role = NamedNode("https://w3id.org/cklod/id/role/x-y")
    country = NamedNode("https://w3id.org/cklod/id/country/china")
    holder = NamedNode("https://w3id.org/cklod/ontology#holder")
    new = materialize([Quad(role, holder, country)], tbox)
    assert not any(q.subject == country and q.predicate.value.endswith("#type") for q in new)


def test_no_junk_in_the_dumps(built):
    for quad in built.dataset.quads():
        assert quad.object.value not in JUNK_TYPES
        assert not (quad.predicate.value == str(rdflib.OWL.sameAs) and quad.subject == quad.object)
