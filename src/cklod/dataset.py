"""The built dataset: one named graph per document plus the shared graphs, as text on disk and as quads."""

from __future__ import annotations

import os
import shutil
import weakref
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import Quad, Triple

from cklod.rdf import nquads
from cklod.rdf.iris import IriPolicy
from cklod.scratch import scratch_folder


class GraphTexts(MutableMapping[str, str]):
    """Graph name -> its text (nquads.graph_text: sorted, distinct N-Quads), each graph in a file of a folder of
    its own: a build holds a graph's text only while it works on that graph, however large the corpus. The
    folder goes with the object (or on close)."""

    def __init__(self, texts: Mapping[str, str] | None = None, folder: Path | None = None):
        self.folder = scratch_folder("graphs", folder)
        self._close = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)
        self._files: dict[str, Path] = {}
        self._lines: dict[str, int] = {}
        self._made = 0
        for name, text in (texts or {}).items():
            self[name] = text

    def put(self, name: str, data: bytes) -> None:
        """Set a graph's text from its UTF-8 bytes."""
        path = self._path(name)
        path.write_bytes(data)
        self._lines[name] = data.count(b"\n")

    def take(self, name: str, source: GraphTexts) -> None:
        """Move a graph's file from ``source`` (both folders are in the system's temporary folder): a graph the
        build cache gave is written to disk once, not copied."""
        path = self._path(name)
        os.replace(source._files.pop(name), path)
        self._lines[name] = source._lines.pop(name)

    def _path(self, name: str) -> Path:
        """The file of a graph's text: its own, or a new one in the folder."""
        path = self._files.get(name)
        if path is None:
            self._made += 1
            path = self._files[name] = self.folder / f"{self._made}.nq"
        return path

    def bytes(self, name: str) -> bytes:
        return self._files[name].read_bytes()

    def lines(self, name: str) -> Iterator[str]:
        """A graph's lines, read as they are used."""
        with self._files[name].open(encoding="utf-8", newline="\n") as f:
            yield from f

    def line_count(self, name: str) -> int:
        return self._lines[name]

    def close(self) -> None:
        self._close()

    def __getitem__(self, name: str) -> str:
        return self.bytes(name).decode()

    def __setitem__(self, name: str, text: str) -> None:
        self.put(name, text.encode())

    def __delitem__(self, name: str) -> None:
        self._files.pop(name).unlink()
        del self._lines[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


class Graphs(MutableMapping[str, list[Quad]]):
    """Graph name -> quads, over the graphs' texts: a graph's text is parsed only when something asks for its
    quads (an incremental build validates and maps only what changed); assigning a graph's quads rewrites its
    text. Appending to a graph's list in place does not: assign it instead."""

    def __init__(self, texts: GraphTexts):
        self._texts = texts
        self._quads: dict[str, list[Quad]] = {}

    def __getitem__(self, name: str) -> list[Quad]:
        quads = self._quads.get(name)
        if quads is None:
            quads = self._quads[name] = list(ox.parse(self._texts.bytes(name), ox.RdfFormat.N_QUADS))
        return quads

    def __setitem__(self, name: str, quads: list[Quad]) -> None:
        self._quads[name] = quads
        self._texts[name] = nquads.graph_text(quads)

    def __delitem__(self, name: str) -> None:
        del self._texts[name]
        self._quads.pop(name, None)

    def forget_quads(self) -> None:
        """Drop the parsed quads (they are parsed again from the texts if asked for)."""
        self._quads.clear()

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


@dataclass
class Dataset:
    """The merged, reasoned dataset. ``texts`` (graph name -> nquads.graph_text: sorted, distinct N-Quads; a
    plain mapping is copied to disk) is what the dumps are cut from; ``graphs`` gives the same graphs as quads."""

    iris: IriPolicy
    texts: GraphTexts
    asserted: int = 0  # distinct quads, summed over the graphs
    inferred: int = 0
    asserted_in: dict[str, int] = field(default_factory=dict, repr=False)  # graph name -> its asserted quads

    def __post_init__(self) -> None:
        if not isinstance(self.texts, GraphTexts):
            self.texts = GraphTexts(self.texts)
        self.graphs = Graphs(self.texts)

    def text_bytes(self, name: str) -> bytes:
        return self.texts.bytes(name)

    def union_stream(self) -> Iterator[tuple[str, list[int]]]:
        """The default graph of the dumps, the union of the graphs: its sorted, distinct N-Triples lines, each
        with the positions (in ``texts``) of the graphs holding it; sorted on disk (cklod.rdf.runs)."""
        return nquads.merged_union(
            ((self.iris.graph(name), self.texts.lines(name)) for name in self.texts), self.texts.folder
        )

    def union_lines(self) -> list[str]:
        """The union's lines in memory (for small datasets; the write stage reads union_stream)."""
        return [line for line, _ in self.union_stream()]

    def quads(self) -> list[Quad]:
        return [q for quads in self.graphs.values() for q in quads]

    def union(self) -> list[Triple]:
        return nquads.union_triples(self.quads())
