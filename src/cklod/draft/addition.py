"""A new document for the corpus: its text byte for byte, a drafted sidecar and mapping, and the registry entries
the draft proposes; all decided before anything is written (``plan_addition``), then written at once
(``Addition.write``). Also the draft of a document already in the corpus (``redraft``)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cklod.draft import draft_document
from cklod.draft.emit import registry_yaml, scalar, why
from cklod.draft.names import NameIndex, slug
from cklod.draft.sidecar import SidecarDraft, draft_sidecar
from cklod.errors import BadInput, Collector, Problem
from cklod.load.corpus import load_document
from cklod.load.dates import parse_date
from cklod.load.registry import Registry, load_registry
from cklod.project import Project
from cklod.rdf.iris import DOC_ID, SHARED_GRAPHS


@dataclass
class Addition:
    """What ``cklod add`` writes: each file's path in the project and its whole new content."""

    project: Project
    doc_id: str
    published: str
    date_printed: bool  # the publication date is the one the text prints (else given with --published)
    facts: int
    candidates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # registry file -> new entries
    files: dict[Path, bytes] = field(default_factory=dict)

    def write(self) -> None:
        """Write every file: each is staged beside its target first, then all are renamed into place, so an
        error while writing (a full disk) leaves the project as it was."""
        staged = []
        try:
            for path, data in self.files.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                staged.append((temp, path))
                temp.write_bytes(data)
            for temp, path in staged:
                os.replace(temp, path)
        finally:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)


def derived_id(corpus: Path, data: bytes) -> str:
    """The next sequence number (3 digits) and the first 16 hex digits of the text's SHA-256."""
    numbers = [int(m.group(1)) for p in corpus.glob("*.txt") if (m := re.match(r"^(\d+)_", p.stem))]
    return f"{max(numbers, default=-1) + 1:03d}_{hashlib.sha256(data).hexdigest()[:16]}"


def checked_registry(project: Project) -> Registry:
    """The project's registry; BadInput when it has problems (a draft links names to it)."""
    problems = Collector()
    registry = load_registry(project.registry, project.root, problems)
    problems.raise_if_any()
    return registry


def _read_text(text_file: Path) -> tuple[bytes, str]:
    if not text_file.exists():
        raise BadInput([Problem(str(text_file), 1, "no such file")])
    if not text_file.is_file():
        raise BadInput([Problem(str(text_file), 1, "not a regular file: give the text as a .txt file")])
    data = text_file.read_bytes()
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = f"not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); save it as UTF-8"
        raise BadInput([Problem(str(text_file), line, problem)]) from None


