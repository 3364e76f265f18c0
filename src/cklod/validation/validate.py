"""The validate stage: SHACL Core split by locality, SPARQL rules on Oxigraph, OWL RL consistency.

pyshacl over the whole graph is slow (its SPARQL-based constraints cost milliseconds per focus node), so the
shapes are split by what they look at:

- shapes/facts.ttl: Core shapes of fact nodes, local to one document: per document graph, on that graph plus
  the registry triples of the entities it links to;
- shapes/entities.ttl: Core shapes of registry entities: once, on the registry graph plus every triple whose
  subject is an entity;
- shapes/rules.ttl: SPARQL-based constraints: each run once, as one query over the union on Oxigraph.

The Core shapes run on cklod's own SHACL engine (cklod.shacl), which gives pyshacl's results ten times and more
faster (tests/test_shacl_engine.py compares them); ``engine="pyshacl"`` runs pyshacl itself, and a shapes file
the engine cannot compile (cklod.shacl.Unsupported) falls back to pyshacl with a warning.
tests/test_scale.py proves the split gives exactly pyshacl's verdict on the whole graph.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad, Triple

from cklod.progress import Progress
from cklod.rdf import nquads
from cklod.rdf.iris import DEFAULT_BASE, RDF, RDFS, SH, VOCABULARY_GRAPH, IriPolicy
from cklod.rdf.terms import GraphBuilder, boolean, plain
from cklod.scratch import scratch
from cklod.shacl.result import Result
from cklod.validation.localval import local_results
from cklod.validation.rules import run_rules, sparql_rules
from cklod.validation.shapes import (
    ENTITY_SHAPES,
    RULE_SHAPES,
    core_engine,
    load_shapes,
    rdflib_graph,
    run_pyshacl,
)


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    consistency: list[str] = field(default_factory=list)
    consistency_checked: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # focus IRI -> "file:line" of the mapping
    base: str = DEFAULT_BASE  # of the dataset validated: the report is named under it

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == SH + "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations and not self.consistency

    def text(self) -> str:
        """The report for people: one block per result, with label, path, message and mapping line."""
        lines = []
        for r in sorted(self.results):
            severity = r.severity.rsplit("#", 1)[-1]
            label = self.labels.get(r.focus)
            focus = f"{r.focus} ({label})" if label else r.focus
            lines.append(f"{severity}: {r.message}")
            lines.append(f"  focus: {focus}")
            if r.path:
                lines.append(f"  path:  {r.path}")
            if r.value:
                lines.append(f"  value: {r.value}")
            if r.focus in self.sources:
                lines.append(f"  from:  {self.sources[r.focus]}")
        for message in self.consistency:
            lines.append(f"Inconsistent (OWL RL): {message}")
        verdict = "conforms" if self.conforms else f"{len(self.violations)} violation(s)"
        lines.append(
            f"SHACL: {verdict}; {len(self.results)} result(s); OWL RL: {self._consistency_verdict()}"
        )
        return "\n".join(lines)

    def _consistency_verdict(self) -> str:
        if not self.consistency_checked:
            return "not checked (cklod validate --consistency)"
        return "consistent" if not self.consistency else f"{len(self.consistency)} inconsistency(ies)"

    def turtle(self) -> bytes:
        """The machine report: an sh:ValidationReport in Turtle, results with deterministic IRIs."""

        g = GraphBuilder(None)
        report = f"{self.base}validation/report"
        g.add(report, RDF + "type", SH + "ValidationReport")
        g.add(report, SH + "conforms", boolean(self.conforms))
        for n, r in enumerate(sorted(self.results), 1):
            node = f"{report}#result-{n}"
            g.add(report, SH + "result", node)
            g.add(node, RDF + "type", SH + "ValidationResult")
            g.add(node, SH + "focusNode", _term(r.focus))
            if r.path:
                g.add(node, SH + "resultPath", _term(r.path))
            if r.value:
                g.add(node, SH + "value", _term(r.value))
            g.add(node, SH + "resultMessage", plain(r.message))
            g.add(node, SH + "resultSeverity", r.severity)
            g.add(node, SH + "sourceShape", _term(r.shape))
            g.add(node, SH + "sourceConstraintComponent", _term(r.component))
        triples = [Triple(q.subject, q.predicate, q.object) for q in g.quads]
        prefixes = {"sh": SH, "rdf": RDF, "xsd": "http://www.w3.org/2001/XMLSchema#"}
        return nquads.turtle(sorted(triples, key=nquads.sort_key), prefixes)


def _term(value: str) -> object:

    return NamedNode(value) if re.match(r"^[a-z][a-z0-9+.-]*:", value) and " " not in value else plain(value)


class InvalidGraph(Exception):
    """The graph has SHACL violations; ``report`` says which (nothing was written)."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"{len(report.violations)} SHACL violation(s)")


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


