"""The cklod command line: a thin click layer over the library (cklod.build, cklod.query, …)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cklod import __version__
from cklod.commands import options
from cklod.errors import BadInput

EXIT_INVALID = 1
EXIT_BAD_INPUT = 2

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
    """Check corpus, registry and mappings without building.

    Example: cklod check
    """
    from cklod.sources import load_sources

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
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the dataset (default: PROJECT/output). Replaced atomically.",
)
@click.option("--base", default=None, help="Base IRI of the dataset (default https://w3id.org/cklod/).")
@click.option("--allow-invalid", is_flag=True, help="Publish even when SHACL validation finds violations.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also print counts per graph.")
def build(
    root: Path, out: Path | None, base: str | None, allow_invalid: bool, quiet: bool, verbose: bool
) -> None:
    """Map, reason, validate and write the dataset to output/.

    Exit 0 when published, 1 when the graph has violations (nothing written), 2 on bad input.

    Example: cklod build --out output
    """
    from cklod.build import build as run_build
    from cklod.stages.validate import InvalidGraph

    def report(stage: str, seconds: float) -> None:
        if not quiet:
            click.echo(f"{stage:>9}: {seconds * 1000:8.1f} ms", err=True)

    from cklod.progress import BuildProgress

    try:
        with BuildProgress(enabled=not quiet) as progress:
            result = run_build(
                root, out, base=base, allow_invalid=allow_invalid, report=report, progress=progress
            )
    except BadInput as exc:
        _fail(exc)
    except InvalidGraph as exc:
        click.echo(exc.report.text(), err=True)
        click.echo("error: the graph has SHACL violations; nothing was published (see above)", err=True)
        sys.exit(EXIT_INVALID)
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
def validate(root: Path, report_path: Path, consistency: bool, engine: str) -> None:
    """Validate the graph against shapes/ (SHACL) and the ontology (OWL RL), and explain each problem.

    Exit 0 when the graph conforms, 1 when it has violations, 2 on bad input.

    Example: cklod validate --report report.ttl --engine pyshacl
    """
    from cklod.build import assemble
    from cklod.iris import IriPolicy
    from cklod.sources import load_sources
    from cklod.stages.validate import validate_dataset

    try:
        sources = load_sources(root)
    except BadInput as exc:
        _fail(exc)
    dataset = assemble(sources, IriPolicy())
    report = validate_dataset(dataset, sources, consistency=consistency, engine=engine)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_bytes(report.turtle())
    click.echo(report.text())
    click.echo(f"machine report: {report_path}", err=True)
    sys.exit(0 if report.conforms else EXIT_INVALID)


output_argument_help = "A build folder (holds cklod.nq)."


@main.command()
@click.argument("output", type=click.Path(file_okay=False, exists=True, path_type=Path), default="output")
def stats(output: Path) -> None:
    """Counts of triples, classes and properties, per document graph and in all.

    Example: cklod stats output
    """
    from cklod.inspect import read_quads
    from cklod.inspect import stats as compute

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
    from cklod.commands import add, publish, query, serve

    for module in (query, serve, publish, add):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
