"""Dataset-wide pages: the home page (from VoID), class indexes, the timeline of events and label search."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from cklod.rdf.iris import CKLOD, DCAT, DCTERMS, OA, PREFIXES, RDF, SCHEMA, VOID
from cklod.serve.lookup import TYPE, Lookup
from cklod.serve.terms import Term, iri_term, term
from cklod.serve.vocab import Vocabulary, curie

SPDX = "http://spdx.org/rdf/terms#"
LOCAL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

# The classes a reader looks for first, in the order the home page lists them.
MAIN_CLASSES = (
    SCHEMA + "Person",
    SCHEMA + "Organization",
    SCHEMA + "Country",
    SCHEMA + "Place",
    SCHEMA + "Event",
    CKLOD + "Initiative",
    SCHEMA + "Brand",
    SCHEMA + "NewsArticle",
    CKLOD + "Role",
    CKLOD + "Participation",
    CKLOD + "Quotation",
    CKLOD + "ReportedSpeech",
    CKLOD + "Statistic",
    RDF + "Statement",
    OA + "Annotation",
)


def dataset_jsonld(home: HomeView, dataset: str) -> str:
    """The dataset as schema.org Dataset markup (what dataset search engines read), with its downloads."""
    import json

    node: dict[str, object] = {
        "@context": {"@vocab": SCHEMA},
        "@type": "Dataset",
        "@id": dataset,
        "url": dataset,
        "name": home.title,
        "description": home.description,
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.name,
                "contentUrl": d.url,
                "encodingFormat": d.media_type,
                "contentSize": f"{d.size} B",
                **({"sha256": d.sha256} if d.sha256 else {}),
            }
            for d in home.dumps
            if d.url
        ],
    }
    if home.license:
        node["license"] = home.license
    return json.dumps(node, ensure_ascii=False, indent=1).replace("</", "<\\/")


def class_path(cls: str) -> str | None:
    """``schema/Person`` for schema:Person: the class index path; None outside the known namespaces."""
    prefix, sep, local = curie(cls).partition(":")
    if not sep or prefix not in PREFIXES or not LOCAL_NAME.match(local):
        return None
    return f"{prefix}/{local}"


def class_from_path(prefix: str, local: str) -> str | None:
    if prefix not in PREFIXES or not LOCAL_NAME.match(local):
        return None
    return PREFIXES[prefix] + local


@dataclass(frozen=True)
class Dump:
    name: str
    media_type: str
    size: int
    sha256: str
    url: str = ""


@dataclass
class HomeView:
    title: str
    description: str
    license: str
    counts: list[tuple[str, int]]
    classes: list[tuple[Term, int, str]]
    dumps: list[Dump]
    documents: list[tuple[Term, Term | None, list[Term]]]
    examples: list[Term]
    endpoint: str


def _number(store: ox.Store, s: ox.NamedNode, p: str) -> int:
    for q in store.quads_for_pattern(s, ox.NamedNode(p), None):
        try:
            return int(q.object.value)
        except ValueError:
            continue
    return 0


def _text(store: ox.Store, s: ox.NamedNode, p: str) -> str:
    values = sorted(q.object.value for q in store.quads_for_pattern(s, ox.NamedNode(p), None))
    return values[0] if values else ""


def home_view(lookup: Lookup, void: ox.Store) -> HomeView:
    """The home page: what the dataset is and what it holds, read from its VoID description."""
    ds = ox.NamedNode(lookup.space.base + "dataset")
    counts = [
        ("documents", _number(void, ds, VOID + "documents") or len(lookup.documents())),
        ("entities", _number(void, ds, VOID + "entities")),
        ("triples", _number(void, ds, VOID + "triples")),
        ("classes", _number(void, ds, VOID + "classes")),
        ("properties", _number(void, ds, VOID + "properties")),
    ]
    partition = {}
    for q in void.quads_for_pattern(None, ox.NamedNode(VOID + "class"), None):
        partition[q.object.value] = _number(void, q.subject, VOID + "entities")
    classes = [(iri_term(lookup, c), partition[c], class_path(c)) for c in MAIN_CLASSES if partition.get(c)]
    dumps = []
    for q in void.quads_for_pattern(ds, ox.NamedNode(DCAT + "distribution"), None):
        dist = q.object
        url = _text(void, dist, DCAT + "downloadURL")
        checksum = next(
            (c.object for c in void.quads_for_pattern(dist, ox.NamedNode(SPDX + "checksum"), None)), None
        )
        dumps.append(
            Dump(
                name=url.rsplit("/dumps/", 1)[-1],
                media_type=_text(void, dist, DCAT + "mediaType"),
                size=_number(void, dist, DCAT + "byteSize"),
                sha256=_text(void, checksum, SPDX + "checksumValue") if checksum is not None else "",
                url=url,
            )
        )
    documents = []
    for doc in lookup.documents():
        date = lookup.first(doc, SCHEMA + "datePublished")
        types = [
            iri_term(lookup, t)
            for t in lookup.types(doc)
            if t.startswith(SCHEMA) and t not in (SCHEMA + "CreativeWork", SCHEMA + "Article")
        ]
        documents.append((iri_term(lookup, doc), term(lookup, date) if date is not None else None, types))
    return HomeView(
        title=_text(void, ds, DCTERMS + "title") or "cklod",
        description=_text(void, ds, DCTERMS + "description"),
        license=_text(void, ds, DCTERMS + "license"),
        counts=counts,
        classes=classes,
        dumps=sorted(dumps, key=lambda d: d.name),
        documents=documents,
        examples=[
            iri_term(lookup, q.object.value)
            for q in sorted(
                void.quads_for_pattern(ds, ox.NamedNode(VOID + "exampleResource"), None),
                key=lambda q: q.object.value,
            )
        ],
        endpoint=_text(void, ds, VOID + "sparqlEndpoint"),
    )


# -- class indexes --------------------------------------------------------------------------------------------


@dataclass
class ClassEntry:
    cls: Term
    count: int
    path: str | None


def class_index(lookup: Lookup) -> list[tuple[str, list[ClassEntry]]]:
    """Every class with instances, grouped by vocabulary, each with the number of its instances."""
    members: dict[str, set[str]] = defaultdict(set)
    for q in lookup.store.quads_for_pattern(None, ox.NamedNode(TYPE), None):
        if isinstance(q.subject, ox.NamedNode) and lookup.space.path(q.subject.value) is not None:
            members[q.object.value].add(q.subject.value)
    groups: dict[str, list[ClassEntry]] = defaultdict(list)
    for cls, subjects in members.items():
        prefix = curie(cls).partition(":")[0] if ":" in curie(cls) else "other"
        groups[prefix].append(ClassEntry(iri_term(lookup, cls), len(subjects), class_path(cls)))
    order = ["schema", "cklod"]
    return [
        (prefix, sorted(entries, key=lambda e: e.cls.label.lower()))
        for prefix, entries in sorted(
            groups.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0])
        )
    ]


def class_members(lookup: Lookup, vocab: Vocabulary, cls: str) -> list[tuple[Term, list[Term]]]:
    """The instances of ``cls`` in the dataset, by label, each with its most specific types."""
    rows = []
    for iri in lookup.of_type(cls):
        if lookup.space.path(iri) is None:
            continue
        direct = vocab.direct_types(lookup.types(iri))
        rows.append((iri_term(lookup, iri), [iri_term(lookup, t) for t in direct if t != cls]))
    return sorted(rows, key=lambda r: (r[0].label.lower(), r[0].value))


# -- timeline -------------------------------------------------------------------------------------------------


@dataclass
class Dated:
    value: Term
    sources: list[str]


@dataclass
class TimelineEvent:
    event: Term
    types: list[Term]
    starts: list[Dated]
    ends: list[Dated]
    places: list[Term]
    participants: list[Term]
    sort_key: str = ""
    year: str = ""


def _dated(lookup: Lookup, iri: str, predicate: str) -> list[Dated]:
    sources: dict[ox.Literal, set[str]] = defaultdict(set)
    for q in lookup.out(iri, predicate):
        if isinstance(q.object, ox.Literal):
            sources[q.object].add(q.graph_name.value.rsplit("/", 1)[-1])
    return [Dated(term(lookup, v), sorted(g)) for v, g in sorted(sources.items(), key=lambda kv: kv[0].value)]


def timeline(lookup: Lookup, vocab: Vocabulary) -> tuple[list[TimelineEvent], list[TimelineEvent]]:
    """Dated events in date order (dates at their own precision), then the undated ones."""
    dated, undated = [], []
    for iri in lookup.of_type(SCHEMA + "Event"):
        if lookup.space.kind(iri) != "event":
            continue
        starts = _dated(lookup, iri, SCHEMA + "startDate")
        item = TimelineEvent(
            event=iri_term(lookup, iri),
            types=[iri_term(lookup, t) for t in vocab.direct_types(lookup.types(iri))],
            starts=starts,
            ends=[
                d
                for d in _dated(lookup, iri, SCHEMA + "endDate")
                if d.value.value not in {s.value.value for s in starts}
            ],
            places=[
                iri_term(lookup, p.value)
                for p in lookup.objects(iri, SCHEMA + "location")
                if isinstance(p, ox.NamedNode)
            ],
            participants=sorted(
                (
                    iri_term(lookup, p.value)
                    for p in lookup.objects(iri, CKLOD + "hasParticipant")
                    if isinstance(p, ox.NamedNode)
                ),
                key=lambda t: t.label.lower(),
            ),
        )
        if starts:
            item.sort_key = min(s.value.value for s in starts)
            item.year = item.sort_key[:4]
            dated.append(item)
        else:
            undated.append(item)
    dated.sort(key=lambda e: (e.sort_key, e.event.label.lower()))
    undated.sort(key=lambda e: e.event.label.lower())
    return dated, undated


# -- search ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchEntry:
    iri: str
    label: str
    kind: str
    names: tuple[str, ...] = field(default=())


def search_index(lookup: Lookup) -> list[SearchEntry]:
    """Entities and documents with every name they go by, for the search box."""
    entries = []
    for iri in sorted(lookup.known):
        kind = lookup.space.kind(iri)
        if kind is None or lookup.space.is_fact(iri):
            continue
        names = tuple(dict.fromkeys(n.value for n in lookup.names(iri)))
        entries.append(SearchEntry(iri, lookup.label(iri), kind, names))
    return sorted(entries, key=lambda e: (e.label.lower(), e.iri))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A name as search compares it: ASCII letters (Тоқаев -> Toqaev, Aşgabat -> Asgabat), case folded."""
    from anyascii import anyascii

    return " ".join(anyascii(text).casefold().split())


