"""The built dataset: one named graph per document plus the registry graph, as text and as quads."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from pyoxigraph import Quad, Triple

from cklod.rdf import nquads
from cklod.rdf.iris import IriPolicy


class Graphs(MutableMapping[str, list[Quad]]):
    """Graph name -> quads, over the graphs' texts. A graph the build cache gave as text is parsed only when
    something asks for its quads (an incremental build validates and maps only what changed); assigning a
    graph's quads rewrites its text. Appending to a graph's list in place does not: assign it instead."""

    def __init__(
        self,
        texts: dict[str, str],
        quads: dict[str, list[Quad]] | None = None,
        encoded: dict[str, bytes] | None = None,
    ):
        self._texts = texts
        self._quads = dict(quads or {})
        self._encoded = {} if encoded is None else encoded  # shared with the Dataset: dropped when stale
        self.version = 0  # counts assignments, so what is derived from the texts knows when to redo it

    def __getitem__(self, name: str) -> list[Quad]:
        quads = self._quads.get(name)
        if quads is None:
            quads = self._quads[name] = list(ox.parse(self._texts[name].encode(), ox.RdfFormat.N_QUADS))
        return quads

    def __setitem__(self, name: str, quads: list[Quad]) -> None:
        self._quads[name] = quads
        self._texts[name] = nquads.graph_text(quads)
        self._encoded.pop(name, None)
        self.version += 1

    def __delitem__(self, name: str) -> None:
        del self._texts[name]
        self._quads.pop(name, None)
        self._encoded.pop(name, None)
        self.version += 1

    def forget_quads(self) -> None:
        """Drop the parsed quads (they are parsed again from the texts if asked for): memory for the write stage."""
        self._quads.clear()

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


@dataclass
class Dataset:
    """The merged, reasoned dataset. ``texts`` (graph name -> nquads.graph_text: sorted, distinct N-Quads) is
    what the dumps are cut from; ``graphs`` gives the same graphs as quads."""

    iris: IriPolicy
    texts: dict[str, str]
    asserted: int = 0  # distinct quads, summed over the graphs
    inferred: int = 0
    asserted_in: dict[str, int] = field(default_factory=dict, repr=False)  # graph name -> its asserted quads
    quads_known: dict[str, list[Quad]] = field(default_factory=dict, repr=False)
    encoded: dict[str, bytes] = field(
        default_factory=dict, repr=False
    )  # texts already in UTF-8 (the cache's)

    def __post_init__(self) -> None:
        self.graphs = Graphs(self.texts, self.quads_known, self.encoded)
        self._union: tuple[int, list[str]] | None = None
        self._union_nt: tuple[int, bytes] | None = None

    def text_bytes(self, name: str) -> bytes:
        """A graph's text in UTF-8 (encoding tens of megabytes of text is not free: the cache's bytes are kept)."""
        data = self.encoded.get(name)
        return data if data is not None else self.texts[name].encode()

    def union_ntriples(self) -> bytes:
        """The union as N-Triples (cklod.nt), made once: the rules store loads it and the write stage writes it."""
        if self._union_nt is None or self._union_nt[0] != self.graphs.version:
            self._union_nt = (self.graphs.version, "".join(self.union_lines()).encode())
        return self._union_nt[1]

    def release_union(self) -> None:
        """Drop the union's lines and bytes (made again if asked for): memory once the dumps are written."""
        self._union = self._union_nt = None

    def union_lines(self) -> list[str]:
        """The default graph of the dumps, the union of the graphs: sorted, distinct N-Triples lines."""
        if self._union is None or self._union[0] != self.graphs.version:
            lines = nquads.union_of_graph_texts((self.iris.graph(n), t) for n, t in self.texts.items())
            self._union = (self.graphs.version, lines)
        return self._union[1]

    def quads(self) -> list[Quad]:
        return [q for quads in self.graphs.values() for q in quads]

    def union(self) -> list[Triple]:
        return nquads.union_triples(self.quads())
