"""Roles: "Name, Title of Org", "Org's Title Name", "Title Name", "former …"."""

from __future__ import annotations

import re

from cklod.draft.core import Context
from cklod.draft.entities import Mention
from cklod.draft.lexicon import DEMONYMS, POST_WORDS, TITLE_WORDS
from cklod.draft.names import key

# lowercase words a title may contain between its title words and names ("director of the …")
_INNER = frozenset({"of", "the", "at", "for", "and", "in", "on", "under", "to", "(", ")", "’s", "'s", "-"})


def _title_word(tok) -> bool:
    return tok.text.lower().rstrip(".") in TITLE_WORDS or tok.text.lower().split("-")[0] in TITLE_WORDS


def find_roles(ctx: Context) -> None:
    doc = ctx.doc
    seen: set[tuple[str, str]] = set()
    persons = [m for m in ctx.entities.mentions if m.kind == "person"]
    starts = {m.start for m in persons}
    for p in persons:
        found = _after(ctx, p, starts) + _before(ctx, p)
        for start, t_start, end, title, former, pattern, conf in found:
            mark = (p.entity, key(title))
            if mark in seen:
                continue
            seen.add(mark)
            fields = {"holder": p.entity, "title": title}
            fields.update(_organization(ctx, t_start, end, p, title))
            if "organization" not in fields and "country" not in fields:
                fields.update(_country_by_demonym(ctx, start, t_start))
            if former:
                fields["former"] = True
            ctx.propose("role", start, end, fields, pattern, conf, f"role-{p.entity}")
    for who, start, t_start, end, title, pattern in _copula(ctx, starts):
        if (who, key(title)) in seen:
            continue
        seen.add((who, key(title)))
        fields = {"holder": who, "title": title}
        fields.update(_organization(ctx, t_start, end, None, title))
        ctx.propose("role", start, end, fields, pattern, 0.6, f"role-{who}")
    del doc


_MINISTER = re.compile(r"\bMinister (of (?:[A-Z][\w-]*|and|the)(?: (?:[A-Z][\w-]*|and))*)")


def _organization(ctx: Context, start: int, end: int, p: Mention | None, title: str) -> dict[str, str]:
    inside = [
        m for m in ctx.mentions_in(start, end) if p is None or (m is not p and not m.start <= p.start < m.end)
    ]
    orgs = [m for m in inside if m.kind == "organization"]
    if orgs:
        return {"organization": orgs[0].entity}
    minister = _MINISTER.search(title)
    if minister:
        # "Vice Minister of Culture and Information of the Republic of Kazakhstan": the ministry it implies
        rest = title[minister.end() :]
        country = re.match(r"^ of (?:the )?([A-Z][\w’' -]+)$", rest)
        name = "Ministry " + minister.group(1) + (f" of {country.group(0)[4:]}" if country else "")
        ministry = ctx.entities.candidate(name, "Ministry", "'Minister of X' names the Ministry of X", 0.5)
        out = {"organization": ministry}
        countries = [m for m in inside if m.kind == "country"]
        if countries:
            out["country"] = countries[0].entity
        return out
    named = re.search(r"\b(?:at|of|for) (?:the )?((?:[A-Z][\w’'&-]*\s?)+)$", title)
    if (
        named
        and not any(m.kind in ("organization", "country") for m in inside)
        and not any(m.text == named.group(1).strip() for m in inside)
    ):
        # "general manager … at Astana Automobile": the organization the post is at, proposed
        org = ctx.entities.candidate(
            named.group(1).strip(), "Organization", "organization named in a title", 0.4
        )
        return {"organization": org}
    countries = [m for m in inside if m.kind == "country"]
    if countries:
        return {"country": countries[0].entity}
    words = ctx.text[start:end].lower().split()
    for w in words:
        country = DEMONYMS.get(w)
        if country:
            ids = ctx.entities.index.find(country)[0]
            if ids and ctx.kind_of(ids[0]) == "country":
                return {"country": ids[0]}
    return {}


