"""The scale work: the synthetic corpus generator, and the fast paths against the straightforward ones.

Every fast path must give exactly what the straightforward path gives: the build cache (byte-identical
output/), parallel validation (= serial), the split validation (= plain pyshacl on the whole graph, on a corpus
with injected violations of several kinds), the sorted-text N-Quads and union, and the JSON-LD writer (= rdflib).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyoxigraph import Literal, NamedNode, Quad, Triple

from cklod.rdf.iris import CKLOD, OA, RDF, SCHEMA, SHARED_GRAPHS, IriPolicy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return synth.generate(tmp_path_factory.mktemp("synth") / "project", 6, seed=5)


def test_generator_is_deterministic(tmp_path, small):
    again = synth.generate(tmp_path / "again", 6, seed=5)
    other = synth.generate(tmp_path / "other", 6, seed=6)
    assert _tree(again) == _tree(small)
    assert _tree(other) != _tree(small)
    assert len(list((small / "corpus").glob("*.txt"))) == 6


def test_generated_project_checks_and_builds(small, tmp_path):
    from cklod.pipeline import build

    done = subprocess.run(
        [sys.executable, "-m", "cklod", "check", "--project", str(small)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = build(small, tmp_path / "out", use_cache=False)  # raises InvalidGraph on any violation
    assert result.report.conforms
    kinds = {f.fact.kind for m in result_sources(small).mappings.values() for f in m.facts}
    assert kinds >= {"event", "relation", "participation"}
    assert (result.dataset.asserted + result.dataset.inferred) / 6 > 150


def result_sources(root: Path):
    from cklod.load.sources import load_sources

    return load_sources(root)


def test_cache_hit_equals_cold_build(small, tmp_path, monkeypatch):
    import yaml

    import cklod.pipeline as build_module
    from cklod.pipeline import build

    project = synth.generate(tmp_path / "p", 5, seed=9)
    build(project, tmp_path / "plain", use_cache=False)
    build(project, tmp_path / "cold")
    calls = []
    real_map = build_module.map_document
    monkeypatch.setattr(build_module, "map_document", lambda *a: calls.append(a) or real_map(*a))
    build(project, tmp_path / "warm")
    assert calls == []  # every document came from the cache
    assert _tree(tmp_path / "cold") == _tree(tmp_path / "plain") == _tree(tmp_path / "warm")
    path = sorted((project / "mappings").glob("*.yaml"))[1]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["facts"][0]["note"] = "edited"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build(project, tmp_path / "edited")
    assert len(calls) == 1  # only the edited document was mapped again
    monkeypatch.undo()
    build(project, tmp_path / "edited-plain", use_cache=False)
    assert _tree(tmp_path / "edited") == _tree(tmp_path / "edited-plain")
    assert _tree(tmp_path / "edited") != _tree(tmp_path / "plain")


def test_cache_follows_registry_edits(tmp_path):
    import yaml

    from cklod.pipeline import build

    project = synth.generate(tmp_path / "p", 4, seed=6)  # has roles and participations
    build(project, tmp_path / "first")
    # A role holder's or participant's name goes into a label in a document's graph, not only the registry's.
    participant = next(
        line.split(":", 1)[1].strip()
        for path in sorted((project / "mappings").glob("*.yaml"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("participant:", "holder:"))
    )
    registry = sorted((project / "mappings" / "registry").glob("*.yaml"))[0]
    entries = yaml.safe_load(registry.read_text(encoding="utf-8"))
    entry = next(e for e in entries if e["id"] == participant)
    entry["name"] = "Renamed Person"
    registry.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build(project, tmp_path / "cached")
    build(project, tmp_path / "plain", use_cache=False)
    assert _tree(tmp_path / "cached") == _tree(tmp_path / "plain")
    lines = (tmp_path / "cached" / "cklod.nq").read_text(encoding="utf-8").splitlines()
    assert any("Renamed Person" in line and "/graph/registry>" not in line for line in lines)


# --- validation with injected violations --------------------------------------------------------------------


def _first(graphs: dict[str, list[Quad]], predicate: str) -> Quad:
    return next(
        q for name, qs in graphs.items() if name != "registry" for q in qs if q.predicate.value == predicate
    )


def inject(
    graphs: dict[str, list[Quad]], ill_typed_offset: bool = False
) -> tuple[dict[str, list[Quad]], set[str]]:
    """Break the dataset in several ways (facts, evidence, entities, cross-document rules); return the nodes.

    With ``ill_typed_offset``, also an oa:start that is a string, not an integer (a Core datatype violation; the rules leave it to Core on every engine).
    """
    graphs = {name: list(qs) for name, qs in graphs.items()}
    broken: set[str] = set()
    holder = _first(graphs, CKLOD + "holder")  # a Role without its holder
    graphs = {n: [q for q in qs if q != holder] for n, qs in graphs.items()}
    broken.add(holder.subject.value)
    start = _first(graphs, OA + "start")
    doc = start.graph_name.value.rsplit("/", 1)[1]
    graphs[doc] = [q for q in graphs[doc] if q != start]
    wrong = Literal("first") if ill_typed_offset else Literal("-1", datatype=start.object.datatype)
    graphs[doc].append(Quad(start.subject, start.predicate, wrong, start.graph_name))
    broken.add(start.subject.value)
    event_start = _first(graphs, SCHEMA + "startDate")  # an event that ends before it starts
    graphs[doc].append(
        Quad(
            event_start.subject,
            NamedNode(SCHEMA + "endDate"),
            Literal("1901-01-01", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")),
            NamedNode(IriPolicy().graph(doc)),
        )
    )
    broken.add(event_start.subject.value)
    persons = [
        q.subject
        for q in graphs["registry"]
        if q.predicate.value == RDF + "type" and q.object.value == SCHEMA + "Person"
    ]
    names = {q.subject: q.object for q in graphs["registry"] if q.predicate.value == SCHEMA + "name"}
    registry = NamedNode(IriPolicy().registry_graph)
    graphs["registry"].append(
        Quad(persons[0], NamedNode(SCHEMA + "alternateName"), names[persons[1]], registry)
    )
    graphs["registry"].append(Quad(persons[2], NamedNode(SCHEMA + "nationality"), persons[3], registry))
    broken |= {persons[0].value, persons[2].value}
    return graphs, broken


@pytest.fixture(scope="module")
def assembled(tmp_path_factory):
    from cklod.load.sources import load_sources
    from cklod.pipeline import assemble

    root = synth.generate(tmp_path_factory.mktemp("broken") / "project", 5, seed=3)  # has a role
    return root, assemble(load_sources(root), IriPolicy()).graphs


@pytest.fixture(scope="module")
def broken_dataset(assembled):
    root, graphs = assembled
    return (root, *inject(graphs))


def _whole_graph_pyshacl(root: Path, graphs: dict[str, list[Quad]]) -> list:
    import rdflib

    from cklod.validation.shapes import rdflib_graph, run_pyshacl

    shapes = rdflib.Graph()
    for path in sorted((root / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return run_pyshacl(rdflib_graph(q for qs in graphs.values() for q in qs), shapes)


def test_parallel_validation_equals_serial(broken_dataset):
    from cklod.validation import localval
    from cklod.validation.validate import validate_graphs

    root, graphs, broken = broken_dataset
    serial = validate_graphs(graphs, root / "shapes", IriPolicy(), workers=1)
    old, localval.BATCH_QUADS = (
        localval.BATCH_QUADS,
        1,
    )  # several batches, so two workers really share the work
    try:
        parallel = validate_graphs(graphs, root / "shapes", IriPolicy(), workers=2)
    finally:
        localval.BATCH_QUADS = old
    assert serial == parallel
    assert broken <= {r.focus for r in serial}


def test_split_validation_equals_pyshacl_on_the_whole_graph(broken_dataset):
    from cklod.rdf import nquads
    from cklod.validation.validate import validate_graphs

    root, graphs, broken = broken_dataset
    ours = validate_graphs(graphs, root / "shapes", IriPolicy())
    whole = _whole_graph_pyshacl(root, graphs)
    assert sorted({r.key() for r in ours}) == sorted({r.key() for r in whole})
    # The build hands validation the graphs' texts: read from them, the results are the same.
    texts = {name: nquads.graph_text(quads) for name, quads in graphs.items()}
    assert validate_graphs(graphs, root / "shapes", IriPolicy(), texts=texts) == ours
    assert broken <= {r.focus for r in whole}  # every kind of injected violation was found
    assert len({r.shape for r in whole}) >= 4


def test_the_rules_on_a_store_on_disk_give_the_in_memory_results(broken_dataset, tmp_path, monkeypatch):
    """The build runs shapes/rules.ttl on an Oxigraph store on disk, loaded in chunks from the union it wrote
    (Dataset.union_stream, merged from sorted runs): the same results as on an in-memory store."""
    from cklod.pipeline import Dataset
    from cklod.rdf import nquads
    from cklod.validation import validate

    root, graphs, broken = broken_dataset
    dataset = Dataset(IriPolicy(), {name: nquads.graph_text(quads) for name, quads in graphs.items()})
    union = tmp_path / "union.nt"
    union.write_text("".join(dataset.union_lines()), encoding="utf-8")
    in_memory = validate.rule_results(nquads.union_lines(graphs.values()), root / "shapes", IriPolicy())
    assert sorted(validate.rule_results(union, root / "shapes", IriPolicy())) == sorted(in_memory)
    monkeypatch.setattr(validate, "RULES_IN_MEMORY", 0)  # on disk, as for a large union
    monkeypatch.setattr(validate, "RULES_LOAD_CHUNK", 100)  # in many chunks
    assert sorted(validate.rule_results(union, root / "shapes", IriPolicy())) == sorted(in_memory)
    assert broken & {r.focus for r in in_memory}  # the injected violations the rules find are there


def test_split_validation_equals_pyshacl_with_an_ill_typed_offset(assembled):
    from cklod.validation.validate import validate_graphs

    root, graphs = assembled
    graphs, _ = inject(graphs, ill_typed_offset=True)
    ours = validate_graphs(graphs, root / "shapes", IriPolicy())
    assert sorted({r.key() for r in ours}) == sorted({r.key() for r in _whole_graph_pyshacl(root, graphs)})


# --- writers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["real", "synthetic"])
@pytest.mark.parametrize("runs", ["in memory", "in runs on disk"])
def test_fast_writers_equal_the_straightforward_ones(which, runs, small, tmp_path, monkeypatch):
    from cklod.load.sources import load_sources
    from cklod.pipeline import assemble
    from cklod.rdf import nquads
    from cklod.rdf import runs as sorted_runs
    from cklod.write import describe, jsonld, layout

    if (
        runs == "in runs on disk"
    ):  # what a large corpus does: many sorted runs, merged in passes; small chunks
        monkeypatch.setattr(sorted_runs, "CHUNK", 70_000)
        monkeypatch.setattr(sorted_runs, "FAN_IN", 3)
        monkeypatch.setattr(layout, "TURTLE_CHUNK", 250)
    sources = load_sources(ROOT if which == "real" else small)
    dataset = assemble(sources, IriPolicy())
    quads = dataset.quads()
    union = sorted({Triple(q.subject, q.predicate, q.object) for q in quads}, key=nquads.sort_key)
    assert nquads.union_triples(quads) == union
    straightforward_nq = ox.serialize(sorted(set(quads), key=nquads.sort_key), format=ox.RdfFormat.N_QUADS)
    # The dumps are cut from each graph's text: the same quads, the same union, the same bytes.
    graph_iris = {name: dataset.iris.graph(name) for name in dataset.texts}
    in_graph_order = sorted(dataset.texts, key=lambda name: f"<{graph_iris[name]}>")
    assert "".join(dataset.texts[n] for n in in_graph_order).encode() == straightforward_nq
    lines = dataset.union_lines()
    assert "".join(lines).encode() == nquads.n_triples(union)
    context = jsonld.jsonld_context(dataset.iris.base)
    assert jsonld.jsonld_of_lines(lines, context) == jsonld.jsonld_rdflib(union, context)
    # Written subject group by subject group (as the write stage does), the Turtle is oxigraph's in one go.
    _render(dataset, sources, tmp_path / "out")
    written = _tree(tmp_path / "out")
    assert written["cklod.nq"] == straightforward_nq
    assert written["cklod.nt"] == nquads.n_triples(union)
    assert written["cklod.ttl"] == nquads.turtle(union, nquads.TURTLE_PREFIXES)
    assert written["cklod.jsonld"] == jsonld.jsonld_rdflib(union, context)
    counts = describe.count(lines, dataset.iris)
    void = ox.Store()
    void.load(written["void.ttl"], ox.RdfFormat.TURTLE)
    stated = {
        row["p"].value.rsplit("#", 1)[1]: int(row["n"].value)
        for row in void.query(
            "SELECT ?p ?n WHERE { ?d a <http://rdfs.org/ns/void#Dataset> ; ?p ?n . FILTER(isLiteral(?n)) "
            "FILTER NOT EXISTS { ?x <http://rdfs.org/ns/void#subset> ?d } }"
        )
        if row["p"].value.endswith(("#triples", "#entities", "#distinctSubjects", "#distinctObjects"))
    }
    assert stated == {
        "triples": counts.triples,
        "entities": counts.entities,
        "distinctSubjects": counts.distinct_subjects,
        "distinctObjects": counts.distinct_objects,
    }


def test_kept_parts_are_reused_only_while_their_graph_alone_describes_the_subject(tmp_path):
    """Dump parts (Turtle blocks, JSON-LD nodes) kept by an earlier build are reused for a subject only while
    the one graph describing it has the key they were kept under; a subject another graph now also describes
    is laid out again, from the union."""
    from cklod.load.sources import load_sources
    from cklod.pipeline import Dataset, assemble
    from cklod.write.dumps import PartsStore
    from cklod.write.layout import parts_record, read_parts

    sources = load_sources(ROOT)
    first = assemble(sources, IriPolicy())
    documents = [name for name in first.texts if name not in SHARED_GRAPHS]
    keys = {name: f"key-{name}" for name in documents}
    kept_file = tmp_path / "kept"
    _render(first, sources, tmp_path / "first", PartsStore(lambda: None, kept_file, "header", keys))
    kept = list(read_parts(kept_file.read_text(encoding="utf-8").splitlines(keepends=True)[1:]))
    owner, other = documents[0], documents[1]
    subject = next(s for s, key, _ in kept if key == keys[owner] and "/id/statistic/" in s)
    # A part is taken as kept, not laid out again: a doctored one (with a valid check) shows in the dumps.
    doctored = next(s for s, k, _ in kept if k == keys[other] and "/id/statistic/" in s)
    lines = [
        parts_record(s, k, node, block.replace("\n", " # kept\n", 1) if s == doctored else block)
        for s, k, (node, block) in kept
    ]
    doctored_file = tmp_path / "doctored"
    doctored_file.write_text("header\n" + "".join(lines), encoding="utf-8")

    def read_doctored():
        return read_parts(doctored_file.read_text(encoding="utf-8").splitlines(keepends=True)[1:])

    _render(
        first, sources, tmp_path / "doctored-out", PartsStore(read_doctored, tmp_path / "p1", "header", keys)
    )
    assert b" # kept" in (tmp_path / "doctored-out" / "cklod.ttl").read_bytes()
    other_keys = {**keys, other: "changed"}  # the graph's inputs changed: its parts are not used
    _render(
        first, sources, tmp_path / "rekeyed", PartsStore(read_doctored, tmp_path / "p2", "header", other_keys)
    )
    assert _tree(tmp_path / "rekeyed") == _tree(tmp_path / "first")

    line = next(
        line for line in first.texts[owner].splitlines(keepends=True) if line.startswith(subject + " ")
    )
    moved = line.replace(f"<{first.iris.graph(owner)}>", f"<{first.iris.graph(other)}>")
    # The other document now says one more thing about the subject: it is shared, and its node changes.
    extra = f'{subject} <{SCHEMA}description> "one more statement"@en <{first.iris.graph(other)}> .\n'
    texts = dict(first.texts)
    texts[other] = "".join(sorted(set(texts[other].splitlines(keepends=True)) | {moved, extra}))
    second = Dataset(first.iris, texts)

    def read_kept():
        return read_parts(kept_file.read_text(encoding="utf-8").splitlines(keepends=True)[1:])

    _render(second, sources, tmp_path / "reused", PartsStore(read_kept, tmp_path / "p3", "header", keys))
    _render(second, sources, tmp_path / "fresh")
    assert _tree(tmp_path / "reused") == _tree(tmp_path / "fresh")
    assert b"one more statement" in (tmp_path / "reused" / "cklod.jsonld").read_bytes()
    assert b"one more statement" in (tmp_path / "reused" / "cklod.ttl").read_bytes()


def _render(dataset, sources, folder: Path, parts=None) -> None:
    from cklod.write.dumps import Folder, write_dumps

    folder.mkdir()
    write_dumps(dataset, sources, Folder(folder), "http://127.0.0.1:8000/sparql", parts)
