"""The map stage: checked facts become triples, one named graph per document (pure functions)."""

from __future__ import annotations

from pyoxigraph import Literal, Quad

from cklod.load.corpus import Document
from cklod.load.dates import parse_date
from cklod.load.evidence import Span
from cklod.load.mapping.load import DocumentMapping, LocatedFact
from cklod.load.mapping.model import (
    COMPARATORS,
    INTENDED_STATUSES,
    PARTS,
    STATUSES,
    LiteralObject,
    RelationFact,
)
from cklod.load.mapping.relations import PLACE_KINDS, RELATIONS
from cklod.load.registry import Entity, Registry
from cklod.rdf.iris import CKLOD, DCTERMS, OA, OWL, RDF, RDFS, SCHEMA, SKOS, XSD, IriPolicy
from cklod.rdf.terms import GraphBuilder, boolean, date, decimal, integer, iri, plain, text

TYPE = RDF + "type"
DATE_TYPES = frozenset(XSD + t for t in ("date", "gYearMonth", "gYear"))
LABEL = RDFS + "label"
REVIEW_STATUS, PROPOSED = CKLOD + "reviewStatus", CKLOD + "Proposed"


def _concept(slug: str) -> str:
    return CKLOD + "".join(w.capitalize() for w in slug.split("-"))


PART_CONCEPTS = {p: _concept(p) for p in PARTS}
COMPARATOR_CONCEPTS = {c: _concept(c) for c in COMPARATORS}
STATUS_CONCEPTS = {s: _concept(s) for s in STATUSES}
# The schema.org view of a status: an action on the thing, potential until reached, active while under way.
ACTION_STATUSES = {s: SCHEMA + "CompletedActionStatus" for s in STATUSES} | {
    **dict.fromkeys(INTENDED_STATUSES, SCHEMA + "PotentialActionStatus"),
    "started": SCHEMA + "ActiveActionStatus",
}
ATTENDANCE_MODES = {
    "online": SCHEMA + "OnlineEventAttendanceMode",
    "offline": SCHEMA + "OfflineEventAttendanceMode",
    "mixed": SCHEMA + "MixedEventAttendanceMode",
}
# The date of an initiative fact belongs to the act the fact reports, in this order of precedence.
INITIATIVE_ACTS = (
    ("signed_by", CKLOD + "signedBy", CKLOD + "dateSigned"),
    ("adopted_by", CKLOD + "adoptedBy", CKLOD + "dateAdopted"),
    ("proposed_by", CKLOD + "proposedBy", CKLOD + "dateProposed"),
    ("launched_by", CKLOD + "launchedBy", CKLOD + "dateLaunched"),
)


def map_registry(registry: Registry, iris: IriPolicy) -> list[Quad]:
    """The registry graph: each entity's types, names and spellings, and declared distinctness."""
    g = GraphBuilder(iris.registry_graph)
    for entity in registry.entities.values():
        s = entity_iri(entity, iris)
        g.add(s, TYPE, entity.class_iri)
        for prop in (SCHEMA + "name", LABEL, SKOS + "prefLabel"):
            g.add(s, prop, text(entity.name))
        for alt in entity.alt:
            g.add(s, SCHEMA + "alternateName", text(alt))
            g.add(s, SKOS + "altLabel", text(alt))
        for lang, label in entity.labels:
            g.add(s, LABEL, text(label, lang))
        for other in entity.distinct_from:
            g.add(s, OWL + "differentFrom", entity_iri(registry[other], iris))
        if entity.note:
            g.add(s, RDFS + "comment", text(" ".join(entity.note.split())))
        if entity.external is not None:
            _external(g, entity, iris)
        if entity.proposed:
            g.add(s, REVIEW_STATUS, PROPOSED)
    return g.quads


