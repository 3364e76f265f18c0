"""cklod query / cklod queries on the command line: formats read back by real parsers, options, errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from cklod.cli import main
from cklod.commands.query import FORMAT_NAMES
from cklod.sparql.results import FORMATS

SRX = "{http://www.w3.org/2005/sparql-results#}"
PERSONS = """SELECT ?person ?name WHERE { ?person a schema:Person ; schema:name ?name } ORDER BY ?name"""
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def cli(project_root, output_dir):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["query", *args, "--project", str(project_root), "--out", str(output_dir)])

    return invoke


@pytest.fixture(scope="module")
def persons(store) -> list[tuple[str, str]]:
    rows = store.query(PERSONS, use_default_graph_as_union=True, prefixes={"schema": "http://schema.org/"})
    return [(r["person"].value, r["name"].value) for r in rows]


def _one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ")
    return lines[0]


def test_format_names_match_the_writers():
    assert set(FORMAT_NAMES) == set(FORMATS)


def test_json_results_parse_back(cli, persons):
    result = cli(PERSONS, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == ["person", "name"]
    got = [(b["person"]["value"], b["name"]["value"]) for b in doc["results"]["bindings"]]
    assert got == persons and len(got) > 20


def test_xml_results_parse_back(cli, persons):
    result = cli(PERSONS, "--format", "xml")
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout_bytes)
    names = [b.find(f"{SRX}literal").text for b in root.iter(f"{SRX}binding") if b.get("name") == "name"]
    assert names == [n for _, n in persons]
    parsed = ox.parse_query_results(result.stdout_bytes, ox.QueryResultsFormat.XML)
    assert [(s["person"].value, s["name"].value) for s in parsed] == persons


def test_csv_and_tsv_results_parse_back(cli, persons):
    result = cli(PERSONS, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["person", "name"]
    assert [tuple(r) for r in rows[1:]] == persons
    result = cli(PERSONS, "--format", "tsv")
    parsed = ox.parse_query_results(result.stdout_bytes, ox.QueryResultsFormat.TSV)
    assert [(s["person"].value, s["name"].value) for s in parsed] == persons


def test_table_is_aligned_with_prefixed_names_and_labels(cli, persons):
    result = cli(PERSONS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["person", "name"]
    assert set(lines[1]) <= {"-", " "}
    column = lines[0].index("name")
    body = lines[2:-1]
    assert len(body) == len(persons)
    assert all(line[column - 2 : column] == "  " for line in body)  # the second column starts at one place
    assert body[0].startswith(f"person:{persons[0][0].rsplit('/', 1)[1]} ({persons[0][1]})")
    assert lines[-1] == f"({len(persons)} rows)"
    plain = cli(PERSONS, "--no-labels").stdout.splitlines()
    assert "(" not in plain[2].split("  ")[0]


def test_ask_in_table_and_json(cli):
    assert cli("ASK { ?p a schema:Person }").stdout == "true\n"
    assert cli("ASK { ?p a schema:Nothing }").stdout == "false\n"
    assert json.loads(cli("ASK { ?p a schema:Person }", "--format", "json").stdout)["boolean"] is True


def test_graph_formats_parse_back_to_the_same_graph(cli):
    query = "DESCRIBE person:gulnar-shaimergenova"
    nt = cli(query, "--format", "nt")
    assert nt.exit_code == 0, nt.output
    reference = rdflib.Graph().parse(data=nt.stdout, format="nt")
    assert len(reference) > 10
    turtle = cli(query, "--format", "turtle")
    assert isomorphic(rdflib.Graph().parse(data=turtle.stdout, format="turtle"), reference)
    jsonld = cli(query, "--format", "jsonld")
    assert jsonld.exit_code == 0, jsonld.output
    # Read back by pyoxigraph's JSON-LD parser (rdflib's warns of its own deprecated internals).
    triples = {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in ox.parse(jsonld.stdout_bytes, format=ox.RdfFormat.JSON_LD)
    }
    assert triples == {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in ox.parse(nt.stdout_bytes, format=ox.RdfFormat.N_TRIPLES)
    }
    default = cli(query)
    assert default.stdout == cli(query, "--format", "turtle").stdout  # Turtle is the default for graphs
    assert "@prefix person: <https://w3id.org/cklod/id/person/> ." in default.stdout


def test_format_that_does_not_fit_the_answer_is_one_line_exit_2(cli):
    assert "CONSTRUCT and DESCRIBE" in _one_line_error(cli(PERSONS, "--format", "turtle"))
    assert "SELECT and ASK" in _one_line_error(cli("DESCRIBE person:xi-jinping", "--format", "csv"))


def test_graph_option_queries_one_document(cli, store):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    doc = "003_5ecd5af879b8308b"
    expected = len(
        list(store.quads_for_pattern(None, None, None, ox.NamedNode(f"https://w3id.org/cklod/graph/{doc}")))
    )
    out = json.loads(cli(query, "--graph", doc, "--format", "json").stdout)
    assert int(out["results"]["bindings"][0]["n"]["value"]) == expected
    union = json.loads(cli(query, "--format", "json").stdout)
    assert int(union["results"]["bindings"][0]["n"]["value"]) > expected
    assert "did you mean: 003_5ecd5af879b8308b," in _one_line_error(cli(query, "--graph", "003_5ecd5af879"))
    assert "the graphs are: 000_8bfd59a1c3f8cacf" in _one_line_error(cli(query, "--graph", "x"))


def test_param_binds_a_value_that_would_break_a_pasted_query(cli):
    hostile = 'Astana" } } ; DROP ALL # {'
    result = cli("SELECT ?value WHERE { }", "--param", f"value={hostile}", "--format", "json")
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert bindings == [{"value": {"type": "literal", "value": hostile}}]


def test_saved_query_params(cli):
    result = cli("posts-held", "-p", "person=person:kanat-iskakov", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["title"] for r in rows] == [
        "Vice Minister of Culture and Information of the Republic of Kazakhstan",
        "Deputy Minister of Culture and Information of the Republic of Kazakhstan",
    ]
    assert "takes: person" in _one_line_error(cli("posts-held", "-p", "holder=person:kanat-iskakov"))
    assert "no variable ?nope" in _one_line_error(cli(PERSONS, "-p", "nope=1"))


def test_malformed_query_reports_line_and_column(cli, tmp_path):
    line = _one_line_error(cli("SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = }"))
    assert line.startswith("error: query:3:")
    file = tmp_path / "broken.rq"
    file.write_text("PREFIX s: <http://schema.org/>\nSELECT * WHERE { ?x s:name }\n", encoding="utf-8")
    line = _one_line_error(cli("-f", str(file)))
    assert line.startswith(f"error: {file}:2:")


def test_unknown_saved_query_lists_close_names(cli):
    line = _one_line_error(cli("timelines"))
    assert "no saved query named 'timelines'" in line and "timeline" in line


def test_missing_build_is_one_line_exit_2(project_root, tmp_path):
    result = CliRunner().invoke(
        main, ["query", "ASK {}", "--project", str(project_root), "--out", str(tmp_path / "none")]
    )
    assert "cklod build" in _one_line_error(result)


def test_query_from_file_and_stdin(cli, tmp_path, project_root, output_dir):
    file = tmp_path / "q.rq"
    file.write_text("ASK { ?p a schema:Person }", encoding="utf-8")
    assert cli("-f", str(file)).stdout == "true\n"
    result = CliRunner().invoke(
        main, ["query", "-f", "-", "--out", str(output_dir)], input="ASK { ?p a schema:Nothing }"
    )
    assert result.stdout == "false\n"
    assert "not both" in _one_line_error(cli("ASK {}", "-f", str(file)))


def test_timeout_stops_a_runaway_query(project_root, output_dir):
    # A real process: the abandoned query thread ends with it.
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cklod",
            "query",
            EXPLOSIVE,
            "--timeout",
            "1",
            "--out",
            str(output_dir),
            "--project",
            str(project_root),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.strip() == (
        "error: the query did not finish within 1 s and was stopped (give --timeout more seconds, or narrow the query)"
    )
    assert elapsed < 10


def test_query_path_does_not_import_heavy_libraries(project_root, output_dir):
    script = (
        "import sys\n"
        "from cklod.cli import main\n"
        "try:\n"
        f"    main(['query', 'timeline', '--project', {str(project_root)!r}, '--out', {str(output_dir)!r}])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'pyshacl', 'owlrl', 'starlette',"
        " 'jinja2', 'httpx', 'yaml', 'pydantic'})\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in proc.stderr, proc.stderr
    assert "(" in proc.stdout  # the table was written


def test_queries_lists_and_shows(project_root):
    runner = CliRunner()
    listing = runner.invoke(main, ["queries", "--project", str(project_root)])
    assert listing.exit_code == 0, listing.output
    lines = listing.stdout.splitlines()
    assert len(lines) >= 25
    assert any(line.startswith("posts-held ") and line.endswith("[person]") for line in lines)
    assert any(line.startswith("did-they-meet ") and line.endswith("[person, other]") for line in lines)
    shown = runner.invoke(main, ["queries", "timeline", "--project", str(project_root)])
    assert shown.exit_code == 0
    assert shown.stdout.startswith("timeline: Timeline of events")
    assert "--param period=" in shown.stdout and "SELECT DISTINCT ?period" in shown.stdout
    assert "did you mean" in _one_line_error(
        runner.invoke(main, ["queries", "timelin", "--project", str(project_root)])
    )


@pytest.mark.parametrize("command", ["query", "queries"])
def test_every_option_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    cmd = main.commands[command]
    for param in cmd.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help and "Example" in param.help, param.name