# --- the stage ---------------------------------------------------------------------------------------------


def entity_data(graphs: dict[str, list[Quad]], iris: IriPolicy) -> list[Quad]:
    return [q for quads in graphs.values() for q in quads if iris.is_entity(q.subject.value)]


def owl_rl_inconsistencies(union: list[Triple], ontology: Path) -> list[str]:
    """OWL RL consistency (owlrl): disjointness, differentFrom/sameAs clashes, owl:Nothing members."""
    import owlrl
    import rdflib

    graph = rdflib_graph(union)
    graph.parse(ontology, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    err = rdflib.URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
    messages = sorted(str(m) for m in graph.objects(None, err))
    nothing = rdflib.URIRef("http://www.w3.org/2002/07/owl#Nothing")
    messages += sorted(f"{s} is a member of owl:Nothing" for s in graph.subjects(rdflib.RDF.type, nothing))
    return messages


def validate_graphs(
    graphs: Mapping[str, list[Quad]],
    shapes_dir: Path,
    iris: IriPolicy,
    registry_graph: str = "registry",
    *,
    union: list[str] | None = None,
    **options: Any,
) -> list[Result]:
    """SHACL results for a dataset of named graphs, by the split described in the module docstring: the Core
    shapes' (core_results, which takes ``options``), then the rules' over ``union`` (the union's sorted
    N-Triples lines, made from ``graphs`` when not given)."""
    core = core_results(graphs, shapes_dir, iris, registry_graph, **options)
    union = union if union is not None else nquads.union_lines(graphs.values())
    return sorted(core | set(rule_results(union, shapes_dir, iris)))


def core_results(
    graphs: Mapping[str, list[Quad]],
    shapes_dir: Path,
    iris: IriPolicy,
    registry_graph: str = "registry",
    *,
    known: dict[str, list[Result]] | None = None,
    workers: int | None = None,
    entities: dict[str, list[Result]] | None = None,
    progress: Progress | None = None,
    engine: str = "cklod",
    texts: Mapping[str, str] | None = None,
) -> set[Result]:
    """The results of the Core shapes, facts.ttl per document and entities.ttl once.

    ``known`` holds documents' facts.ttl results from an earlier run on the same inputs (the build's cache):
    those documents are not validated again, and the results of the others are added to it. ``workers``
    processes validate documents in parallel (default: as many as pay off; 1 = in this process). ``entities``
    holds entities.ttl results by the digest of the entity data and shapes they were computed for (the build's
    cache): they are reused when those are unchanged, else computed and added to it.
    ``engine`` validates the Core shapes: "cklod" (cklod.shacl) or "pyshacl". ``texts`` (each graph's
    nquads.graph_text), where the caller has them, spare reading every graph's quads: then only the documents
    not in ``known`` are.
    """

    entity_shapes = load_shapes(shapes_dir, ENTITY_SHAPES, iris.base)
    entity_engine = core_engine(entity_shapes, ENTITY_SHAPES, engine)
    by_subject: dict[NamedNode, list[Quad]] = {}
    for q in graphs.get(registry_graph, []):
        by_subject.setdefault(q.subject, []).append(q)
    known = {} if known is None else known
    shared = {registry_graph, VOCABULARY_GRAPH}  # no document's facts: facts.ttl has nothing to check there
    todo = [name for name in graphs if name not in shared and name not in known]
    known.update(
        local_results(graphs, by_subject, shapes_dir, todo, workers, progress, iris.base, engine, texts)
    )
    results: set[Result] = {r for name in graphs if name not in shared for r in known[name]}
    if texts is None:
        entity_quads = [Quad(q.subject, q.predicate, q.object) for q in entity_data(graphs, iris)]
        lines = nquads.graph_lines(entity_quads)  # "s p o .\n"
    else:
        lines = entity_lines(texts, iris)

    def entity_results() -> list[Result]:
        if entity_engine is None:
            return run_pyshacl(rdflib_graph(nquads.parse_triples("".join(lines).encode())), entity_shapes)
        return entity_engine.validate(entity_engine.index([line[:-3] for line in lines]))

    if entities is None:
        results.update(entity_results())
    else:
        digest = hashlib.sha256("".join(lines).encode() + _file_bytes(shapes_dir / ENTITY_SHAPES)).hexdigest()
        if digest not in entities:
            entities[digest] = entity_results()
        results.update(entities[digest])
    return results


RULES_LOAD_CHUNK = 250_000  # N-Triples lines bulk-loaded into the rules' store on disk at a time (~350 MiB)
# Up to this many bytes of N-Triples (~1 million triples, ~400 MiB in Oxigraph's memory store) the rules' store
# is in memory: loaded 2.4x faster than one on disk (25.7 s against 62.7 s for 3,000 synthetic documents on a
# loaded machine, 390 MiB against 321 MiB peak); past it, memory would grow with the union.
RULES_IN_MEMORY = 160 << 20


def rule_results(union: list[str] | bytes | Path, shapes_dir: Path, iris: IriPolicy) -> list[Result]:
    """The results of shapes/rules.ttl, each rule one query over the union: its N-Triples lines or bytes, or
    an N-Triples file (the build's), loaded into an Oxigraph store in memory up to RULES_IN_MEMORY bytes, else
    into one on disk beside it, in chunks, so that the store's memory does not grow with the union."""
    rules = sparql_rules(load_shapes(shapes_dir, RULE_SHAPES, iris.base))
    if not isinstance(union, Path) or union.stat().st_size <= RULES_IN_MEMORY:
        store = ox.Store()
        if isinstance(union, Path):
            store.load(path=union, format=ox.RdfFormat.N_TRIPLES)
        else:
            store.load(union if isinstance(union, bytes) else "".join(union).encode(), ox.RdfFormat.N_TRIPLES)
        return run_rules(store, rules)
    with scratch("rules") as folder:
        store = ox.Store(folder)
        with union.open("rb") as lines:
            # in chunks: Oxigraph's bulk loader holds what it is given at once (1.5 GiB for 3 million triples)
            while chunk := b"".join(islice(lines, RULES_LOAD_CHUNK)):
                store.bulk_load(chunk, ox.RdfFormat.N_TRIPLES)
        try:
            return run_rules(store, rules)
        finally:
            del store  # closed before its folder goes


def entity_lines(texts: Mapping[str, str], iris: IriPolicy) -> list[str]:
    """The sorted, distinct N-Triples lines of every triple whose subject is a registry entity (entity_data),
    cut from the graphs' texts."""
    starts = tuple("<" + prefix for prefix in iris.entity_prefixes())
    out: set[str] = set()
    for name, text in texts.items():
        cut = len(f" <{iris.graph(name)}> .\n")
        out.update(line[:-cut] + " .\n" for line in text.splitlines(keepends=True) if line.startswith(starts))
    return sorted(out)


def validate_dataset(
    dataset,
    sources,
    consistency: bool = False,
    known: dict[str, list[Result]] | None = None,
    entities: dict[str, list[Result]] | None = None,
    progress: Progress | None = None,
    engine: str = "cklod",
) -> Report:
    """Validate a built dataset against the project's shapes; with ``consistency``, also run owlrl.

    ``known``: per-document facts.ttl results already computed (see validate_graphs); completed in place.
    ``engine``: who validates the Core shapes, "cklod" or "pyshacl" (see validate_graphs).
    """
    return start_validation(dataset, sources, known, entities, progress, engine, background=False).report(
        consistency
    )


def start_validation(
    dataset,
    sources,
    known: dict[str, list[Result]] | None = None,
    entities: dict[str, list[Result]] | None = None,
    progress: Progress | None = None,
    engine: str = "cklod",
    background: bool = True,
) -> PendingValidation:
    """Validate as validate_dataset does, but return once the Core shapes are done: with ``background``, the
    SPARQL rules are left to start_rules, to run on a thread of their own over the union's N-Triples file once
    the write stage has written it (Oxigraph releases the GIL while it loads and queries), while the rest of the
    dumps is written. Start no process (fork) until the report is taken."""
    core = core_results(
        dataset.graphs,
        sources.project.shapes,
        dataset.iris,
        known=known,
        entities=entities,
        progress=progress,
        engine=engine,
        texts=dataset.texts,
    )
    pending = PendingValidation(dataset, sources, core)
    if not background:  # the union on disk, for the rules' store: a caller that writes no dumps
        union = dataset.texts.folder / "union.nt"
        with union.open("w", encoding="utf-8", newline="\n") as f:
            f.writelines(line for line, _ in dataset.union_stream())
        pending.check_rules(union, sources.project.shapes, dataset.iris)
        union.unlink()
    return pending


@dataclass
class PendingValidation:
    """A validation whose SPARQL rules may still be running (see start_validation)."""

    dataset: object
    sources: object
    core: set[Result]
    rules: list[Result] | None = None
    failure: BaseException | None = None
    thread: threading.Thread | None = None

    def start_rules(self, union: Path) -> None:
        """Run the rules over ``union`` (an N-Triples file) on a thread of their own."""
        work = (union, self.sources.project.shapes, self.dataset.iris)
        self.thread = threading.Thread(target=self.check_rules, args=work, name="cklod-rules", daemon=True)
        self.thread.start()

    def check_rules(self, union: Path, shapes_dir: Path, iris: IriPolicy) -> None:
        try:
            self.rules = rule_results(union, shapes_dir, iris)
        except BaseException as exc:  # handed to the thread that takes the report
            self.failure = exc

    def report(self, consistency: bool = False) -> Report:
        """Wait for the rules; the report, with labels and the mapping line of each focus node."""
        if self.thread is not None:
            self.thread.join()
        if self.failure is not None:
            raise self.failure
        report = Report(results=sorted(self.core | set(self.rules or ())), base=self.dataset.iris.base)
        focus = {r.focus for r in report.results}
        if consistency:
            report.consistency = owl_rl_inconsistencies(self.dataset.union(), self.sources.project.ontology)
            report.consistency_checked = True
        if focus:
            report.labels = labels(self.dataset, focus)
        report.sources = mapping_locations(self.sources, self.dataset.iris, focus)
        return report


def labels(dataset, focus: set[str]) -> dict[str, str]:
    """The rdfs:label of each of ``focus`` that has one (the least, in the union's order), read graph by graph."""
    wanted = {f"<{iri}>": iri for iri in focus}
    label = f"<{RDFS}label>"
    least: dict[str, str] = {}
    for name in dataset.texts:
        cut = len(f" <{dataset.iris.graph(name)}> .\n")
        for line in dataset.texts.lines(name):
            subject, predicate, rest = line.split(" ", 2)
            if predicate == label and subject in wanted:
                term = rest[:-cut]
                if subject not in least or term < least[subject]:
                    least[subject] = term
    return {wanted[s]: nquads.split_literal(term)[0] for s, term in least.items()}


def mapping_locations(sources, iris: IriPolicy, wanted: set[str]) -> dict[str, str]:
    """Where each node comes from: the mapping file and line of a fact, the registry line of an entity.

    A fact's nodes are named after it — ``{kind}/{doc}-{fact}``, its statements ``…-{fact}-{n}``, its
    evidence selectors ``…#quote`` — so each wanted node is found by trimming those endings, in one pass.
    """
    origins: dict[str, str] = {}
    for entity in sources.registry.entities.values():
        origins[iris.entity(entity.kind, entity.id)] = f"{entity.file}:{entity.line}"
    prefix = f"{iris.base}id/"
    kinds = ("role", "participation", "statistic", "quotation", "speech", "status", "evidence", "statement")
    for doc_id, mapping in sources.mappings.items():
        for located in mapping.facts:
            for kind in kinds:
                origins[f"{prefix}{kind}/{doc_id}-{located.fact.id}"] = f"{mapping.file}:{located.line}"
    out: dict[str, str] = {}
    for node in wanted:
        candidate = node.split("#", 1)[0]
        for _ in range(3):  # the node itself, then without "-{n}", then without "-attendance"-like endings
            if candidate in origins:
                out[node] = origins[candidate]
                break
            candidate = candidate.rsplit("-", 1)[0]
    return out
