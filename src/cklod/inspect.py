"""Looking at built datasets: counts by class and property per graph, and what changed between two builds."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cklod.errors import BadInput, Problem
from cklod.load.sourcefile import read_bytes
from cklod.rdf.iris import PREFIXES, RDF, RDFS, Shortener

TYPE = RDF + "type"


def read_quads(output: Path) -> list[ox.Quad]:
    """The quads of the build in ``output``; BadInput when it holds no readable cklod.nq."""
    dump = output / "cklod.nq"
    if not dump.exists() and not dump.is_symlink():
        raise BadInput([Problem(str(dump), 1, f"not found: is {output} a cklod build? (run 'cklod build')")])
    data = read_bytes(dump, str(dump))
    try:
        return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise BadInput(
            [Problem(str(dump), exc.lineno or 1, "not N-Quads: the build is damaged; rebuild it")]
        ) from None


_SHORTEN = Shortener(PREFIXES)


def short(iri: str) -> str:
    """A prefixed name where a known prefix fits, else the IRI itself."""
    return _SHORTEN(iri) or iri


def graph_name(quad: ox.Quad) -> str:
    name = quad.graph_name
    return "" if isinstance(name, ox.DefaultGraph) else name.value.rsplit("/", 1)[-1]


@dataclass
class Stats:
    triples: dict[str, int]  # graph -> quads
    classes: dict[str, Counter]  # graph -> class -> instances
    properties: dict[str, Counter]  # graph -> property -> triples

    def table(self) -> str:
        graphs = sorted(self.triples)
        lines = ["graph".ljust(24) + "triples".rjust(10)]
        lines += [g.ljust(24) + str(self.triples[g]).rjust(10) for g in graphs]
        lines.append("total".ljust(24) + str(sum(self.triples.values())).rjust(10))
        for title, per_graph in (("class", self.classes), ("property", self.properties)):
            total: Counter = Counter()
            for counter in per_graph.values():
                total.update(counter)
            width = max(len(short(k)) for k in total) + 2
            header = title.ljust(width) + "".join(g[:8].rjust(10) for g in graphs) + "all".rjust(10)
            lines += ["", header]
            for key, n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])):
                cells = "".join(str(per_graph[g].get(key, 0)).rjust(10) for g in graphs)
                lines.append(short(key).ljust(width) + cells + str(n).rjust(10))
        return "\n".join(lines)


def stats(quads: list[ox.Quad]) -> Stats:
    triples: Counter = Counter()
    classes: dict[str, Counter] = defaultdict(Counter)
    properties: dict[str, Counter] = defaultdict(Counter)
    for q in quads:
        g = graph_name(q)
        triples[g] += 1
        properties[g][q.predicate.value] += 1
        if q.predicate.value == TYPE:
            classes[g][q.object.value] += 1
    return Stats(dict(triples), dict(classes), dict(properties))


@dataclass
class Change:
    entity: str
    label: str
    added: list[str]
    removed: list[str]


def _owner(subject: str) -> str:
    """Evidence selectors and targets (…#quote) belong to their annotation, boilerplate to its document."""
    if "/id/evidence/" in subject or "/doc/" in subject:
        return subject.split("#", 1)[0]
    return subject


def diff(old: list[ox.Quad], new: list[ox.Quad]) -> list[Change]:
    """Triples added and removed between two builds (union graphs), grouped by the entity they describe."""

    def triples(quads):
        return {(q.subject, q.predicate, q.object) for q in quads}

    before, after = triples(old), triples(new)
    labels = {s.value: o.value for s, p, o in before | after if p.value == RDFS + "label"}
    grouped: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for side, items in ((0, after - before), (1, before - after)):
        for s, p, o in items:
            text = f"{short(p.value)} {short(o.value) if isinstance(o, ox.NamedNode) else str(o)}"
            grouped[_owner(s.value)][side].append(text)
    return [
        Change(entity, labels.get(entity, ""), sorted(added), sorted(removed))
        for entity, (added, removed) in sorted(grouped.items())
    ]
