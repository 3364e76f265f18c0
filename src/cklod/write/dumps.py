"""The write stage: every file of output/, written one at a time into the staging folder.

The dumps are cut from each graph's sorted N-Quads text (Dataset.texts, which the build cache keeps per
document), so writing is text work: no term is parsed except by the Turtle serializer, which streams. Only one
file's bytes are in memory at a time, besides the union's lines.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from cklod.rdf import nquads
from cklod.rdf.iris import PREFIXES
from cklod.write import describe, jsonld, readme
from cklod.write.describe import FileInfo
from cklod.write.layout import Parts, lay_out


class Folder:
    """A folder being filled with published files; remembers each file's size and SHA-256."""

    def __init__(self, path: Path):
        self.path = path
        self.files: dict[str, FileInfo] = {}

    def write(self, name: str, chunks: Iterable[bytes] | bytes) -> FileInfo:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with target.open("wb") as f:
            for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
                f.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        self.files[name] = FileInfo(size, digest.hexdigest())
        return self.files[name]


def write_dumps(
    dataset,
    sources,
    folder: Folder,
    endpoint: str | None,
    known_parts: dict[str, dict[str, Parts]] | None = None,
) -> dict[str, dict[str, Parts]]:
    """Write the dumps, context, ontology and shapes copies, VoID and README of ``dataset`` into ``folder``.

    ``known_parts``: for graphs whose text is unchanged since an earlier build (the build cache's), the Turtle
    blocks and JSON-LD nodes laid out then of the subjects that occur in that graph only (cklod.write.layout).
    Returns the same for every graph.
    """
    iris = dataset.iris
    texts = dataset.texts
    graph_iris = {name: iris.graph(name) for name in texts}
    folder.write(
        "cklod.nq", (dataset.text_bytes(n) for n in sorted(texts, key=lambda n: f"<{graph_iris[n]}>"))
    )
    union = dataset.union_lines()
    folder.write("cklod.nt", dataset.union_ntriples())
    # A subject only one graph describes has, in the union, that graph's triples: its parts are reused while
    # that graph is unchanged (its cache entry holds them) and no other graph starts describing it.
    owner_of = owners(texts)
    reuse = {
        subject: part
        for name, known in (known_parts or {}).items()
        for subject, part in known.items()
        if owner_of.get(subject) == name
    }
    context = jsonld.jsonld_context(iris.base)
    folder.write("context.jsonld", (json.dumps(context, indent=1, sort_keys=True) + "\n").encode())
    layout = lay_out(union, context, iris, reuse, dataset.union_ntriples())
    folder.write("cklod.ttl", encoded(layout.turtle))
    if layout.jsonld is None:
        folder.write(
            "cklod.jsonld", jsonld.jsonld_rdflib(nquads.parse_triples("".join(union).encode()), context)
        )
    else:
        folder.write("cklod.jsonld", encoded(layout.jsonld))
    counts = layout.counts
    parts: dict[str, dict[str, Parts]] = {}
    for subject, name in owner_of.items():
        if subject in layout.parts:
            parts.setdefault(name, {})[subject] = layout.parts[subject]
    del layout
    folder.write("ontology/cklod.ttl", sources.project.ontology.read_bytes())
    for shape_file in sorted(sources.project.shapes.glob("*.ttl")):
        folder.write(f"shapes/{shape_file.name}", shape_file.read_bytes())
    person = f"<{iris.base}id/person/"
    examples = sorted({line[1 : line.index(">")] for line in union if line.startswith(person)})[:3]
    del union
    dumps = dict(folder.files)
    titles = {doc_id: doc.meta.title for doc_id, doc in sources.documents.items()}
    sizes = {name: text.count("\n") for name, text in texts.items()}
    void = describe.describe(iris, counts, sizes, titles, dumps, examples, endpoint)
    void_prefixes = {
        k: PREFIXES[k] for k in ("void", "dcat", "dcterms", "schema", "rdf", "rdfs", "xsd", "foaf")
    }
    void_prefixes["spdx"] = describe.SPDX
    folder.write("void.ttl", nquads.turtle(sorted(void, key=nquads.sort_key), void_prefixes))
    documents = {d: (doc.meta.title, doc.date_published.value) for d, doc in sources.documents.items()}
    folder.write("README.md", readme.readme(iris, counts, documents, dumps))
    return parts


def encoded(pieces: list[str], size: int = 1 << 20) -> Iterator[bytes]:
    """Text pieces as UTF-8 chunks of about ``size`` characters."""
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch).encode()
            batch, length = [], 0
    if batch:
        yield "".join(batch).encode()


def owners(texts: dict[str, str]) -> dict[str, str]:
    """The graph of each subject that occurs in exactly one graph: such a subject's lines in the union are that
    graph's."""
    owner: dict[str, str] = {}
    shared: set[str] = set()
    for name, text in texts.items():
        for subject in {line[: line.index(" ")] for line in text.splitlines()}:
            if subject in owner:
                shared.add(subject)
            else:
                owner[subject] = name
    for subject in shared:
        del owner[subject]
    return owner
