"""Events with their dates and places ("held in", "took place at", "from July 15 to 18, 2024")."""

from __future__ import annotations

import re

from cklod.draft.core import Context, Fact

_HELD = re.compile(
    r"\b(held|took place|take place|takes place|will be held|gathered|convened|opened|hosted|kicked off|"
    r"was launched|were held|inaugurated|inauguration|founding)\b",
    re.I,
)
_GENERIC = re.compile(
    r"\b[Tt]he (?:[a-z-]+ )?(event|ceremony|forum|summit|meeting|conference|session|visit|talks|"
    r"exhibition|expo|festival|dialogue)\b"
)
_PLACE_KINDS = frozenset({"place"})


def event_mentions(ctx: Context, start: int, end: int, current: str | None) -> list[str]:
    named = [m.entity for m in ctx.mentions_in(start, end, "event")]
    if not named and current and _GENERIC.search(ctx.text[start:end]):
        named = [current]
    return list(dict.fromkeys(named))


def find_events(ctx: Context) -> None:
    current: str | None = None
    previous: Fact | None = None
    for sent in ctx.sentences:
        events = event_mentions(ctx, sent.start, sent.end, current)
        dates = ctx.dates_in(sent.start, sent.end)
        held = _HELD.search(sent.text)
        if not events and held and _GENERIC.search(sent.text) and current is None:
            current = _unnamed_event(ctx, sent.start, sent.end)
            events = [current] if current else []
        if not events:
            continue
        current = events[0]
        places = [m.entity for m in ctx.mentions_in(sent.start, sent.end) if m.kind in _PLACE_KINDS]
        if not (dates or held or places):
            continue
        event = events[0]
        fields: dict = {"event": event}
        if dates:
            fields.update(dates[0].value)
        if places:
            fields["location"] = list(dict.fromkeys(places))
        pattern = "event named with " + ", ".join(
            w
            for w, ok in (
                ("a date", dates),
                ("'" + held.group(0) + "'" if held else "", held),
                ("a place", places),
            )
            if ok
        )
        if previous is not None and previous.fields["event"] == event and previous.end + 2 >= sent.start:
            previous.end = sent.end
            for k, v in fields.items():
                if k == "location":
                    previous.fields[k] = list(dict.fromkeys(previous.fields.get(k, []) + v))
                else:
                    previous.fields.setdefault(k, v)
            continue
        previous = ctx.propose(
            "event", sent.start, sent.end, fields, pattern, 0.7 if dates else 0.6, f"event-{event}"
        )
    for fact in ctx.facts:
        if (
            fact.kind == "event"
            and "date" in fact.fields
            and ("start" in fact.fields or "end" in fact.fields)
        ):
            fact.fields.pop("start", None)
            fact.fields.pop("end", None)


def _unnamed_event(ctx: Context, start: int, end: int) -> str | None:
    """An event the text names only by a common noun ("the inauguration ceremony"): a registry candidate."""
    from cklod.draft.entities import Candidate, Known

    m = _GENERIC.search(ctx.text[start:end])
    assert m is not None
    phrase = m.group(0)[4:]
    orgs = ctx.mentions_in(start, end, "organization")
    name = phrase[:1].upper() + phrase[1:] + (f" of {orgs[0].text}" if orgs else "")
    from cklod.draft.names import slug

    cid = slug(name)
    if cid in ctx.entities.known:
        return cid
    typ = {"ceremony": "Ceremony", "forum": "Forum", "summit": "Summit", "meeting": "Meeting"}.get(
        m.group(1), "Event"
    )
    ctx.entities.candidates[cid] = Candidate(cid, typ, name, [], "event named only by a common noun", 0.4)
    ctx.entities.known[cid] = Known("event", typ, name)
    return cid
