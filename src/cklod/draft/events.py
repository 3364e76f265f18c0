"""Events with their dates and places ("held in", "took place at", "from July 15 to 18, 2024")."""

from __future__ import annotations

import re

from cklod.draft.core import Context, Fact
from cklod.draft.entities import NESTED, Candidate, Known
from cklod.draft.lexicon import DEMONYMS
from cklod.draft.names import key, slug

_HELD = re.compile(
    r"\b(held|took place|take place|takes place|will be held|gathered|convened|opened|hosted|kicked off|"
    r"was launched|were held|inaugurated)\b",
    re.I,
)
_GENERIC = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Hh]is|[Hh]er) (?:[a-z-]+ )?(event|ceremony|forum|summit|meeting|conference|session|visit|talks|"
    r"exhibition|expo|festival|dialogue)\b"
)
_PLACE_KINDS = frozenset({"place"})


def event_mentions(ctx: Context, start: int, end: int, recent: list[str] | str | None) -> list[str]:
    """The events a passage names, or the one "the forum" refers back to: the latest of ``recent`` it fits."""
    named = [m.entity for m in ctx.mentions_in(start, end, "event")]
    named += [e for s, _, e in ctx.described if start <= s < end]
    generic = _GENERIC.search(ctx.text[start:end])
    earlier = [recent] if isinstance(recent, str) else list(recent or [])
    fitting = [e for e in earlier if generic and _fits(ctx, e, generic.group(1))]
    # of two visits, "this visit" in a sentence about Kazakhstan is the one to Kazakhstan
    here = {m.entity for m in ctx.mentions_in(start, end)}
    fitting = [e for e in fitting if ctx.places.get(e) in here] or fitting
    if not named and fitting:
        named = [fitting[-1]]
    return list(dict.fromkeys(named))


_NOUN_TYPES = {
    "ceremony": {"Ceremony"},
    "forum": {"Forum"},
    "summit": {"Summit"},
    "meeting": {"Meeting", "Summit"},
    "talks": {"Meeting"},
    "visit": {"Visit", "StateVisit"},
    "session": {"PlenarySession", "Meeting"},
    "conference": {"Meeting", "Forum"},
}


def _fits(ctx: Context, event: str, noun: str) -> bool:
    """Whether "the <noun>" can refer back to ``event`` ("the forum" to a forum; "the event" to any gathering)."""
    typ = ctx.type_of(event)
    return typ in _NOUN_TYPES.get(noun, {"Ceremony", "Forum", "Summit", "Meeting", "Event", "PlenarySession"})


def new_event(
    ctx: Context, name: str, typ: str, pattern: str, confidence: float, year: str | None = None
) -> str:
    """The registry entry of an event the text describes without naming it: an existing one, or a candidate."""

    ids, score = ctx.entities.index.find(name)
    if ids and score == 1.0:
        return ids[0]
    # a registry event whose name says more ("Xi Jinping's state visit to Kazakhstan (July 2024)"): the one
    # whose name has the year of the sentence, or the only one
    from rapidfuzz import fuzz

    k = key(name)
    fits = sorted(
        i
        for i, e in ctx.entities.known.items()
        if e.kind == "event"
        and fuzz.token_set_ratio(k, key(e.name)) >= 95
        and i not in ctx.entities.candidates
    )
    if year is not None:
        dated = [i for i in fits if year in ctx.entities.known[i].name]
        fits = dated or fits
    ranked = sorted(
        ((fuzz.token_sort_ratio(k, key(ctx.entities.known[i].name)), i) for i in fits), reverse=True
    )
    if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return ranked[0][1]  # the one whose name adds the least
    cid = slug(name)
    if cid not in ctx.entities.known:
        ctx.entities.candidates[cid] = Candidate(cid, typ, name, [], pattern, confidence)
        ctx.entities.known[cid] = Known("event", typ, name)
    return cid


