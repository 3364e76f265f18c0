"""The load stage: corpus, registry and mappings, checked together before anything is mapped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cklod.corpus import Document, load_corpus
from cklod.errors import Collector
from cklod.mapping.load import DocumentMapping, load_mapping
from cklod.registry import Registry, load_registry

AGENT_KINDS_META = frozenset({"person", "organization"})


@dataclass
class Project:
    """Where a cklod project keeps its inputs (the repository layout of DESIGN.md)."""

    root: Path

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def mappings(self) -> Path:
        return self.root / "mappings"

    @property
    def registry(self) -> Path:
        return self.root / "mappings" / "registry"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "cklod.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def queries(self) -> Path:
        return self.root / "queries"


@dataclass
class Sources:
    """Everything the build maps, already checked."""

    project: Project
    documents: dict[str, Document]
    registry: Registry
    mappings: dict[str, DocumentMapping]


def _check_metadata(doc: Document, registry: Registry, problems: Collector) -> None:
    refs = [("publisher", doc.meta.publisher)] if doc.meta.publisher else []
    refs += [("authors", a) for a in doc.meta.authors] + [("editors", e) for e in doc.meta.editors]
    for key, ref in refs:
        if ref.entity not in registry:
            problems.add(doc.meta_file, 1, f"{key}: {registry.unknown(ref.entity)}")
        elif registry[ref.entity].kind not in AGENT_KINDS_META:
            problems.add(
                doc.meta_file, 1, f"{key}: '{ref.entity}' is a {registry[ref.entity].type}, not an agent"
            )


def load_sources(root: Path) -> Sources:
    """Load and check every input under ``root``; raise BadInput listing every problem found."""
    project = Project(root.resolve())
    problems = Collector()
    for path in (project.corpus, project.registry, project.ontology, project.shapes):
        if not path.exists():
            problems.add(str(path.relative_to(project.root)), 1, "missing (is this a cklod project folder?)")
    problems.raise_if_any()
    documents = load_corpus(project.corpus, project.root, problems)
    registry = load_registry(project.registry, project.root, problems)
    for doc in documents.values():
        _check_metadata(doc, registry, problems)
    mappings: dict[str, DocumentMapping] = {}
    for path in sorted(project.mappings.glob("*.yaml")):
        mapping = load_mapping(path, project.root, documents, registry, problems)
        if mapping is not None:
            mappings[mapping.doc.id] = mapping
    for doc_id in documents:
        if doc_id not in mappings and not any(p.file.endswith(f"{doc_id}.yaml") for p in problems.problems):
            problems.add(f"corpus/{doc_id}.txt", 1, f"no mapping file mappings/{doc_id}.yaml")
    problems.raise_if_any()
    return Sources(project, documents, registry, mappings)
