"""The cklod command line: a thin click layer over the library (cklod.pipeline, cklod.sparql.engine, …).

Each command imports its stage inside its function, as the modules of cklod.commands do: every run of
`cklod` (`--help` and `cklod query` included) imports this module, and must not pay for the build, rdflib,
pyshacl or the web server it does not use.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cklod import __version__
from cklod.commands import options
from cklod.errors import BadInput

EXIT_INVALID = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

project_option = options.project_option()


def _fail(problems: BadInput) -> None:
    for problem in problems.problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(EXIT_BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cklod")
def main() -> None:
    """cklod: China–Kazakhstan Linked Open Data.

    Turns news and policy documents into an evidence-backed knowledge graph and publishes it as Linked Data.
    """


@main.command()
@project_option
def check(root: Path) -> None:
    """Check cklod.toml, corpus, registry and mappings without building.

    Example: cklod check
    """
    from cklod.load.sources import load_sources

    options.load_config(root)  # a bad cklod.toml is an input problem too
    try:
        sources = load_sources(root)
    except BadInput as exc:
        _fail(exc)
    facts = sum(len(m.facts) for m in sources.mappings.values())
    click.echo(
        f"ok: {len(sources.documents)} documents, {len(sources.registry.entities)} entities, {facts} facts"
    )


@main.command()
@project_option
@options.out_option("Where to write the dataset; replaced atomically.")
@options.base_option()
@options.sparql_endpoint_option("The PUBLIC SPARQL endpoint advertised in void.ttl (void:sparqlEndpoint).")
@click.option("--allow-invalid", is_flag=True, help="Publish even when SHACL validation finds violations.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also print counts per graph.")
def build(
    root: Path,
    out: Path | None,
    base: str | None,
    sparql_endpoint: str | None,
    allow_invalid: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Map, reason, validate and write the dataset to output/.

    Exit 0 when published, 1 when the graph has violations (nothing written), 2 on bad input, 130 when
    interrupted (Ctrl-C: output/ is then the old one or the new one, whole, and the last line says which).

    Settings come from the options, then cklod.toml, then the defaults (docs/configuration.md).

    Example: cklod build --out output --base https://example.org/kg/
    """
    config = options.load_config(root, base=base, sparql_endpoint=sparql_endpoint, output=out)
    from cklod.pipeline import build as run_build
    from cklod.staging import Interrupted
    from cklod.validation.validate import InvalidGraph

    def report(stage: str, seconds: float) -> None:
        if not quiet:
            click.echo(f"{stage:>9}: {seconds * 1000:8.1f} ms", err=True)

    from cklod.progress import BuildProgress

    try:
        with BuildProgress(enabled=not quiet) as progress:
            result = run_build(
                root,
                config.output,
                base=config.base,
                sparql_endpoint=config.sparql_endpoint,
                allow_invalid=allow_invalid,
                report=report,
                progress=progress,
                warn=lambda line: click.echo(f"warning: {line}", err=True),
            )
    except BadInput as exc:
        _fail(exc)
    except Interrupted as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except InvalidGraph as exc:
        click.echo(exc.report.text(), err=True)
        click.echo("error: the graph has SHACL violations; nothing was published (see above)", err=True)
        sys.exit(EXIT_INVALID)
    try:
        _summary(result, quiet, verbose)
    except KeyboardInterrupt:  # output/ was published already
        click.echo(str(Interrupted(out or root / "output", published=True)), err=True)
        sys.exit(EXIT_INTERRUPTED)


def _summary(result, quiet: bool, verbose: bool) -> None:
    ds = result.dataset
    if verbose:
        for name, quads in ds.graphs.items():
            click.echo(f"{name:>24}: {len(quads)} quads", err=True)
    if not quiet:
        total = sum(result.times.values())
        click.echo(
            f"built {len(ds.graphs) - 1} documents: {ds.asserted} asserted + {ds.inferred} inferred quads, "
            f"{len(result.files)} files in {total:.2f} s",
            err=True,
        )


@main.command()
@project_option
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".cklod/validation.ttl"),
    show_default=True,
    help="Where to write the machine report (an sh:ValidationReport in Turtle).",
)
@click.option(
    "--consistency/--no-consistency",
    default=True,
    show_default=True,
    help="Also run the OWL RL consistency check (owlrl): disjointness, sameAs/differentFrom clashes.",
)
@click.option(
    "--engine",
    type=click.Choice(["cklod", "pyshacl"]),
    default="cklod",
    show_default=True,
    help="Who checks the SHACL Core shapes (facts.ttl, entities.ttl): cklod's own engine, or pyshacl, the "
    "slow reference it reproduces. A shapes file using a feature cklod's engine lacks goes to pyshacl anyway.",
)
@options.base_option()
def validate(root: Path, report_path: Path, consistency: bool, engine: str, base: str | None) -> None:
    """Validate the graph against shapes/ (SHACL) and the ontology (OWL RL), and explain each problem.

    Exit 0 when the graph conforms, 1 when it has violations, 2 on bad input.

    Example: cklod validate --report report.ttl --engine pyshacl
    """
    config = options.load_config(root, base=base)
    from cklod.load.sources import load_sources
    from cklod.pipeline import assemble
    from cklod.rdf.iris import IriPolicy
    from cklod.validation.validate import validate_dataset

    try:
        sources = load_sources(root)
    except BadInput as exc:
        _fail(exc)
    dataset = assemble(sources, IriPolicy(config.base))
    report = validate_dataset(dataset, sources, consistency=consistency, engine=engine)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_bytes(report.turtle())
    click.echo(report.text())
    click.echo(f"machine report: {report_path}", err=True)
    sys.exit(0 if report.conforms else EXIT_INVALID)


@main.command()
@project_option
@options.out_option("The build to count (what 'cklod build' wrote).")
def stats(root: Path, out: Path | None) -> None:
    """Counts of triples, classes and properties, per document graph and in all.

    Example: cklod stats --out output
    """
    from cklod.inspect import read_quads
    from cklod.inspect import stats as compute

    output = options.load_config(root, output=out).output
    if not (output / "cklod.nq").is_file():
        click.echo(f"error: {output / 'cklod.nq'} not found: run 'cklod build' first", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(compute(read_quads(output)).table())


@main.command()
@click.argument("old", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("new", type=click.Path(file_okay=False, exists=True, path_type=Path))
def diff(old: Path, new: Path) -> None:
    """What changed between two builds: triples added (+) and removed (-), grouped by entity.

    Exit 0 when the builds hold the same triples, 1 when they differ.

    Example: cklod diff /tmp/old-output output
    """
    from cklod.inspect import diff as compute
    from cklod.inspect import read_quads, short

    changes = compute(read_quads(old), read_quads(new))
    for change in changes:
        click.echo(f"{short(change.entity)}" + (f"  ({change.label})" if change.label else ""))
        for line in change.added:
            click.echo(f"  + {line}")
        for line in change.removed:
            click.echo(f"  - {line}")
    added = sum(len(c.added) for c in changes)
    removed = sum(len(c.removed) for c in changes)
    click.echo(f"{len(changes)} entities changed: {added} triples added, {removed} removed", err=True)
    sys.exit(1 if changes else 0)


def _register() -> None:
    from cklod.commands import publish, query, serve

    for module in (query, serve, publish):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