def _name(ctx: Context, entity_id: str, mention_text: str) -> str:
    return (
        ctx.entities.known[entity_id].name
        if ctx.kind_of(entity_id) in ("person", "country")
        else mention_text
    )


_TIES = re.compile(r"\bestablishment of diplomatic (?:ties|relations) between\b")
_TIES_BARE = re.compile(r"\bestablishment of diplomatic (?:ties|relations)\b(?! (?:between|with)\b)")


def _bilateral_pair(ctx: Context) -> tuple[str, str] | None:
    """The two countries an article is about: each named more often than any third, and at least three times."""
    from collections import Counter

    counts = Counter(m.entity for m in ctx.entities.mentions if m.kind == "country").most_common(3)
    if len(counts) < 2 or counts[1][1] < 3 or (len(counts) == 3 and counts[2][1] * 2 > counts[1][1]):
        return None
    return tuple(sorted((counts[0][0], counts[1][0])))  # type: ignore[return-value]


_NOUN_EVENT = re.compile(r"^(?: \([A-Z0-9+]{2,}\))? (summit|forum|meeting|conference|session|expo|talks)\b")
_VISITS = re.compile(r"\b(?:pay |paid |make |made )?(?:an? )?(?:(state|official) )?visits? to\b")
_HIS_VISIT = re.compile(r"(?:’s|'s) (?:(?:state|official|recent|latest) )?visit\b(?! to\b)")
_MET = re.compile(r"\b(?:met with|held talks with)\b")
_ORDINALS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
_NTH_OF = re.compile(
    rf"\b((\d+(?:st|nd|rd|th)|{_ORDINALS}) (plenary session|meeting|session|summit|forum|congress|conference) of (?:the )?)$"
)
_CEREMONY = re.compile(
    r"\b(inauguration|founding|opening|signing|launch|unveiling|groundbreaking|closing|award) ceremony\b",
    re.I,
)
_FOUNDING = re.compile(r"\b(?:establishment|founding|inauguration|opening|launch|unveiling) of (?:the )?$")


