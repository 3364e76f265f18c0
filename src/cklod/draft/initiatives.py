"""Initiatives and agreements, from the registry or capitalized programme names, with who did what to them."""

from __future__ import annotations

import re

from cklod.draft.core import Context

_ACTS = [
    (re.compile(r"\b(?:proposed|put forward|initiated)\b"), "proposed_by"),
    (re.compile(r"\b(?:launched|unveiled)\b"), "launched_by"),
    (re.compile(r"\bsigned\b"), "signed_by"),
    (re.compile(r"\b(?:adopted|issued|approved|endorsed|established)\b"), "adopted_by"),
]


def find_initiatives(ctx: Context) -> None:
    for sent in ctx.sentences:
        for m in ctx.mentions_in(sent.start, sent.end, "initiative"):
            for pattern, field in _ACTS:
                hit = pattern.search(sent.text)
                if hit is None:
                    continue
                v = sent.start + hit.start()
                agents = [
                    a.entity
                    for a in ctx.mentions_in(sent.start, sent.end)
                    if a.kind in ("person", "country", "organization") and a.end <= v
                ]
                fields: dict = {"initiative": m.entity}
                if agents and m.start > v:
                    fields[field] = list(dict.fromkeys(agents))[-2:]
                dates = ctx.dates_in(sent.start, sent.end)
                if dates and dates[0].date:
                    fields["date"] = dates[0].date
                    if dates[0].inferred:
                        fields["inferred"] = dates[0].text
                events = ctx.mentions_in(sent.start, sent.end, "event")
                if events:
                    fields["event"] = events[0].entity
                ctx.propose(
                    "initiative",
                    sent.start,
                    sent.end,
                    fields,
                    f"initiative named with '{hit.group(0)}'",
                    0.6,
                    f"{m.entity}-{hit.group(0).replace(' ', '-')}",
                )
                break
