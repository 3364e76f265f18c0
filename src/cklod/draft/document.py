"""Drafting one document: the extractors run in order over its sentences (events first: roles, speech and
participations attach to them), then the draft is written as a mapping file and registry candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cklod.draft import emit
from cklod.draft.core import Context
from cklod.draft.dates import find_dates
from cklod.draft.entities import find_names, settle_names
from cklod.draft.events import find_events
from cklod.draft.initiatives import find_initiatives
from cklod.draft.participation import find_participations
from cklod.draft.phrases import find_phrases
from cklod.draft.relations import find_relations
from cklod.draft.roles import find_roles
from cklod.draft.sidecar import boilerplate_lines, draft_sidecar, skip_ranges
from cklod.draft.speech import find_quotations, find_speech
from cklod.draft.statistics import find_statistics
from cklod.draft.status import find_statuses
from cklod.draft.text import pipeline, sentences
from cklod.load.registry import KIND_FILES, Registry


@dataclass
class DraftResult:
    mapping_yaml: str
    registry_candidates: dict[str, list[dict[str, Any]]]


def draft_document(
    text: str,
    document_id: str,
    published: str | None,
    registry: Registry,
    skip_lines: list[int] | None = None,
) -> DraftResult:
    """Draft the mapping of ``text``; ``skip_lines`` (1-based) are boilerplate (default: detected)."""

    if skip_lines is None:
        skip_lines = sorted(boilerplate_lines(text))
        head = draft_sidecar(text).title
        first = next((n for n, line in enumerate(text.split("\n"), 1) if line.strip()), None)
        if head and first and first not in skip_lines and head in text.split("\n")[first - 1]:
            skip_lines.append(first)  # the headline: named in the sidecar, not a source of facts
    skip = skip_ranges(text, skip_lines)
    nlp = pipeline()
    doc = nlp(text)
    entities = find_names(doc, registry, nlp)
    find_phrases(entities)
    settle_names(entities)
    bylines = [(a, b) for a, b in skip if re.match(r"By [A-Z]", text[a:b])]
    entities.mentions = [
        m
        for m in entities.mentions
        if not any(a <= m.start < b for a, b in skip)
        # "By Zhang Xiao, Ambassador … of China": the author and the post the byline gives stay, for the role
        or any(a <= m.start < b and (m.linked or m.start == a + 3) for a, b in bylines)
    ]
    ctx = Context(text, doc, sentences(doc, skip), entities, find_dates(text, published), published)
    find_events(ctx)
    find_roles(ctx)
    used = find_quotations(ctx)
    find_speech(ctx, used)
    find_participations(ctx)
    find_statistics(ctx)
    find_initiatives(ctx)
    find_statuses(ctx)
    find_relations(ctx)
    referenced = _referenced(ctx)
    mentions, seen = [], set(referenced)
    for m in entities.mentions:
        if m.entity not in seen:
            seen.add(m.entity)
            mentions.append((m.entity, m.start, m.end, m.pattern, m.confidence))
    candidates: dict[str, list[dict[str, Any]]] = {}
    for cand in entities.candidates.values():
        if cand.id not in seen:
            continue
        entry: dict[str, Any] = {"id": cand.id, "review": "proposed"}
        note = None
        if cand.look_alikes:
            note = (
                "similar to "
                + ", ".join(cand.look_alikes)
                + ": the same entity (add this name as an alt there) "
                "or a different one (add distinct_from)?"
            )
        entry["why"] = emit.why(cand.pattern, cand.confidence, note)
        entry.update({"type": cand.type, "name": cand.name})
        if cand.alt:
            entry["alt"] = cand.alt
        candidates.setdefault(KIND_FILES[cand.kind], []).append(entry)
    return DraftResult(
        emit.mapping_yaml(document_id, text, ctx.facts, mentions), dict(sorted(candidates.items()))
    )


def _referenced(ctx: Context) -> set[str]:
    ids: set[str] = set()
    for fact in ctx.facts:
        for v in fact.fields.values():
            for x in v if isinstance(v, list) else [v]:
                if isinstance(x, str) and x in ctx.entities.known:
                    ids.add(x)
    return ids