def describe_events(ctx: Context) -> None:
    """Events the text describes by a phrase ("the establishment of diplomatic ties between A and B", "the SCO
    summit", "Xi Jinping's state visit to Kazakhstan", "the inauguration ceremony"): found once, used by all."""
    text = ctx.text
    visits: dict[str, str] = {}  # person -> the visit of theirs the text named last
    for sent in ctx.sentences:
        dates = ctx.dates_in(sent.start, sent.end)
        year = (dates[0].date or dates[0].first or "")[:4] if dates else None
        for hit in _TIES.finditer(sent.text):
            after = sent.start + hit.end()
            countries = [
                m for m in ctx.mentions_in(after, min(sent.end, after + 80)) if m.kind in ("country", "place")
            ]
            if len(countries) >= 2:
                a, b = (_name(ctx, m.entity, m.text) for m in countries[:2])
                e = new_event(
                    ctx,
                    f"Establishment of diplomatic relations between {a} and {b}",
                    "Event",
                    "'establishment of diplomatic ties between A and B'",
                    0.6,
                    year,
                )
                ctx.described.append((sent.start + hit.start(), countries[1].end, e))
        bare = _TIES_BARE.search(sent.text)
        pair = _bilateral_pair(ctx) if bare else None
        if bare and pair:
            # "since the establishment of diplomatic relations, the two countries …": the pair the article is about
            a, b = (ctx.entities.known[c].name for c in pair)
            e = new_event(
                ctx,
                f"Establishment of diplomatic relations between {a} and {b}",
                "Event",
                "'establishment of diplomatic relations' in an article about two countries",
                0.5,
                year,
            )
            ctx.described.append((sent.start + bare.start(), sent.start + bare.end(), e))
        mentions = ctx.mentions_in(sent.start, sent.end)
        for m in mentions:
            rest = text[m.end : sent.end]
            noun = _NOUN_EVENT.match(rest)
            if noun and m.kind in ("organization", "place", "country"):
                label = m.text + rest[: noun.end()]
                places = [p for p in mentions if p.kind == "place" and p is not m]
                if places:
                    label += f" in {places[0].text}"
                typ = {"summit": "Summit", "forum": "Forum", "session": "PlenarySession"}.get(
                    noun.group(1), "Meeting"
                )
                e = new_event(ctx, label, typ, f"name + '{noun.group(1)}'", 0.6, year)
                ctx.described.append((m.start, m.end + noun.end(), e))
        for hit in _VISITS.finditer(sent.text):
            v = sent.start + hit.start()
            owners = [p for p in ctx.mentions_in(sent.start, v, "person")][-1:]  # the nearest name before
            if not owners:
                continue
            targets = _visited(ctx, sent.start + hit.end(), sent.end)
            for place_id, place_name, end in targets:
                state = hit.group(1)
                who = _name(ctx, owners[0].entity, owners[0].text)
                label = f"{who}'s {state + ' ' if state else ''}visit to {place_name}" + _when(dates)
                earlier = visits.get(owners[0].entity)
                if not dates and earlier is not None and ctx.places.get(earlier) == place_id:
                    e = earlier  # named again without a date: the visit to that place named before
                else:
                    e = new_event(
                        ctx,
                        label,
                        "StateVisit" if state == "state" else "Visit",
                        "'Name's visit to Place'",
                        0.6,
                        year,
                    )
                ctx.described.append((owners[0].start, end, e))
                ctx.places[e] = place_id
                visits[owners[0].entity] = e
        for hit in _HIS_VISIT.finditer(sent.text):
            # "During President Xi Jinping's visit in July": the visit of his the text has named
            v = sent.start + hit.start()
            owner = next((p for p in ctx.mentions_in(sent.start, v, "person") if p.end == v), None)
            if (
                owner is not None
                and owner.entity in visits
                and re.search(r"\b[Dd]uring (?:(?:the|[A-Z][\w-]*) ){0,3}$", text[sent.start : owner.start])
            ):
                ctx.described.append((owner.start, sent.start + hit.end(), visits[owner.entity]))
        _describe_speech(ctx, sent, dates)
        _describe_opening(ctx, sent, mentions, dates)
        _describe_construction(ctx, sent, mentions)
        interview = _INTERVIEW.search(sent.text)
        if interview:
            _describe_interview(ctx, sent, interview, dates)
        met = _MET.search(sent.text)
        if met:
            v = sent.start + met.start()
            a_side = ctx.mentions_in(sent.start, v, "person")
            b_side = ctx.mentions_in(
                sent.start + met.end(), min(sent.end, sent.start + met.end() + 60), "person"
            )
            if a_side and b_side:
                names = [_name(ctx, x.entity, x.text) for x in (a_side[-1], b_side[0])]
                e = new_event(
                    ctx,
                    f"Meeting between {names[0]} and {names[1]}" + _when(dates),
                    "Meeting",
                    "'A met with B'",
                    0.5,
                    year,
                )
                ctx.described.append((a_side[-1].start, b_side[0].end, e))
        for m in mentions:
            nth = _NTH_OF.search(text[max(sent.start, m.start - 60) : m.start])
            if nth and m.kind == "organization":
                org = re.sub(r" \([A-Z0-9+]{2,}\)$", "", m.text)
                label = nth.group(1) + org
                typ = (
                    "PlenarySession"
                    if "plenary" in nth.group(3)
                    else {"summit": "Summit", "forum": "Forum"}.get(nth.group(3), "Meeting")
                )
                e = new_event(ctx, label, typ, "'the Nth meeting/session of Org'", 0.6, year)
                ctx.described.append((m.start - len(nth.group(1)), m.end, e))
        founding = None
        for m in mentions:
            if m.kind == "organization" and _FOUNDING.search(text[max(sent.start, m.start - 40) : m.start]):
                founding = m
                break
        if (
            founding is not None
            and ctx.dates_in(sent.start, sent.end)
            and not event_mentions(ctx, sent.start, sent.end, None)
        ):
            ctx.described.append((founding.start, founding.end, _ceremony(ctx, founding.text)))


