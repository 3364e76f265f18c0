"""Options several commands share, defined once so their names, types and defaults cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import click

PROJECT_HELP = "The cklod project folder (holds corpus/, mappings/, ontology/, shapes/, queries/)."


def project_option(help: str = PROJECT_HELP):
    return click.option(
        "--project",
        "root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help=help,
    )


def output_dir_option(help: str, default: Path | None = None):
    return click.option(
        "--output-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=default is not None,
        help=help,
    )
