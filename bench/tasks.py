"""The measurements of bench/run.py, each run in its own child process: `python bench/tasks.py TASK ROOT`.

Each prints one JSON line: wall seconds of what it measures and the process's peak RSS (its own and its
worker processes'), so every figure is measured in a fresh interpreter with nothing cached in memory.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

from cklod.rdf.iris import IriPolicy

QUERIES = {
    "label lookup": """SELECT ?s WHERE { ?s rdfs:label "Kazakhstan"@en }""",
    "events in a year, with participants": """SELECT ?e ?p WHERE { ?e a schema:Event ; schema:startDate ?d ;
        cklod:hasParticipant ?p . FILTER(STR(?d) >= "2023" && STR(?d) < "2024") }""",
    "facts per organization (GROUP BY)": """SELECT ?o (COUNT(?r) AS ?n) WHERE { ?r cklod:organization ?o }
        GROUP BY ?o ORDER BY DESC(?n) LIMIT 10""",
    "regex over quotes": """SELECT ?q WHERE { ?q oa:exact ?t . FILTER(REGEX(?t, "partnership", "i")) }""",
    "roles of one person": """SELECT ?r ?title WHERE { ?r cklod:holder ?p ; schema:roleName ?title .
        ?p schema:name "Xi Jinping" }""",
}
PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX cklod: <https://w3id.org/cklod/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


def _peak_mib() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_mib": round(own, 1), "workers_peak_mib": round(workers, 1)}


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def build(root: Path, out: Path, cache: str) -> dict:
    from cklod.pipeline import build as run_build

    before = _cpu_seconds()
    seconds, result = _timed(lambda: run_build(root, out, use_cache=cache == "cache"))
    ds = result.dataset
    return {
        "seconds": seconds,
        # CPU time (user + system, this process and its workers): on a shared machine wall time also counts
        # the waits for the cores others use
        "cpu_seconds": _cpu_seconds() - before,
        "stages": result.times,
        "asserted": ds.asserted,
        "inferred": ds.inferred,
    }


def _cpu_seconds() -> float:
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def _dataset(root: Path):
    """The built dataset's graphs, read back from output/cklod.nq (what validation saw)."""
    import pyoxigraph as ox

    iris = IriPolicy()
    graphs: dict[str, list] = {}
    for q in ox.parse(path=str(root / "output" / "cklod.nq"), format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(q.graph_name.value.removeprefix(iris.graph("")), []).append(q)
    return iris, {"registry": graphs.pop("registry"), **graphs}


def validate_split(root: Path) -> dict:
    from cklod.validation.validate import validate_graphs

    iris, graphs = _dataset(root)
    seconds, results = _timed(lambda: validate_graphs(graphs, root / "shapes", iris))
    return {"seconds": seconds, "results": sorted(r.key() for r in results)}


def validate_pyshacl(root: Path) -> dict:
    """The baseline: pyshacl once over the whole union with every shapes file (inference none, advanced)."""
    import rdflib

    from cklod.validation.shapes import run_pyshacl

    shapes = rdflib.Graph()
    for path in sorted((root / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    data = rdflib.Graph()
    data.parse(root / "output" / "cklod.nt", format="nt")  # not timed: the baseline gets its graph for free
    seconds, results = _timed(lambda: run_pyshacl(data, shapes))
    return {"seconds": seconds, "results": sorted(r.key() for r in results)}


def _asserted(root: Path):
    from cklod.load.sources import load_sources
    from cklod.pipeline import map_sources

    sources = load_sources(root)
    return sources, map_sources(sources, IriPolicy())


def reason_ours(root: Path) -> dict:
    from cklod.pipeline import reason

    sources, graphs = _asserted(root)
    seconds, (_, inferred) = _timed(lambda: reason(graphs, sources.project.ontology))
    return {"seconds": seconds, "inferred": inferred}


def reason_owlrl(root: Path) -> dict:
    import owlrl

    from cklod.validation.shapes import rdflib_graph

    sources, graphs = _asserted(root)
    graph = rdflib_graph(q for quads in graphs.values() for q in quads)
    graph.parse(sources.project.ontology, format="turtle")
    before = len(graph)
    seconds, _ = _timed(lambda: owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph))
    return {"seconds": seconds, "inferred": len(graph) - before}


def serialize(root: Path, engine: str) -> dict:
    """N-Triples, Turtle and JSON-LD of the union, by our writers or by rdflib's."""
    import pyoxigraph as ox

    from cklod.rdf import nquads
    from cklod.write import jsonld

    nt = (root / "output" / "cklod.nt").read_bytes()
    union = nquads.parse_triples(nt)
    context = jsonld.jsonld_context(IriPolicy().base)
    times = {}
    if engine == "ours":
        # What the write stage does: the union is sorted N-Triples text, Turtle is streamed by oxigraph, the
        # JSON-LD laid out from the lines (cklod.write.dumps); no node kept from an earlier build.
        lines = nt.decode().splitlines(keepends=True)
        times["nt"], _ = _timed(lambda: "".join(lines).encode())
        times["ttl"], _ = _timed(
            lambda: nquads.turtle(list(ox.parse(nt, ox.RdfFormat.N_TRIPLES)), nquads.TURTLE_PREFIXES)
        )
        times["jsonld"], _ = _timed(lambda: jsonld.jsonld_of_lines(lines, context))
        return {"seconds": sum(times.values()), "formats": times}
    import rdflib

    times["parse"], graph = _timed(
        lambda: rdflib.Graph().parse(data=nquads.n_triples(union).decode(), format="nt")
    )
    for fmt, name in (("nt", "nt"), ("turtle", "ttl")):
        times[name], _ = _timed(lambda fmt=fmt: graph.serialize(format=fmt))
    times["jsonld"], _ = _timed(lambda: jsonld.jsonld_rdflib(union, context))
    return {"seconds": sum(v for k, v in times.items() if k != "parse"), "formats": times}


def queries(root: Path, engine: str, repeat: int = 5) -> dict:
    out = {}
    if engine == "oxigraph":
        from cklod.sparql.store import open_store

        load, store = _timed(lambda: open_store(root / "output"))

        def run(q: str) -> int:
            return len(list(store.query(PREFIXES + q, use_default_graph_as_union=True)))
    else:
        import rdflib

        load, graph = _timed(lambda: rdflib.Graph().parse(root / "output" / "cklod.nt", format="nt"))

        def run(q: str) -> int:
            return len(list(graph.query(PREFIXES + q)))

    for name, q in QUERIES.items():
        rows = run(q)
        times = [_timed(lambda q=q: run(q))[0] for _ in range(repeat)]
        out[name] = {"median_ms": statistics.median(times) * 1000, "rows": rows}
    return {"seconds": load, "queries": out}


TASKS = {
    "build": build,
    "validate-split": validate_split,
    "validate-pyshacl": validate_pyshacl,
    "reason-ours": reason_ours,
    "reason-owlrl": reason_owlrl,
    "serialize": serialize,
    "queries": queries,
}

if __name__ == "__main__":
    task, root, *rest = sys.argv[1:]
    args = [Path(root)] + [Path(a) if "/" in a else a for a in rest]
    result = TASKS[task](*args)
    print(json.dumps({**result, **_peak_mib()}, default=str))
