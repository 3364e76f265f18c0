"""The draft as YAML text in the mapping format: every item marked proposed, every quote located exactly."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from cklod.draft.core import Fact
from cklod.draft.names import slug
from cklod.load.evidence import occurrences
from cklod.rdf.iris import SLUG

KIND_ORDER = (
    "event",
    "role",
    "participation",
    "speech",
    "quotation",
    "statistic",
    "initiative",
    "status",
    "relation",
)


def scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {scalar(x)}" for k, x in v.items()) + "}"
    s = str(v)
    plain = (
        SLUG.match(s)
        and any(c.isalpha() for c in s)
        and s not in ("true", "false", "null", "yes", "no", "on", "off")
    )
    return s if plain else json.dumps(s, ensure_ascii=False)


def located(text: str, start: int, end: int) -> dict[str, Any]:
    """quote (and nth when the same words occur more than once) that the loader locates at [start, end)."""
    quote = text[start:end]
    hits = occurrences(text, quote)
    out: dict[str, Any] = {"quote": quote}
    if len(hits) > 1:
        out["nth"] = hits.index(start) + 1
    return out


def why(pattern: str, confidence: float, note: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"pattern": pattern, "confidence": round(confidence, 2)}
    if note:
        out["note"] = note
    return out


def _item(lines: list[str], pairs: list[tuple[str, Any]], indent: str = "  ") -> None:
    first = True
    for k, v in pairs:
        lines.append(indent + ("- " if first else "  ") + f"{k}: {scalar(v)}")
        first = False


def mapping_yaml(
    document_id: str, text: str, facts: list[Fact], mentions: list[tuple[str, int, int, str, float]]
) -> str:
    lines = [
        f"# Draft of the mapping of {document_id}, made by `cklod draft`. Every item is a proposal: read it against",
        "# the text, correct it, then set `review: accepted` (or delete the item). Nothing here is published",
        "# while an item is still `review: proposed`.",
        f"document: {document_id}",
        "",
    ]
    lines.append("mentions:" + ("" if mentions else " []"))
    for entity, start, end, pattern, conf in mentions:
        _item(
            lines,
            [
                ("entity", entity),
                ("review", "proposed"),
                ("why", why(pattern, conf)),
                *located(text, start, end).items(),
            ],
        )
    lines += ["", "ignore: []", "", "facts:" + ("" if facts else " []")]
    used: dict[str, int] = {}
    for fact in sorted(facts, key=lambda f: (f.start, KIND_ORDER.index(f.kind), f.end)):
        stem = "-".join(slug(fact.name).split("-")[:6])
        used[stem] = used.get(stem, 0) + 1
        fact_id = stem if used[stem] == 1 else f"{stem}-{used[stem]}"
        _item(
            lines,
            [
                ("id", fact_id),
                ("review", "proposed"),
                ("why", why(fact.pattern, fact.confidence)),
                ("kind", fact.kind),
                *located(text, fact.start, fact.end).items(),
                *fact.fields.items(),
            ],
        )
    return "\n".join(lines) + "\n"


def registry_yaml(entries: list[dict[str, Any]]) -> str:
    """Registry entries as YAML list items, to append to a registry file."""
    lines: list[str] = []
    for entry in entries:
        lines.append("")
        _item(lines, list(entry.items()), indent="")
    return "\n".join(lines) + "\n"
