"""The dataset's URI space: which IRIs the server answers for, and the local path of each.

A dataset IRI is ``{base}{path}``; the server answers for it at ``/{path}`` (under its root path), so with the
server running at the base IRI the two coincide. The ontology's IRIs do not move with the base: they are always
answered at ``/ontology``.
"""

from __future__ import annotations

from dataclasses import dataclass

from cklod.rdf.iris import DEFAULT_BASE, EVIDENCE_KIND, FACT_KINDS, ONTOLOGY, RESOURCE_ROOTS


@dataclass(frozen=True)
class UriSpace:
    base: str = DEFAULT_BASE

    def path(self, iri: str) -> str | None:
        """The local path (no leading slash, fragment kept) of a dataset or ontology IRI; None for others."""
        if iri == ONTOLOGY or iri.startswith(ONTOLOGY + "#"):
            return "ontology" + iri[len(ONTOLOGY) :]
        if iri.startswith(self.base):
            rest = iri[len(self.base) :]
            if rest.split("/", 1)[0].split("#", 1)[0] in RESOURCE_ROOTS:
                return rest
        return None

    def iri(self, path: str) -> str:
        """The dataset IRI answered at local ``path`` (no leading slash)."""
        return self.base + path

    def kind(self, iri: str) -> str | None:
        """``person``, ``role``, ``evidence`` … for ``{base}id/{kind}/…``; ``doc`` for documents; else None."""
        path = self.path(iri)
        if path is None:
            return None
        parts = path.split("#", 1)[0].split("/")
        if parts[0] == "id" and len(parts) == 3:
            return parts[1]
        if parts[0] == "doc" and len(parts) == 2:
            return "doc"
        return None

    def is_fact(self, iri: str) -> bool:
        return self.kind(iri) in FACT_KINDS or self.kind(iri) == EVIDENCE_KIND

    def doc_id(self, iri: str) -> str | None:
        return iri[len(self.base) + 4 :] if self.kind(iri) == "doc" else None

    def evidence_key(self, evidence_iri: str, doc_iri: str) -> str:
        """The short anchor of an evidence annotation inside its document's page (``ev-<key>``)."""
        local = evidence_iri.rsplit("/", 1)[-1]
        doc_id = doc_iri.rsplit("/", 1)[-1]
        return local[len(doc_id) + 1 :] if local.startswith(doc_id + "-") else local
