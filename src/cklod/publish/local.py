"""The build as the publisher sees it: each named graph as one N-Triples body, with its content hash and size.

Graphs are streamed: the dump is indexed once (where each graph's quads are, its hash and size), and a graph's
body is read back from the dump when it is sent, so memory holds a few graphs, not the build."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cklod.publish.errors import BadBuild
from cklod.rdf.dumpindex import GraphEntry, Span, cut_graph, raw_hash, read_index, write_index
from cklod.rdf.iris import DEFAULT_BASE, ONTOLOGY, IriPolicy
from cklod.sparql.store import DUMP, ONTOLOGY_FILE

MANIFEST_NAME = "publish-manifest"
PROBE_NAME = "publish-probe"  # a graph of one quad for a moment, to learn whether the store takes N-Quads
REGISTRY_NAME = "registry"


@dataclass(frozen=True)
class LocalGraph:
    """One graph to publish. Its body is what is sent and what ``sha256`` is of: sorted, unique N-Triples
    lines, so the hash names the graph's content and not the order or spacing of a file. The body is read
    from ``spans`` of ``source`` (the dump) when needed, or kept in ``held`` (the ontology, parsed from
    Turtle)."""

    iri: str
    triples: int
    sha256: str
    source: Path
    spans: tuple[Span, ...] = ()
    held: bytes | None = None
    raw_sha256: str = ""  # of the graph's IRI and its quads' lines as the dump has them (cklod.rdf.dumpindex)

    @property
    def size(self) -> int:
        """Bytes it takes in a request, near enough."""
        return len(self.held) if self.held is not None else sum(length for _, length in self.spans)

    def _raw(self) -> bytes:
        with self.source.open("rb") as dump:
            chunks = []
            for offset, length in self.spans:
                dump.seek(offset)
                chunks.append(dump.read(length))
        return b"".join(chunks)

    def body(self) -> bytes:
        if self.held is not None:
            return self.held
        lines = self._raw().splitlines(keepends=True)
        body = _canonical(self.iri, [_triple_line(line) for line in lines], self.source)
        if hashlib.sha256(body).hexdigest() != self.sha256:
            raise BadBuild(f"{self.source}: changed while it was being published; publish again")
        return body

    def nquads(self) -> bytes:
        """The graph as N-Quads, for a request or file that holds many graphs: a graph from the dump is its
        lines as they are there (already quads, checked when the build was indexed, and checked again here
        against the hash of those lines), the ontology its body with the graph name added."""
        if self.held is None:
            raw = self._raw()
            if raw_hash(self.iri, raw) != self.raw_sha256:
                raise BadBuild(f"{self.source}: changed while it was being published; publish again")
            return raw
        name = f" <{self.iri}> .\n".encode()
        return b"".join(line[:-2] + name for line in self.held.splitlines())


@dataclass(frozen=True)
class LocalBuild:
    """Every graph of a build, and the namespace its graph names live in (``{base}graph/``)."""

    graphs: dict[str, LocalGraph]
    namespace: str

    @property
    def manifest(self) -> str:
        """The graph in the store that records what this build's publisher wrote there."""
        return self.namespace + MANIFEST_NAME

    @property
    def probe(self) -> str:
        return self.namespace + PROBE_NAME

    def manages(self, iri: str) -> bool:
        """Whether publish may write or delete ``iri``: this dataset's graph namespace and the ontology only,
        so a damaged manifest can never make it touch anyone else's graphs."""
        return iri not in (self.manifest, self.probe) and (iri.startswith(self.namespace) or iri == ONTOLOGY)


def _canonical(iri: str, lines: list[bytes], source: Path) -> bytes:
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
    return body


def canonical_graph(iri: str, lines: list[bytes], source: Path) -> LocalGraph:
    body = _canonical(iri, lines, source)
    return LocalGraph(iri, body.count(b"\n"), hashlib.sha256(body).hexdigest(), source, held=body)


def _graph_iri(term: bytes) -> str | None:
    if term[:1] + term[-1:] != b"<>":
        return None
    try:
        return ox.NamedNode(term[1:-1].decode()).value
    except (UnicodeDecodeError, ValueError):
        return None


