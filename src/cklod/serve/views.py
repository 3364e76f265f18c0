"""What the page of one resource shows: its names and types, the facts about it with their evidence, every
statement with its source graph, and its schema.org view as JSON-LD."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from cklod.rdf.iris import CKLOD, OA, OWL, PROV, RDF, RDFS, SCHEMA, SHARED_GRAPHS, SKOS, IriPolicy
from cklod.serve.lookup import LABEL, TYPE, Lookup
from cklod.serve.summary import Line, Post, merged_posts, summary
from cklod.serve.terms import Evidence, Term, evidence, evidence_of, iri_term, term
from cklod.serve.vocab import Vocabulary

# Bookkeeping shown elsewhere on a fact's card (evidence block, source line) or not at all.
HIDDEN_ON_CARDS = frozenset(
    {
        TYPE,
        LABEL,
        SKOS + "prefLabel",
        CKLOD + "evidence",
        PROV + "wasDerivedFrom",
        CKLOD + "sourceDocument",
        PROV + "hadPrimarySource",
        CKLOD + "mappingLine",
        RDF + "subject",
        RDF + "predicate",
        RDF + "object",
    }
)

# How a fact relates to the resource whose page lists it, in the order the page shows them.
GROUPS: dict[tuple[str, str], str] = {
    ("role", CKLOD + "holder"): "Posts held",
    ("role", CKLOD + "organization"): "Posts in this organization",
    ("role", CKLOD + "country"): "Posts for this country",
    ("participation", CKLOD + "participant"): "Took part in",
    ("participation", CKLOD + "event"): "Participants",
    ("participation", CKLOD + "capacity"): "Acting in this post",
    ("quotation", CKLOD + "speaker"): "Quotations",
    ("speech", CKLOD + "speaker"): "Reported speech",
    ("quotation", CKLOD + "atEvent"): "Quoted at this event",
    ("speech", CKLOD + "atEvent"): "Reported speech at this event",
    ("quotation", SCHEMA + "about"): "Quotations about it",
    ("speech", SCHEMA + "about"): "Reported speech about it",
    ("statistic", SCHEMA + "observationAbout"): "Statistics",
    ("status", CKLOD + "statusOf"): "Stages reported (planned, decided, in effect, opened …)",
    ("status", CKLOD + "atEvent"): "Decided or planned at this event",
    ("statement", RDF + "subject"): "Statements about it, with their evidence",
    ("statement", RDF + "object"): "Statements pointing to it, with their evidence",
}
GROUP_ORDER = {title: n for n, title in enumerate(GROUPS.values())}
# Groups of role facts, shown as merged posts.
POST_GROUPS = frozenset(title for (kind, _), title in GROUPS.items() if kind == "role")


@dataclass(frozen=True)
class Quote:
    """A passage as one place of the page shows it: in full the first time, as a reference to it after."""

    evidence: Evidence
    number: int
    repeat: bool


class Quotes:
    """Numbers the passages of a page in the order it shows them, so each is quoted in full once."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, found: list[Evidence]) -> list[Quote]:
        quotes = []
        for ev in found:
            repeat = ev.iri in self.numbers
            if not repeat:
                self.numbers[ev.iri] = len(self.numbers) + 1
            quotes.append(Quote(ev, self.numbers[ev.iri], repeat))
        return quotes


def anchor(title: str) -> str:
    """The id of a page section from its title: ``Took part in`` -> ``took-part-in``."""
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


@dataclass
class Fact:
    """A fact node as a card: its fields, the quoted sentence that supports it, the document it comes from."""

    iri: str
    kind: str
    label: str
    fields: list[tuple[Term, list[Term]]]
    evidence: list[Evidence]
    document: Term | None
    statement: tuple[Term, Term, Term] | None = None
    external: str = ""
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Row:
    """One statement of the resource: predicate, value, the graphs asserting it and its evidence."""

    predicate: Term
    value: Term
    graphs: list[str]
    derived: bool
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[Term] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class ResourceView:
    iri: str
    label: str
    kind: str
    types: list[Term]
    inferred_types: list[Term]
    names: list[Term]
    comments: list[Term]
    same_as: list[Term]
    own_evidence: list[Quote]
    summary: list[Line]
    posts_title: str
    posts: list[Post]
    post_quotes: list[list[list[Quote]]]
    groups: list[tuple[str, str, list[Fact]]]
    quote_numbers: dict[str, int]
    parts: list[tuple[str, str, list[Row]]]
    mentions: list[tuple[Term, list[Evidence]]]
    statements: list[Row]
    incoming: list[tuple[Term, Term]]
    jsonld: str