def _continues(ctx: Context, k: int, person_starts: set[int]) -> bool:
    """Whether the title goes on past the comma at token ``k`` ("Institute of Russian, Eastern European,
    and Central Asian Studies"): the next word is capitalized and does not start a person's name."""
    doc = ctx.doc
    n = k + 1
    if n < len(doc) and doc[n].text.lower() == "and":
        n += 1
    return (
        n < len(doc)
        and doc[n].text[:1].isupper()
        and doc[n].idx not in person_starts
        and not _title_word(doc[n])
    )


def _country_by_demonym(ctx: Context, start: int, end: int) -> dict[str, str]:
    """ "Tajik President Rahmon": the country of the demonym before the title."""
    for w in ctx.text[start:end].lower().split():
        country = DEMONYMS.get(w)
        ids = ctx.entities.index.find(country)[0] if country else []
        if ids and ctx.kind_of(ids[0]) == "country":
            return {"country": ids[0]}
    return {}


def _post_start(doc, i: int) -> int | None:
    """Where a post starts at token ``i``: a title word, or up to two modifiers before one ("production
    manager", "global press officer")."""
    for n in range(3):
        if i + n < len(doc) and _title_word(doc[i + n]):
            return i if all(doc[i + m].is_alpha and doc[i + m].is_lower for m in range(n)) else None
    return None


def _title_end(ctx: Context, j: int, person_starts: set[int]) -> int:
    """The token after the last of a title that starts at ``j`` ("Director of the Institute of Russian, Eastern
    European, and Central Asian Studies at the Chinese Academy of Social Sciences")."""
    doc = ctx.doc
    k = j
    while k < len(doc):
        tok = doc[k]
        low = tok.text.lower()
        if (tok.idx in person_starts and k > j) or (tok.is_sent_start and k > j):
            break
        if tok.text == ",":
            if _continues(ctx, k, person_starts):
                k += 1
                continue
            break
        if (
            low == "and"
            and k + 1 < len(doc)
            and (doc[k + 1].text.lower() == "former" or doc[k + 1].idx in person_starts)
        ):
            break
        if (
            tok.text[:1].isupper()
            or low in _INNER
            or _title_word(tok)
            or "-" in tok.text
            or low[:2] in ("d’", "d'")
        ):
            k += 1
            continue
        # lowercase words of a post before its organization: "general manager of business development at X"
        ahead = [t.text for t in doc[k : k + 4]]
        if tok.is_alpha and any(
            w in ("at", "of") and n + 1 < len(ahead) and ahead[n + 1][:1].isupper()
            for n, w in enumerate(ahead)
        ):
            k += 1
            continue
        if k == j or (tok.is_alpha and tok.is_lower and k < j + 3 and _post_start(doc, k) is not None):
            k += 1  # the modifiers of the post itself
            continue
        break
    while k > j and doc[k - 1].text.lower() in _INNER - {")"} | {","}:
        k -= 1
    return k


def _after(
    ctx: Context, p: Mention, person_starts: set[int]
) -> list[tuple[int, int, int, str, bool, str, float]]:
    """Name, Title of Org (and former Title of Org); Name, the production manager …"""
    doc, text = ctx.doc, ctx.text
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    i = span.end
    if i + 1 >= len(doc) or doc[i].text != ",":
        return []
    i += 1
    if doc[i].text.lower() in ("the", "a", "an") and i + 1 < len(doc) and _post_start(doc, i + 1) is not None:
        i += 1
    out = []
    while i < len(doc):
        former = doc[i].text.lower() == "former"
        j = _post_start(doc, i + 1 if former else i)
        if j is None:
            break
        k = _title_end(ctx, j, person_starts)
        if k == j:
            break
        end = doc[k - 1].idx + len(doc[k - 1].text)
        pattern = "apposition: Name, former Title of Org" if former else "apposition: Name, Title of Org"
        out.append((p.start, doc[j].idx, end, text[doc[j].idx : end], former, pattern, 0.85))
        if k + 1 < len(doc) and doc[k].text.lower() == "and" and doc[k + 1].text.lower() == "former":
            i = k + 1
            continue
        break
    return out


_COPULA = re.compile(r"\b(?:is|was|has been|serves as|served as|works as|worked as) (?:the |a |an )?$")


