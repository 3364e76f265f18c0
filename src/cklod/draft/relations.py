"""Relations the format has predicates for: located-in, established-by, diplomatic-relations-with, …"""

from __future__ import annotations

import re

from cklod.draft.core import Context
from cklod.draft.lexicon import DEMONYMS

_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5}
_RANKED = re.compile(
    r", (?:the |its )?(?:(?P<ordinal>second|third|fourth|fifth)[- ])?"
    r"(?P<superlative>(?:largest|biggest|most populous)(?:-ever)?) (?P<noun>city|port|economy|region) (?:in|of) (?:the )?"
)


def _placed_person(ctx: Context, sent, add) -> None:
    """ "In Zharkent, ..., Murat Suleymanov, the production manager ...": the sentence puts the person there."""
    opening = re.match(r"In ", sent.text)
    places = ctx.mentions_in(sent.start, sent.end)
    if not opening or not places or places[0].start != sent.start + 3 or places[0].kind != "place":
        return
    people = ctx.mentions_in(places[0].end, sent.end, "person")
    if people:
        add(
            people[0].entity,
            "was-in",
            places[0].entity,
            sent.start,
            people[0].end,
            "'In Place, ... Person'",
            0.6,
        )


def find_relations(ctx: Context) -> None:
    text = ctx.text
    seen: set[tuple[str, str, str]] = set()

    def add(
        subject: str,
        predicate: str,
        obj: str,
        start: int,
        end: int,
        pattern: str,
        conf: float,
        **more: object,
    ) -> None:
        if subject == obj or (subject, predicate, obj) in seen:
            return
        seen.add((subject, predicate, obj))
        ctx.propose(
            "relation",
            start,
            end,
            {"subject": subject, "predicate": predicate, "object": obj, **more},
            pattern,
            conf,
            f"{subject}-{predicate}",
        )

    mentions = ctx.entities.mentions
    # "the Confucius Institute at Eurasian University": an instance named after its programme is an instance of
    # it, never the programme itself (the programme keeps no status, place or date of its own).
    programmes = {k.name.lower(): pid for pid, k in ctx.entities.known.items() if k.type == "Programme"}
    for m in mentions:
        if m.kind not in ("organization", "place"):
            continue
        for name, pid in programmes.items():
            if m.text.lower().startswith(name) and len(m.text) > len(name):
                add(m.entity, "instance-of-programme", pid, m.start, m.end, "named after its programme", 0.7)
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is None:
            continue
        between = text[m.end : nxt.start]
        # "Kazakhstan's Astana"
        if between in ("'s ", "’s ") and m.kind == "country" and nxt.kind == "place":
            add(nxt.entity, "located-in", m.entity, m.start, nxt.end, "possessive: Country's Place", 0.8)
        # "the capital city of Kazakhstan, Astana"
        if (
            between == ", "
            and m.kind == "country"
            and nxt.kind == "place"
            and re.search(
                r"\b(?:capital|city|port|region) of (?:the )?$", text[max(0, m.start - 30) : m.start]
            )
        ):
            add(
                nxt.entity,
                "located-in",
                m.entity,
                m.start
                - len(
                    re.search(
                        r"(?:the )?(?:capital )?(?:city |port |region )?of (?:the )?$",
                        text[max(0, m.start - 30) : m.start],
                    ).group(0)
                ),
                nxt.end,
                "'the city of Country, Place'",
                0.8,
            )
        # "Almaty, the largest city in Kazakhstan": located there, ranked by the superlative (issue 15)
        ranked = _RANKED.fullmatch(between)
        if ranked and m.kind == "place" and nxt.kind in ("place", "country"):
            words = f"{ranked['superlative']} {ranked['noun']}"
            rank = _ORDINALS.get((ranked["ordinal"] or "").lower(), 1)
            pattern = "'Place, the largest city in Country'"
            add(
                m.entity,
                "located-in",
                nxt.entity,
                m.start,
                nxt.end,
                pattern,
                0.75,
                superlative=words,
                rank=rank,
            )
        # "X, located in Y" / "X in Y" for places
        if re.fullmatch(r"\)?,? (?:located|based|situated) in (?:the )?", between) and nxt.kind in (
            "place",
            "country",
        ):
            add(m.entity, "located-in", nxt.entity, m.start, nxt.end, "'located in'", 0.85)
    for sent in ctx.sentences:
        s = sent.text
        _placed_person(ctx, sent, add)
        for hit in re.finditer(r"\bdiplomatic (?:ties|relations) between\b", s):
            parties = [m for m in ctx.mentions_in(sent.start + hit.end(), sent.end) if m.kind == "country"][
                :2
            ]
            if len(parties) == 2:
                add(
                    parties[0].entity,
                    "diplomatic-relations-with",
                    parties[1].entity,
                    sent.start + hit.start(),
                    parties[1].end,
                    "'diplomatic ties between A and B'",
                    0.7,
                )
        for hit in re.finditer(r"\b(?:jointly )?(?:established|founded|set up) by\b", s):
            t = sent.start + hit.end()
            subj = [
                m for m in ctx.mentions_in(sent.start, sent.start + hit.start()) if m.kind == "organization"
            ]
            for o in ctx.mentions_in(t, sent.end):
                if subj and o.kind in ("organization", "person", "country"):
                    add(
                        subj[-1].entity,
                        "established-by",
                        o.entity,
                        sent.start,
                        sent.end,
                        "'established by'",
                        0.7,
                    )
        for hit in re.finditer(r"\b(?:city|port city|capital) of\b", s):
            adj = re.search(r"\b(\w+) (?:\w+ )?(?:port )?city of$", s[: hit.end()])
            after = [
                m
                for m in ctx.mentions_in(sent.start + hit.end(), sent.start + hit.end() + 40)
                if m.kind == "place"
            ]
            if adj and after and adj.group(1).lower() in DEMONYMS:
                ids = ctx.entities.index.find(DEMONYMS[adj.group(1).lower()])[0]
                if ids:
                    add(
                        after[0].entity,
                        "located-in",
                        ids[0],
                        sent.start + adj.start(),
                        after[0].end,
                        "'the Demonym city of Place'",
                        0.7,
                    )
