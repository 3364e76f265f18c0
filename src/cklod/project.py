"""Where a cklod project keeps its inputs: the one place that spells the repository layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Project:
    """Where a cklod project keeps its inputs (the layout the README's "What is in here" table describes)."""

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
    def fact_shapes(self) -> Path:
        return self.shapes / "facts.ttl"

    def mapping_file(self, doc_id: str) -> Path:
        return self.mappings / f"{doc_id}.yaml"

    @property
    def queries(self) -> Path:
        return self.root / "queries"
