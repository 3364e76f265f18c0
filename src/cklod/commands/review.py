"""Commands for reviewing a mapping: where a quote occurs and how to pick one occurrence, which registry entry a
name is (spelling-, accent- and transliteration-insensitive)."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from anyascii import anyascii
from rapidfuzz import fuzz, process

from cklod.commands.options import project_option
from cklod.corpus import Document
from cklod.errors import BadInput, Collector, Problem
from cklod.evidence import locate, nearest
from cklod.project import Project
from cklod.registry import Entity, Registry

WIDEST = 400  # characters: a longer 'within' passage helps nobody


@dataclass(frozen=True)
class Pick:
    start: int
    line: int
    column: int
    nth: int
    within: (
        str | None
    )  # the shortest passage around this occurrence that occurs once and holds the quote once


def occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def picks(doc: Document, quote: str) -> list[Pick]:
    """Every occurrence of ``quote`` with the ``nth:`` and the ``within:`` that each select it."""
    out = []
    for n, at in enumerate(occurrences(doc.text, quote), 1):
        span = locate(doc.text, quote, nth=n, starts=doc.line_starts)
        column = at - doc.line_starts[span.line - 1] + 1
        out.append(Pick(at, span.line, column, n, _unique_passage(doc.text, quote, at)))
    return out


def _unique_passage(text: str, quote: str, at: int) -> str | None:
    """Grow the quote word by word, left and right in turn, until the passage occurs once in the text."""
    start, end = at, at + len(quote)
    left = True
    while end - start <= WIDEST:
        passage = text[start:end]
        if len(occurrences(text, passage)) == 1 and len(occurrences(passage, quote)) == 1:
            return passage
        if (left and start > 0) or end >= len(text):
            start = _word_start(text, start)
        else:
            end = _word_end(text, end)
        if start == 0 and end == len(text):
            return None
        left = not left
    return None


def _word_start(text: str, at: int) -> int:
    at -= 1
    while at > 0 and text[at - 1] not in " \n":
        at -= 1
    return max(at, 0)


def _word_end(text: str, at: int) -> int:
    at += 1
    while at < len(text) and text[at] not in " \n":
        at += 1
    return min(at, len(text))


@click.command("locate")
@project_option()
@click.argument("document_id")
@click.argument("text")
def locate_command(root: Path, document_id: str, text: str) -> None:
    """Every occurrence of TEXT in a document, with the `within:` or `nth:` that picks each one.

    Exit 0 when TEXT occurs, 1 when it does not (the nearest passage and what differs are shown).

    Example: cklod locate 004_ebc1b76246187781 "Shaimergenova"
    """
    from cklod.corpus import load_document

    project = Project(root)
    txt = project.corpus / f"{document_id}.txt"
    problems = Collector()
    if not txt.exists():
        click.echo(f"error: no document {document_id!r}: corpus/{document_id}.txt does not exist", err=True)
        sys.exit(2)
    doc = load_document(txt, project.root, problems)
    if doc is None:
        _fail(problems.problems)
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


def _fail(problems: list[Problem]) -> None:
    from cklod.cli import _fail as fail  # the one place that prints bad input and exits 2

    fail(BadInput(problems))


# -- registry find -------------------------------------------------------------------------------------------

# Spellings that transliterations of the same name swap (Shaymergenova / Shaimergenova, Khorgos / Horgos).
_LOOSE = (("kh", "h"), ("y", "i"), ("dzh", "j"), ("zh", "j"), ("ck", "k"), ("w", "v"))


def name_key(name: str) -> str:
    """A name in lowercase ASCII words: accents and scripts transliterated, punctuation dropped."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(name).lower()).split())


def loose_key(name: str) -> str:
    key = name_key(name)
    for a, b in _LOOSE:
        key = key.replace(a, b)
    return re.sub(r"(.)\1", r"\1", key)  # doubled letters: Kassym / Kasym


def similarity(query: str, key: str, **_: object) -> float:
    """0-100: the whole name alike, or every word of the query alike some word of the name ("Xi" in "Xi
    Jinping", a surname alone), the latter a little below a whole-name match."""
    whole = fuzz.ratio(query, key)
    words = key.split()
    if not words or not query:
        return whole
    each = min(max(fuzz.ratio(q, w) for w in words) for q in query.split())
    return max(whole, each * 0.95)


@dataclass(frozen=True)
class Match:
    entity: Entity
    name: str
    score: float


def find_names(registry: Registry, query: str, limit: int = 10, cutoff: float = 80) -> list[Match]:
    """Registry entries whose name or a spelling of it is like ``query``, best first."""
    names: list[tuple[Entity, str]] = []
    for entity in registry.entities.values():
        spellings = [*entity.names]
        if entity.external is not None and entity.external.fullName:
            spellings.append(entity.external.fullName)
        names += [(entity, name) for name in spellings]
    best: dict[str, Match] = {}
    for key_of in (name_key, loose_key):
        choices = [key_of(name) for _, name in names]
        for _, score, i in process.extract(
            key_of(query), choices, scorer=similarity, limit=None, score_cutoff=cutoff
        ):
            entity, name = names[i]
            if entity.id not in best or score > best[entity.id].score:
                best[entity.id] = Match(entity, name, score)
    query_key = name_key(query)

    def rank(m: Match) -> tuple[float, float, str]:  # equal scores: the name closest as a whole first
        return (-m.score, -fuzz.ratio(query_key, name_key(m.name)), m.entity.id)

    return sorted(best.values(), key=rank)[:limit]


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
    from cklod.registry import load_registry

    project = Project(root)
    problems = Collector()
    try:
        registry = load_registry(project.registry, project.root, problems)
    except BadInput as exc:
        _fail(exc.problems)
    matches = find_names(registry, name, limit, cutoff)
    if not matches:
        click.echo(f"no registry entry is named like {name!r}", err=True)
        sys.exit(1)
    for m in matches:
        e = m.entity
        spelled = "" if m.name == e.name else f" (as {m.name!r})"
        click.echo(f"{e.kind:<12} {e.id:<40} {e.file}:{e.line}  {e.name}{spelled}  {m.score:.0f}")


COMMANDS = (locate_command, registry_group)
