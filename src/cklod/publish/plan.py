"""What a publish has to do: the build's graphs against the manifest and the store's triple counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from cklod.publish.local import LocalBuild
from cklod.publish.manifest import Entry


class Action(StrEnum):
    CREATED = "created"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    DELETED = "deleted"
    ADOPTED = "adopted"  # --adopt: the store's bulk loader put it there; recorded without sending it
    NOT_ADOPTED = "not adopted"  # --adopt: the store does not hold what the build has; left for a publish


@dataclass
class GraphChange:
    """One managed graph: what happens to it and its triple count in the store before and after.
    ``after`` is what the store reports once the change is done (the expected count in a dry run)."""

    graph: str
    action: Action
    before: int
    after: int | None
    local: int | None  # triples in the build; None for a graph the build no longer has
    reason: str

    @property
    def writes(self) -> bool:
        return self.action in (Action.CREATED, Action.REPLACED)


def _change(iri: str, local: int, entry: Entry | None, sha256: str, before: int) -> GraphChange:
    if entry is None:
        if before == 0:
            return GraphChange(iri, Action.CREATED, before, None, local, "new graph")
        return GraphChange(iri, Action.REPLACED, before, None, local, "in the store but not in the manifest")
    if entry.sha256 != sha256:
        return GraphChange(iri, Action.REPLACED, before, None, local, "content changed")
    if entry.triples != before:
        return GraphChange(
            iri,
            Action.REPLACED,
            before,
            None,
            local,
            f"the store holds {before} triples, the manifest recorded {entry.triples}",
        )
    return GraphChange(iri, Action.UNCHANGED, before, before, local, "same content hash and triple count")


def plan(
    build: LocalBuild, manifest: dict[str, Entry], counts: dict[str, int]
) -> tuple[list[GraphChange], list[str]]:
    """The changes in the order they are applied (writes in build order, then deletions), and warnings."""
    changes = [
        _change(iri, g.triples, manifest.get(iri), g.sha256, counts.get(iri, 0))
        for iri, g in build.graphs.items()
    ]
    warnings = []
    for iri in sorted(set(manifest) - set(build.graphs)):
        if build.manages(iri):
            changes.append(
                GraphChange(iri, Action.DELETED, counts.get(iri, 0), None, None, "no longer in the build")
            )
        else:
            warnings.append(f"the manifest lists <{iri}>, outside this dataset's graphs; left alone")
    return changes, warnings


def adopt(
    build: LocalBuild,
    manifest: dict[str, Entry],
    counts: dict[str, int],
    digests: Mapping[str, tuple[int, int | None]] | None = None,
    digest_asked: bool = True,
) -> tuple[list[GraphChange], list[str]]:
    """For a store filled by its own bulk loader from this build: each graph whose triple count in the store is
    the build's, and whose digest is too where ``digests`` gives (build's, store's) for it, is adopted
    (recorded as published without being sent); the others are left for a publish."""
    changes, warnings = [], []
    for iri, graph in build.graphs.items():
        before, entry = counts.get(iri, 0), manifest.get(iri)
        local, remote = (digests or {}).get(iri, (None, None))
        if entry == Entry(graph.sha256, before):
            action, reason = Action.UNCHANGED, "already recorded"
        elif before != graph.triples:
            action, reason = (
                Action.NOT_ADOPTED,
                f"the store holds {before} triples, the build has {graph.triples}",
            )
        elif remote is not None and local != remote:
            action, reason = Action.NOT_ADOPTED, "the store holds the build's triple count but other content"
        else:
            how = "triple count and digest" if remote is not None else "triple count"
            action, reason = Action.ADOPTED, f"the store holds the build's {how}"
        changes.append(GraphChange(iri, action, before, before, graph.triples, reason))
    missed = sum(c.action == Action.NOT_ADOPTED for c in changes)
    if missed:
        warnings.append(f"{missed} graphs not adopted: run 'cklod publish' without --adopt to send them")
    if digests is None and digest_asked:
        warnings.append(
            "the store does not compute cklod's graph digest; graphs were adopted by triple counts"
        )
    return changes, warnings