def plan_addition(
    root: Path,
    text_file: Path,
    *,
    doc_id: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Addition:
    """Everything adding ``text_file`` to the project at ``root`` would write, nothing written yet. Raises
    BadInput (one problem, naming the file or option) for a text that is not UTF-8 or empty, a bad date or id,
    a document that exists already, or a registry with problems."""
    project = Project(Path(root))
    data, text = _read_text(Path(text_file))
    if published is not None:
        try:
            parse_date(published)
        except ValueError as exc:
            raise BadInput([Problem("--published", 1, str(exc))]) from None
    if doc_id is None:
        doc_id = derived_id(project.corpus, data)
    elif not DOC_ID.match(doc_id):
        problem = f"document id '{doc_id}' must be lowercase ASCII letters, digits, '_' or '-'"
        raise BadInput([Problem("--id", 1, problem)])
    elif doc_id in SHARED_GRAPHS:
        raise BadInput(
            [Problem("--id", 1, f"document id '{doc_id}' is the name of a shared graph: choose another")]
        )
    txt, meta, mapping = (
        project.corpus / f"{doc_id}.txt",
        project.corpus / f"{doc_id}.meta.yaml",
        project.mapping_file(doc_id),
    )
    for path in (txt, meta, mapping):
        if path.exists():
            where = str(path.relative_to(project.root))
            raise BadInput([Problem(where, 1, f"document '{doc_id}' exists already (nothing written)")])
    sidecar = draft_sidecar(text)
    title = title or sidecar.title
    if not title:
        raise BadInput([Problem(str(text_file), 1, "the text is empty: no title, nothing to add")])
    date_printed = published is None or published == sidecar.date
    published = published or sidecar.date
    if published is None:
        problem = "no publication date printed in the text: give --published YYYY-MM-DD (or YYYY-MM, YYYY)"
        raise BadInput([Problem(str(text_file), 1, problem)])
    registry = checked_registry(project)
    candidates: dict[str, list[dict[str, Any]]] = {}
    agent = _publisher(publisher, text, registry, candidates) if publisher else None
    skip = [n for a, b, _ in sidecar.boilerplate for n in range(a, b + 1)]
    first = next((n for n, line in enumerate(text.split("\n"), 1) if line.strip()), None)
    if first is not None and first not in skip and title in text.split("\n")[first - 1]:
        skip.append(first)
    result = draft_document(text, doc_id, published, registry, skip_lines=sorted(skip))
    for file, entries in result.registry_candidates.items():
        have = {e["id"] for e in candidates.get(file, [])}
        candidates.setdefault(file, []).extend(e for e in entries if e["id"] not in have)
    date_quote = sidecar.date_quote if date_printed else None
    addition = Addition(
        project,
        doc_id,
        published,
        date_quote is not None,
        result.mapping_yaml.count("\n  - id: "),
        candidates,
    )
    addition.files[txt] = data
    sidecar_text = _sidecar_yaml(doc_id, text, title, published, date_quote, agent, url, sidecar)
    addition.files[meta] = sidecar_text.encode("utf-8")
    addition.files[mapping] = result.mapping_yaml.encode("utf-8")
    for file, entries in sorted(candidates.items()):
        path = project.registry / file
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        addition.files[path] = (old.rstrip("\n") + "\n" + registry_yaml(entries)).encode("utf-8")
    return addition


def _publisher(
    name: str, text: str, registry: Registry, candidates: dict[str, list[dict[str, Any]]]
) -> tuple[str, str | None]:
    """The publisher's registry id (a new entry proposed when no name matches exactly) and its quote."""
    index = NameIndex.of([(e.id, n) for e in registry.entities.values() for n in e.names])
    ids, score = index.find(name)
    entity = ids[0] if ids and score == 1.0 else slug(name)
    if entity not in registry:
        candidates["organizations.yaml"] = [
            {
                "id": entity,
                "review": "proposed",
                "why": why("publisher named by cklod add --publisher", 0.9),
                "type": "MediaOrganization",
                "name": name,
            }
        ]
    return entity, name if text.count(name) == 1 else None


def _sidecar_yaml(
    doc_id: str,
    text: str,
    title: str,
    published: str,
    date_quote: str | None,
    publisher: tuple[str, str | None] | None,
    url: str | None,
    sidecar: SidecarDraft,
) -> str:
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
        lines += [
            "date_quote: null",
            "date_inferred: null",
            "date_external: true",
            "date_source: given with cklod add --published (say where it is known from)",
        ]
    if url:
        lines.append(f"note: {scalar('Source URL: ' + url)}")
    if sidecar.boilerplate:
        lines.append("# proposed by cklod add from the look of the lines: check the ranges")
        lines.append("boilerplate:")
        for a, b, kind in sidecar.boilerplate:
            span = str(a) if a == b else f"{a}-{b}"
            lines.append(f'  - {{lines: "{span}", kind: {kind}}}')
    else:
        lines.append("boilerplate: []")
    return "\n".join(lines) + "\n"


def redraft(root: Path, doc_id: str) -> str:
    """The draft of the mapping of a document already in the corpus, the registry entries it would propose
    as comments at the end. Raises BadInput for a document that is not in the corpus or has problems, or a registry with problems."""

    project = Project(Path(root))
    txt = project.corpus / f"{doc_id}.txt"
    if not txt.exists():
        raise BadInput([Problem(f"corpus/{doc_id}.txt", 1, f"no document '{doc_id}' in the corpus")])
    problems = Collector()
    doc = load_document(txt, project.root, problems)
    if doc is None:
        raise BadInput(problems.problems)
    skip = [n for b in doc.boilerplate for n in range(b.first_line, b.last_line + 1)]
    if doc.title_span is not None:
        skip.append(doc.title_span.line)
    result = draft_document(
        doc.text, doc_id, doc.meta.date_published, checked_registry(project), skip_lines=sorted(set(skip))
    )
    out = result.mapping_yaml
    for file, entries in result.registry_candidates.items():
        out += f"\n# registry entries this draft proposes (mappings/registry/{file}):\n"
        out += "".join(
            f"# {line}\n" if line else "#\n" for line in registry_yaml(entries).strip("\n").split("\n")
        )
    return out


def has_reviewed_items(path: Path) -> bool:
    """Whether the mapping at ``path`` holds items not marked ``review: proposed`` (written or accepted by a
    person): a draft must never replace it."""
    text = path.read_text(encoding="utf-8")
    items = sum(1 for line in text.splitlines() if re.match(r"^  - (id|entity): ", line))
    return items > text.count("    review: proposed")
