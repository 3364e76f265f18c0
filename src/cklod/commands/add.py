"""cklod add and cklod draft: a new document into the corpus with its sidecar and a drafted mapping."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import click

from cklod.commands import options
from cklod.errors import Collector
from cklod.project import Project
from cklod.rdf.iris import DOC_ID

EXIT_BAD_INPUT = 2


def _fail(file: str, line: int, problem: str) -> None:
    click.echo(f"error: {file}:{line}: {problem}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _registry(project: Project):
    from cklod.load.registry import load_registry

    problems = Collector()
    registry = load_registry(project.registry, project.root, problems)
    if problems.problems:
        for p in problems.problems:
            click.echo(f"error: {p}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    return registry


def derived_id(corpus: Path, data: bytes) -> str:
    """The next sequence number (3 digits) and the first 16 hex digits of the text's SHA-256."""
    numbers = [int(m.group(1)) for p in corpus.glob("*.txt") if (m := re.match(r"^(\d+)_", p.stem))]
    return f"{max(numbers, default=-1) + 1:03d}_{hashlib.sha256(data).hexdigest()[:16]}"


def _sidecar_yaml(
    doc_id: str,
    text: str,
    title: str,
    published: str,
    date_quote: str | None,
    publisher: tuple[str, str | None] | None,
    url: str | None,
    boilerplate,
) -> str:
    from cklod.draft.emit import scalar

    once = text.count(title) == 1
    lines = [
        f"id: {doc_id}",
        f"title: {scalar(title)}",
        f"title_quote: {scalar(title) if once else 'null'}",
        "type: NewsArticle",
        "language: en",
    ]
    if publisher:
        entity, quote = publisher
        lines.append(f"publisher: {{entity: {entity}" + (f", quote: {scalar(quote)}" if quote else "") + "}")
    lines.append(f"date_published: {scalar(published)}")
    if date_quote:
        lines += [f"date_quote: {scalar(date_quote)}", "date_inferred: null"]
    else:
        lines += ["date_quote: null", "date_inferred: supplied from outside the text (cklod add --published)"]
    if url:
        lines.append(f"note: {scalar('Source URL: ' + url)}")
    if boilerplate:
        lines.append("# proposed by cklod add from the look of the lines: check the ranges")
        lines.append("boilerplate:")
        for a, b, kind in boilerplate:
            span = str(a) if a == b else f"{a}-{b}"
            lines.append(f'  - {{lines: "{span}", kind: {kind}}}')
    else:
        lines.append("boilerplate: []")
    return "\n".join(lines) + "\n"


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
    from cklod.draft import draft_document
    from cklod.draft.emit import registry_yaml, why
    from cklod.draft.names import NameIndex, slug
    from cklod.draft.sidecar import draft_sidecar
    from cklod.load.dates import parse_date

    project = Project(root)
    if not text_file.is_file():
        _fail(str(text_file), 1, "no such file")
    data = text_file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        _fail(
            str(text_file),
            line,
            f"not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); save it as UTF-8",
        )
    if published is not None:
        try:
            parse_date(published)
        except ValueError as exc:
            _fail("--published", 1, str(exc))
    if doc_id is None:
        doc_id = derived_id(project.corpus, data)
    elif not DOC_ID.match(doc_id):
        _fail("--id", 1, f"document id '{doc_id}' must be lowercase ASCII letters, digits, '_' or '-'")
    targets = [
        project.corpus / f"{doc_id}.txt",
        project.corpus / f"{doc_id}.meta.yaml",
        project.mapping_file(doc_id),
    ]
    for path in targets:
        if path.exists():
            _fail(
                str(path.relative_to(project.root)),
                1,
                f"document '{doc_id}' exists already (nothing written)",
            )
    sidecar = draft_sidecar(text)
    title = title or sidecar.title
    if not title:
        _fail(str(text_file), 1, "the text is empty: no title, nothing to add")
    date_quote = sidecar.date_quote if published is None or published == sidecar.date else None
    published = published or sidecar.date
    if published is None:
        _fail(
            str(text_file),
            1,
            "no publication date printed in the text: give --published YYYY-MM-DD (or YYYY-MM, YYYY)",
        )
    registry = _registry(project)
    candidates: dict[str, list[dict]] = {}
    agent = None
    if publisher:
        ids, score = NameIndex.of([(e.id, n) for e in registry.entities.values() for n in e.names]).find(
            publisher
        )
        entity = ids[0] if ids and score == 1.0 else slug(publisher)
        if entity not in registry:
            candidates["organizations.yaml"] = [
                {
                    "id": entity,
                    "review": "proposed",
                    "why": why("publisher named by cklod add --publisher", 0.9),
                    "type": "MediaOrganization",
                    "name": publisher,
                }
            ]
        agent = (entity, publisher if text.count(publisher) == 1 else None)
    skip = [n for a, b, _ in sidecar.boilerplate for n in range(a, b + 1)]
    first = next((n for n, line in enumerate(text.split("\n"), 1) if line.strip()), None)
    if first is not None and first not in skip and title in text.split("\n")[first - 1]:
        skip.append(first)
    result = draft_document(text, doc_id, published, registry, skip_lines=sorted(skip))
    for file, entries in result.registry_candidates.items():
        have = {e["id"] for e in candidates.get(file, [])}
        candidates.setdefault(file, []).extend(e for e in entries if e["id"] not in have)
    project.corpus.mkdir(parents=True, exist_ok=True)
    targets[0].write_bytes(data)
    targets[1].write_text(
        _sidecar_yaml(doc_id, text, title, published, date_quote, agent, url, sidecar.boilerplate),
        encoding="utf-8",
    )
    targets[2].write_text(result.mapping_yaml, encoding="utf-8")
    for file, entries in sorted(candidates.items()):
        path = project.registry / file
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(old.rstrip("\n") + "\n" + registry_yaml(entries), encoding="utf-8")
    facts = result.mapping_yaml.count("\n  - id: ")
    new = sum(len(v) for v in candidates.values())
    click.echo(
        f"added corpus/{doc_id}.txt and corpus/{doc_id}.meta.yaml (published {published}"
        f"{', as printed' if date_quote else ', as given'})"
    )
    click.echo(f"drafted mappings/{doc_id}.yaml: {facts} proposed facts")
    if new:
        click.echo(
            f"proposed {new} registry entries: "
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
    from cklod.draft import draft_document
    from cklod.draft.emit import registry_yaml
    from cklod.load.corpus import load_document

    project = Project(root)
    txt = project.corpus / f"{doc_id}.txt"
    if not txt.exists():
        _fail(f"corpus/{doc_id}.txt", 1, f"no document '{doc_id}' in the corpus")
    problems = Collector()
    doc = load_document(txt, project.root, problems)
    if doc is None:
        for p in problems.problems:
            click.echo(f"error: {p}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if output is not None and output.exists():
        reviewed = [
            line
            for line in output.read_text(encoding="utf-8").splitlines()
            if re.match(r"^  - (id|entity): ", line)
        ]
        proposed = output.read_text(encoding="utf-8").count("    review: proposed")
        if len(reviewed) > proposed:
            _fail(str(output), 1, "has reviewed items: not overwritten (write the draft elsewhere with -o)")
    skip = [n for b in doc.boilerplate for n in range(b.first_line, b.last_line + 1)]
    if doc.title_span is not None:
        skip.append(doc.title_span.line)
    result = draft_document(
        doc.text, doc_id, doc.meta.date_published, _registry(project), skip_lines=sorted(set(skip))
    )
    out = result.mapping_yaml
    for file, entries in result.registry_candidates.items():
        out += f"\n# registry entries this draft proposes (mappings/registry/{file}):\n"
        out += "".join(
            f"# {line}\n" if line else "#\n" for line in registry_yaml(entries).strip("\n").split("\n")
        )
    if output is None:
        click.echo(out, nl=False)
    else:
        output.write_text(out, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


COMMANDS = [add, draft]
