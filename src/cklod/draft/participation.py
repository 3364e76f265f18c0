"""Participations: attendee lists, "presided over", "met with", "unveiled", "in an interview with", hosts."""

from __future__ import annotations

import re

from cklod.draft.core import Context
from cklod.draft.events import event_mentions

# (trigger, part, whose: people before or after the trigger)
TRIGGERS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"\bpresided over\b|\bchaired\b|\bmoderated\b"), "presider", "before"),
    (re.compile(r"\bunveiled\b"), "unveiler", "before"),
    (re.compile(r"\bwitnessed by\b"), "witness", "after"),
    (
        re.compile(
            r"\battendees (?:were|included)\b|\battended by\b|\bparticipants (?:were|included)\b|"
            r"\bamong (?:those present|the guests)\b|\bguests included\b",
            re.I,
        ),
        "attendee",
        "after",
    ),
    (
        re.compile(r"\b(?:attended|will attend|attends|attending|took part in|participated in)\b"),
        "attendee",
        "before",
    ),
    (re.compile(r"\bco-hosted by\b|\bco-organized by\b"), "co-host", "after_org"),
    (re.compile(r"\bhosted by\b"), "host", "after_org"),
    (re.compile(r"\borganized by\b|\borganised by\b"), "organizer", "after_org"),
    (re.compile(r"\bcongratulatory letter\b"), "letter-sender", "any"),
    (re.compile(r"\bmet with\b|\bheld talks with\b"), "participant", "both"),
]
GATHERINGS = frozenset(
    {
        "Ceremony",
        "Forum",
        "Summit",
        "Meeting",
        "PlenarySession",
        "Visit",
        "StateVisit",
        "Interview",
        "Speech",
        "Competition",
    }
)
_INTERVIEW = re.compile(r"\b[Ii]n an (?:exclusive )?interview with\b")


def find_participations(ctx: Context) -> None:
    seen: set[tuple[str, str, str]] = set()
    current = None
    # people take part in gatherings; a background event ("the establishment of diplomatic ties") has no attendees
    event_facts = sorted(
        (f for f in ctx.facts if f.kind == "event" and ctx.type_of(f.fields["event"]) in GATHERINGS),
        key=lambda f: f.start,
    )
    for sent in ctx.sentences:
        before_events = [f.fields["event"] for f in event_facts if f.start <= sent.start]
        current = (
            before_events[-1] if before_events else (event_facts[0].fields["event"] if event_facts else None)
        )
        events = event_mentions(ctx, sent.start, sent.end, current)
        event = events[0] if events else current
        for pattern, part, whose in TRIGGERS:
            hit = pattern.search(sent.text)
            if hit is None or event is None:
                continue
            t0, t1 = sent.start + hit.start(), sent.start + hit.end()
            # "X attended E", "A met with B": the event the clause names, when it names one
            named = [e for e in event_mentions(ctx, t1, sent.end, None) if ctx.type_of(e) in GATHERINGS]
            if part == "participant":
                named = [
                    e
                    for s0, _, e in ctx.described
                    if sent.start <= s0 < sent.end and ctx.type_of(e) == "Meeting"
                ]
            event = named[0] if named and whose in ("before", "both") else (events[0] if events else current)
            people = {
                "before": ctx.mentions_in(sent.start, t0, "person"),
                "after": ctx.mentions_in(t1, sent.end, "person"),
                "after_org": [m for m in ctx.mentions_in(t1, sent.end) if m.kind == "organization"],
                "any": ctx.mentions_in(sent.start, sent.end, "person")[:1],
                "both": ctx.mentions_in(sent.start, sent.end, "person"),
            }[whose]
            for m in people:
                key = (event, m.entity, part)
                if key in seen or ctx.type_of(event) in ("Initiative",) or ctx.kind_of(event) != "event":
                    continue
                seen.add(key)
                ctx.propose(
                    "participation",
                    sent.start,
                    sent.end,
                    {"event": event, "participant": m.entity, "as": part},
                    f"'{hit.group(0)}'",
                    0.7,
                    f"{part}-{m.entity}",
                )
        _interview(ctx, sent, seen)
    _visitors(ctx, seen)
    _speakers(ctx, seen, event_facts)


def _visitors(ctx: Context, seen) -> None:
    """The person whose visit the text describes ("Xi Jinping's state visit to Kazakhstan") is its visitor."""
    for start, _, event in ctx.described:
        if ctx.type_of(event) not in ("Visit", "StateVisit"):
            continue
        owner = next((m for m in ctx.entities.mentions if m.start == start and m.kind == "person"), None)
        sent = ctx.sentence_at(start)
        if owner is None or sent is None or (event, owner.entity, "visitor") in seen:
            continue
        seen.add((event, owner.entity, "visitor"))
        ctx.propose(
            "participation",
            sent.start,
            sent.end,
            {"event": event, "participant": owner.entity, "as": "visitor"},
            "'Name's visit to Place'",
            0.6,
            f"visitor-{owner.entity}",
        )


def _interview(ctx: Context, sent, seen) -> None:
    hit = _INTERVIEW.search(sent.text)
    if hit is None:
        return
    t1 = sent.start + hit.end()
    orgs = [m for m in ctx.mentions_in(t1, sent.end) if m.kind == "organization"][:1]
    people = [m for m in ctx.mentions_in(sent.start, sent.end, "person") if m.end <= t1 or m.start > t1 + 40]
    speakers = [
        f.fields["speaker"]
        for f in ctx.facts
        if f.kind in ("speech", "quotation") and f.start <= sent.end and f.end >= sent.start
    ]
    interviewee = people[0].entity if people else (speakers[0] if speakers else None)
    if interviewee is None:
        return
    event = next(
        (e for s0, _, e in ctx.described if sent.start <= s0 < sent.end and ctx.type_of(e) == "Interview"),
        None,
    )
    if event is None:
        return
    for who_id, part in [(interviewee, "interviewee")] + [(o.entity, "interviewer") for o in orgs]:
        if (event, who_id, part) not in seen:
            seen.add((event, who_id, part))
            ctx.propose(
                "participation",
                sent.start,
                sent.end,
                {"event": event, "participant": who_id, "as": part},
                "'in an interview with'",
                0.7,
                f"{part}-{who_id}",
            )


def _speakers(ctx: Context, seen, event_facts) -> None:
    """People whose words an event report gives spoke at that event (when the report is about one event)."""
    events = {f.fields["event"] for f in event_facts}
    if len(events) != 1:
        return
    (event,) = events
    if ctx.type_of(event) in ("Interview", "Visit", "StateVisit"):
        return
    first = min(f.start for f in event_facts)
    for fact in sorted(ctx.facts, key=lambda f: f.start):
        if fact.kind != "speech" or fact.start < first:
            continue
        who = fact.fields["speaker"]
        if (event, who, "speaker") in seen:
            continue
        seen.add((event, who, "speaker"))
        fact.fields["event"] = event
        ctx.propose(
            "participation",
            fact.start,
            fact.end,
            {"event": event, "participant": who, "as": "speaker"},
            "reported speech in the report of one event",
            0.5,
            f"speaker-{who}",
        )
