"""The cklod command line: a thin click layer over the library (cklod.build, cklod.query, …)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cklod import __version__
from cklod.errors import BadInput

EXIT_INVALID = 1
EXIT_BAD_INPUT = 2

project_option = click.option(
    "--project",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The cklod project folder (holds corpus/, mappings/, ontology/, shapes/).",
)


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
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the dataset (default: PROJECT/output). Replaced atomically.")
@click.option("--base", default=None, help="Base IRI of the dataset (default https://w3id.org/cklod/).")
@click.option("--allow-invalid", is_flag=True, help="Publish even when SHACL validation finds violations.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also print counts per graph.")
def build(root: Path, out: Path | None, base: str | None, allow_invalid: bool, quiet: bool, verbose: bool) -> None:
    """Map, reason, validate and write the dataset to output/.

    Exit 0 when published, 1 when the graph has violations (nothing written), 2 on bad input.

    Example: cklod build --out output
    """
    from cklod.build import build as run_build
    from cklod.stages.validate import InvalidGraph

    def report(stage: str, seconds: float) -> None:
        if not quiet:
            click.echo(f"{stage:>9}: {seconds * 1000:8.1f} ms", err=True)

    try:
        result = run_build(root, out, base=base, allow_invalid=allow_invalid, report=report)
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


def _register() -> None:
    from cklod.commands import publish, query, serve

    for module in (query, serve, publish):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
