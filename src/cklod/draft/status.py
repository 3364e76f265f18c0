"""Stages of initiatives and facilities ("came into effect", "has decided to open", "plans to start production in
2025") as `status` facts: the stage a concept, the date reached or the date due by, never a status text."""

from __future__ import annotations

import re

from cklod.draft.core import Context
from cklod.draft.entities import Mention

# The verb a plan or decision is about -> the stage it aims at.
_AIMS = {
    "open": "opened",
    "establish": "opened",
    "set up": "opened",
    "launch": "started",
    "start": "started",
    "begin": "started",
    "host": "started",
    "hold": "started",
    "complete": "completed",
    "finish": "completed",
    "sign": "signed",
}
_AIM = "|".join(sorted(map(re.escape, _AIMS), key=len, reverse=True))
# Intentions first: "has decided to open" is not "opened".
_STAGES = [
    (re.compile(rf"\b(?:has |have )?decided to (?P<aim>{_AIM})\b"), "decided"),
    (
        re.compile(
            rf"\b(?:plans?|planned|intends?|is expected|are expected) to (?P<aim>{_AIM})\b"
            rf"|\b(?:(?:is|are) )?scheduled to (?:be )?(?P<aim2>{_AIM})(?:e?d)?\b"
            rf"|\bwill (?P<aim3>{_AIM})\b"
        ),
        "planned",
    ),
    (
        re.compile(
            r"\b(?:came|come|comes) into (?:effect|force)\b|\b(?:entered|enters) into force\b|\btook effect\b"
        ),
        "in-effect",
    ),
    (
        re.compile(
            r"\b(?:was|were|has been|have been) (?:officially )?(?:opened|inaugurated|put into (?:use|operation))\b|\b(?:have|has) opened\b"
        ),
        "opened",
    ),
    (re.compile(r"\b(?:was|were|has been|have been) completed\b"), "completed"),
]
# What can have a stage: an initiative that is not a whole programme, a facility, an organization set up.
_KINDS = ("initiative", "place", "organization")
_NOT_STAGED = frozenset(
    {"Programme", "PolicyConcept", "Country", "City", "AdministrativeArea", "GeographicRegion"}
)


def find_statuses(ctx: Context) -> None:
    for sent in ctx.sentences:
        hits = sorted(
            ((hit, stage) for pattern, stage in _STAGES for hit in pattern.finditer(sent.text)),
            key=lambda h: h[0].start(),
        )
        for n, (hit, stage) in enumerate(hits):
            # The clause of the verb: from the last ';' or ':' before it to the next stage verb or ';'.
            at, verb_end = sent.start + hit.start(), sent.start + hit.end()
            head = max(sent.text.rfind(";", 0, hit.start()), sent.text.rfind(":", 0, hit.start())) + 1
            tail = hits[n + 1][0].start() if n + 1 < len(hits) else len(sent.text)
            semi = sent.text.find(";", hit.end(), tail)
            clause = (sent.start + head, sent.start + (semi if semi >= 0 else tail))
            _propose(ctx, sent.start, sent.end, clause, at, verb_end, hit, stage)


def _propose(
    ctx: Context, start: int, end: int, clause: tuple[int, int], at: int, verb_end: int, hit, stage: str
):
    thing = _subject(ctx, clause, at, verb_end, stage)
    if thing is None:
        return
    fields: dict = {"of": thing.entity, "status": stage}
    aim = next((g for g in (hit.groupdict().get(k) for k in ("aim", "aim2", "aim3")) if g), None)
    dates = [d for d in ctx.dates_in(*clause) if d.date]
    if stage in ("planned", "decided"):
        if aim:
            fields["toward"] = _AIMS[aim]
        later = [d for d in dates if d.start > at]  # "to be completed by 2029": the date after the verb
        if later:
            fields["target"] = later[0].date
            if later[0].inferred:
                fields["inferred"] = later[0].text
        agents = [
            a.entity
            for a in ctx.mentions_in(start, at)
            if a.kind in ("person", "country", "organization") and a.entity != thing.entity
        ]
        if agents:  # the sentence's subject: "China has decided to open … and will host …"
            fields["by"] = agents[:1]
    elif dates:
        fields["date"] = dates[0].date
        if dates[0].inferred:
            fields["inferred"] = dates[0].text
    events = ctx.mentions_in(start, end, "event")
    if events:
        fields["event"] = events[0].entity
    ctx.propose("status", start, end, fields, f"stage '{hit.group(0)}'", 0.55, f"{thing.entity}-{stage}")


def _subject(ctx: Context, clause: tuple[int, int], at: int, verb_end: int, stage: str) -> Mention | None:
    """The thing whose stage the clause reports: for an intention the first one named after the verb ("decided
    to open a second X"), else the first one named before it ("the X, set up by Y, came into effect"). None when
    that is a whole programme: only an instance of it has a stage."""
    named = [m for m in ctx.mentions_in(*clause) if m.kind in _KINDS]
    if stage in ("planned", "decided"):
        after = [m for m in named if m.start >= verb_end]
        if after:
            return after[0] if ctx.type_of(after[0].entity) not in _NOT_STAGED else None
    before = [m for m in named if m.end <= at]
    return before[0] if before and ctx.type_of(before[0].entity) not in _NOT_STAGED else None