def _priority(predicate: str) -> tuple[int, str]:
    return (0 if predicate.startswith(CKLOD) else 1 if predicate.startswith(RDF) else 2, predicate)


def fact_card(lookup: Lookup, vocab: Vocabulary, iri: str, hide: str = "") -> Fact:
    """The card of fact node ``iri``; a field whose value is ``hide`` (the page's own resource) is left out."""
    by_predicate: dict[str, set[object]] = defaultdict(set)
    for q in lookup.out(iri):
        by_predicate[q.predicate.value].add(q.object)
    present = set(by_predicate)
    cited = evidence_of(lookup, iri)
    quoted = {ev.exact for ev in cited}
    fields = []
    for predicate in sorted(present, key=_priority):
        if predicate in HIDDEN_ON_CARDS or vocab.derived(predicate, present):
            continue
        # The page's own resource, and text the evidence block below quotes anyway, would only repeat.
        values = [
            term(lookup, v)
            for v in sorted(by_predicate[predicate], key=str)
            if not (isinstance(v, ox.NamedNode) and v.value == hide)
            and not (isinstance(v, ox.Literal) and v.value in quoted)
        ]
        if values:
            fields.append((iri_term(lookup, predicate), values))
    statement = None
    if lookup.space.kind(iri) == "statement":
        parts = [lookup.first(iri, RDF + p) for p in ("subject", "predicate", "object")]
        if all(p is not None for p in parts):
            statement = tuple(term(lookup, p) for p in parts)
    document = lookup.first(iri, CKLOD + "sourceDocument")
    return Fact(
        iri=iri,
        kind=lookup.space.kind(iri) or "",
        label=lookup.label(iri),
        fields=fields,
        evidence=cited,
        document=term(lookup, document) if document is not None else None,
        statement=statement,
        external=lookup.text(iri, CKLOD + "externalSource"),
    )


def fact_groups(lookup: Lookup, vocab: Vocabulary, iri: str) -> list[tuple[str, list[Fact]]]:
    """The facts pointing at ``iri``, grouped by how they point (holder, participant, speaker …)."""
    links: dict[str, set[str]] = defaultdict(set)
    for q in lookup.inc(iri):
        if isinstance(q.subject, ox.NamedNode) and lookup.space.is_fact(q.subject.value):
            links[q.subject.value].add(q.predicate.value)
    groups: dict[str, list[Fact]] = defaultdict(list)
    for fact, predicates in sorted(links.items()):
        kind = lookup.space.kind(fact) or ""
        if kind == "evidence":
            continue  # evidence pointing here is shown as mentions or as the evidence of a fact
        predicate = min(predicates, key=_priority)
        title = GROUPS.get(
            (kind, predicate), f"{kind.capitalize()} facts linked by {lookup.label(predicate)}"
        )
        groups[title].append(fact_card(lookup, vocab, fact, hide=iri))
    return sorted(groups.items(), key=lambda kv: (GROUP_ORDER.get(kv[0], len(GROUP_ORDER)), kv[0]))


def mentions(lookup: Lookup, iri: str) -> list[tuple[Term, list[Evidence]]]:
    """Passages that name ``iri`` (annotations identifying it), grouped by document."""
    by_doc: dict[str, list[Evidence]] = defaultdict(list)
    for ev_iri in lookup.subjects(OA + "hasBody", iri):
        found = evidence(lookup, ev_iri)
        if found is not None and found.motivation == "identifying":
            by_doc[found.doc].append(found)
    return [
        (iri_term(lookup, doc), sorted(evs, key=lambda e: e.start)) for doc, evs in sorted(by_doc.items())
    ]


