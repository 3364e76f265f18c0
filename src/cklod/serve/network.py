"""Who met whom: agents that took part in the same event, laid out for an SVG drawn on the server.

The layout is a force-directed one (Fruchterman & Reingold 1991) started from a circle in a fixed order, with
a fixed number of steps and coordinates rounded, so the same graph always gives the same picture (byte for
byte, which the static site needs).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import pyoxigraph as ox

from cklod.rdf.iris import CKLOD
from cklod.serve.lookup import Lookup
from cklod.serve.terms import Term, iri_term

WIDTH, HEIGHT, MARGIN = 960, 640, 70
KIND_ORDER = ("person", "organization", "country")


@dataclass
class Node:
    term: Term
    kind: str
    events: list[Term]
    x: float = 0.0
    y: float = 0.0

    @property
    def short_label(self) -> str:
        label = self.term.label
        return label if len(label) <= 26 else label[:24].rstrip() + "…"

    @property
    def radius(self) -> float:
        return round(5 + 2.5 * math.sqrt(len(self.events)), 1)


@dataclass
class Edge:
    a: Node
    b: Node
    events: list[Term] = field(default_factory=list)


@dataclass
class Network:
    nodes: list[Node]
    edges: list[Edge]
    width: int = WIDTH
    height: int = HEIGHT


def co_participation(lookup: Lookup) -> Network:
    """Agents linked when they took part in the same event (cklod:hasParticipant), with those events."""
    by_event: dict[str, set[str]] = defaultdict(set)
    for q in lookup.store.quads_for_pattern(None, ox.NamedNode(CKLOD + "hasParticipant"), None):
        if isinstance(q.object, ox.NamedNode) and isinstance(q.subject, ox.NamedNode):
            by_event[q.subject.value].add(q.object.value)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    events_of: dict[str, set[str]] = defaultdict(set)
    for event, agents in by_event.items():
        for a, b in combinations(sorted(agents), 2):
            pairs[(a, b)].add(event)
            events_of[a].add(event)
            events_of[b].add(event)

    def sorted_events(iris: set[str]) -> list[Term]:
        return sorted((iri_term(lookup, e) for e in iris), key=lambda t: (t.label.lower(), t.value))

    nodes = {
        iri: Node(iri_term(lookup, iri), lookup.space.kind(iri) or "", sorted_events(events))
        for iri, events in events_of.items()
    }
    edges = [Edge(nodes[a], nodes[b], sorted_events(ev)) for (a, b), ev in sorted(pairs.items())]
    ordered = sorted(
        nodes.values(),
        key=lambda n: (
            KIND_ORDER.index(n.kind) if n.kind in KIND_ORDER else 9,
            n.term.label.lower(),
            n.term.value,
        ),
    )
    network = Network(ordered, edges)
    layout(network)
    return network


def components(network: Network) -> list[list[Node]]:
    """Connected components, largest first, each in the nodes' own order."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for e in network.edges:
        neighbours[id(e.a)].add(id(e.b))
        neighbours[id(e.b)].add(id(e.a))
    seen: set[int] = set()
    groups = []
    for node in network.nodes:
        if id(node) in seen:
            continue
        group, todo = set(), [id(node)]
        while todo:
            current = todo.pop()
            if current not in group:
                group.add(current)
                todo.extend(neighbours[current] - group)
        seen |= group
        groups.append([n for n in network.nodes if id(n) in group])
    return sorted(groups, key=len, reverse=True)


def _path_lengths(adjacent: list[set[int]], start: int) -> list[int]:
    """Breadth-first path lengths from ``start`` (the component is connected)."""
    found, frontier = {start: 0}, [start]
    while frontier:
        following = []
        for node in frontier:
            for other in sorted(adjacent[node]):
                if other not in found:
                    found[other] = found[node] + 1
                    following.append(other)
        frontier = following
    return [found.get(j, len(adjacent)) for j in range(len(adjacent))]


def stress_layout(nodes: list[Node], edges: list[Edge], steps: int = 300) -> list[tuple[float, float]]:
    """Stress majorization (Gansner, Koren & North 2004): place the nodes so that drawn distances match
    path lengths in the graph. Clear pictures for small graphs: every edge about the same length, cliques
    spread on a ring. Started from a circle in the nodes' order; positions scaled so the wider side spans
    [0, 1], centred on 0.5 (shapes keep their proportions)."""
    n = len(nodes)
    if n == 1:
        return [(0.5, 0.5)]
    index = {id(node): i for i, node in enumerate(nodes)}
    adjacent: list[set[int]] = [set() for _ in range(n)]
    for e in edges:
        i, j = index[id(e.a)], index[id(e.b)]
        adjacent[i].add(j)
        adjacent[j].add(i)
    dist = [_path_lengths(adjacent, start) for start in range(n)]
    pos = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    for _ in range(steps):
        for i in range(n):
            sx = sy = total = 0.0
            for j in range(n):
                if i == j:
                    continue
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                length = math.hypot(dx, dy) or 1e-9
                weight = dist[i][j] ** -2
                sx += weight * (pos[j][0] + dist[i][j] * dx / length)
                sy += weight * (pos[j][1] + dist[i][j] * dy / length)
                total += weight
            pos[i] = [sx / total, sy / total]
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return [(0.5 + (x - mid_x) / span, 0.5 + (y - mid_y) / span) for x, y in pos]


def layout(network: Network, columns: int = 2) -> None:
    """Lay out each component on its own in a grid of cells, largest first; the picture is as tall as the
    rows need."""
    groups = components(network)
    if not groups:
        return
    columns = min(columns, len(groups))
    cell_w = (network.width - MARGIN / 2) / columns
    # Labels are written to the right of each node: leave room for them on that side.
    box = cell_w - 2.4 * MARGIN
    cell_h = box + MARGIN * 0.7
    rows = math.ceil(len(groups) / columns)
    network.height = int(rows * cell_h + MARGIN * 0.3)
    for n, group in enumerate(groups):
        row, column = divmod(n, columns)
        members = {id(node) for node in group}
        edges = [e for e in network.edges if id(e.a) in members]
        scale = box * min(1.0, 0.35 + 0.1 * len(group))  # small components drawn small
        cx = MARGIN / 2 + column * cell_w + box / 2 + MARGIN * 0.3
        cy = MARGIN * 0.5 + row * cell_h + box / 2
        for node, (x, y) in zip(group, stress_layout(group, edges), strict=True):
            node.x = round(cx + (x - 0.5) * scale, 1)
            node.y = round(cy + (y - 0.5) * scale, 1)
