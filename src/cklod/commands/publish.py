"""cklod publish: push a build into a triple store (a thin layer over cklod.publish)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cklod.commands import options
from cklod.exitcodes import Exit


@click.command()
@options.project_option()
@options.out_option("The build to publish (what 'cklod build' wrote).")
@options.base_option("Base IRI the build was made with; its graphs are named {base}graph/….")
@click.option(
    "--store",
    metavar="URL",
    help="SPARQL 1.1 Graph Store Protocol endpoint. Example: --store http://127.0.0.1:7878/store "
    "(Fuseki: http://HOST:3030/ds/data; GraphDB: http://HOST:7200/repositories/REPO/rdf-graphs/service).",
)
@click.option(
    "--query",
    metavar="URL",
    help="SPARQL query endpoint, used to compare; default: derived from --store for Oxigraph, Fuseki and "
    "GraphDB. Example: --query http://127.0.0.1:7878/query",
)
@click.option(
    "--update",
    metavar="URL",
    help="SPARQL update endpoint, used for the manifest and when there is no Graph Store; default: derived "
    "from --store. Example: --update http://127.0.0.1:7878/update",
)
@click.option(
    "--gsp/--no-gsp",
    default=None,
    help="Force the Graph Store Protocol, or SPARQL Update only (--no-gsp). Default: the Graph Store when "
    "--store is given, falling back to SPARQL Update if the store has none. Example: --no-gsp",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Requests written at once (a graph each, or a batch of new graphs). Example: --jobs 8",
)
@click.option(
    "--batch-mib",
    type=click.FloatRange(min=0),
    default=4.0,
    show_default=True,
    help="From 100 new graphs on, send them this many MiB at a time, in one N-Quads POST each, where the "
    "store keeps such a body's quads in their graphs (probed with one quad first; Oxigraph does), else by "
    "SPARQL LOAD where the store fetches them (see --listen; at most 16 MiB); 0 sends every graph in its own "
    "request. Example: --batch-mib 16",
)
@click.option(
    "--listen",
    metavar="HOST[:PORT]",
    help="Where a store that does not take those POSTs (Virtuoso) can fetch batches of new graphs from, by "
    "SPARQL LOAD: an address of this machine that the store reaches (cklod serves them there during the run). "
    "Default: 127.0.0.1 on a free port when the store is on this machine; elsewhere, only with this option. "
    "Example: --listen 10.0.0.5:8901",
)
@click.option(
    "--adopt",
    is_flag=True,
    help="The store was filled from this build's cklod.nq by its own bulk loader: check each graph's triple "
    "count (and content digest where the store computes it) and record the matching ones as published without "
    "sending them. Example: --adopt",
)
@click.option(
    "--no-digest",
    is_flag=True,
    help="With --adopt: compare triple counts only, not the content digest (the digest query reads every "
    "triple, minutes at millions of triples). Example: --adopt --no-digest",
)
@click.option(
    "--bulk",
    "bulk_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write no store: write the build as N-Quads shards plus load-oxigraph.sh and load-virtuoso.sql into "
    "this new folder, for a first load at the bulk loader's speed. The files carry the publish manifest: a "
    "publish afterwards sends only what the store does not hold whole. Example: --bulk load/",
)
@click.option(
    "--dry-run", is_flag=True, help="Compare and report what would change; write nothing. Example: --dry-run"
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON. Example: --json")
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=4,
    show_default=True,
    help="Retries after a transient failure (connection refused/reset, 429, 502, 503, 504), with exponential "
    "backoff from 0.5 s. Example: --retries 2",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds to wait for one HTTP answer. Example: --timeout 300",
)
def publish(
    root: Path,
    out: Path | None,
    base: str | None,
    store: str | None,
    query: str | None,
    update: str | None,
    gsp: bool | None,
    jobs: int,
    batch_mib: float,
    listen: str | None,
    adopt: bool,
    no_digest: bool,
    bulk_dir: Path | None,
    dry_run: bool,
    as_json: bool,
    retries: int,
    timeout: float,
) -> None:
    """Publish the build's named graphs, the registry and the ontology into a triple store, safely.

    Unchanged graphs are left alone, each changed graph is replaced in one request, graphs of documents no
    longer in the build are deleted, and a manifest graph in the store records what was published. Graphs this
    command did not publish are never touched. Credentials come from CKLOD_STORE_USER and CKLOD_STORE_PASSWORD
    (basic auth) or CKLOD_STORE_TOKEN (bearer token), never from options. Exit 0 when published, 2 for a
    missing build or unusable options, 3 when the store fails.

    Examples: cklod publish --store http://127.0.0.1:7878/store --dry-run;
    cklod publish --store http://127.0.0.1:8890/sparql-graph-crud (Virtuoso);
    cklod publish --bulk load/ then the store's loader on load/, then cklod publish --store URL
    """
    from cklod.publish import BadBuild, BadOptions, PublishError, resolve
    from cklod.publish import publish as run_publish
    from cklod.publish.bulk import write_bulk

    config = options.load_config(root, base=base, output=out)
    try:
        if bulk_dir is not None:
            files = write_bulk(config.output, bulk_dir)
            click.echo(
                f"{files.triples} triples of {files.graphs} graphs in {len(files.shards)} N-Quads files in "
                f"{files.folder}; load them with load-oxigraph.sh or load-virtuoso.sql there; a 'cklod publish' "
                "afterwards checks what the store holds and sends only what is missing"
            )
            return
        endpoints = resolve(store, query, update)
        report = run_publish(
            config.output,
            endpoints,
            base=config.base,
            gsp=gsp,
            dry_run=dry_run,
            adopt_store=adopt,
            digest=not no_digest,
            jobs=jobs,
            post_bytes=int(batch_mib * 1024 * 1024),
            listen=listen,
            retries=retries,
            timeout=timeout,
        )
    except (BadBuild, BadOptions) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(Exit.BAD_INPUT)
    except PublishError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(Exit.STORE)
    click.echo(json.dumps(report.to_json(), indent=1) if as_json else report.text())


COMMANDS = [publish]
