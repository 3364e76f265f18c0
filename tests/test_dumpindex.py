"""The graph index the build keeps of cklod.nq: what publish reads instead of scanning and parsing the dump."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cklod.pipeline import build
from cklod.publish.local import load_build
from cklod.rdf.dumpindex import built_entry, index_path, read_index
from cklod.sparql.store import DUMP, ONTOLOGY_FILE


def _graphs(output: Path) -> dict:
    return {iri: (g.spans, g.triples, g.raw_sha256, g.sha256) for iri, g in load_build(output).graphs.items()}


def _copy(output: Path, to: Path) -> Path:
    for name in (DUMP, ONTOLOGY_FILE):
        (to / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(output / name, to / name)
    return to


@pytest.fixture(scope="module")
def fresh_build(project_root, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("indexed") / "output"
    build(project_root, out, validate=False, use_cache=False)
    return out


def test_the_build_keeps_an_index_equal_to_reading_the_dump(fresh_build, tmp_path):
    index = read_index(fresh_build, fresh_build / DUMP)
    assert index.current and len(index.graphs) == 7  # five documents, the registry, the vocabulary
    from_index = _graphs(fresh_build)
    copy = _copy(fresh_build, tmp_path / "copy")
    assert not read_index(copy, copy / DUMP).graphs  # nothing kept for a folder no build wrote
    read_from_dump = _graphs(copy)
    assert read_from_dump == from_index  # hashes, counts and spans: the same either way
    assert read_index(copy, copy / DUMP).current  # and publish kept its own index for the next run


def test_an_index_vouches_only_for_the_file_it_was_made_from(fresh_build, tmp_path):
    copy = _copy(fresh_build, tmp_path / "copy")
    index_path(copy).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(index_path(fresh_build), index_path(copy))  # the build's index beside another file
    assert not read_index(copy, copy / DUMP).current
    lines = (copy / DUMP).read_bytes().splitlines(keepends=True)
    graph = lines[len(lines) // 2].rsplit(b" ", 2)[1]
    (copy / DUMP).write_bytes(
        b"".join(lines) + b'<http://example.org/s> <http://example.org/p> "x" ' + graph + b" .\n"
    )
    indexed = load_build(copy).graphs[graph[1:-1].decode()]
    before = load_build(fresh_build).graphs[graph[1:-1].decode()]
    assert indexed.triples == before.triples + 1 and indexed.sha256 != before.sha256
    assert len(indexed.spans) == 2  # its own run of lines, and the added line at the end


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b'{"version": 99, "dump": [0, 0, 0], "graphs": {}}', b'{"version": 1, "graphs": 3}'],
)
def test_a_damaged_index_is_ignored(fresh_build, tmp_path, damage):
    copy = _copy(fresh_build, tmp_path / "copy")
    index_path(copy).parent.mkdir(parents=True, exist_ok=True)
    index_path(copy).write_bytes(damage)
    assert _graphs(copy) == _graphs(fresh_build)  # read from the dump, as without an index
    assert read_index(copy, copy / DUMP).current


def test_a_dump_written_again_in_place_is_indexed_again(fresh_build, tmp_path):
    copy = _copy(fresh_build, tmp_path / "copy")
    _graphs(copy)  # indexes it
    stat = (copy / DUMP).stat()
    os.utime(copy / DUMP, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not read_index(copy, copy / DUMP).current
    assert _graphs(copy) == _graphs(fresh_build)
    assert read_index(copy, copy / DUMP).current


def test_text_not_as_a_build_writes_it_gets_no_entry():
    iri = "https://w3id.org/cklod/graph/x"
    assert built_entry(iri, 0, f"<a> <b> <c> <{iri}> .\n".encode()) is not None
    assert built_entry(iri, 0, f"<a> <b> <c> <{iri}> .".encode()) is None  # no final newline
    assert built_entry(iri, 0, b"<a> <b> <c> <https://w3id.org/cklod/graph/y> .\n") is None