_SPEECH = re.compile(r"\b(?:his|her) (speech|address|lecture|remarks) (?=(?:during|at) )")
_OPENED = re.compile(
    r"\b(?:was|were|has been|have been) ((?:officially |formally )?(?:put into (?:use|operation|service)|"
    r"opened|inaugurated|commissioned))\b"
)
_BUILT = re.compile(r"^,? (?:which (?:was|is being) |being )?(?:built|constructed) by\b")


def _describe_speech(ctx: Context, sent, dates) -> None:
    """ "Xi Jinping … in his speech during his visit to Kazakhstan in September 2013": a speech of its own."""
    hit = _SPEECH.search(sent.text)
    if hit is None:
        return
    owners = ctx.mentions_in(sent.start, sent.start + hit.start(), "person")
    if not owners:
        return
    who = _name(ctx, owners[-1].entity, owners[-1].text)
    tail = sent.text[hit.end() :]
    cut = min(
        [len(tail)] + [d.start - sent.start - hit.end() for d in dates if d.start > sent.start + hit.end()]
    )
    occasion = re.sub(r"\s+(?:in|on|at)$", "", re.split(r"[,;]", tail[:cut])[0].strip().rstrip("."))
    if occasion.startswith("in "):
        return
    label = f"{who}'s {hit.group(1)} {occasion}" + _when(dates)
    e = new_event(ctx, label, "Speech", "'his speech during/at …'", 0.5)
    ctx.described.append((sent.start + hit.start(), sent.start + hit.end() + len(occasion), e))


def _describe_opening(ctx: Context, sent, mentions, dates) -> None:
    """ "On October 12, 2023, the X Branch … was officially put into use": an event, on that date."""
    hit = _OPENED.search(sent.text)
    if hit is None or not dates or dates[0].date is None:
        return
    v = sent.start + hit.start()
    after = max((d.end for d in dates if d.end <= v), default=sent.start)
    subject = next(
        (m for m in mentions if after <= m.start < v and m.kind in ("organization", "place")), None
    )
    if subject is None:
        return
    label = f"{subject.text} {hit.group(1)}" + _when(dates)
    e = new_event(ctx, label, "Event", "'X was (officially) put into use/opened' with a date", 0.5)
    ctx.described.append((subject.start, sent.start + hit.end(), e))


def _describe_construction(ctx: Context, sent, mentions) -> None:
    """ "a 205MW wind power project in Akmola Oblast built by a Chinese company": its construction."""
    for m in mentions:
        built = _BUILT.match(ctx.text[m.end : sent.end])
        if built and ctx.type_of(m.entity) in _BUILT_THINGS:
            e = new_event(ctx, f"Construction of the {m.text}", "Event", "'X built by …'", 0.5)
            ctx.described.append((m.start, m.end + built.end(), e))


_BUILT_THINGS = frozenset({"PowerPlant", "Factory", "Facility", "TransportRoute", "LogisticsHub", "Seaport"})
_INTERVIEW = re.compile(r"\b[Ii]n an (?:exclusive )?interview with\b")


