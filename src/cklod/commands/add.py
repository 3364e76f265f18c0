"""cklod add and cklod draft: a new document into the corpus with its sidecar and a drafted mapping
(cklod.draft.addition does the work)."""

from __future__ import annotations

from pathlib import Path

import click

from cklod.commands import options
from cklod.errors import BadInput, Problem


@click.command("add")
@options.project_option()
@click.argument("text_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--id",
    "doc_id",
    default=None,
    help="Document id (default: next number + '_' + 16 hex digits of "
    "the text's SHA-256, like 005_1a2b3c4d5e6f7a8b).",
)
@click.option(
    "--published",
    default=None,
    help="Publication date YYYY-MM-DD, YYYY-MM or YYYY, when the text prints none (or to override it).",
)
@click.option("--publisher", default=None, help="Publisher's name (linked to the registry, or proposed).")
@click.option("--url", default=None, help="Where the text was taken from (kept in the sidecar's note).")
@click.option(
    "--title", default=None, help="Title (default: the first line of the text that is not boilerplate)."
)
def add(
    root: Path,
    text_file: Path,
    doc_id: str | None,
    published: str | None,
    publisher: str | None,
    url: str | None,
    title: str | None,
) -> None:
    """Put TEXT_FILE into corpus/ byte for byte, write its sidecar and a drafted mapping.

    Every drafted item is marked `review: proposed`; new registry entries are appended to their registry file,
    also proposed. Nothing is overwritten.

    Example: cklod add article.txt --published 2025-06-18 --publisher Xinhua
    """
    from cklod.draft.addition import plan_addition

    try:
        addition = plan_addition(
            root, text_file, doc_id=doc_id, published=published, publisher=publisher, url=url, title=title
        )
    except BadInput as exc:
        options.fail(exc)
    addition.write()
    doc_id, candidates = addition.doc_id, addition.candidates
    click.echo(
        f"added corpus/{doc_id}.txt and corpus/{doc_id}.meta.yaml (published {addition.published}"
        f"{', as printed' if addition.date_printed else ', as given'})"
    )
    click.echo(f"drafted mappings/{doc_id}.yaml: {addition.facts} proposed facts")
    if candidates:
        click.echo(
            f"proposed {sum(len(v) for v in candidates.values())} registry entries: "
            + ", ".join(f"{len(v)} in mappings/registry/{k}" for k, v in sorted(candidates.items()))
        )
    click.echo("next: review each item (set review: accepted, or delete it), then cklod check")


@click.command("draft")
@options.project_option()
@click.argument("doc_id")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the draft here instead of printing it (never over a mapping with reviewed items).",
)
def draft(root: Path, doc_id: str, output: Path | None) -> None:
    """Draft the mapping of a document already in corpus/ again, printing it (or writing it with -o).

    New registry entries it would propose are listed as comments at the end; nothing else is changed.

    Example: cklod draft 004_ebc1b76246187781 -o /tmp/004.draft.yaml
    """
    from cklod.draft.addition import has_reviewed_items, redraft

    try:
        if output is not None and output.exists() and has_reviewed_items(output):
            problem = "has reviewed items: not overwritten (write the draft elsewhere with -o)"
            raise BadInput([Problem(str(output), 1, problem)])
        text = redraft(root, doc_id)
    except BadInput as exc:
        options.fail(exc)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


COMMANDS = [add, draft]
