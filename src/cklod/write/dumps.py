"""The write stage: every file of output/, written one at a time into the staging folder.

The dumps are cut from each graph's sorted N-Quads text (Dataset.texts, on disk, which the build cache keeps
per document), so writing is text work: no term is parsed except by the Turtle serializer. The union is merged
from the graphs' sorted runs on disk and read once, subject by subject (cklod.write.layout): memory holds a
chunk of it at a time, whatever the corpus's size.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cklod.rdf import nquads
from cklod.rdf.dumpindex import GraphEntry, built_entry
from cklod.rdf.iris import PREFIXES
from cklod.write import describe, jsonld, readme
from cklod.write.describe import FileInfo
from cklod.write.layout import Parts, lay_out, node_text


class Folder:
    """A folder being filled with published files; remembers each file's size and SHA-256."""

    def __init__(self, path: Path):
        self.path = path
        self.files: dict[str, FileInfo] = {}

    def write(self, name: str, chunks: Iterable[bytes] | bytes) -> FileInfo:
        with self.open(name) as f:
            for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
                f.write(chunk)
        return self.files[name]

    @contextmanager
    def open(self, name: str) -> Iterator[_Hashed]:
        """A file to write in pieces; its size and SHA-256 are kept when it is closed."""
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as f:
            hashed = _Hashed(f)
            yield hashed
            for flush in hashed.before_close:
                flush()
        self.files[name] = FileInfo(hashed.size, hashed.digest.hexdigest())


class _Hashed:
    def __init__(self, f: IO[bytes]):
        self.f, self.digest, self.size = f, hashlib.sha256(), 0
        self.before_close: list[Callable[[], None]] = []

    def write(self, chunk: bytes) -> None:
        self.f.write(chunk)
        self.digest.update(chunk)
        self.size += len(chunk)


def write_dumps(
    dataset,
    sources,
    folder: Folder,
    endpoint: str | None,
    parts: PartsStore | None = None,
    union_written: Callable[[Path], None] | None = None,
) -> dict[str, GraphEntry]:
    """Write the dumps, context, ontology and shapes copies, VoID and README of ``dataset`` into ``folder``;
    return the graph index of cklod.nq (cklod.rdf.dumpindex), which publishers read instead of the dump.

    ``parts``: where the dump parts of subjects only one document describes are read from (an earlier build's)
    and kept for the next build (cklod.write.layout). ``union_written`` is told cklod.nt's path as soon as it is
    whole (the validation's SPARQL rules load it while the rest is written).
    """
    iris = dataset.iris
    texts = dataset.texts
    names = list(texts)
    graph_iris = {name: iris.graph(name) for name in names}
    graph_index: dict[str, GraphEntry] = {}

    def dump_texts() -> Iterator[bytes]:
        offset = 0
        for name in sorted(names, key=lambda n: f"<{graph_iris[n]}>"):
            text = dataset.text_bytes(name)
            if (entry := built_entry(graph_iris[name], offset, text)) is not None:
                graph_index[graph_iris[name]] = entry
            offset += len(text)
            yield text

    folder.write("cklod.nq", dump_texts())
    context = jsonld.jsonld_context(iris.base)
    folder.write("context.jsonld", (json.dumps(context, indent=1, sort_keys=True) + "\n").encode())
    with folder.open("cklod.nt") as nt, folder.open("cklod.ttl") as ttl, _parts_out(parts) as parts_out:
        laid = lay_out(
            dataset.union_stream(),
            context,
            iris,
            Buffered(nt).add,
            Buffered(ttl).add,
            texts.folder,
            owner_keys=[parts.keys.get(name) for name in names] if parts is not None else None,
            reuse=parts.read() if parts is not None else None,
            parts_out=parts_out,
        )
    if union_written is not None:
        union_written(folder.path / "cklod.nt")
    if laid.nodes is None:  # a term cklod's JSON-LD writer does not reproduce (or no node at all): rdflib's
        union = nquads.parse_triples((folder.path / "cklod.nt").read_bytes())
        folder.write("cklod.jsonld", jsonld.jsonld_rdflib(union, context))
        del union
    else:
        with folder.open("cklod.jsonld") as f:
            write = Buffered(f).add
            for chunk in jsonld.document_chunks((node_text(r) for r in laid.nodes), context):
                write(chunk)
    folder.write("ontology/cklod.ttl", sources.project.ontology.read_bytes())
    for shape_file in sorted(sources.project.shapes.glob("*.ttl")):
        folder.write(f"shapes/{shape_file.name}", shape_file.read_bytes())
    dumps = dict(folder.files)
    titles = {doc_id: doc.meta.title for doc_id, doc in sources.documents.items()}
    sizes = {name: texts.line_count(name) for name in names}
    void = describe.describe(iris, laid.counts, sizes, titles, dumps, laid.persons, endpoint)
    void_prefixes = {
        k: PREFIXES[k] for k in ("void", "dcat", "dcterms", "schema", "rdf", "rdfs", "xsd", "foaf")
    }
    void_prefixes["spdx"] = describe.SPDX
    folder.write("void.ttl", nquads.turtle(sorted(void, key=nquads.sort_key), void_prefixes))
    documents = {d: (doc.meta.title, doc.date_published.value) for d, doc in sources.documents.items()}
    folder.write("README.md", readme.readme(iris, laid.counts, documents, dumps))
    return graph_index


@dataclass
class PartsStore:
    """The dump parts an earlier build kept (``read``) and where this build keeps its own (``path``); ``keys``:
    graph name -> the cache key under which its subjects' parts are kept (the documents')."""

    read: Callable[[], Iterator[tuple[str, str, Parts]] | None]
    path: Path
    header: str  # the new file's first line
    keys: dict[str, str]


@contextmanager
def _parts_out(parts: PartsStore | None) -> Iterator[IO[str] | None]:
    if parts is None:
        yield None
        return
    with parts.path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(parts.header + "\n")
        yield f


class Buffered:
    """Text pieces gathered and written to a binary file as UTF-8 chunks of about ``size`` characters."""

    def __init__(self, out: _Hashed, size: int = 1 << 20):
        self.out, self.size = out, size
        self.pieces: list[str] = []
        self.length = 0
        out.before_close.append(self.flush)

    def add(self, piece: str) -> None:
        self.pieces.append(piece)
        self.length += len(piece)
        if self.length >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.pieces:
            self.out.write("".join(self.pieces).encode())
            self.pieces, self.length = [], 0
