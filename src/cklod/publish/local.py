"""The build as the publisher sees it: each named graph as one N-Triples body, with its content hash and size."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cklod.publish.errors import BadBuild
from cklod.rdf.iris import DEFAULT_BASE, ONTOLOGY, IriPolicy
from cklod.sparql.store import DUMP, ONTOLOGY_FILE

MANIFEST_NAME = "publish-manifest"
REGISTRY_NAME = "registry"


@dataclass(frozen=True)
class LocalGraph:
    """One graph to publish. ``body`` is what is sent and what ``sha256`` is of: sorted, unique N-Triples
    lines, so the hash names the graph's content and not the order or spacing of a file."""

    iri: str
    body: bytes
    triples: int
    sha256: str


@dataclass(frozen=True)
class LocalBuild:
    """Every graph of a build, and the namespace its graph names live in (``{base}graph/``)."""

    graphs: dict[str, LocalGraph]
    namespace: str

    @property
    def manifest(self) -> str:
        """The graph in the store that records what this build's publisher wrote there."""
        return self.namespace + MANIFEST_NAME

    def manages(self, iri: str) -> bool:
        """Whether publish may write or delete ``iri``: this dataset's graph namespace and the ontology only,
        so a damaged manifest can never make it touch anyone else's graphs."""
        return iri != self.manifest and (iri.startswith(self.namespace) or iri == ONTOLOGY)


def canonical_graph(iri: str, lines: list[bytes], source: Path) -> LocalGraph:
    """Sort and deduplicate the lines, then parse them: every line must be exactly one valid triple, so nothing
    malformed reaches the store (and no text can break out of a SPARQL INSERT DATA)."""
    body = b"".join(sorted(set(lines)))
    try:
        parsed = sum(1 for _ in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise BadBuild(f"{source}: graph <{iri}>: {exc}".splitlines()[0]) from None
    count = body.count(b"\n")
    if parsed != count:
        raise BadBuild(f"{source}: graph <{iri}>: {count} lines hold {parsed} triples; expected one per line")
    return LocalGraph(iri, body, count, hashlib.sha256(body).hexdigest())


def _graph_iri(term: bytes) -> str | None:
    if term[:1] + term[-1:] != b"<>":
        return None
    try:
        return ox.NamedNode(term[1:-1].decode()).value
    except (UnicodeDecodeError, ValueError):
        return None


def _lines_by_graph(dump: Path) -> dict[str, list[bytes]]:
    """Split the dump into N-Triples lines per graph by text, without making Python terms of every quad (the
    slow part at a million quads): a build writes each quad as one line ``S P O <graph> .``."""
    graphs: dict[str, list[bytes]] = defaultdict(list)
    known: dict[bytes, str | None] = {}  # the dump is sorted by graph: each graph IRI is checked once
    with dump.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            parts = line.rsplit(b" ", 2)
            graph = parts[1] if len(parts) == 3 and parts[2] == b".\n" else b""
            iri = known.get(graph) or known.setdefault(graph, _graph_iri(graph))
            if iri is None:
                raise BadBuild(f"{dump}:{number}: not a quad in a named graph, 'S P O <graph> .'")
            graphs[iri].append(parts[0] + b" .\n")
    return graphs


def load_build(output_dir: Path, base: str = DEFAULT_BASE) -> LocalBuild:
    """Read ``cklod.nq`` and the ontology of a build made with ``base``; graphs come out registry first, then
    the documents in name order, then the ontology."""
    dump, ontology = output_dir / DUMP, output_dir / ONTOLOGY_FILE
    for path in (dump, ontology):
        if not path.is_file():
            raise BadBuild(f"{path} not found: run 'cklod build' first, or point --out at a build")
    by_graph = _lines_by_graph(dump)
    namespace = IriPolicy(base).graph("")
    registry = namespace + REGISTRY_NAME
    if registry not in by_graph:
        raise BadBuild(
            f"{dump}: no graph <{registry}>: was the build made with another base than {base}? "
            "(set --base or base in cklod.toml)"
        )
    graphs: dict[str, LocalGraph] = {}
    for iri in sorted(by_graph, key=lambda g: (g != registry, g)):
        if not iri.startswith(namespace) or iri == namespace + MANIFEST_NAME:
            raise BadBuild(f"{dump}: graph <{iri}> is not a document graph under <{namespace}>")
        graphs[iri] = canonical_graph(iri, by_graph[iri], dump)
    try:
        triples = list(ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise BadBuild(f"{ontology}: {exc}".splitlines()[0]) from None
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    graphs[ONTOLOGY] = canonical_graph(ONTOLOGY, lines, ontology)
    return LocalBuild(graphs, namespace)
