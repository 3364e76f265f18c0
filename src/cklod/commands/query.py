"""cklod query and cklod queries: SPARQL on the built dataset (or any endpoint), and the saved questions.

Only click is imported here; the engine and the formats load inside the commands, so every other command
starts without them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cklod.commands import options
from cklod.exitcodes import Exit

# The names of cklod.sparql.results.FORMATS (a test keeps them equal); listed here so that --help needs no engine.
FORMAT_NAMES = ("table", "json", "xml", "csv", "tsv", "turtle", "nt", "jsonld")


project_option = options.project_option(
    "The cklod project folder, whose queries/ holds the saved queries. Example: --project ~/cklod"
)


def _fail(message: object, code: int = Exit.BAD_INPUT) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _resolve(root: Path, query_arg: str | None, query_file) -> tuple[str, str, object]:
    """(text, source for messages, SavedQuery or None) from the QUERY argument or -f."""
    from cklod.sparql import saved as querylib

    if query_file is not None:
        if query_arg is not None:
            _fail("give the query either as QUERY or with -f, not both")
        return query_file.read(), getattr(query_file, "name", "query"), None
    if query_arg is None:
        _fail("no query: give SPARQL text, a saved query's name (see 'cklod queries') or -f FILE")
    if querylib.looks_like_name(query_arg.strip()):
        saved = querylib.find(root, query_arg.strip())
        return saved.text, str(saved.path), saved
    return query_arg, "query", None


def _check_params(params: dict, text: str, saved) -> None:
    from cklod.rdf.sparqltext import variables
    from cklod.sparql.engine import QueryError

    if saved is not None:
        unknown = sorted(set(params) - set(saved.param_names))
        if unknown:
            takes = ", ".join(saved.param_names) or "no parameters"
            raise QueryError(f"'{saved.name}' has no parameter {', '.join(unknown)}; it takes: {takes}")
        return
    unknown = sorted(set(params) - variables(text))
    if unknown:
        raise QueryError(f"--param {', '.join(unknown)}: the query has no variable ?{unknown[0]}")


@click.command("query")
@click.argument("query_arg", metavar="QUERY", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from FILE ('-' for standard input). Example: -f my-question.rq",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Output format: table (default for SELECT/ASK), json, xml, csv, tsv (W3C SPARQL results); "
    "turtle (default for CONSTRUCT/DESCRIBE), nt, jsonld. Example: --format csv",
)
@click.option(
    "--param",
    "-p",
    "param",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a parameter (repeatable); an IRI (<…>, https://…, person:xi-jinping), a literal in "
    'SPARQL syntax ("…"@en, "2024"^^xsd:gYear) or plain text. Example: --param person=person:xi-jinping',
)
@click.option(
    "--graph",
    metavar="DOC-ID",
    default=None,
    help="Query one named graph (a document id, 'registry' or 'vocabulary') instead of the union of all. "
    "Example: --graph 003_5ecd5af879b8308b",
)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Send the query to this SPARQL 1.1 Protocol endpoint instead of the embedded store. "
    "Example: --endpoint http://127.0.0.1:7878/query",
)
@click.option(
    "--timeout",
    type=float,
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query still running after SECONDS (exit 3); 0 waits forever. Example: --timeout 5",
)
@options.out_option("The build to query (what 'cklod build' wrote).")
@options.base_option("Base IRI the build was made with: gives person:, doc:, graph: … and --graph names.")
@project_option
@click.option(
    "--max-width",
    type=int,
    default=100,
    show_default=True,
    help="Clip table cells to this many characters; 0 never clips. Example: --max-width 0",
)
@click.option(
    "--no-labels", is_flag=True, help="In tables, show IRIs without their labels. Example: --no-labels"
)
def query(
    query_arg: str | None,
    query_file,
    fmt: str | None,
    param: tuple[str, ...],
    graph: str | None,
    endpoint: str | None,
    timeout: float,
    out: Path | None,
    base: str | None,
    root: Path,
    max_width: int,
    no_labels: bool,
) -> None:
    """Answer a SPARQL query: inline text, a file, or the name of a saved query.

    SELECT, ASK, CONSTRUCT and DESCRIBE run on the embedded store (every document's graph, as one union)
    or on any SPARQL endpoint. The prefixes cklod, schema, oa, … and person:, organization:, event:, doc: …
    may be used without declaring them. Exit 2 on a bad query or input, 3 on timeout.

    \b
    Examples:
      cklod query posts-held --param person=person:gulnar-shaimergenova
      cklod query 'SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } ORDER BY ?n'
      cklod query -f question.rq --format csv --graph 003_5ecd5af879b8308b
      cklod query timeline --endpoint http://127.0.0.1:7878/query
    """
    from cklod.sparql.engine import (
        EndpointTarget,
        LocalTarget,
        QueryError,
        QueryTimeout,
        parse_params,
        run,
        with_deadline,
    )
    from cklod.sparql.results import render
    from cklod.sparql.saved import SavedQueryError

    config = options.load_config(root, base=base, output=out)
    try:
        text, source, saved = _resolve(root, query_arg, query_file)
        if endpoint:
            target = EndpointTarget(endpoint, timeout if timeout > 0 else None, config.base)
        else:
            target = LocalTarget.open(options.require_build(config), config.base)
        params = parse_params(param, target.prefixes)
        _check_params(params, text, saved)

        answers = []

        def answer() -> bytes:
            answers.append(run(target, text, params, graph, source))
            labels = None if no_labels else target.labels
            return render(answers[0], fmt, labels=labels, max_width=max_width, prefixes=target.prefixes)

        out = with_deadline(answer, timeout)
        if isinstance(target, EndpointTarget) and graph is None and answers[0].empty:
            hint = target.default_graph_hint()
            if hint:
                click.echo(f"warning: {hint}", err=True)
    except QueryTimeout as exc:
        _fail(exc, Exit.STORE)
    except (QueryError, SavedQueryError) as exc:
        _fail(exc)
    click.echo(out, nl=False)


@click.command("queries")
@click.argument("name", required=False)
@project_option
def queries(name: str | None, root: Path) -> None:
    """List the saved queries (name, title, parameters), or show one in full.

    \b
    Examples:
      cklod queries
      cklod queries posts-held
    """
    from cklod.sparql import saved as querylib

    try:
        if name:
            saved = querylib.find(root, name)
            click.echo(f"{saved.name}: {saved.title}\n\n{saved.description}\n")
            for p in saved.params:
                click.echo(f"  --param {p.name}=…  {p.meaning}")
            click.echo(f"\n{saved.path}:\n\n{saved.text}", nl=False)
            return
        found = querylib.load_all(root)
    except querylib.SavedQueryError as exc:
        _fail(exc)
    if not found:
        _fail(f"no saved queries in {root / querylib.QUERY_DIR}")
    width = max(len(s.name) for s in found)
    for s in found:
        params = f"  [{', '.join(s.param_names)}]" if s.params else ""
        click.echo(f"{s.name:<{width}}  {s.title}{params}")


COMMANDS = [query, queries]