def _describe_interview(ctx: Context, sent, hit: re.Match[str], dates) -> None:
    """ "In an interview with CGTN in Astana, Shaimergenova said …": CGTN's interview with Shaimergenova in Astana;
    "… said in an interview with reporters": Tokayev's interview with reporters."""
    t1 = sent.start + hit.end()
    people = [m for m in ctx.mentions_in(sent.start, sent.end, "person") if m.end <= t1 or m.start > t1 + 40]
    if not people:
        return
    who = _name(ctx, people[0].entity, people[0].text)
    org = next((m for m in ctx.mentions_in(t1, min(sent.end, t1 + 60)) if m.kind == "organization"), None)
    places = [m for m in ctx.mentions_in(t1, sent.end) if m.kind == "place"]
    if org is not None:
        abbr = re.search(r"\(([A-Z0-9]{2,})\)$", org.text) or re.match(
            r"^ \(([A-Z0-9]{2,})\)", ctx.text[org.end : org.end + 12]
        )
        label = f"{abbr.group(1) if abbr else org.text} interview with {who}"
        if places:
            label += f" in {places[0].text}"
    else:
        label = f"{who}'s interview with reporters"
        occasion = re.search(r"\b(on the eve of|ahead of) ([^,;]+?)\.?$", ctx.text[t1 : sent.end])
        # "on the eve of President Xi Jinping's visit to Kazakhstan": the occasion tells it from other interviews
        label += f" {occasion.group(1)} {occasion.group(2)}" if occasion else _when(dates)
    e = new_event(ctx, label, "Interview", "'in an interview with'", 0.5)
    ctx.described.append((sent.start + hit.start(), t1, e))
    if places:
        ctx.places[e] = places[0].entity


def _when(dates) -> str:
    """ " (July 2024)": when an event happened, to tell it from the same kind of event at another time."""
    import calendar

    if not dates or not (dates[0].date or dates[0].first):
        return ""
    value = dates[0].date or dates[0].first
    if len(value) >= 7:
        return f" ({calendar.month_name[int(value[5:7])]} {value[:4]})"
    return f" ({value[:4]})"


def _visited(ctx: Context, start: int, end: int) -> list[tuple[str, str, int]]:
    """The countries or places after "visit(s) to": named ("Kazakhstan"), or by their leaders' demonym
    ("state visits to Kazakh President Tokayev and Tajik President Rahmon")."""
    out = []
    text = ctx.text[start:end]
    first = re.match(r"^\s*(?:the )?", text).end()
    for m in ctx.mentions_in(start + first, end):
        # the place follows "visit to" ("visit to Kazakhstan"), not a later clause ("visit to inject … Kazakhstan")
        if m.kind in ("country", "place") and m.start == start + first:
            return [(m.entity, m.text, m.end)]
        break
    for dem in re.finditer(r"\b([A-Z][a-z]+) (?:President|Prime Minister|King|leader)\b", text[:120]):
        country = DEMONYMS.get(dem.group(1).lower())
        ids = ctx.entities.index.find(country)[0] if country else []
        if ids:
            out.append((ids[0], ctx.entities.known[ids[0]].name, start + dem.end()))
    return out


def _ceremony(ctx: Context, founded: str | None) -> str:
    noun = _CEREMONY.search(ctx.text)
    label = (noun.group(0)[:1].upper() + noun.group(0)[1:].lower()) if noun else "Founding ceremony"
    return new_event(
        ctx,
        label + (f" of the {founded}" if founded else ""),
        "Ceremony",
        "an event the text names only by a common noun",
        0.4,
    )


_DEADLINE = re.compile(r"\b(?:[Bb]y|[Uu]ntil|[Tt]ill)\s*$")
_OCCASION = re.compile(
    r"\b(?:on the eve of|ahead of|prior to|in the run-up to)\s+(?:(?:the|[A-Z][\w-]*)\s+){0,3}$"
)


_ATTENDANCE = re.compile(r"\b(?:witnessed the presence|(?:was|were) attended by|brought together)\b")
_DURING = re.compile(
    r"\b[Dd]uring (?:the|this|his|her|their) (?:[a-z-]+ )?(?:visit|summit|forum|meeting|talks|session)\b"
)


def _at_event(ctx: Context, sent) -> str | None:
    """ "… urged efforts … at the Second Think Tank Forum": what was done at an event the sentence names."""
    for m in ctx.mentions_in(sent.start, sent.end, "event"):
        hit = re.search(r"\b(?:at|during) (?:the )?$", ctx.text[max(sent.start, m.start - 12) : m.start])
        if hit and m.start > sent.start + 20:
            return hit.group(0) + m.text
    return None


