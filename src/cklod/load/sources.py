"""The load stage: corpus, registry and mappings, checked together before anything is mapped."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cklod.errors import Collector, Problem
from cklod.load.corpus import Document, load_corpus
from cklod.load.docload import load_units
from cklod.load.mapping.load import DocumentMapping, load_mapping
from cklod.load.registry import Registry, load_registry
from cklod.load.sourcefile import turtle_problems
from cklod.progress import Progress
from cklod.project import Project

AGENT_KINDS_META = frozenset({"person", "organization"})


@dataclass
class Sources:
    """Everything the build maps, already checked."""

    project: Project
    documents: dict[str, Document]
    registry: Registry
    mappings: dict[str, DocumentMapping]
    warnings: list[Problem]
    """What the checks found worth a look but not wrong (documents taken from the build cache are not
    checked again, so a full list needs a load without cache: cklod check)."""


def _check_metadata(doc: Document, registry: Registry, problems: Collector) -> None:
    refs = [("publisher", doc.meta.publisher)] if doc.meta.publisher else []
    refs += [("authors", a) for a in doc.meta.authors] + [("editors", e) for e in doc.meta.editors]
    for key, ref in refs:
        line = doc.meta_lines.get(key, 1)
        if ref.entity not in registry:
            problems.add(doc.meta_file, line, f"{key}: {registry.unknown(ref.entity, AGENT_KINDS_META)}")
        elif registry[ref.entity].kind not in AGENT_KINDS_META:
            problems.add(
                doc.meta_file, line, f"{key}: '{ref.entity}' is a {registry[ref.entity].type}, not an agent"
            )


def load_sources(
    root: Path,
    progress: Progress | None = None,
    *,
    known: Mapping[str, DocumentMapping] | None = None,
    registry: Registry | None = None,
) -> Sources:
    """Load and check every input under ``root``; raise BadInput listing every problem found.

    ``known``: documents (doc id -> its checked mapping, which holds the document) whose inputs are unchanged
    since a build that found no problem in them (the build cache's): taken as they are. ``registry``: the
    checked registry, where the registry files are unchanged since such a build. The rest is loaded and checked
    (in parallel processes when there are many documents, see cklod.load.docload).
    """
    project = Project(root.resolve())
    problems = Collector()
    for path in (project.corpus, project.registry, project.ontology, project.shapes):
        if not path.exists():
            problems.add(str(path.relative_to(project.root)), 1, "missing (is this a cklod project folder?)")
    problems.raise_if_any()
    for path in (project.ontology, *sorted(project.shapes.glob("*.ttl"))):
        problems.problems.extend(turtle_problems(path, str(path.relative_to(project.root))))
    known = known or {}
    txts = [t for t in sorted(project.corpus.glob("*.txt")) if t.stem not in known]
    if not txts and not known:
        load_corpus(project.corpus, project.root, problems)  # says why the corpus is empty
    if registry is None:
        registry = load_registry(project.registry, project.root, problems)
    if registry.unread:
        problems.raise_if_any()  # every reference to an entity of an unread file would be reported otherwise
    documents = {doc_id: m.doc for doc_id, m in known.items()}
    mappings = dict(known)
    for doc, mapping, found in load_units(txts, project.root, registry, _check_metadata, progress=progress):
        problems.extend(found)
        if doc is not None:
            documents[doc.id] = doc
        if mapping is not None:
            mappings[mapping.doc.id] = mapping
    documents = dict(sorted(documents.items()))
    for path in sorted(project.mappings.glob("*.yaml")):
        if not (project.corpus / f"{path.stem}.txt").exists():
            load_mapping(path, project.root, documents, registry, problems)  # names what is wrong with it
    for doc_id in documents:
        if doc_id not in mappings and not any(p.file.endswith(f"{doc_id}.yaml") for p in problems.problems):
            problems.add(f"corpus/{doc_id}.txt", 1, f"no mapping file mappings/{doc_id}.yaml")
    problems.raise_if_any()
    mappings = dict(sorted(mappings.items()))
    _warn_unused(registry, documents, mappings, problems)
    return Sources(project, documents, registry, mappings, sorted(set(problems.warnings)))


def _warn_unused(
    registry: Registry,
    documents: dict[str, Document],
    mappings: dict[str, DocumentMapping],
    problems: Collector,
) -> None:
    used: set[str] = set()
    for mapping in mappings.values():
        used |= mapping.entity_ids()
    for doc in documents.values():
        meta = doc.meta
        used.update(ref.entity for ref in [meta.publisher, *meta.authors, *meta.editors] if ref is not None)
    for entity in registry.entities.values():
        if entity.id not in used:
            problems.warn(
                entity.file,
                entity.line,
                f"'{entity.id}' is not used by any mapping or sidecar (map a passage that names it, or delete it)",
            )


def unreviewed(sources: Sources) -> list[Problem]:
    """One problem per file that still holds items marked ``review: proposed``, at the first of them."""
    found: dict[str, list[tuple[str, int]]] = {}
    for mapping in sources.mappings.values():
        if mapping.proposed:
            found[mapping.file] = mapping.proposed
    for entity in sources.registry.entities.values():
        if entity.proposed:
            found.setdefault(entity.file, []).append(("entry", entity.line))
    problems = []
    for file, items in sorted(found.items()):
        counts = {what: sum(w == what for w, _ in items) for what in ("fact", "mention", "ignore", "entry")}
        listed = ", ".join(f"{n} proposed {_plural(what, n)}" for what, n in counts.items() if n)
        first = min(line for _, line in items)
        problems.append(
            Problem(file, first, f"{listed} not reviewed yet (set review: accepted, or delete them)")
        )
    return problems


def _plural(what: str, n: int) -> str:
    if n == 1:
        return what
    return {"entry": "entries", "ignore": "ignores"}.get(what, what + "s")
