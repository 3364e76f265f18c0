"""cklod serve and cklod site: the dataset as Linked Data, live or as a folder of static files."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import click

from cklod.commands import options
from cklod.errors import BadInput, Problem

base_option = options.base_option("Base IRI the build was made with; its IRIs answer at their own paths.")


@click.command()
@options.project_option()
@options.out_option("The build to serve (what 'cklod build' wrote).")
@base_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; the default accepts connections from this machine only.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a SPARQL query may run before it is stopped (503).",
)
@click.option(
    "--max-results",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most rows (SELECT) or triples (CONSTRUCT) one query may return; more is refused (422).",
)
@click.option(
    "--max-body",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(min=1024),
    help="Largest POSTed query in bytes; larger is refused (413).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="SPARQL worker processes (queries run there so a runaway one can be killed).",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    help="Server log level.",
)
def serve(
    root: Path,
    out: Path | None,
    base: str | None,
    host: str,
    port: int,
    timeout: float,
    max_results: int,
    max_body: int,
    workers: int,
    log_level: str,
) -> None:
    """Serve the dataset: SPARQL endpoint, dereferenceable IRIs and HTML pages.

    IRIs answer at their own path on this server (https://w3id.org/cklod/id/person/x at /id/person/x) with
    303 See Other to /page/... (browsers) or /data/....ttl|.jsonld|.nt (programs). SPARQL 1.1 Protocol at
    /sparql, dumps at /dumps/, VoID at /void and /.well-known/void, the ontology at /ontology.

    Example: cklod serve --out output --port 8000
    """
    from cklod.serve.app import ServeConfig, run

    project = options.load_config(root, base=base, output=out)
    options.require_build(project)
    _check_address(host, port)
    config = ServeConfig(project.output, project.base, timeout, max_results, max_body, workers)
    run(config, host=host, port=port, log_level=log_level)


@click.command()
@click.argument("site_dir", metavar="SITE_DIR", type=click.Path(file_okay=False, path_type=Path))
@options.project_option()
@options.out_option("The build to write as a site (what 'cklod build' wrote).")
@base_option
@options.sparql_endpoint_option("The PUBLIC SPARQL endpoint the site's query page sends queries to.")
def site(site_dir: Path, root: Path, out: Path | None, base: str | None, sparql_endpoint: str | None) -> None:
    """Write the HTML pages and dumps as a static site any web server can host.

    Links are relative, so the folder works from anywhere (even opened from disk); the same build always gives
    the same bytes. SITE_DIR is the folder to write (replaced as a whole). The query page sends queries to the
    configured public SPARQL endpoint (sparql_endpoint in cklod.toml, or --sparql-endpoint).

    Example: cklod site public --sparql-endpoint https://example.org/sparql
    """
    from cklod.serve.site import write_site

    config = options.load_config(root, base=base, sparql_endpoint=sparql_endpoint, output=out)
    options.require_build(config)
    files = write_site(config.output, site_dir, base=config.base, sparql_endpoint=config.sparql_endpoint)
    click.echo(f"wrote {files} files to {site_dir}", err=True)


def _check_address(host: str, port: int) -> None:
    """Exit 2 with one line when ``host:port`` cannot be listened on (in use, not this machine's address),
    before the store is loaded and uvicorn would log it and stop."""
    try:
        socket.create_server((host, port)).close()
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        problem = f"cannot listen on {host}:{port}: {reason}; choose another --port or --host"
        options.fail(BadInput([Problem("--port", 1, problem)]))


COMMANDS = [serve, site]
