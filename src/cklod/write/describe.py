"""VoID and DCAT: what the dataset holds and where each distribution is, with sizes and checksums."""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, Triple

from cklod.rdf import media
from cklod.rdf.iris import (
    DCAT,
    DCTERMS,
    FOAF,
    ONTOLOGY,
    RDF,
    RDFS,
    REGISTRY_GRAPH,
    SCHEMA,
    VOCABULARY_GRAPH,
    VOID,
    XSD,
    IriPolicy,
)
from cklod.rdf.nquads import subject_groups
from cklod.rdf.terms import GraphBuilder, integer, iri, plain, text

SPDX = "http://spdx.org/rdf/terms#"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
SHARED_GRAPH_DESCRIPTIONS = {
    REGISTRY_GRAPH: "The entity registry: each entity's types, names, spellings and declared distinctness.",
    VOCABULARY_GRAPH: "The ontology's SKOS concept schemes and their concepts (participation roles, comparators "
    "…) with notations and labels, copied from the ontology so that the dumps alone answer the saved queries.",
}


@dataclass(frozen=True)
class Counts:
    triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    class_partition: tuple[tuple[str, int], ...]
    property_partition: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class FileInfo:
    """A published file as VoID and the README describe it."""

    size: int
    sha256: str


_RDF_TYPE = f"<{RDF}type>"
_digest = functools.partial(hashlib.blake2b, digest_size=8)