def statements(lookup: Lookup, vocab: Vocabulary, iri: str) -> list[Row]:
    """Every triple with ``iri`` as subject, merged across graphs, with reified evidence where there is some."""
    graphs: dict[tuple[str, object], set[str]] = defaultdict(set)
    for q in lookup.out(iri):
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        graphs[(q.predicate.value, q.object)].add(graph)
    cited: dict[tuple[str, object], list[Evidence]] = defaultdict(list)
    for st in lookup.subjects(RDF + "subject", iri):
        p, o = lookup.first(st, RDF + "predicate"), lookup.first(st, RDF + "object")
        if p is not None and o is not None:
            cited[(p.value, o)].extend(evidence_of(lookup, st))
    present: dict[object, set[str]] = defaultdict(set)
    for p, o in graphs:
        present[o].add(p)
    rows = []
    for (p, o), in_graphs in graphs.items():
        inverse_asserted = isinstance(o, ox.NamedNode) and any(
            bool(lookup.out(o.value, inv))
            and any(q.object == ox.NamedNode(iri) for q in lookup.out(o.value, inv))
            for inv in vocab.inverses.get(p, ())
        )
        rows.append(
            Row(
                iri_term(lookup, p),
                term(lookup, o),
                sorted(in_graphs),
                vocab.derived(p, present[o]) or inverse_asserted,
                cited.get((p, o), []),
                [graph_source(lookup, g) for g in sorted(in_graphs)],
            )
        )
    return sorted(
        rows, key=lambda r: (r.derived, r.predicate.label.lower(), r.predicate.value, r.value.label)
    )


def graph_source(lookup: Lookup, graph: str) -> Term:
    """A named graph as readers know it: the document it holds the facts of, the registry or the vocabulary."""
    iris = IriPolicy(lookup.space.base)
    doc = iris.document_of_graph(graph)
    if doc is not None:
        return Term(doc, "iri", lookup.label(doc))
    shared = {iris.graph(name): name for name in SHARED_GRAPHS}
    return Term(graph, "iri", shared.get(graph) or lookup.label(graph))


def incoming(lookup: Lookup, vocab: Vocabulary, iri: str) -> list[tuple[Term, Term]]:
    """Links to ``iri`` from resources that are not fact nodes (documents, events, other entities)."""
    by_subject: dict[str, set[str]] = defaultdict(set)
    for q in lookup.inc(iri):
        s = q.subject
        if isinstance(s, ox.NamedNode) and not lookup.space.is_fact(s.value) and "#" not in s.value:
            by_subject[s.value].add(q.predicate.value)
    rows = []
    for s, predicates in by_subject.items():
        rows.extend(
            (iri_term(lookup, s), iri_term(lookup, p)) for p in predicates if not vocab.derived(p, predicates)
        )
    return sorted(rows, key=lambda r: (r[1].label.lower(), r[0].label.lower(), r[0].value))


def _schema_types(lookup: Lookup, iri: str) -> list[str]:
    return sorted(t[len(SCHEMA) :] for t in lookup.types(iri) if t.startswith(SCHEMA))


