"""What a publish changed, for people (text) and for scripts (JSON)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from cklod.publish.endpoints import Endpoints
from cklod.publish.plan import Action, GraphChange

WOULD = {
    Action.CREATED: "create",
    Action.REPLACED: "replace",
    Action.UNCHANGED: "keep",
    Action.DELETED: "delete",
    Action.ADOPTED: "adopt",
    Action.NOT_ADOPTED: "leave",
}


@dataclass
class PublishReport:
    endpoints: Endpoints
    manifest: str
    dry_run: bool
    protocol: str  # "graph-store" or "sparql-update": how graphs were (or would be) written
    changes: list[GraphChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how it went about it, where the store decided
    triples_sent: int = 0
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0

    def summary(self) -> dict[str, int]:
        counts = Counter(change.action for change in self.changes)
        return {action.value: counts.get(action, 0) for action in Action}

    @property
    def changed(self) -> bool:
        return any(change.action != Action.UNCHANGED for change in self.changes)

    def to_json(self) -> dict:
        graphs = [
            {
                "graph": c.graph,
                "action": c.action.value,
                "triples_before": c.before,
                "triples_after": c.after,
                "triples_in_build": c.local,
                "reason": c.reason,
            }
            for c in self.changes
        ]
        return {
            "endpoints": asdict(self.endpoints),
            "manifest": self.manifest,
            "dry_run": self.dry_run,
            "protocol": self.protocol,
            "graphs": graphs,
            "summary": self.summary(),
            "warnings": self.warnings,
            "notes": self.notes,
            "triples_sent": self.triples_sent,
            "requests": self.requests,
            "retries": self.retries,
            "seconds": round(self.seconds, 3),
        }

    def text(self) -> str:
        target = self.endpoints.store if self.protocol == "graph-store" else self.endpoints.update
        how = "Graph Store Protocol" if self.protocol == "graph-store" else "SPARQL Update"
        lines = [
            f"{'dry run, nothing written: ' if self.dry_run else ''}{target} ({how}), "
            f"manifest <{self.manifest}>"
        ]
        width = max((len(c.graph) for c in self.changes), default=0)
        for c in self.changes:
            verb = (
                f"would {WOULD[c.action]}"
                if self.dry_run and c.action != Action.UNCHANGED
                else c.action.value
            )
            after = "-" if c.after is None else c.after
            lines.append(f"  {verb:<15} {c.graph:<{width}}  {c.before:>8} → {after:>8} triples  ({c.reason})")
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"note: {n}" for n in self.notes]
        summary = ", ".join(
            f"{n} {action if not self.dry_run or action == Action.UNCHANGED else 'to ' + WOULD[Action(action)]}"
            for action, n in self.summary().items()
            if n
        )
        lines.append(
            f"{summary or 'nothing to publish'}; {self.triples_sent} triples sent in "
            f"{self.requests} requests ({self.retries} retried), {self.seconds:.2f} s"
        )
        return "\n".join(lines)
