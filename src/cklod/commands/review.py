"""Commands for reviewing a mapping: where a quote occurs and how to pick one occurrence, which registry entry a
name is (spelling-, accent- and transliteration-insensitive)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cklod.commands.options import fail, project_option
from cklod.errors import BadInput, Collector, Problem
from cklod.project import Project

# The libraries these commands need are imported when they run: `cklod query` imports this module too.


@click.command("locate")
@project_option()
@click.argument("document_id")
@click.argument("text")
def locate_command(root: Path, document_id: str, text: str) -> None:
    """Every occurrence of TEXT in a document, with the `within:` or `nth:` that picks each one.

    Exit 0 when TEXT occurs, 1 when it does not (the nearest passage and what differs are shown).

    Example: cklod locate 004_ebc1b76246187781 "Shaimergenova"
    """
    from cklod.load.corpus import load_document
    from cklod.load.evidence import nearest
    from cklod.load.mapping.lookup import picks

    project = Project(root)
    txt = project.corpus / f"{document_id}.txt"
    problems = Collector()
    if not txt.exists():
        fail(
            BadInput([Problem(f"corpus/{document_id}.txt", 1, f"no document '{document_id}' in the corpus")])
        )
    if not text.strip():
        fail(BadInput([Problem("TEXT", 1, "the text to locate is empty: give the words to find, in quotes")]))
    doc = load_document(txt, project.root, problems)
    if doc is None:
        fail(BadInput(problems.problems))
    where = f"corpus/{document_id}.txt"
    found = picks(doc, text)
    if not found:
        hint = nearest(doc.text, text, 0, doc.line_starts)
        click.echo(f"{where}: {text!r} does not occur" + (f"; {hint}" if hint else ""))
        sys.exit(1)
    if len(found) == 1:
        pick = found[0]
        click.echo(f"{where}:{pick.line}:{pick.column}: occurs once (no within: or nth: needed)")
    else:
        click.echo(f"{where}: {text!r} occurs {len(found)} times")
        for pick in found:
            within = f"  or  within: {_yaml(pick.within)}" if pick.within else ""
            click.echo(f"{where}:{pick.line}:{pick.column}: nth: {pick.nth}{within}")
    for pick in found:
        block = doc.in_boilerplate(pick.start, pick.start + len(text))
        if block is not None:
            click.echo(f"{where}:{pick.line}:{pick.column}: lies in {block.kind} boilerplate")


def _yaml(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: copy it into the mapping as is.
    return json.dumps(text, ensure_ascii=False)


@click.group("registry")
def registry_group() -> None:
    """Look things up in the entity registry (mappings/registry/)."""


@registry_group.command("find")
@project_option()
@click.argument("name")
@click.option(
    "--limit", default=10, show_default=True, type=click.IntRange(1), help="At most this many entries."
)
@click.option(
    "--cutoff",
    default=80.0,
    show_default=True,
    type=click.FloatRange(0, 100),
    help="The least similarity (0-100) an entry's name must have: 100 is the same name (ignoring case, accents, "
    "punctuation and transliteration), 95 every word of NAME in it.",
)
def find_command(root: Path, name: str, limit: int, cutoff: float) -> None:
    """Registry entries whose name or a variant is like NAME (fuzzy, accent- and transliteration-insensitive):
    kind, id, file:line, name, and the spelling that matched with its score.

    Exit 0 when something matches, 1 when nothing does.

    Example: cklod registry find "Shaymergenova"
    """
    from cklod.load.mapping.lookup import find_names
    from cklod.load.registry import load_registry

    project = Project(root)
    problems = Collector()
    try:
        registry = load_registry(project.registry, project.root, problems)
    except BadInput as exc:
        fail(exc)
    matches = find_names(registry, name, limit, cutoff)
    if not matches:
        click.echo(f"no registry entry is named like {name!r}", err=True)
        sys.exit(1)
    for m in matches:
        e = m.entity
        spelled = "" if m.name == e.name else f" (as {m.name!r})"
        click.echo(f"{e.kind:<12} {e.id:<40} {e.file}:{e.line}  {e.name}{spelled}  {m.score:.0f}")


COMMANDS = (locate_command, registry_group)