def schema_jsonld(lookup: Lookup, iri: str) -> str:
    """The schema.org view of ``iri`` as JSON-LD for a <script> tag: schema.org types and properties, its url,
    description and sameAs links, and the type and name of every node it refers to (so a consumer reading
    only this page knows what the references are)."""
    node: dict[str, object] = {"@context": {"@vocab": SCHEMA}, "@id": iri}
    types = _schema_types(lookup, iri)
    if types:
        node["@type"] = types
    values: dict[str, list[object]] = defaultdict(list)
    for q in sorted(lookup.out(iri), key=lambda q: (q.predicate.value, str(q.object))):
        p, o = q.predicate.value, q.object
        if not p.startswith(SCHEMA):
            continue
        if isinstance(o, ox.NamedNode):
            value: object = {"@id": o.value}
            if p != SCHEMA + "sameAs" and lookup.exists(o.value):
                ref_types = _schema_types(lookup, o.value)
                if ref_types:
                    value["@type"] = ref_types
                value["name"] = lookup.label(o.value)
        elif o.language:
            value = {"@value": o.value, "@language": o.language}
        elif o.datatype.value.endswith("#string"):
            value = o.value
        else:
            value = {"@value": o.value, "@type": o.datatype.value}
        if value not in values[p[len(SCHEMA) :]]:
            values[p[len(SCHEMA) :]].append(value)
    if "name" not in values and lookup.has_label(iri):
        values["name"].append(lookup.label(iri))
    comment = lookup.text(iri, RDFS + "comment")
    if comment and "description" not in values:
        values["description"].append(lookup.readable(comment))
    for same in lookup.objects(iri, OWL + "sameAs"):
        if isinstance(same, ox.NamedNode) and {"@id": same.value} not in values["sameAs"]:
            values["sameAs"].append({"@id": same.value})
    values["url"] = [{"@id": iri}]
    for key, vals in sorted(values.items()):
        if vals:
            node[key] = vals[0] if len(vals) == 1 else vals
    # "</" would end the <script> element early; JSON allows the escaped solidus.
    return json.dumps(node, ensure_ascii=False, indent=1).replace("</", "<\\/")


def parts(lookup: Lookup, vocab: Vocabulary, iri: str) -> list[tuple[str, str, list[Row]]]:
    """The nodes minted inside ``iri`` (``…#target``, ``…#quote``): fragment, IRI and statements of each, so
    that a link to ``iri#fragment`` lands on them."""
    found, todo = {}, [iri]
    while todo:
        node = todo.pop()
        for q in lookup.out(node):
            o = q.object
            if isinstance(o, ox.NamedNode) and o.value.startswith(iri + "#") and o.value not in found:
                found[o.value] = statements(lookup, vocab, o.value)
                todo.append(o.value)
    return [(part.split("#", 1)[1], part, rows) for part, rows in sorted(found.items())]


def resource_view(lookup: Lookup, vocab: Vocabulary, iri: str) -> ResourceView:
    types = lookup.types(iri)
    direct = vocab.direct_types(types)
    label = lookup.label(iri)
    kind = lookup.space.kind(iri) or ""
    names = [term(lookup, n) for n in lookup.names(iri) if n.value != label or (n.language or "en") != "en"]
    posts_title, posts, groups = "", [], []
    for title, facts in fact_groups(lookup, vocab, iri):
        if title in POST_GROUPS and not posts:
            posts_title = title
            posts = merged_posts(lookup, [f.iri for f in facts], hide=iri)
        else:
            groups.append((title, anchor(title), facts))
    anchors = {title: a for title, a, _ in groups}
    # Passages numbered in the order the page shows them.
    quotes = Quotes()
    own = quotes.cite(evidence_of(lookup, iri))
    post_quotes = [[quotes.cite(a.evidence) for a in post.attestations] for post in posts]
    for _, _, facts in groups:
        for f in facts:
            f.quotes = quotes.cite(f.evidence)
    rows = statements(lookup, vocab, iri)
    for row in rows:
        row.quotes = quotes.cite(row.evidence)
    return ResourceView(
        iri=iri,
        label=label,
        kind=kind,
        types=[iri_term(lookup, t) for t in direct],
        inferred_types=[iri_term(lookup, t) for t in types if t not in direct],
        names=names,
        comments=[
            Term(c.value, "literal", lookup.readable(c.value)) for c in lookup.objects(iri, RDFS + "comment")
        ],
        same_as=[term(lookup, s) for s in lookup.objects(iri, SCHEMA + "sameAs")]
        + [term(lookup, s) for s in lookup.objects(iri, OWL + "sameAs")],
        own_evidence=own,
        summary=summary(lookup, iri, kind, anchors, posts),
        posts_title=posts_title,
        posts=posts,
        post_quotes=post_quotes,
        groups=groups,
        quote_numbers=quotes.numbers,
        parts=parts(lookup, vocab, iri),
        mentions=mentions(lookup, iri),
        statements=rows,
        incoming=incoming(lookup, vocab, iri),
        jsonld=schema_jsonld(lookup, iri),
    )
