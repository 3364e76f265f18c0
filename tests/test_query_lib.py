"""The query library's parts: parameter terms, VALUES binding in query text, saved-query headers, deadlines."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from cklod.rdf.sparqltext import declared_prefixes, variables, where_brace, with_values
from cklod.sparql.engine import (
    LocalTarget,
    QueryError,
    QueryTimeout,
    parse_params,
    parse_term,
    run,
    syntax_message,
    with_deadline,
)
from cklod.sparql.saved import SavedQueryError, find, load_all, read_saved


def test_parse_term_reads_iris_literals_and_plain_text():
    assert parse_term("person:xi-jinping") == ox.NamedNode("https://w3id.org/cklod/id/person/xi-jinping")
    assert parse_term("schema:Person") == ox.NamedNode("http://schema.org/Person")
    assert parse_term("<urn:x>") == ox.NamedNode("urn:x")
    assert parse_term("https://example.org/a") == ox.NamedNode("https://example.org/a")
    assert parse_term('"Astana"@en') == ox.Literal("Astana", language="en")
    assert parse_term('"2024"^^xsd:gYear') == ox.Literal(
        "2024", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
    )
    assert parse_term("2024-07") == ox.Literal("2024-07")
    assert parse_term("unknownprefix:x") == ox.Literal("unknownprefix:x")  # not a known prefix: plain text
    with pytest.raises(QueryError, match="cannot read"):
        parse_term('"unterminated')


def test_parse_params_rejects_malformed_pairs():
    assert parse_params(["?period=2024"]) == {"period": ox.Literal("2024")}
    for bad in (["period"], ["9x=1"], ["a=1", "a=2"]):
        with pytest.raises(QueryError):
            parse_params(bad)


def test_where_brace_skips_comments_strings_and_iris():
    q = """PREFIX ex: <http://ex.org/{where}>
# a comment with WHERE {
SELECT ?where (CONCAT("{", 'WHERE }') AS ?s) FROM <http://g/{}> WHERE  { ?where ex:where "}" }"""
    at = where_brace(q)
    assert q[at] == "{" and q[:at].rstrip().endswith("WHERE")
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert construct[where_brace(construct) :] == "{ ?s ?p ?o }"
    assert where_brace("ASK { ?s ?p ?o }") == 4
    assert where_brace("SELECT * {{ SELECT ?s WHERE { ?s ?p ?o } }}") == 9
    long_string = 'SELECT ?s WHERE { ?s ?p """ { WHERE """ }'
    assert where_brace(long_string) == long_string.index("{")
    with pytest.raises(ValueError):
        where_brace("DESCRIBE <urn:x>")


def test_variables_and_prefixes_are_read_outside_strings():
    q = 'PREFIX a: <urn:a#> PREFIX : <urn:b#>\nSELECT ?x WHERE { ?x a:p "?notavar" . $y :q ?x }'
    assert variables(q) == {"x", "y"}
    assert declared_prefixes(q) == {"a", ""}


def test_values_binding_equals_substitution(store):
    # The two ways to bind a parameter give the same answer on the same store.
    query = """PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?person ?name WHERE { ?person a schema:Person ; schema:name ?name }
ORDER BY ?name"""
    xi = ox.NamedNode("https://w3id.org/cklod/id/person/xi-jinping")
    substituted = run(LocalTarget(store), query, {"person": xi}).rows()
    bound_text = with_values(query, {"person": str(xi)})
    assert "VALUES (?person) { (<https://w3id.org/cklod/id/person/xi-jinping>) }" in bound_text
    valued = run(LocalTarget(store), bound_text).rows()
    assert substituted == valued
    assert [r["name"].value for r in valued] == ["Xi Jinping"]


def test_syntax_message_is_one_line_with_line_and_column():
    with pytest.raises(SyntaxError) as info:
        ox.Store().query("SELECT ?x WHERE {\n ?x a  \n  FILTER( }")
    message = syntax_message(info.value, "queries/x.rq")
    assert "\n" not in message
    assert message.startswith("queries/x.rq:3:")
    assert "\\u{" not in message  # the parser's character-class dump is folded


def test_with_deadline_returns_raises_and_times_out():
    assert with_deadline(lambda: 42, 5) == 42
    assert with_deadline(lambda: 43, None) == 43

    def boom():
        raise QueryError("inner problem")

    with pytest.raises(QueryError, match="inner problem"):
        with_deadline(boom, 5)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"did not finish within 0\.2 s"):
        with_deadline(lambda: time.sleep(3), 0.2)
    assert time.monotonic() - started < 1.5


def _write(folder, name, text):
    (folder / "queries").mkdir(exist_ok=True)
    path = folder / "queries" / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_header_is_read_with_continuations_and_params(tmp_path):
    path = _write(
        tmp_path,
        "q",
        """# title: A title
# description: First part,
#   second part.
# param: who — the person
SELECT ?who WHERE { ?who ?p ?o }
""",
    )
    saved = read_saved(path)
    assert (saved.name, saved.title, saved.description) == ("q", "A title", "First part, second part.")
    assert saved.param_names == ("who",)
    assert saved.params[0].meaning == "the person"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# description: d\nASK {}", "no '# title:' line"),
        ("# title: t\nASK {}", "no '# description:' line"),
        ("# title: t\n# description: d\n# param: who\nASK {}", "write '# param: name — meaning'"),
        ("# title: t\n# description: d\n# param: who — w\nASK { ?x ?p ?o }", "'who' is not a variable"),
    ],
)
def test_bad_headers_are_one_line_errors(tmp_path, text, problem):
    path = _write(tmp_path, "bad", text)
    with pytest.raises(SavedQueryError, match=problem) as info:
        read_saved(path)
    assert "\n" not in str(info.value)


def test_unknown_name_lists_close_names(project_root):
    with pytest.raises(SavedQueryError, match=r"did you mean: posts-held") as info:
        find(project_root, "post-held")
    assert "\n" not in str(info.value)


def test_every_saved_query_is_documented_and_parses(project_root):
    saved = load_all(project_root)
    assert len(saved) >= 25
    for s in saved:
        assert len(s.title) > 10 and len(s.description) > 40, s.name
        ox.Store().query(s.text)  # parses (raises SyntaxError otherwise)


def test_docs_list_every_saved_query(project_root):
    doc = (project_root / "docs" / "query.md").read_text(encoding="utf-8")
    for s in load_all(project_root):
        assert f"| `{s.name}` | {s.title} |" in doc, s.name