def _copula(ctx: Context, person_starts: set[int]) -> list[tuple[str, int, int, int, str, str]]:
    """ "Today, he is the global press officer of the X": the subject (a name, or he/she for the last person
    named) holds the post."""
    doc, text = ctx.doc, ctx.text
    out = []
    for sent in ctx.sentences:
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        for tok in span:
            if tok.text.lower() not in ("he", "she") and tok.idx not in person_starts:
                continue
            mention = next(
                (m for m in ctx.entities.mentions if m.start == tok.idx and m.kind == "person"), None
            )
            last = tok.i + 1
            if mention is not None:
                last = doc.char_span(mention.start, mention.end, alignment_mode="expand").end
                who = mention.entity
            else:
                earlier = [m for m in ctx.entities.mentions if m.kind == "person" and m.end <= tok.idx]
                if not earlier:
                    continue
                who = earlier[-1].entity
            rest = text[doc[last].idx if last < len(doc) else sent.end : sent.end]
            cop = re.match(
                r"^\s*(?:(?:is|was|has been|serves as|served as|works as|worked as) (?:now )?(?:the |a |an )?)",
                rest,
            )
            if not cop:
                continue
            at = doc.char_span(doc[last].idx + cop.end(), sent.end, alignment_mode="expand")
            if at is None or len(at) == 0:
                continue
            j = _post_start(doc, at.start)
            if j is None:
                continue
            k = _title_end(ctx, j, person_starts)
            if k > j and any(_title_word(t) and t.text.lower() in POST_WORDS for t in doc[j:k]):
                end = doc[k - 1].idx + len(doc[k - 1].text)
                out.append(
                    (
                        who,
                        sent.start,
                        doc[j].idx,
                        end,
                        text[doc[j].idx : end],
                        "'Name/he is the Title of Org'",
                    )
                )
            break
    return out


def _before(ctx: Context, p: Mention) -> list[tuple[int, int, int, str, bool, str, float]]:
    """Title Name, Org's Title Name, Chinese President Name, former Title Name; "State Councilor and Foreign
    Minister Name" holds two posts."""
    doc, text = ctx.doc, ctx.text
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    i = span.start
    j = i
    while j > 0 and not doc[j].is_sent_start:
        tok = doc[j - 1]
        if any(m.start <= tok.idx < m.end for m in ctx.entities.mentions if m.kind == "person"):
            break
        if tok.text[:1].isupper() or (
            tok.text.lower() in ("of", "and", "for") and j - 2 >= 0 and doc[j - 2].text[:1].isupper()
        ):
            j -= 1
            continue
        break
    # the title starts at its first title word; a demonym before it is part of it ("Chinese President")
    while j < i and not _title_word(doc[j]):
        j += 1
    while j < i and doc[i - 1].text.lower() in ("of", "and", "for"):
        i -= 1
    if j >= i or not any(_title_word(t) for t in doc[j:i]):
        return []
    # a title that names an organization of its own belongs to that organization, not to a mention inside it
    if any(m.start <= doc[j].idx < m.end for m in ctx.entities.mentions if m.kind != "country"):
        return []
    start, former, pattern = doc[j].idx, False, "title before the name: Title Name"
    k = j
    while k > 0 and (doc[k - 1].text.lower() in DEMONYMS or doc[k - 1].text.lower() == "former"):
        k -= 1
        former = former or doc[k].text.lower() == "former"
        start = doc[k].idx
    if k > 1 and doc[k - 1].text in ("’s", "'s"):
        owner = [m for m in ctx.entities.mentions if m.end == doc[k - 2].idx + len(doc[k - 2].text)]
        if owner:
            start, pattern = owner[0].start, "possessive: Org's Title Name"
    if former:
        pattern = "former Title Name"
    first = k if doc[k].text.lower() != "former" else k + 1
    if first < j and doc[first].text.lower() in DEMONYMS:
        j = first
    words = [t for t in doc[j:i]]
    parts, cut = [], j
    for n, t in enumerate(words):
        if (
            t.text.lower() == "and"
            and _title_word(doc[j + n + 1])
            and any(_title_word(w) for w in doc[cut : j + n])
        ):
            parts.append((cut, j + n))
            cut = j + n + 1
    parts.append((cut, i))
    out = []
    for a, b in parts:
        title = text[doc[a].idx : doc[b - 1].idx + len(doc[b - 1].text)]
        out.append((start, doc[a].idx, p.end, title, former, pattern, 0.75))
    return out
