"""Options several commands share, defined once so their names, types and defaults cannot drift apart, and the
one way every command reads the project configuration (cklod.toml, overridden by these options)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cklod.config import Config, ConfigError
from cklod.errors import BadInput
from cklod.exitcodes import Exit

PROJECT_HELP = (
    "The cklod project folder (holds cklod.toml, corpus/, mappings/, ontology/, shapes/, queries/)."
)


def project_option(help: str = PROJECT_HELP):
    return click.option(
        "--project",
        "root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help=help,
    )


def out_option(help: str):
    """--out: the build folder ('cklod build' writes it, every other command reads it)."""
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=help + " Default: 'output' in cklod.toml, else PROJECT/output. Example: --out /tmp/kg",
    )


def base_option(help: str = "Base IRI of the dataset's IRIs; ends with '/' or '#'."):
    return click.option(
        "--base",
        metavar="IRI",
        default=None,
        help=help + " Default: 'base' in cklod.toml, else https://w3id.org/cklod/. "
        "Example: --base https://example.org/kg/",
    )


def sparql_endpoint_option(help: str):
    return click.option(
        "--sparql-endpoint",
        metavar="URL",
        default=None,
        help=help + " Default: 'sparql_endpoint' in cklod.toml, else none. "
        "Example: --sparql-endpoint https://example.org/sparql",
    )


def fail(problems: BadInput) -> None:
    """Bad input, as every command reports it: one ``error: FILE:LINE: problem`` line each, exit 2."""
    for problem in problems.problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(Exit.BAD_INPUT)


def load_config(root: Path, **overrides) -> Config:
    """The project's configuration with the given options applied; a bad setting ends the command (exit 2)."""
    try:
        return Config.load(root, **overrides)
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(Exit.BAD_INPUT)


def require_build(config: Config) -> Path:
    """The build folder of ``config``, or exit 2 when there is none, or it was made with another base (its IRIs
    would answer nothing: every command must use the base the build was made with)."""
    from cklod.sparql.store import DUMP, built_base

    if not (config.output / DUMP).is_file():
        click.echo(f"error: {config.output / DUMP} not found: run 'cklod build' first", err=True)
        sys.exit(Exit.BAD_INPUT)
    built = built_base(config.output)
    if built is not None and built != config.base:
        click.echo(
            f"error: {config.output / 'void.ttl'}: the build was made with base {built}, not {config.base}; "
            "rebuild, or set base in cklod.toml (or --base) to the build's",
            err=True,
        )
        sys.exit(Exit.BAD_INPUT)
    return config.output
