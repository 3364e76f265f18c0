"""The build's published dataset: reproducible, parseable everywhere, one graph in every format."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from cklod.pipeline import build
from cklod.staging import publish_folder

SCHEMA = "http://schema.org/"
DUMPS = {"cklod.ttl": "turtle", "cklod.nt": "nt", "cklod.jsonld": "json-ld"}
OX_FORMATS = {
    "cklod.ttl": ox.RdfFormat.TURTLE,
    "cklod.nt": ox.RdfFormat.N_TRIPLES,
    "cklod.nq": ox.RdfFormat.N_QUADS,
    "cklod.jsonld": ox.RdfFormat.JSON_LD,
    "void.ttl": ox.RdfFormat.TURTLE,
}


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(project_root, output_dir, tmp_path):
    # A different hash seed in a fresh process: ordering must not depend on Python's set/dict hashing.
    out = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cklod",
            "build",
            "--project",
            str(project_root),
            "--out",
            str(out),
            "--quiet",
        ],
        check=True,
        env=env,
    )
    assert files_of(out) == files_of(output_dir)


@pytest.fixture(scope="module")
def rdflib_graphs(output_dir):
    graphs = {name: rdflib.Graph().parse(output_dir / name, format=fmt) for name, fmt in DUMPS.items()}
    dataset = rdflib.Dataset()
    dataset.parse(output_dir / "cklod.nq", format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    graphs["cklod.nq"] = union
    return graphs


@pytest.mark.parametrize("name", ["cklod.ttl", "cklod.jsonld", "cklod.nq"])
def test_dumps_are_the_same_graph(rdflib_graphs, name):
    assert len(rdflib_graphs["cklod.nt"]) > 10_000
    assert isomorphic(rdflib_graphs[name], rdflib_graphs["cklod.nt"])


@pytest.mark.parametrize("name", sorted(OX_FORMATS))
def test_dumps_parse_in_oxigraph_like_in_rdflib(output_dir, rdflib_graphs, name):
    with (output_dir / name).open("rb") as f:
        quads = list(ox.parse(f, format=OX_FORMATS[name]))
    if name in rdflib_graphs:
        assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(rdflib_graphs[name])
    else:
        assert quads


def test_no_blank_nodes(output_dir):
    with (output_dir / "cklod.nq").open("rb") as f:
        for q in ox.parse(f, format=ox.RdfFormat.N_QUADS):
            assert not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)


def test_one_named_graph_per_document_plus_registry_and_vocabulary(built):
    assert sorted(built.dataset.graphs) == sorted(
        [
            "registry",
            "vocabulary",
            "000_8bfd59a1c3f8cacf",
            "001_39992d9c90a8bcd7",
            "002_6fb63ed73c7fcc78",
            "003_5ecd5af879b8308b",
            "004_ebc1b76246187781",
        ]
    )


def _ask(store, query: str) -> bool:
    return bool(store.query(f"PREFIX schema: <{SCHEMA}> {query}", use_default_graph_as_union=True))


def test_schema_org_view_without_a_reasoner(store):
    """What a schema.org-only consumer must find, by the patterns the data-model issue lists."""
    assert _ask(store, 'ASK { ?p a schema:Person ; schema:name "Gulnar Shaimergenova"@en }')
    assert _ask(
        store,
        "ASK { ?e a schema:Event ; schema:startDate ?d ; schema:location ?l ; schema:organizer ?o ;"
        " schema:attendee ?a }",
    )
    assert _ask(
        store,
        "ASK { ?person schema:memberOf ?role . ?role a schema:OrganizationRole ;"
        " schema:roleName ?title ; schema:memberOf ?org . ?org a schema:Organization ."
        " ?person a schema:Person }",
    )
    assert _ask(
        store,
        "ASK { ?a a schema:NewsArticle ; schema:headline ?h ; schema:datePublished ?d ;"
        " schema:inLanguage ?l ; schema:sha256 ?s }",
    )
    assert _ask(store, "ASK { ?q a schema:Quotation ; schema:spokenByCharacter ?p ; schema:text ?t }")


def test_every_evidence_selects_exactly_its_quote(built, project_root):
    dataset = built.dataset
    texts = {}
    for quad in dataset.quads():
        if quad.predicate.value == SCHEMA + "text" and "/doc/" in quad.subject.value:
            texts[quad.subject.value] = quad.object.value
    props = {}
    for quad in dataset.quads():
        props.setdefault(quad.subject.value, {})[quad.predicate.value.rsplit("#", 1)[-1]] = quad.object.value
    checked = 0
    for node, p in props.items():
        if node.endswith("#target"):
            ev = node.removesuffix("#target")
            text = texts[p["hasSource"]]
            start, end = int(props[ev + "#position"]["start"]), int(props[ev + "#position"]["end"])
            assert text[start:end] == props[ev + "#quote"]["exact"]
            assert text[:start].endswith(props[ev + "#quote"]["prefix"])
            assert text[end:].startswith(props[ev + "#quote"]["suffix"])
            checked += 1
    assert checked > 300


def test_document_checksums_match_the_corpus(store, project_root):
    rows = store.query(
        f"SELECT ?f ?h WHERE {{ ?d <{SCHEMA}identifier> ?f ; <{SCHEMA}sha256> ?h }}",
        use_default_graph_as_union=True,
    )
    seen = {r["f"].value: r["h"].value for r in rows}
    assert len(seen) == 5
    for name, digest in seen.items():
        assert hashlib.sha256((project_root / "corpus" / name).read_bytes()).hexdigest() == digest


def test_void_describes_each_dump_with_its_size_and_checksum(output_dir):
    void = rdflib.Graph().parse(output_dir / "void.ttl")
    rows = void.query("""
        PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?url ?size ?sum WHERE { ?d dcat:downloadURL ?url ; dcat:byteSize ?size ;
            spdx:checksum/spdx:checksumValue ?sum }""")
    checked = 0
    for url, size, digest in rows:
        data = (output_dir / str(url).split("/dumps/", 1)[1]).read_bytes()
        assert int(size) == len(data)
        assert str(digest) == hashlib.sha256(data).hexdigest()
        checked += 1
    assert checked >= 6
    total = int(
        void.value(
            rdflib.URIRef("https://w3id.org/cklod/dataset"), rdflib.URIRef("http://rdfs.org/ns/void#triples")
        )
    )
    assert total == len(rdflib.Graph().parse(output_dir / "cklod.nt", format="nt"))


def test_failed_build_leaves_output_as_it_was(project_copy, tmp_path):
    out = tmp_path / "site" / "output"
    publish_folder({"cklod.nt": b"old\n"}, out)
    (project_copy / "corpus" / "004_ebc1b76246187781.meta.yaml").write_text("id: [unclosed\n")
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do; the point is what is left on disk
        build(project_copy, out)
    assert files_of(out) == {"cklod.nt": b"old\n"}
    assert [p.name for p in out.parent.iterdir()] == ["output"]  # no staging folder left behind


def test_a_violation_only_the_rules_find_publishes_nothing(project_copy, tmp_path):
    """The SPARQL rules run while the dumps are written: their verdict still decides what is published."""
    from cklod.validation.validate import InvalidGraph

    out = tmp_path / "site" / "output"
    publish_folder({"cklod.nt": b"old\n"}, out)
    people = project_copy / "mappings" / "registry" / "people.yaml"
    people.write_text(people.read_text().replace("alt: [Wang]", "alt: [Wang, XI JINPING]"))
    with pytest.raises(InvalidGraph) as refused:
        build(project_copy, out)
    shapes = {r.shape.rsplit("#", 1)[-1] for r in refused.value.report.violations}
    assert shapes == {"DistinctNamesShape"}  # no Core shape objects: only the rules saw it
    assert files_of(out) == {"cklod.nt": b"old\n"}
    assert [p.name for p in out.parent.iterdir()] == ["output"]


def test_publish_folder_replaces_the_whole_folder(tmp_path):
    out = tmp_path / "output"
    publish_folder({"a.txt": b"1", "sub/b.txt": b"2"}, out)
    publish_folder({"c.txt": b"3"}, out)
    assert files_of(out) == {"c.txt": b"3"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_jsonld_is_readable_by_a_schema_org_consumer(output_dir):
    import json

    doc = json.loads((output_dir / "cklod.jsonld").read_text())
    assert doc["@context"]["@vocab"] == SCHEMA
    person = next(n for n in doc["@graph"] if n.get("@id", "").endswith("/id/person/xi-jinping"))
    assert "Person" in person["@type"]
    assert person["name"] == {"@language": "en", "@value": "Xi Jinping"}
    assert io.BytesIO((output_dir / "context.jsonld").read_bytes()).read(1) == b"{"


def test_another_base_iri_builds_valid_data_under_it(project_root, tmp_path):
    """The shapes' IRI patterns follow the build's base, so --base does not turn every node into a violation."""
    result = build(project_root, tmp_path / "output", base="http://example.org/ck/", use_cache=False)
    assert result.report.conforms
    text = (tmp_path / "output" / "cklod.nt").read_text()
    assert "<http://example.org/ck/id/person/xi-jinping>" in text
    assert "https://w3id.org/cklod/id/" not in text
