"""cklod serve and cklod site: the dataset as Linked Data, live or as a folder of static files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cklod.commands import options
from cklod.exitcodes import Exit

output_option = options.output_dir_option(
    "The built dataset to publish (the folder 'cklod build' writes).", default=Path("output")
)
base_option = click.option(
    "--base",
    default=None,
    help="Base IRI of the dataset, e.g. https://w3id.org/cklod/ (default: the one it was built with, from "
    "its void.ttl).",
)


def _require_build(output_dir: Path) -> None:
    if not (output_dir / "cklod.nq").exists():
        click.echo(f"error: {output_dir}/cklod.nq not found: run 'cklod build' first", err=True)
        sys.exit(Exit.BAD_INPUT)


@click.command()
@output_option
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
    output_dir: Path,
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

    Example: cklod serve --output-dir output --port 8000
    """
    from cklod.serve.app import ServeConfig, run

    _require_build(output_dir)
    config = ServeConfig(output_dir, base, timeout, max_results, max_body, workers)
    run(config, host=host, port=port, log_level=log_level)


@click.command()
@output_option
@base_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the site to (replaced as a whole).",
)
def site(output_dir: Path, base: str | None, out: Path) -> None:
    """Write the HTML pages and dumps as a static site any web server can host.

    Links are relative, so the folder works from anywhere (even opened from disk); the same build always gives
    the same bytes. The query page sends queries to the dataset's SPARQL endpoint (from its VoID).

    Example: cklod site --output-dir output --out site
    """
    from cklod.serve.site import write_site

    _require_build(output_dir)
    files = write_site(output_dir, out, base=base)
    click.echo(f"wrote {files} files to {out}", err=True)


COMMANDS = [serve, site]