def _external(g: GraphBuilder, entity: Entity, iris: IriPolicy) -> None:
    s = entity_iri(entity, iris)
    source = entity.external.source or "outside the documents"
    claims: list[tuple[str, object]] = [(SCHEMA + "sameAs", iri(u)) for u in entity.external.sameAs]
    if entity.external.fullName:
        claims.append((SCHEMA + "alternateName", text(entity.external.fullName)))
    for n, (p, o) in enumerate(claims, 1):
        g.add(s, p, o)
        st = iris.statement("registry", entity.id, n)
        _reify(g, st, s, p, o)
        g.add(st, CKLOD + "external", boolean(True))
        g.add(st, CKLOD + "externalSource", plain(source))


def entity_iri(entity: Entity, iris: IriPolicy) -> str:
    return iris.entity(entity.kind, entity.id)


def _reify(g: GraphBuilder, st: str, s: str, p: str, o: object) -> None:
    g.add(st, TYPE, RDF + "Statement")
    g.add(st, RDF + "subject", s)
    g.add(st, RDF + "predicate", p)
    g.add(st, RDF + "object", o)


class DocumentMapper:
    """Maps one document's checked facts into its named graph."""

    def __init__(self, mapping: DocumentMapping, registry: Registry, iris: IriPolicy):
        self.m, self.registry, self.iris = mapping, registry, iris
        self.doc: Document = mapping.doc
        self.d = iris.document(self.doc.id)
        self.g = GraphBuilder(iris.graph(self.doc.id))
        self.statement_count: dict[str, int] = {}

    def ent(self, entity_id: str) -> str:
        return entity_iri(self.registry[entity_id], self.iris)

    def name(self, entity_id: str) -> str:
        return self.registry[entity_id].name

    # -- evidence ---------------------------------------------------------------------------------------

    def annotation(self, key: str, span: Span, body: str, motivation: str, note: str | None = None) -> str:
        """A Web Annotation selecting ``span`` of the document, describing or identifying ``body``."""
        g, ev = self.g, self.iris.evidence(self.doc.id, key)
        target, quote, position = (self.iris.part(ev, name) for name in ("target", "quote", "position"))
        g.add(ev, TYPE, OA + "Annotation")
        g.add(ev, OA + "motivatedBy", OA + motivation)
        g.add(ev, OA + "hasBody", body)
        g.add(ev, OA + "hasTarget", target)
        if note:
            g.add(ev, RDFS + "comment", text(" ".join(note.split())))
        g.add(target, TYPE, OA + "SpecificResource")
        g.add(target, OA + "hasSource", self.d)
        g.add(target, OA + "hasSelector", quote)
        g.add(target, OA + "hasSelector", position)
        g.add(quote, TYPE, OA + "TextQuoteSelector")
        g.add(quote, OA + "exact", plain(span.exact))
        g.add(quote, OA + "prefix", plain(span.prefix))
        g.add(quote, OA + "suffix", plain(span.suffix))
        g.add(position, TYPE, OA + "TextPositionSelector")
        g.add(position, OA + "start", integer(span.start))
        g.add(position, OA + "end", integer(span.end))
        g.add(position, CKLOD + "line", integer(span.line))
        return ev

    def sourced(self, node: str, located: LocatedFact, ev: str | None, dated: bool = True) -> None:
        """Link a fact node or statement to its evidence, document and mapping line (or mark it external)."""
        fact = located.fact
        if ev is not None:
            self.g.add(node, CKLOD + "evidence", ev)
        else:
            self.g.add(node, CKLOD + "external", boolean(True))
            self.g.add(node, CKLOD + "externalSource", plain(fact.source or ""))
        self.g.add(node, CKLOD + "sourceDocument", self.d)
        self.g.add(node, CKLOD + "mappingLine", integer(located.line))
        if fact.proposed:  # published only under build --include-proposed
            self.g.add(node, REVIEW_STATUS, PROPOSED)
        if fact.inferred and dated:
            self.g.add(node, CKLOD + "inferredFrom", text(fact.inferred))
            self.g.add(node, CKLOD + "referenceDate", date(self.doc.date_published))

    def external_claim(self, key: str, s: str, p: str, o: object) -> None:
        """Reify ``s p o`` (already asserted) as known from outside the text: the document's own date source."""
        st = self.iris.statement(self.doc.id, key, 1)
        _reify(self.g, st, s, p, o)
        self.g.add(st, CKLOD + "external", boolean(True))
        self.g.add(st, CKLOD + "externalSource", plain(self.doc.meta.date_source or ""))
        self.g.add(st, CKLOD + "sourceDocument", self.d)

    def evidence_for(self, located: LocatedFact, body: str) -> str | None:
        if located.span is None:
            return None
        return self.annotation(located.fact.id, located.span, body, "describing", located.fact.note)

    def statement(
        self, located: LocatedFact, ev: str | None, s: str, p: str, o: object, dated: bool | None = None
    ) -> str:
        """Assert s p o in the document's graph and reify it with this fact's evidence; return the
        statement's IRI."""
        self.g.add(s, p, o)
        n = self.statement_count.get(located.fact.id, 0) + 1
        self.statement_count[located.fact.id] = n
        st = self.iris.statement(self.doc.id, located.fact.id, n)
        _reify(self.g, st, s, p, o)
        # Only a statement that dates something carries the expression that date was inferred from.
        if dated is None:
            dated = isinstance(o, Literal) and o.datatype.value in DATE_TYPES
        self.sourced(st, located, ev, dated=dated)
        return st

    # -- the document --------------------------------------------------------------------------------------

    def document(self) -> None:
        g, d, doc, meta = self.g, self.d, self.doc, self.doc.meta
        g.add(d, TYPE, SCHEMA + meta.type)
        g.add(d, SCHEMA + "headline", text(meta.title, meta.language))
        if meta.title not in doc.text:
            g.add(d, CKLOD + "titleSupplied", boolean(True))
        g.add(d, LABEL, text(meta.title, meta.language))
        g.add(d, SCHEMA + "inLanguage", plain(meta.language))
        g.add(d, SCHEMA + "datePublished", date(doc.date_published))
        if meta.date_external:
            self.external_claim("date-published", d, SCHEMA + "datePublished", date(doc.date_published))
        if meta.date_inferred:
            g.add(d, CKLOD + "dateInference", text(" ".join(meta.date_inferred.split())))
        g.add(d, CKLOD + "fileName", plain(doc.file_name))
        g.add(d, SCHEMA + "sha256", plain(doc.sha256))
        g.add(d, SCHEMA + "encodingFormat", plain("text/plain; charset=utf-8"))
        g.add(d, SCHEMA + "text", plain(doc.text))
        g.add(d, SCHEMA + "isPartOf", self.iris.dataset)
        g.add(d, DCTERMS + "identifier", plain(doc.id))
        refs = [("publisher", 0, meta.publisher, SCHEMA + "publisher")] if meta.publisher else []
        refs += [("authors", i, a, SCHEMA + "author") for i, a in enumerate(meta.authors)]
        refs += [("editors", i, e, SCHEMA + "editor") for i, e in enumerate(meta.editors)]
        for key, i, ref, prop in refs:
            agent = self.ent(ref.entity)
            g.add(d, prop, agent)
            span = doc.agent_spans.get((key, i))
            if span is not None:
                self.annotation(f"meta-{key}-{i + 1}", span, agent, "identifying")
        for n, block in enumerate(doc.boilerplate, 1):
            b = self.iris.part(d, f"boilerplate-{n}")
            g.add(d, CKLOD + "boilerplate", b)
            g.add(b, TYPE, CKLOD + "Boilerplate")
            g.add(b, CKLOD + "boilerplateKind", plain(block.kind))
            g.add(b, OA + "start", integer(block.start))
            g.add(b, OA + "end", integer(block.end))
            g.add(b, CKLOD + "line", integer(block.first_line))
        for entity_id in sorted(self.m.entity_ids()):
            g.add(d, SCHEMA + "mentions", self.ent(entity_id))
        for n, located in enumerate(self.m.mentions, 1):
            ev = self.annotation(
                f"mention-{n}", located.span, self.ent(located.mention.entity), "identifying"
            )
            if located.mention.proposed:
                g.add(ev, REVIEW_STATUS, PROPOSED)

    # -- facts -------------------------------------------------------------------------------------------

    def fact_node(self, kind: str, located: LocatedFact) -> str:
        return self.iris.fact(kind, self.doc.id, located.fact.id)

    def role(self, located: LocatedFact) -> None:
        f, g = located.fact, self.g
        r = self.fact_node("role", located)
        ev = self.evidence_for(located, r)
        g.add(r, TYPE, CKLOD + "Role")
        g.add(r, CKLOD + "holder", self.ent(f.holder))
        g.add(r, SCHEMA + "roleName", text(f.title))
        g.add(r, LABEL, text(f"{f.title} ({self.name(f.holder)})"))
        if f.organization:
            g.add(r, CKLOD + "organization", self.ent(f.organization))
        if f.country:
            g.add(r, CKLOD + "country", self.ent(f.country))
        attested = located.dates.get("date", self.doc.date_published)
        g.add(r, CKLOD + "attestedOn", date(attested))
        if "date" not in located.dates and self.doc.meta.date_external:
            # The post is attested by a publication date known only from outside the text: so is this date.
            self.external_claim(f.id, r, CKLOD + "attestedOn", date(attested))
        if "date" not in located.dates and self.doc.meta.date_inferred:
            # The post is attested by the publication date, which this document does not print.
            g.add(r, CKLOD + "inferredFrom", text("the document's publication date, which it does not print"))
            if not located.fact.inferred:
                g.add(r, CKLOD + "referenceDate", date(self.doc.date_published))
        for name, prop in (("start", SCHEMA + "startDate"), ("end", SCHEMA + "endDate")):
            if name in located.dates:
                g.add(r, prop, date(located.dates[name]))
        if f.former:
            g.add(r, CKLOD + "isFormer", boolean(True))
        self.sourced(r, located, ev)

    def participation(self, located: LocatedFact) -> None:
        f, g = located.fact, self.g
        p = self.fact_node("participation", located)
        ev = self.evidence_for(located, p)
        event, agent = self.ent(f.event), self.ent(f.participant)
        g.add(p, TYPE, CKLOD + "Participation")
        g.add(p, CKLOD + "event", event)
        g.add(p, CKLOD + "participant", agent)
        g.add(p, CKLOD + "participationRole", PART_CONCEPTS[f.as_])
        g.add(p, SCHEMA + "roleName", text(f.as_.replace("-", " ")))
        g.add(
            p, LABEL, text(f"{self.name(f.participant)} as {f.as_.replace('-', ' ')} at {self.name(f.event)}")
        )
        if f.capacity:
            g.add(p, CKLOD + "capacity", self.iris.fact("role", self.doc.id, f.capacity))
        g.add(event, CKLOD + "hasParticipant", agent)
        if f.as_ in ("host", "co-host", "organizer"):
            g.add(event, SCHEMA + "organizer", agent)
        self.sourced(p, located, ev)

    def event(self, located: LocatedFact) -> None:
        f = located.fact
        e = self.ent(f.event)
        ev = self.evidence_for(located, e)
        self.g.add(e, CKLOD + "evidence", ev)
        dates = located.dates
        if "date" in dates:
            self.statement(located, ev, e, SCHEMA + "startDate", date(dates["date"]))
            self.statement(located, ev, e, SCHEMA + "endDate", date(dates["date"]))
        for name, prop in (("start", SCHEMA + "startDate"), ("end", SCHEMA + "endDate")):
            if name in dates:
                self.statement(located, ev, e, prop, date(dates[name]))
        for place in f.location:
            self.statement(located, ev, e, SCHEMA + "location", self.ent(place))
        for org in f.organizers:
            self.statement(located, ev, e, SCHEMA + "organizer", self.ent(org))
        if f.part_of:
            self.statement(located, ev, e, SCHEMA + "superEvent", self.ent(f.part_of))
        for outcome in f.outcomes:
            self.statement(located, ev, e, CKLOD + "outcome", self.ent(outcome))
        for topic in f.about:
            self.statement(located, ev, e, SCHEMA + "about", self.ent(topic))
        if f.mode:
            self.statement(located, ev, e, SCHEMA + "eventAttendanceMode", iri(ATTENDANCE_MODES[f.mode]))
        if f.attendance is not None:
            self.statistic_node(
                located,
                ev,
                f"{f.id}-attendance",
                measure="attendees",
                value=f.attendance,
                unit="people",
                about=[f.event],
                comparator=None,
                period=dates.get("date") or dates.get("start"),
                as_of=False,
                change=None,
            )

    def statistic(self, located: LocatedFact) -> None:
        f = located.fact
        node = self.fact_node("statistic", located)
        ev = self.evidence_for(located, node)
        self.statistic_node(
            located,
            ev,
            f.id,
            measure=f.measure,
            value=f.value,
            unit=f.unit,
            about=f.about,
            comparator=f.comparator,
            period=located.dates.get("date"),
            as_of=f.as_of,
            change=f.change,
        )
        self.quantity_qualifiers(node, located)

    def quantity_qualifiers(self, node: str, located: LocatedFact) -> None:
        """The quantity's words as printed, the bounds the text gives, a cumulative count's start."""
        f = located.fact
        if f.words is not None:
            self.g.add(node, CKLOD + "valueText", text(f.words))
        if f.minimum is not None:
            self.g.add(node, SCHEMA + "minValue", decimal(f.minimum))
        if f.maximum is not None:
            self.g.add(node, SCHEMA + "maxValue", decimal(f.maximum))
        if "since" in located.dates:
            self.g.add(node, CKLOD + "countedSince", date(located.dates["since"]))

    def statistic_node(
        self, located, ev, key, *, measure, value, unit, about, comparator, period, as_of, change
    ):
        g = self.g
        s = self.iris.fact("statistic", self.doc.id, key)
        g.add(s, TYPE, CKLOD + "Statistic")
        g.add(s, CKLOD + "measure", text(measure))
        if value is not None:
            g.add(s, SCHEMA + "value", decimal(value))
        g.add(s, SCHEMA + "unitText", plain(unit))
        words = located.fact.words if located.fact.kind == "statistic" else None
        amount = words or f"{'' if comparator is None else comparator + ' '}{value}"
        g.add(s, LABEL, text(f"{measure}: {amount} {unit}"))
        for subject in about:
            g.add(s, SCHEMA + "observationAbout", self.ent(subject))
        if comparator:
            g.add(s, CKLOD + "comparator", COMPARATOR_CONCEPTS[comparator])
        if period is not None:
            g.add(s, CKLOD + ("asOf" if as_of else "period"), date(period))
        if change is not None:
            g.add(s, CKLOD + "changeValue", decimal(change.value))
            g.add(s, CKLOD + "changeUnit", plain(change.unit))
            if change.basis:
                g.add(s, CKLOD + "changeBasis", text(change.basis))
        self.sourced(s, located, ev)

    def utterance(self, located: LocatedFact) -> None:
        f, g = located.fact, self.g
        direct = f.kind == "quotation"
        u = self.fact_node("quotation" if direct else "speech", located)
        ev = self.evidence_for(located, u)
        g.add(u, TYPE, CKLOD + ("Quotation" if direct else "ReportedSpeech"))
        g.add(u, CKLOD + "speaker", self.ent(f.speaker))
        if f.quote is not None:
            g.add(u, SCHEMA + "text", text(f.quote))
        what = "quotation" if direct else "reported speech"
        g.add(u, LABEL, text(f"{what} of {self.name(f.speaker)} in {self.doc.id}"))
        if f.event:
            g.add(u, CKLOD + "atEvent", self.ent(f.event))
        for topic in f.about:
            g.add(u, SCHEMA + "about", self.ent(topic))
        if not direct and f.verb:
            g.add(u, CKLOD + "speechVerb", text(f.verb))
        if "date" in located.dates:
            g.add(u, SCHEMA + "dateCreated", date(located.dates["date"]))
        self.sourced(u, located, ev)

    def initiative(self, located: LocatedFact) -> None:
        f = located.fact
        i = self.ent(f.initiative)
        ev = self.evidence_for(located, i)
        self.g.add(i, CKLOD + "evidence", ev)
        date_prop = CKLOD + "dateReported"
        for field_name, prop, act_date in INITIATIVE_ACTS:
            agents = getattr(f, field_name)
            for agent in agents:
                self.statement(located, ev, i, prop, self.ent(agent))
            if agents and date_prop == CKLOD + "dateReported":
                date_prop = act_date
        if "date" in located.dates:
            self.statement(located, ev, i, date_prop, date(located.dates["date"]))
        if f.location:
            self.statement(located, ev, i, CKLOD + "place", self.ent(f.location))
        if f.event:
            self.statement(located, ev, i, CKLOD + "atEvent", self.ent(f.event))
        for other in f.aligned_with:
            self.statement(located, ev, i, CKLOD + "alignedWith", self.ent(other))

    def status(self, located: LocatedFact) -> None:
        f, g = located.fact, self.g
        s = self.fact_node("status", located)
        ev = self.evidence_for(located, s)
        g.add(s, TYPE, CKLOD + "StatusReport")
        g.add(s, CKLOD + "statusOf", self.ent(f.of))
        g.add(s, CKLOD + "statusType", STATUS_CONCEPTS[f.status])
        g.add(s, SCHEMA + "actionStatus", ACTION_STATUSES[f.status])
        stage = f.status.replace("-", " ") + (f" (to be {f.toward.replace('-', ' ')})" if f.toward else "")
        g.add(s, LABEL, text(f"{self.name(f.of)}: {stage}"))
        if f.toward:
            g.add(s, CKLOD + "intendedStatus", STATUS_CONCEPTS[f.toward])
        if "date" in located.dates:
            g.add(s, CKLOD + "effectiveDate", date(located.dates["date"]))
        if "target" in located.dates:
            g.add(s, CKLOD + "targetDate", date(located.dates["target"]))
        for agent in f.by:
            g.add(s, SCHEMA + "agent", self.ent(agent))
        if f.event:
            g.add(s, CKLOD + "atEvent", self.ent(f.event))
        self.sourced(s, located, ev)

    def relation(self, located: LocatedFact) -> None:
        f = located.fact
        subject = self.registry[f.subject]
        prop, place_prop = RELATIONS[f.predicate]
        if place_prop and subject.kind in PLACE_KINDS:
            prop = place_prop
        s = entity_iri(subject, self.iris)
        ev = self.evidence_for(located, s)
        dated = True if "date" in located.dates else None
        for obj in f.objects:
            st = self.statement(located, ev, s, prop, self.relation_object(obj), dated=dated)
            if "date" in located.dates:
                # The date a relation was stated to begin (a founding, an opening) qualifies the statement.
                self.g.add(st, SCHEMA + "startDate", date(located.dates["date"]))
            self.statement_qualifiers(st, f)

    def statement_qualifiers(self, st: str, f: RelationFact) -> None:
        """A superlative and its rank, a route stop's position: on the statement they qualify."""
        if f.superlative is not None:
            self.g.add(st, CKLOD + "superlative", text(f.superlative))
        if f.rank is not None:
            self.g.add(st, CKLOD + "rank", integer(f.rank))
        if f.position is not None:
            self.g.add(st, SCHEMA + "position", integer(f.position))

    def relation_object(self, obj: str | LiteralObject) -> object:
        if isinstance(obj, str):
            return self.ent(obj)
        if obj.text is not None:
            return text(obj.text)
        if obj.number is not None:
            return decimal(obj.number)
        return date(parse_date(obj.date))

    def run(self) -> list[Quad]:
        self.document()
        handlers = {
            "role": self.role,
            "participation": self.participation,
            "event": self.event,
            "statistic": self.statistic,
            "quotation": self.utterance,
            "speech": self.utterance,
            "initiative": self.initiative,
            "status": self.status,
            "relation": self.relation,
        }
        for located in self.m.facts:
            handlers[located.fact.kind](located)
        return self.g.quads


def map_document(mapping: DocumentMapping, registry: Registry, iris: IriPolicy) -> list[Quad]:
    """The named graph of one document: its description, its facts, their evidence."""
    return DocumentMapper(mapping, registry, iris).run()