def _time_reference(ctx: Context, sent, event: str) -> bool:
    """ "on the eve of Xi Jinping's visit": the visit dates another event here; it is not reported itself."""
    spans = [(m.start, m.end) for m in ctx.mentions_in(sent.start, sent.end) if m.entity == event]
    spans += [(s, e) for s, e, x in ctx.described if x == event and sent.start <= s < sent.end]
    return bool(spans) and all(_OCCASION.search(ctx.text[max(sent.start, s - 60) : s]) for s, _ in spans)


def _eve(ctx: Context, sent) -> dict[str, str] | None:
    """ "on the eve of President Xi Jinping's visit to Kazakhstan", a visit dated before: the year it fell in."""
    for s, e, event in ctx.described:
        if not sent.start <= s < sent.end:
            continue
        window = max(sent.start, s - 60)
        hit = _OCCASION.search(ctx.text[window:s])
        dated = [
            f.fields.get("date") or f.fields.get("start")
            for f in ctx.facts
            if f.kind == "event" and f.fields["event"] == event and f.end <= sent.start
        ]
        when = next((d for d in reversed(dated) if d), None)
        if hit and when:
            return {"date": when[:4], "inferred": ctx.text[window + hit.start() : e]}
    return None


def _anchor(ctx: Context, sent, event: str) -> int:
    """Where the sentence names ``event`` (the end of its name, or of the phrase that describes it)."""
    ends = [m.end for m in ctx.mentions_in(sent.start, sent.end) if m.entity == event]
    ends += [e for s, e, x in ctx.described if x == event and sent.start <= s < sent.end]
    return min(ends) if ends else sent.start


def _dates_for(ctx: Context, sent, event: str, events: list[str], date) -> dict:
    """A range printed for one of several events of a sentence ("attend the summit in Astana from July 2 to 6,
    and will pay state visits to …") is that event's; the others fall within it: known to the month (or year)."""
    value = dict(date.value)
    if "start" not in value or len(events) < 2:
        return value
    before = [e for e in events if _anchor(ctx, sent, e) <= date.start]
    owner = max(before, key=lambda e: _anchor(ctx, sent, e)) if before else events[0]
    if event == owner:
        return value
    first, last = value["start"], value["end"]
    coarse = first[:7] if first[:7] == last[:7] else first[:4] if first[:4] == last[:4] else None
    return {"date": coarse, "inferred": date.text} if coarse else {}


_SIGNED = re.compile(
    r"\b(?:signed|adopted|adoption of|issued|approved|released)\b(?: and \w+)? (?:the )?[“\"]?$"
)
_DOCUMENTS = frozenset({"Declaration", "Agreement", "PolicyDocument", "Treaty"})


def _outcome(ctx: Context, sent, index: int, last: dict[str, tuple[int, Fact]]) -> None:
    """The sentence after an event's that has a document signed or adopted ("They signed and issued the Tianjin
    Declaration"): an outcome of that event."""
    before = [e for e, (i, _) in last.items() if i == index - 1]
    if len(before) != 1:
        return
    docs = [
        m.entity
        for m in ctx.mentions_in(sent.start, sent.end, "initiative")
        if ctx.type_of(m.entity) in _DOCUMENTS
        and _SIGNED.search(ctx.text[max(sent.start, m.start - 40) : m.start])
    ]
    if docs:
        fact = ctx.propose(
            "event",
            sent.start,
            sent.end,
            {"event": before[0], "outcomes": list(dict.fromkeys(docs))},
            "a document signed or adopted, in the sentence after the event's",
            0.5,
            f"event-{before[0]}",
        )
        last[before[0]] = (index, fact)