def _split(line: bytes) -> tuple[bytes, bytes]:
    """A dump line ``S P O <graph> .`` as (``S P O``, ``<graph>``); a build writes each quad as one line."""
    parts = line.rsplit(b" ", 2)
    if len(parts) == 3 and parts[2] in (b".\n", b"."):
        return parts[0], parts[1]
    return b"", b""


def _triple_line(line: bytes) -> bytes:
    return _split(line)[0] + b" .\n"


def _triple_lines(iri: str, text: bytes) -> list[bytes]:
    body = cut_graph(iri, text)
    if body is not None:
        return body.splitlines(keepends=True)
    return [_triple_line(line) for line in text.splitlines(keepends=True) if line.strip()]


def _spans_by_graph(dump: Path) -> dict[str, list[Span]]:
    """Where each graph's quads are in the dump, by text, without making Python terms of every quad (the slow
    part at a million quads). The dump is sorted by graph, so each graph is usually one span."""
    spans: dict[str, list[Span]] = defaultdict(list)
    known: dict[bytes, str | None] = {}  # each graph IRI is checked once
    current, start, offset = None, 0, 0
    with dump.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                graph = _split(line)[1]
                iri = known.get(graph) or known.setdefault(graph, _graph_iri(graph))
                if iri is None:
                    raise BadBuild(f"{dump}:{number}: not a quad in a named graph, 'S P O <graph> .'")
                if iri != current:
                    if current is not None:
                        spans[current].append((start, offset - start))
                    current, start = iri, offset
            offset += len(line)
    if current is not None:
        spans[current].append((start, offset - start))
    return spans


def _indexed(iri: str, spans: list[Span], dump: Path, known: dict[str, GraphEntry]) -> GraphEntry:
    """The entry of a graph of a dump the index does not vouch for: read, and sorted and parsed unless an
    indexed graph had the same lines."""
    text = LocalGraph(iri, 0, "", dump, tuple(spans))._raw()
    raw = raw_hash(iri, text)
    if raw in known:
        return GraphEntry(tuple(spans), known[raw].triples, raw, known[raw].sha256)
    body = _canonical(iri, _triple_lines(iri, text), dump)
    return GraphEntry(tuple(spans), body.count(b"\n"), raw, hashlib.sha256(body).hexdigest())


def _dump_graphs(output_dir: Path, dump: Path) -> dict[str, GraphEntry]:
    """Every graph of the dump: from the index the build kept when it vouches for this file, else by reading
    the dump (and the index is kept anew for the next run)."""
    index = read_index(output_dir, dump)
    if index.current:
        return index.graphs
    known = index.by_raw_hash()
    graphs = {iri: _indexed(iri, spans, dump, known) for iri, spans in _spans_by_graph(dump).items()}
    write_index(output_dir, dump, graphs)
    return graphs


def load_build(output_dir: Path, base: str = DEFAULT_BASE) -> LocalBuild:
    """Index ``cklod.nq`` and read the ontology of a build made with ``base``; graphs come out registry first,
    then the documents in name order, then the ontology."""
    dump, ontology = output_dir / DUMP, output_dir / ONTOLOGY_FILE
    for path in (dump, ontology):
        if not path.is_file():
            raise BadBuild(f"{path} not found: run 'cklod build' first, or point --out at a build")
    by_graph = _dump_graphs(output_dir, dump)
    namespace = IriPolicy(base).graph("")
    registry = namespace + REGISTRY_NAME
    if registry not in by_graph:
        raise BadBuild(
            f"{dump}: no graph <{registry}>: was the build made with another base than {base}? "
            "(set --base or base in cklod.toml)"
        )
    graphs: dict[str, LocalGraph] = {}
    for iri in sorted(by_graph, key=lambda g: (g != registry, g)):
        if not iri.startswith(namespace) or iri in (namespace + MANIFEST_NAME, namespace + PROBE_NAME):
            raise BadBuild(f"{dump}: graph <{iri}> is not a graph under <{namespace}>")
        e = by_graph[iri]
        graphs[iri] = LocalGraph(iri, e.triples, e.sha256, dump, e.spans, raw_sha256=e.raw_sha256)
    try:
        triples = list(ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise BadBuild(f"{ontology}: {exc}".splitlines()[0]) from None
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    graphs[ONTOLOGY] = canonical_graph(ONTOLOGY, lines, ontology)
    return LocalBuild(graphs, namespace)