FUZZY_CUTOFF = 85  # rapidfuzz's 0-100 similarity: Tokaev ~ Tokayev (92), Astana ~ Astna (91)


def search(index: list[SearchEntry], text: str, limit: int = 100) -> list[SearchEntry]:
    """Entries whose names contain ``text`` (case-insensitive), exact and prefix matches first; then names
    spelled or transliterated a little differently (``Tokaev`` finds Tokayev), closest first."""
    needle = " ".join(text.split())[:200].casefold()
    if not needle:
        return []
    folded_needle = fold(needle)
    ranked = []
    for entry in index:
        names = entry.names or (entry.label,)
        folded = [n.casefold() for n in names]
        if any(needle == n for n in folded):
            ranked.append((0, 0.0, entry))
        elif any(n.startswith(needle) for n in folded):
            ranked.append((1, 0.0, entry))
        elif any(needle in n for n in folded):
            ranked.append((2, 0.0, entry))
        else:
            # Each word of a name against the whole query too, so a surname alone finds the person.
            best = max(_similarity(folded_needle, fold(n)) for n in names)
            if best >= FUZZY_CUTOFF:
                ranked.append((3, -best, entry))
    # Among equally close names, the shortest label is the thing itself rather than an event named after it.
    ranked.sort(key=lambda r: (r[0], r[1], len(r[2].label), r[2].label.lower(), r[2].iri))
    return [entry for _, _, entry in ranked[:limit]]


def _similarity(needle: str, name: str) -> float:
    """How close ``needle`` is to ``name``, to one of its words, or (for five letters or more) to a part."""
    from rapidfuzz import fuzz

    scores = [fuzz.ratio(needle, name), *(fuzz.ratio(needle, w) for w in name.split())]
    if len(needle) >= 5:
        scores.append(fuzz.partial_ratio(needle, name))
    return max(scores)