def find_events(ctx: Context) -> None:
    describe_events(ctx)
    current: str | None = None
    recent: list[str] = []
    last: dict[str, tuple[int, Fact]] = {}  # event -> the sentence (index) and fact that last proposed it
    for index, sent in enumerate(ctx.sentences):
        events = [
            e for e in event_mentions(ctx, sent.start, sent.end, recent) if not _time_reference(ctx, sent, e)
        ]
        # a deadline ("to be completed by 2029") is not when the event took place
        dates = [
            d
            for d in ctx.dates_in(sent.start, sent.end)
            if not _DEADLINE.search(ctx.text[sent.start : d.start])
        ]
        held = _HELD.search(sent.text)
        if not events and held and _GENERIC.search(sent.text) and current is None:
            founded = [
                m
                for m in ctx.mentions_in(sent.start, sent.end, "organization")
                if _FOUNDING.search(ctx.text[max(sent.start, m.start - 40) : m.start])
            ]
            current = _ceremony(ctx, founded[0].text if founded else None)
            events = [current]
        if not events:
            _outcome(ctx, sent, index, last)
            continue
        current = events[0]
        recent += [e for e in events if e not in recent[-1:]]
        places = [
            m.entity
            for m in ctx.mentions_in(sent.start, sent.end)
            if (m.kind in _PLACE_KINDS and m.pattern != NESTED)  # "Center for Europe and Asia" is not a venue
            or (
                m.kind == "organization"
                and re.search(
                    r"\b(?:took place|held|hosted) (?:at|in) (?:the )?$",
                    ctx.text[max(sent.start, m.start - 30) : m.start],
                )
            )
        ]
        # a sentence whose subject is the event says what it did or what came of it ("The forum was co-hosted
        # by …", "The session outlined …")
        subject = re.match(
            r"^(?:The|This) (?:[a-z-]+ )?(?:event|ceremony|forum|summit|meeting|session|visit|talks)\b",
            sent.text,
        )
        # an interview, or the establishment of relations "since" which something holds: reported by the phrase
        described = any(
            ctx.type_of(e) == "Interview"
            or ctx.entities.known[e].name.startswith("Establishment of diplomatic")
            for s0, _, e in ctx.described
            if sent.start <= s0 < sent.end
        )
        during = _DURING.search(sent.text)
        occasion = during.group(0) if during else _at_event(ctx, sent)
        if not (dates or held or places or subject or described or occasion):
            continue
        if not (dates or held or places) and _ATTENDANCE.search(sent.text):
            continue  # who came ("The ceremony witnessed the presence of …"): a participation, not the event
        named = ctx.mentions_in(sent.start, sent.end, "event") or any(
            sent.start <= s0 < sent.end for s0, _, _ in ctx.described
        )
        previous = last.get(events[0])
        if not named and not dates and held and places and previous is not None and previous[0] == index - 1:
            # "… the establishment of the Center in Astana. The event took place at X University": where the
            # event of the sentence before took place, one fact with it
            fact = previous[1]
            fact.end = sent.end
            fact.fields["location"] = list(dict.fromkeys(fact.fields.get("location", []) + places))
            fact.pattern += f", '{held.group(0)}' in the next sentence"
            continue
        eve = None if dates else _eve(ctx, sent)
        for event in events:
            fields: dict = {"event": event}
            if dates:
                fields.update(_dates_for(ctx, sent, event, events, dates[0]))
            elif eve:
                fields.update(eve)
            where = [ctx.places[event]] if event in ctx.places else places
            if where:
                fields["location"] = list(dict.fromkeys(where))
            pattern = "event named with " + ", ".join(
                w
                for w, ok in (
                    ("a date", dates),
                    ("'" + held.group(0) + "'" if held else "", held),
                    ("a place", where),
                )
                if ok
            )
            if not (dates or held or where):
                pattern = "the event as the subject of a sentence"
            if occasion and not (dates or held or where or subject or described):
                pattern = f"'{occasion}'"
            last[event] = (
                index,
                ctx.propose(
                    "event", sent.start, sent.end, fields, pattern, 0.7 if dates else 0.6, f"event-{event}"
                ),
            )
    for fact in ctx.facts:
        if (
            fact.kind == "event"
            and "date" in fact.fields
            and ("start" in fact.fields or "end" in fact.fields)
        ):
            fact.fields.pop("start", None)
            fact.fields.pop("end", None)