class Tally:
    """VoID's statistics of the union, counted as its subject groups (write.subject_groups) pass by: the write
    stage reads the union once for the JSON-LD dump and these counts. A term's N-Triples form is its identity."""

    def __init__(self, iris: IriPolicy) -> None:
        self.entity_prefix = f"<{iris.base}id/"
        self.triples = 0
        self.subjects = 0  # each subject comes once: the groups are of sorted lines
        self.entities = 0
        # distinct objects by an 8-byte BLAKE2b digest of their N-Triples form, not the text: a tenth of the
        # memory (a collision among 10 million objects has odds of ~1 in 400,000), the same count every run
        self.objects: set[bytes] = set()
        self.by_class: Counter[str] = Counter()
        self.by_property: Counter[str] = Counter()

    def watch(self, groups: Iterable[tuple[str, list[tuple[str, str]]]]) -> Iterator[tuple[str, list]]:
        for subject, pairs in groups:
            self.add(subject, pairs)
            yield subject, pairs

    def add(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        """Count one subject group (its (predicate, object) pairs)."""
        self.triples += len(pairs)
        self.subjects += 1
        self.entities += subject.startswith(self.entity_prefix) and "#" not in subject
        predicates, objects = zip(*pairs, strict=True)
        self.objects.update(_digest(o.encode()).digest() for o in objects)
        self.by_property.update(predicates)  # Counter.update of an iterable counts in C
        if _RDF_TYPE in predicates:
            self.by_class.update(o for p, o in pairs if p == _RDF_TYPE)

    def counts(self) -> Counts:
        return Counts(
            triples=self.triples,
            entities=self.entities,
            classes=len(self.by_class),
            properties=len(self.by_property),
            distinct_subjects=self.subjects,
            distinct_objects=len(self.objects),
            class_partition=tuple(sorted((_iri(c), n) for c, n in self.by_class.items())),
            property_partition=tuple(sorted((_iri(p), n) for p, n in self.by_property.items())),
        )


def count(lines: list[str], iris: IriPolicy) -> Counts:
    """VoID's statistics of the union's sorted N-Triples ``lines``."""

    tally = Tally(iris)
    for _ in tally.watch(subject_groups(lines)):
        pass
    return tally.counts()


def _iri(term: str) -> str:
    return term[1:-1] if term.startswith("<") else term


def describe(
    iris: IriPolicy,
    counts: Counts,
    graph_sizes: dict[str, int],
    titles: dict[str, str],
    files: dict[str, FileInfo],
    examples: list[str],
    sparql_endpoint: str | None,
) -> list[Triple]:
    """The VoID/DCAT description of the dataset (written to void.ttl); ``sparql_endpoint`` is the public one,
    and None leaves it out (a local server's address would be dead once the dataset is published)."""
    g = GraphBuilder(None)
    ds = iris.dataset
    g.add(ds, RDF + "type", VOID + "Dataset")
    g.add(ds, RDF + "type", DCAT + "Dataset")
    g.add(ds, RDF + "type", SCHEMA + "Dataset")
    g.add(ds, DCTERMS + "title", text("cklod: China–Kazakhstan Linked Open Data"))
    g.add(
        ds,
        DCTERMS + "description",
        text(
            "A knowledge graph of China–Kazakhstan and China–Central Asia relations built from news and policy "
            "documents: people and their posts, events and who took part, initiatives, statistics and quotations, "
            "each linked to the exact sentence of the document that states it."
        ),
    )
    g.add(ds, DCTERMS + "license", LICENSE)
    g.add(ds, FOAF + "homepage", iris.base)
    g.add(ds, VOID + "uriSpace", plain(f"{iris.base}id/"))
    if sparql_endpoint is not None:
        g.add(ds, VOID + "sparqlEndpoint", sparql_endpoint)
    g.add(ds, VOID + "vocabulary", "http://schema.org/")
    g.add(ds, VOID + "vocabulary", "https://w3id.org/cklod/ontology#")
    g.add(ds, VOID + "vocabulary", "http://www.w3.org/ns/oa#")
    g.add(ds, VOID + "triples", integer(counts.triples))
    g.add(ds, VOID + "entities", integer(counts.entities))
    g.add(ds, VOID + "classes", integer(counts.classes))
    g.add(ds, VOID + "properties", integer(counts.properties))
    g.add(ds, VOID + "distinctSubjects", integer(counts.distinct_subjects))
    g.add(ds, VOID + "distinctObjects", integer(counts.distinct_objects))
    for example in examples:
        g.add(ds, VOID + "exampleResource", example)
    for cls, n in counts.class_partition:
        part = f"{ds}/class-partition/{hashlib.sha1(cls.encode()).hexdigest()[:12]}"
        g.add(ds, VOID + "classPartition", part)
        g.add(part, VOID + "class", cls)
        g.add(part, VOID + "entities", integer(n))
    for prop, n in counts.property_partition:
        part = f"{ds}/property-partition/{hashlib.sha1(prop.encode()).hexdigest()[:12]}"
        g.add(ds, VOID + "propertyPartition", part)
        g.add(part, VOID + "property", prop)
        g.add(part, VOID + "triples", integer(n))
    for name, size in graph_sizes.items():
        subset = f"{ds}/subset/{name}"
        g.add(ds, VOID + "subset", subset)
        g.add(subset, RDF + "type", VOID + "Dataset")
        g.add(subset, SCHEMA + "name", plain(name))
        g.add(subset, DCTERMS + "title", text(titles.get(name, name)))
        g.add(subset, SCHEMA + "identifier", iris.graph(name))
        g.add(subset, VOID + "triples", integer(size))
        if name in titles:
            g.add(subset, DCTERMS + "source", iris.document(name))
        elif name in SHARED_GRAPH_DESCRIPTIONS:
            g.add(subset, DCTERMS + "description", text(SHARED_GRAPH_DESCRIPTIONS[name]))
            if name == VOCABULARY_GRAPH:
                g.add(subset, DCTERMS + "source", ONTOLOGY)
    for name, info in sorted(files.items()):
        dist = f"{ds}/distribution/{name}"
        g.add(ds, DCAT + "distribution", dist)
        url = f"{iris.base}dumps/{name}"
        g.add(ds, VOID + "dataDump", url)
        g.add(dist, RDF + "type", DCAT + "Distribution")
        g.add(dist, DCAT + "downloadURL", url)
        g.add(dist, DCAT + "mediaType", plain(media.of_file(name, "text/plain")))
        g.add(dist, DCAT + "byteSize", Literal(str(info.size), datatype=iri(XSD + "nonNegativeInteger")))
        g.add(dist, DCTERMS + "license", LICENSE)
        checksum = f"{dist}#sha256"
        g.add(dist, SPDX + "checksum", checksum)
        g.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        g.add(
            checksum,
            SPDX + "checksumValue",
            Literal(info.sha256, datatype=iri(XSD + "hexBinary")),
        )
        g.add(dist, RDFS + "label", plain(name))
    return [Triple(q.subject, q.predicate, q.object) for q in g.quads if not isinstance(q.subject, BlankNode)]
