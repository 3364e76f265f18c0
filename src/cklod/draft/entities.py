"""Names in the text: linked to the registry (by name, variant or short form) or proposed as new entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cklod.draft.lexicon import (
    CALENDAR,
    DEMONYMS,
    LEADING_KEYWORDS,
    NOT_NAMES,
    PERSON_NOUNS,
    PLACE_NOUNS,
    SPEECH_VERBS,
    SURNAME_ENDINGS,
    TITLE_WORDS,
    TYPE_KEYWORDS,
)
from cklod.draft.names import NameIndex, key, slug
from cklod.rdf.iris import ENTITY_TYPES

# Small words a title keeps lowercase ("… Reforms to Promote Chinese-Style Modernization").
TITLE_SMALL_WORDS = frozenset({"of", "for", "and", "the", "on", "to", "in", "with", "a", "an", "at", "by"})
CONNECTORS = frozenset({"of", "for", "and", "the", "de", "on", "&", "-", "’s"})
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
NESTED = "registry name inside a longer name"


@dataclass
class Mention:
    start: int
    end: int
    text: str
    entity: str
    kind: str
    linked: bool
    confidence: float
    pattern: str


@dataclass
class Candidate:
    id: str
    type: str
    name: str
    alt: list[str] = field(default_factory=list)
    pattern: str = ""
    confidence: float = 0.5
    look_alikes: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return ENTITY_TYPES[self.type][0]


@dataclass
class Known:
    """What the draft knows of an entity: its kind and names, from the registry or from a candidate."""

    kind: str
    type: str
    name: str


def _is_cap(tok: Any) -> bool:
    t = tok.text
    return (t[:1].isupper() and t.lower().rstrip(".") not in CALENDAR) or bool(_ORDINAL.match(t))


class EntityFinder:
    def __init__(self, doc: Any, registry: Any, nlp: Any):
        self.doc = doc
        self.text = doc.text
        self.known: dict[str, Known] = {}
        names: list[tuple[str, str]] = []
        for e in registry.entities.values():
            self.known[e.id] = Known(e.kind, e.type, e.name)
            names += [(e.id, n) for n in e.names]
        self.index = NameIndex.of(names)
        self.nlp = nlp
        self.names = names
        self.mentions: list[Mention] = []
        self.candidates: dict[str, Candidate] = {}
        self._taken = [False] * len(doc)
        self.nested: list[tuple[int, int, str]] = []

    # ------------------------------------------------------------------ registry names, exactly
    def exact(self) -> None:
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        by_name: dict[str, list[str]] = {}
        for entity_id, name in self.names:
            by_name.setdefault(name, []).append(entity_id)
        for name in sorted(by_name):
            matcher.add(name, [self.nlp.make_doc(name)])
        found = []
        for match_id, s, e in matcher(self.doc):
            span = self.doc[s:e]
            name = self.nlp.vocab.strings[match_id]
            # a name is capitalized, unless the registry writes it as a common phrase ("hard connectivity")
            if not span.text[:1].isupper() and not (name[:1].islower() and e - s >= 2):
                continue
            ids = by_name[name]
            canonical = 0 if self.known[ids[0]].name == name else 1
            found.append((s, e, ids, canonical))
        # longest first; at equal length the canonical name before an alt ("Xi Jinping" over "President Xi")
        found.sort(key=lambda m: (-(m[1] - m[0]), m[3], m[0]))
        whole = self._keyword_runs()
        for s, e, ids, _ in found:
            if any(self._taken[s:e]):
                continue
            if any(a <= s and e <= b and (a, b) != (s, e) for a, b in whole):
                # part of a longer name ("Central Committee of the Communist Party of China" in "Publicity
                # Department of the Central Committee …"): a mention of its own, but not where names split
                self.nested.append((s, e, ids[0]))
                continue
            if self._inside_full_name(s, e, ids[0]):
                continue
            if self.known[ids[0]].kind == "person":
                # a given name printed before the registry's surname ("Kasym-Jomart Tokayev")
                while (
                    s > 1
                    and self.doc[s - 1].text == "-"
                    and not self.doc[s - 2].whitespace_
                    and _is_cap(self.doc[s - 2])
                ) or (
                    s > 0
                    and _is_cap(self.doc[s - 1])
                    and not self._taken[s - 1]
                    and not self.doc[s - 1].is_sent_start
                    and self.doc[s - 1].text.lower() not in TITLE_WORDS | set(DEMONYMS)
                    and not self.doc[s - 1].is_stop
                ):
                    s -= 1
            self._take(s, e, ids[0], 1.0 if len(ids) == 1 else 0.6, "registry name")

    def _inside_full_name(self, s: int, e: int, entity_id: str) -> bool:
        """A one-word person name followed by another capitalized word is part of someone's full name
        ("Wang" of Wang Yi is not Wang Gang)."""
        nxt = self.doc[e] if e < len(self.doc) else None
        return (
            self.known[entity_id].kind == "person"
            and e - s == 1
            and nxt is not None
            and _is_cap(nxt)
            and nxt.text.lower() not in TITLE_WORDS
            and self.doc[e - 1].whitespace_ != ""
        )

    def free(self, start: int, end: int) -> bool:
        """Whether no name has taken the characters ``start:end`` yet."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and not any(self._taken[span.start : span.end])

    def claim(self, start: int, end: int) -> None:
        """Mark the characters ``start:end`` as part of a name (no later rule reads them as another)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        for i in range(span.start, span.end):
            self._taken[i] = True

    def _take(
        self, s: int, e: int, entity_id: str, confidence: float, pattern: str, linked: bool = True
    ) -> None:
        span = self.doc[s:e]
        for i in range(s, e):
            self._taken[i] = True
        self.mentions.append(
            Mention(
                span.start_char,
                span.end_char,
                span.text,
                entity_id,
                self.known[entity_id].kind,
                linked,
                confidence,
                pattern,
            )
        )

    def _keyword_runs(self) -> list[tuple[int, int]]:
        """Capitalized runs that say what they name ("… Summit", "Ministry of …", "Center for …"): one name,
        whatever names they contain. Titles before the name ("Vice Minister of the …") are not part of it."""
        out = []
        doc = self.doc
        for s, e in self.runs():
            while (
                s < e
                and (
                    doc[s].is_stop
                    or doc[s].text.lower() in TITLE_WORDS
                    or doc[s].text.lower() in ("of", "the", "for")
                )
                and doc[s].text.lower() not in TYPE_KEYWORDS
            ):
                s += 1
            if e - s < 2:
                continue
            last = e - 1
            if doc[last].text == ")" and e - s > 3:
                last = e - 4
            heads = [
                i
                for i in range(s, e - 1)
                if doc[i].text.lower() in TYPE_KEYWORDS
                and doc[i].text[:1].isupper()
                and doc[i + 1].text.lower() in ("of", "for", "in")
            ]
            if doc[last].text.lower() in TYPE_KEYWORDS or heads:
                out.append((s, e))
        return out

    # ------------------------------------------------------------------ capitalized runs
    def runs(self) -> list[tuple[int, int]]:
        doc, out, i, n = self.doc, [], 0, len(self.doc)
        while i < n:
            if not _is_cap(doc[i]) or self._taken[i]:
                i += 1
                continue
            title = self._quoted_title(i)
            if title:
                out.append((i, title))
                i = title
                continue
            j = i + 1
            while j < n:
                tok = doc[j]
                if self._taken[j] or "\n" in doc[j - 1].whitespace_ + tok.text:
                    break
                if _is_cap(tok):
                    j += 1
                    continue
                low = tok.text.lower()
                glued = tok.text == "-" and not doc[j - 1].whitespace_ and not tok.whitespace_
                paren = tok.text == "(" and j + 2 < n and doc[j + 2].text == ")" and _is_cap(doc[j + 1])
                in_org = (
                    low == "in" and doc[j - 1].text.lower() in ("center", "centre", "embassy", "office")
                ) or (
                    # "National Institute for Strategic Studies under the President of Kyrgyzstan"
                    low == "under"
                    and j + 2 < n
                    and doc[j + 1].text == "the"
                    and any(t.text.lower() in TYPE_KEYWORDS for t in doc[i:j])
                )
                if in_org and low == "under":
                    j += 2
                    continue
                if (
                    ((low in CONNECTORS and low != "-") or glued or in_org)
                    and j + 1 < n
                    and _is_cap(doc[j + 1])
                    and not self._taken[j + 1]
                ):
                    j += 1
                    continue
                if paren:
                    j += 3
                    continue
                quoted = next((q for q in range(j + 2, min(n, j + 8)) if doc[q].text in ("”", '"')), None)
                if (
                    low == "of"
                    and j + 2 < n
                    and doc[j + 1].text in ("“", '"')
                    and quoted
                    and _is_cap(doc[j + 2])
                ):
                    j = quoted + 1  # "Second Think Tank Forum of “China+Central Asia”"
                    continue
                if (
                    low in ("of", "for", "on")
                    and j + 2 < n
                    and doc[j + 1].text == "the"
                    and _is_cap(doc[j + 2])
                    and not self._taken[j + 2]
                ):
                    j += 2  # "Department of the Asia-Pacific Region"
                    continue
                break
            out.append((self._quoted_start(i), j))
            i = j
        return out

    def _quoted_title(self, i: int) -> int | None:
        """The end of a title in quotation marks that starts at ``i`` (the “Decision of the Central Committee …
        on Further Deepening Reforms to Promote Chinese-Style Modernization”): one name, small words and all."""
        doc = self.doc
        if i == 0 or doc[i - 1].text not in ("“", '"'):
            return None
        for j in range(i + 1, min(len(doc), i + 30)):
            t = doc[j]
            if t.text in ("”", '"') or (
                t.text in ".," and j + 1 < len(doc) and doc[j + 1].text in ("”", '"')
            ):
                small = sum(1 for x in doc[i:j] if not _is_cap(x))
                return j if j - i >= 4 and small and not any(self._taken[i:j]) else None
            if self._taken[j] or not (_is_cap(t) or t.text.lower() in TITLE_SMALL_WORDS or t.text == "-"):
                return None
        return None

    def _quoted_start(self, i: int) -> int:
        """A name that opens with a quoted part ('"Ali Farabi" Kazakh National University') starts at the quote."""
        doc = self.doc
        if i < 2 or doc[i - 1].text not in ('"', "”"):
            return i
        for q in range(i - 2, max(-1, i - 6), -1):
            if doc[q].text in ('"', "“"):
                inner = doc[q + 1 : i - 1]
                if len(inner) and all(_is_cap(t) for t in inner) and not any(self._taken[q:i]):
                    return q
                return i
        return i

    def fuzzy(self) -> list[tuple[int, int]]:
        """Link capitalized runs (or their parts) to registry names by key or fuzzy match; return the rest."""
        rest: list[tuple[int, int]] = []
        whole = {e: s for s, e in self._keyword_runs()}
        for s, e in self.runs():
            if e in whole:
                # one name whatever names it contains: linked as a whole or proposed as a whole
                ids, score = self.index.find(self.doc[whole[e] : e].text)
                if ids:
                    self._take(
                        whole[e], e, ids[0], round(0.95 * score, 2), "spelling variant of a registry name"
                    )
                else:
                    rest.append((s, e))
                continue
            rest.extend(self._link_within(s, e))
        return rest

    def _link_within(self, s: int, e: int) -> list[tuple[int, int]]:
        for size in range(e - s, 0, -1):
            for a in range(s, e - size + 1):
                b = a + size
                if not (_is_cap(self.doc[a]) and _is_cap(self.doc[b - 1])):
                    continue
                ids, score = self.index.find(self.doc[a:b].text)
                if ids and score < 1.0 and len(self.doc[a:b].text) < 8:
                    continue
                if ids and self._inside_full_name(a, b, ids[0]):
                    continue
                if ids:
                    pattern = "registry name" if score == 1.0 else "spelling variant of a registry name"
                    self._take(a, b, ids[0], round(0.95 * score, 2), pattern)
                    return self._link_within(s, a) + self._link_within(b, e)
        return [(s, e)] if e > s else []

    # ------------------------------------------------------------------ short forms and new names
    def propose(self, pieces: list[tuple[int, int]]) -> None:
        names = [(a, b) for s, e in sorted(pieces) for a, b in self._split(s, e)]
        for a, b in names:
            self._propose_one(a, b)
        # a name printed first without a clue ("Ruslan said"), then with one ("Ruslan, a young man …")
        for a, b in names:
            if not any(self._taken[a:b]):
                self._propose_one(a, b)

    def _split(self, s: int, e: int) -> list[tuple[int, int]]:
        doc = self.doc
        # leading function words, titles and demonyms ("The", "Chinese President") are not part of the name
        named_thing = any(t.text.lower() in TYPE_KEYWORDS and t.text[:1].isupper() for t in doc[s:e])
        while s < e and (
            doc[s].is_stop
            or doc[s].text.lower() in TITLE_WORDS
            or (doc[s].text.lower() in DEMONYMS and not named_thing)
            or doc[s].text.lower() in CONNECTORS
        ):
            if (
                doc[s].text.lower() in TITLE_WORDS
                and s + 1 < e
                and doc[s + 1].text.lower() in ("of", "for")
                and not any(t.text.lower() in TYPE_KEYWORDS and t.text[:1].isupper() for t in doc[s + 1 : e])
            ):
                return []  # "Minister of Foreign Affairs": a post, not a name
            s += 1
        while e > s and doc[e - 1].text.lower() in CONNECTORS | {"("}:
            e -= 1
        if e <= s:
            return []
        words = [t.text.lower() for t in doc[s:e]]
        if "and" in words:
            k = s + words.index("and")
            # "China and Kazakhstan", "X University and Y University": two names; not "Belt and Road Initiative"
            both_named = doc[k - 1].text.lower() in TYPE_KEYWORDS and words[-1] in TYPE_KEYWORDS
            if both_named or (words[-1] not in TYPE_KEYWORDS and not {"of", "for"} & set(words)):
                return self._split(s, k) + self._split(k + 1, e)
        return [(s, e)]

    def _propose_one(self, s: int, e: int) -> None:
        doc = self.doc
        span = doc[s:e]
        name = span.text
        if doc[e - 1].text == ")" and e - s > 3:
            name = doc[s : e - 3].text
        person = self._short_form(span.text)
        if person is not None:
            self._take(s, e, person, 0.8, "short form of a name used earlier")
            return
        head = self._head_form(span.text, span.start_char)
        if head is not None:
            self._take(s, e, head, 0.7, "the first word of a title used earlier", head not in self.candidates)
            return
        ids, score = self.index.find(name)
        if ids and not (score < 1.0 and len(name) < 8):
            self._take(s, e, ids[0], round(0.95 * score, 2), "spelling variant of a registry name")
            return
        k = key(name)
        for cand in self.candidates.values():
            if key(cand.name) == k or k in {key(a) for a in cand.alt}:
                self._take(s, e, cand.id, cand.confidence, cand.pattern, linked=False)
                return
        typ, pattern = self._type_of(s, e)
        if typ is None:
            return
        cid = slug(name)
        while cid in self.known:
            cid += "-2"
        alt = []
        if doc[e - 1].text == ")" and e - s > 3:
            alt.append(doc[e - 2].text)
        cand = Candidate(cid, typ, name, alt, pattern, 0.6, self.index.look_alikes(name))
        self.candidates[cid] = cand
        self.known[cid] = Known(cand.kind, typ, name)
        self._take(s, e, cid, cand.confidence, pattern, linked=False)

    def candidate(self, name: str, typ: str, pattern: str, confidence: float) -> str:
        """The id of ``name``: a registry entry with that name, else a (new or earlier) registry candidate."""
        ids, score = self.index.find(name)
        if ids and score == 1.0:
            return ids[0]
        k = key(name)
        for cand in self.candidates.values():
            if key(cand.name) == k:
                return cand.id
        cid = slug(name)
        while cid in self.known:
            cid += "-2"
        self.candidates[cid] = Candidate(
            cid, typ, name, [], pattern, confidence, self.index.look_alikes(name)
        )
        self.known[cid] = Known(self.candidates[cid].kind, typ, name)
        return cid

    def terms(self) -> None:
        """Short phrases put in quotation marks ("hard connectivity", the "Shanghai Spirit") name a concept."""
        # the sentence's full stop or comma may stand inside the closing mark (the “clash of civilizations theory.”)
        for m in re.finditer(r"[“\"]([A-Za-z][\w’' -]{2,40})[.,]?[”\"]", self.text):
            words = m.group(1).split()
            span = self.doc.char_span(m.start(1), m.end(1))
            if not 1 <= len(words) <= 4 or span is None or any(self._taken[span.start : span.end]):
                continue
            if len(words) == 1 and m.group(1).islower():
                continue  # a single common word in quotation marks ("firsts") is emphasis, not a name
            concept = self.candidate(m.group(1), "PolicyConcept", "a phrase in quotation marks", 0.4)
            self._take(
                span.start,
                span.end,
                concept,
                0.4,
                "a phrase in quotation marks",
                linked=concept not in self.candidates,
            )

    def _head_form(self, name: str, at: int) -> str | None:
        """The “Decision” after the “Decision of the Central Committee … on …”: the one earlier title it begins."""
        if " " in name.strip():
            return None
        fits = {
            m.entity
            for m in self.mentions
            if m.kind != "person"
            and m.start < at
            and m.text.startswith(name + " of ")
            and m.text.count(" ") >= 3
        }
        return fits.pop() if len(fits) == 1 else None

    def _short_form(self, name: str) -> str | None:
        """A surname or given name alone, after the full name ("Xi" for Xi Jinping): the one person it fits."""
        if " " in name.strip():
            return None
        k = key(name)
        fits = {
            m.entity
            for m in self.mentions
            if m.kind == "person"
            and k in (key(m.text).split()[:1] + key(m.text).split()[-1:])
            and " " in m.text
        }
        return fits.pop() if len(fits) == 1 else None

    def _type_of(self, s: int, e: int) -> tuple[str | None, str]:
        doc = self.doc
        inside = False  # a quoted name inside the name ("Forum of “Green Silk Road”") does not say what it is
        words = []
        for t in doc[s:e]:
            if t.text in ("“", "”", '"'):
                inside = t.text == "“" or (t.text == '"' and not inside)
                continue
            if t.text not in "()" and not inside:
                words.append(t.text.lower().rstrip("."))
        if doc[e - 1].text == ")" and len(words) > 2:
            words = words[:-1]
        if not words:
            return None, ""
        if len(words) > 2 and words[0] in LEADING_KEYWORDS and words[1] in ("of", "for", "on"):
            # the head of "Decision of the Central Committee …" or "Academy of Sciences" comes first
            return TYPE_KEYWORDS.get(words[0], "Organization"), f"name beginning with '{words[0]} {words[1]}'"
        for w in reversed(words):
            if w in TYPE_KEYWORDS:
                return TYPE_KEYWORDS[w], f"name ending in '{w}'"
        if words[0] in LEADING_KEYWORDS:
            return TYPE_KEYWORDS.get(words[0], "Organization"), f"name beginning with '{words[0]}'"
        # "Alashankou ports", '"Chinese Bridge" competition': the common noun after the name says what it names
        n = e + 1 if e < len(doc) and doc[e].text in ('"', "”") else e
        for k in range(n, min(n + 2, len(doc))):
            follow = doc[k].text.lower()
            # only what a place or an organization is called this way ("the Astana summit" is not a summit's name)
            if (
                follow in TYPE_KEYWORDS
                and doc[k].is_lower
                and ENTITY_TYPES[TYPE_KEYWORDS[follow]][0]
                in (
                    "place",
                    "organization",
                )
            ):
                return TYPE_KEYWORDS[follow], f"name followed by '{follow}'"
            if not (
                doc[k].is_alpha
                and doc[k].is_lower
                and k + 1 < len(doc)
                and doc[k + 1].text.lower() in TYPE_KEYWORDS
            ):
                break
        if all(w in DEMONYMS or w in NOT_NAMES for w in words):
            return None, ""
        before = doc[max(0, s - 3) : s].text.lower()
        after = doc[e : e + 3].text.lower()
        titled = s > 0 and doc[s - 1].text.lower() in TITLE_WORDS
        if len(words) <= 3 and all(
            (t.text[:1].isupper() and t.text.isalpha()) or "-" in t.text for t in doc[s:e]
        ):
            if titled:
                return "Person", "name after a title"
            if re.match(r"^, (an? |the )?[\w-]+", doc[e : e + 3].text_with_ws + " ") and any(
                w in TITLE_WORDS for w in after.replace(",", " ").split()
            ):
                return "Person", "name followed by a title (apposition)"
            appos = re.match(r"^, (?:an? |the )((?:[\w-]+[ ,]){0,5})", doc[e : e + 8].text_with_ws)
            appos_words = {w.strip(",").lower() for w in appos.group(1).split()} if appos else set()
            if PERSON_NOUNS & appos_words:
                return "Person", "name followed by 'a … man/woman/student …' (apposition)"
            if PLACE_NOUNS & appos_words:
                return "City", "name followed by 'a … city/town …' (apposition)"
            if (
                s >= 2
                and doc[s - 1].text == ","
                and any(
                    m.kind in ("place",) and m.end == doc[s - 2].idx + len(doc[s - 2].text)
                    for m in self.mentions
                )
            ):
                return "AdministrativeArea", "'Place, Name': the region a place is in"
            if len(words) >= 2 and words[-1].endswith(SURNAME_ENDINGS) and words[0] not in NOT_NAMES:
                return "Person", "a given name and a surname of the region ('-ova', '-yev', '-uly' …)"
            listed = _neighbour_type(self, s, e)
            if listed is not None:
                return listed, "in a list with names of that kind"
            if any(after.startswith(v) or before.endswith(v) for v in SPEECH_VERBS):
                return "Person", "name next to a speech verb"
            if re.search(r"\b(city|capital|town|port|region|province) of$", before):
                return "City", "'city of' Name"
            if (
                re.search(r"\b(in|at|to|from|near)$", before)
                and len(words) <= 2
                and s > doc[s].sent.start + 1
            ):
                return "Place", "'in'/'at' Name"
        return None, ""


_LIST_BEFORE = re.compile(r"(?:,|,? and|,? or)\s*$")
_LIST_AFTER = re.compile(r"^\s*(?:,|,? and|,? or)\s*")


_LIST_KINDS = frozenset({"place", "country", "organization"})


def _neighbour_type(finder: EntityFinder, s: int, e: int) -> str | None:
    """The type of the known names next to ``doc[s:e]`` in a list ("Asia, Europe and Africa"; "the UN, SCO, CICA
    and other platforms"), when they agree."""
    text, start, end = finder.text, finder.doc[s].idx, finder.doc[e - 1].idx + len(finder.doc[e - 1].text)
    types = set()
    before = _LIST_BEFORE.search(text[max(0, start - 8) : start])
    if before:
        edge = start - len(before.group(0))
        types |= {
            finder.known[m.entity].type for m in finder.mentions if m.end == edge and m.kind in _LIST_KINDS
        }
    after = _LIST_AFTER.match(text[end : end + 8])
    if after and after.group(0).strip():
        edge = end + len(after.group(0))
        types |= {
            finder.known[m.entity].type for m in finder.mentions if m.start == edge and m.kind in _LIST_KINDS
        }
    return types.pop() if len(types) == 1 else None


def _local_short_forms(finder: EntityFinder) -> None:
    """ "Wang" after "Wang Lei" in this text is Wang Lei, whoever else the registry knows as "Wang"."""
    full = [m for m in finder.mentions if m.kind == "person" and " " in m.text.strip()]
    for m in finder.mentions:
        if m.kind != "person" or " " in m.text.strip():
            continue
        k = key(m.text)
        earlier = {
            f.entity
            for f in full
            if f.start < m.start and k in (key(f.text).split()[:1] + key(f.text).split()[-1:])
        }
        if len(earlier) == 1 and m.entity not in earlier:
            m.entity = earlier.pop()
            m.pattern, m.linked = "short form of a name used earlier", m.entity not in finder.candidates


def find_names(doc: Any, registry: Any, nlp: Any) -> EntityFinder:
    """The names of the text: registry names and their variants, then new capitalized names and terms.
    cklod.draft.phrases adds the names given as phrases; then :func:`settle_names`."""
    finder = EntityFinder(doc, registry, nlp)
    finder.exact()
    finder.propose(finder.fuzzy())
    finder.terms()
    return finder


def settle_names(finder: EntityFinder) -> None:
    """The names inside names that are mentions of their own, in text order, and short forms resolved."""
    doc = finder.doc
    for s, e, entity_id in finder.nested:
        span = doc[s:e]
        if finder.known[entity_id].kind == "place" and (
            any(
                a <= s and e <= b and (a, b) != (s, e) for a, b, _ in finder.nested
            )  # "Asia" of "Central Asia"
            or any(
                m.kind != "event" and m.start <= span.start_char and span.end_char <= m.end
                for m in finder.mentions
            )
        ):
            # "Beijing" of Beijing Language and Culture University is a word of its name, not the city; the
            # places an event is named for ("China-Central Asia Summit") are its parties
            continue
        finder.mentions.append(
            Mention(
                span.start_char,
                span.end_char,
                span.text,
                entity_id,
                finder.known[entity_id].kind,
                True,
                0.9,
                NESTED,
            )
        )
    finder.mentions.sort(key=lambda m: (m.start, -m.end))
    _local_short_forms(finder)
