"""The build as the publisher sees it: each named graph as one N-Triples body, with its content hash and size.

Graphs are streamed: the dump is indexed once (where each graph's quads are, its hash and size), and a graph's
body is read back from the dump when it is sent, so memory holds a few graphs, not the build."""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cklod.publish.errors import BadBuild
from cklod.rdf.iris import DEFAULT_BASE, ONTOLOGY, IriPolicy
from cklod.sparql.store import DUMP, ONTOLOGY_FILE

MANIFEST_NAME = "publish-manifest"
PROBE_NAME = "publish-probe"  # a graph of one quad for a moment, to learn whether the store takes N-Quads
REGISTRY_NAME = "registry"

Span = tuple[int, int]  # byte offset and length of a run of one graph's quads in the dump


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
    raw_sha256: str = ""  # of the graph's IRI and its quads' lines as the dump has them (see _raw_hash)

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
            if _raw_hash(self.iri, raw) != self.raw_sha256:
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
    """A graph's quad lines as triple lines. When every line ends with `` <iri> .`` (the dump spells graph
    names as they are, and has no blank lines), one replace does it: the suffix ends with the only newline it
    holds, so each occurrence ends one line. Otherwise line by line."""
    suffix = f" <{iri}> .\n".encode()
    if text.endswith(b"\n") and text.count(suffix) == text.count(b"\n"):
        return text.replace(suffix, b" .\n").splitlines(keepends=True)
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


class KnownGraphs:
    """What earlier runs learned about graph texts: the SHA-256 of a graph's raw lines in the dump → its triple
    count and canonical SHA-256. A graph whose lines are byte for byte those of an earlier build is not sorted
    and parsed again (the slow part of reading a large build); any other is, and is remembered. Kept in
    ``.cklod/publish-index.json`` beside the output folder, never inside it; a file that cannot be read is
    ignored, and each graph's body is checked against its hash again when it is sent."""

    def __init__(self, path: Path):
        self.path = path
        try:
            entries = json.loads(path.read_text())
            self.entries = {
                str(k): (int(v[0]), str(v[1]))
                for k, v in entries.items()
                if isinstance(v, list) and len(v) == 2
            }
        except (OSError, ValueError, AttributeError, TypeError):
            self.entries = {}
        self.used: dict[str, tuple[int, str]] = {}

    def save(self) -> None:
        if self.used == self.entries:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            staged = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            staged.write_text(json.dumps({k: list(v) for k, v in sorted(self.used.items())}))
            staged.replace(self.path)
        except OSError:
            pass  # a read-only place only costs the next run its speed


def _raw_hash(iri: str, raw: bytes) -> str:
    return hashlib.sha256(iri.encode() + b"\n" + raw).hexdigest()


def _indexed(iri: str, spans: list[Span], dump: Path, known: KnownGraphs) -> LocalGraph:
    graph = LocalGraph(iri, 0, "", dump, tuple(spans))
    text = graph._raw()
    raw = _raw_hash(iri, text)
    if raw in known.entries:
        triples, sha256 = known.used[raw] = known.entries[raw]
        return LocalGraph(iri, triples, sha256, dump, tuple(spans), raw_sha256=raw)
    body = _canonical(iri, _triple_lines(iri, text), dump)
    graph = LocalGraph(
        iri, body.count(b"\n"), hashlib.sha256(body).hexdigest(), dump, tuple(spans), raw_sha256=raw
    )
    known.used[raw] = (graph.triples, graph.sha256)
    return graph


def load_build(output_dir: Path, base: str = DEFAULT_BASE) -> LocalBuild:
    """Index ``cklod.nq`` and read the ontology of a build made with ``base``; graphs come out registry first,
    then the documents in name order, then the ontology."""
    dump, ontology = output_dir / DUMP, output_dir / ONTOLOGY_FILE
    for path in (dump, ontology):
        if not path.is_file():
            raise BadBuild(f"{path} not found: run 'cklod build' first, or point --out at a build")
    by_graph = _spans_by_graph(dump)
    known = KnownGraphs(output_dir.resolve().parent / ".cklod" / "publish-index.json")
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
        graphs[iri] = _indexed(iri, by_graph[iri], dump, known)
    known.save()
    try:
        triples = list(ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise BadBuild(f"{ontology}: {exc}".splitlines()[0]) from None
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    graphs[ONTOLOGY] = canonical_graph(ONTOLOGY, lines, ontology)
    return LocalBuild(graphs, namespace)
