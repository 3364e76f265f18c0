"""The cklod command line: a thin click layer over the library (cklod.pipeline, cklod.sparql.engine, …).

Each command imports its stage inside its function, as the modules of cklod.commands do: every run of
`cklod` (`--help` and `cklod query` included) imports this module, and must not pay for the build, rdflib,
pyshacl or the web server it does not use.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from cklod import __version__
from cklod.commands import options
from cklod.errors import BadInput
from cklod.exitcodes import ERRORS_DOC, Exit
from cklod.staging import Interrupted
from cklod.tasks import EXECUTORS

AFTER_INTERRUPT = "cklod.after_interrupt"  # Context.meta key: what an interrupt now leaves behind

project_option = options.project_option()


class OneLineError(click.ClickException):
    """A click error (a bad option value, an unknown command) shown as one ``error:`` line, not a usage block."""

    def __init__(self, error: click.ClickException, command: str | None):
        super().__init__(error.format_message())
        self.exit_code = error.exit_code
        self.command = command

    def show(self, file: Any = None) -> None:
        hint = f" (see 'cklod {self.command} --help')" if self.command else " (see 'cklod --help')"
        click.echo(f"error: {self.message}{hint}", err=True)


class Cklod(click.Group):
    """The command group with cklod's error contract: click's errors as one line, and a last-resort handler
    that turns an unexpected exception into one line and exit 4 (``--debug`` shows the traceback)."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise OneLineError(exc, None) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OneLineError:
            raise
        except click.ClickException as exc:
            # the subcommand's whole path ("registry find"), for the help to point at
            sub = (
                exc.ctx.command_path.split(" ", 1)[1] if exc.ctx is not None and exc.ctx is not ctx else None
            )
            raise OneLineError(exc, sub) from None
        except (click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt as exc:
            # a folder being replaced (cklod site) says whether the new one was in place already; a command
            # that finished its work says what a late interrupt leaves
            if isinstance(exc, Interrupted):
                message = str(exc)
            else:
                message = ctx.meta.get(AFTER_INTERRUPT, "error: interrupted")
            click.echo(message, err=True)
            sys.exit(Exit.INTERRUPTED)
        except OSError as exc:
            if exc.filename is None:
                raise self._internal(ctx, exc) from None
            # a path the user gave or a disk that failed: theirs to fix, not a fault in cklod
            click.echo(f"error: {exc.filename}: {exc.strerror or exc} (see {ERRORS_DOC})", err=True)
            sys.exit(Exit.BAD_INPUT)
        except Exception as exc:
            raise self._internal(ctx, exc) from None

    @staticmethod
    def _internal(ctx: click.Context, exc: Exception) -> SystemExit:
        """One line for a fault in cklod itself (the traceback too with --debug); the exit to raise."""
        if ctx.params.get("debug"):
            traceback.print_exception(exc, file=sys.stderr)
        summary = " ".join(str(exc).split())[:300] or "(no message)"
        click.echo(
            f"error: internal error, not a problem in your input: {type(exc).__name__}: {summary} "
            f"(run again with 'cklod --debug' for the traceback; see {ERRORS_DOC})",
            err=True,
        )
        return SystemExit(Exit.INTERNAL)


@click.group(
    cls=Cklod,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=f"Exit codes: 0 done, 1 the graph violates the shapes, 2 bad input (error: FILE:LINE: problem), "
    f"3 a store failed, 4 an internal error, 130 interrupted. Every message is explained in {ERRORS_DOC}.",
)
@click.version_option(__version__, prog_name="cklod")
@click.option("--debug", is_flag=True, help="Show the Python traceback of an internal error (exit 4).")
def main(debug: bool) -> None:
    """cklod: China–Kazakhstan Linked Open Data.

    Turns news and policy documents into an evidence-backed knowledge graph and publishes it as Linked Data.
    """


@main.command()
@project_option
@click.option(
    "--coverage",
    is_flag=True,
    help="List the capitalized names and the numbers of each article that no fact, mention or ignore "
    "accounts for (without it, only their count is given).",
)
def check(root: Path, coverage: bool) -> None:
    """Check corpus, registry and mappings without building; report every problem the build would.

    Errors (exit 2) are what the build refuses; warnings (exit 0) are worth a look: items still marked
    'review: proposed' (the build refuses them unless --include-proposed), unused registry entries, …

    Example: cklod check --coverage
    """
    from cklod.load.mapping.coverage import uncovered
    from cklod.load.sources import load_sources, unreviewed

    options.load_config(root)  # a bad cklod.toml is an input problem too
    try:
        sources = load_sources(root)
    except BadInput as exc:
        for problem in exc.warnings:
            click.echo(f"warning: {problem}", err=True)
        options.fail(exc)
    for problem in sorted(set(sources.warnings + unreviewed(sources))):
        click.echo(f"warning: {problem}", err=True)
    left = {doc_id: uncovered(m, sources.registry) for doc_id, m in sources.mappings.items()}
    if coverage:
        for doc_id, items in left.items():
            for u in items:
                times = f" ({u.occurrences} times)" if u.occurrences > 1 else ""
                click.echo(
                    f"not covered: corpus/{doc_id}.txt:{u.line}:{u.column}: {u.text!r}{times}", err=True
                )
    if total := sum(len(items) for items in left.values()):
        docs = sum(1 for items in left.values() if items)
        more = "" if coverage else " (cklod check --coverage lists them)"
        what = "1 name or number" if total == 1 else f"{total} names or numbers"
        click.echo(
            f"coverage: {what} not covered by a fact, mention or ignore, in {docs} "
            f"document{'s' if docs > 1 else ''}{more}",
            err=True,
        )
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
@click.option(
    "--include-proposed",
    is_flag=True,
    help="Publish items still marked 'review: proposed' (marked cklod:reviewStatus cklod:Proposed in the "
    "data) instead of refusing them.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also print counts per graph.")
@click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    default="local",
    show_default=True,
    help="Where the per-document stages (map, reason) run: in this process, in worker processes, or on a "
    "Dask cluster (needs 'dask[distributed]'; see docs/scale.md).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="The Dask scheduler to send the per-document tasks to (tcp://host:8786); without it, "
    "--executor dask starts a local cluster.",
)
def build(
    root: Path,
    out: Path | None,
    base: str | None,
    sparql_endpoint: str | None,
    allow_invalid: bool,
    include_proposed: bool,
    quiet: bool,
    verbose: bool,
    executor: str,
    scheduler: str | None,
) -> None:
    """Map, reason, validate and write the dataset to output/.

    Exit 0 when published, 1 when the graph has violations (nothing written), 2 on bad input or on items
    still marked 'review: proposed' (unless --include-proposed), 130 when interrupted (Ctrl-C: output/ is
    then the old one or the new one, whole, and the last line says which).

    Settings come from the options, then cklod.toml, then the defaults (docs/configuration.md).

    Example: cklod build --out output --base https://example.org/kg/

    Example: cklod build --executor dask --scheduler tcp://10.0.0.5:8786
    """
    config = options.load_config(root, base=base, sparql_endpoint=sparql_endpoint, output=out)
    if executor == "dask" and importlib.util.find_spec("distributed") is None:
        click.echo("error: --executor dask needs Dask: pip install 'dask[distributed]'", err=True)
        sys.exit(Exit.BAD_INPUT)
    from cklod.pipeline import build as run_build
    from cklod.validation.validate import InvalidGraph

    def report(stage: str, seconds: float) -> None:
        if not quiet:
            click.echo(f"{stage:>9}: {seconds * 1000:8.1f} ms", err=True)

    from cklod.progress import BuildProgress

    result = None
    try:
        with BuildProgress(enabled=not quiet) as progress:
            result = run_build(
                root,
                config.output,
                base=config.base,
                sparql_endpoint=config.sparql_endpoint,
                allow_invalid=allow_invalid,
                include_proposed=include_proposed,
                report=report,
                progress=progress,
                warn=lambda line: click.echo(f"warning: {line}", err=True),
                executor=executor,
                scheduler=scheduler,
            )
        # a Ctrl-C while click winds down is reported by the group, which reads this
        click.get_current_context().meta[AFTER_INTERRUPT] = str(Interrupted(config.output, True))
        _summary(result, quiet, verbose)
    except BadInput as exc:
        options.fail(exc)
    except InvalidGraph as exc:
        click.echo(exc.report.text(), err=True)
        click.echo("error: the graph has SHACL violations; nothing was published (see above)", err=True)
        sys.exit(Exit.INVALID)
    except KeyboardInterrupt as exc:
        # inside the build it says itself whether output/ was replaced; after it returned, output/ was
        stopped = exc if isinstance(exc, Interrupted) else Interrupted(config.output, result is not None)
        click.echo(str(stopped), err=True)
        sys.exit(Exit.INTERRUPTED)


def _summary(result, quiet: bool, verbose: bool) -> None:
    from cklod.rdf.iris import SHARED_GRAPHS

    ds = result.dataset
    if verbose:
        for name in ds.texts:
            click.echo(f"{name:>24}: {ds.texts.line_count(name)} quads", err=True)
    if not quiet:
        total = sum(result.times.values())
        click.echo(
            f"built {len(set(ds.graphs) - set(SHARED_GRAPHS))} documents: {ds.asserted} asserted + {ds.inferred} inferred quads, "
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
        options.fail(exc)
    dataset = assemble(sources, IriPolicy(config.base))
    report = validate_dataset(dataset, sources, consistency=consistency, engine=engine)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_bytes(report.turtle())
    click.echo(report.text())
    click.echo(f"machine report: {report_path}", err=True)
    sys.exit(0 if report.conforms else Exit.INVALID)


@main.command()
@project_option
@options.out_option("The build to count (what 'cklod build' wrote).")
def stats(root: Path, out: Path | None) -> None:
    """Counts of triples, classes and properties, per document graph and in all.

    Example: cklod stats --out output
    """
    from cklod.inspect import read_quads
    from cklod.inspect import stats as compute

    try:
        quads = read_quads(options.load_config(root, output=out).output)
    except BadInput as exc:
        options.fail(exc)
    click.echo(compute(quads).table())


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

    try:
        changes = compute(read_quads(old), read_quads(new))
    except BadInput as exc:
        options.fail(exc)
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
    from cklod.commands import add, publish, query, review, serve

    for module in (query, serve, publish, review, add):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
