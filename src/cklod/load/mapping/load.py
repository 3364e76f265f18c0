"""Loading one mapping file: structure, references, dates and quotes, each error at its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cklod.errors import BadInput, Collector
from cklod.load.checked import check
from cklod.load.corpus import Document
from cklod.load.dates import Date, parse_date
from cklod.load.evidence import Span, locate
from cklod.load.mapping.model import (
    FACT_MODELS,
    ActFact,
    FactBase,
    Ignored,
    MappingHead,
    Mention,
    ParticipationFact,
    RoleFact,
    SpeechFact,
)
from cklod.load.mapping.relations import ALLOWED, RELATIONS, allows, describe
from cklod.load.mapping.textchecks import date_findings, quotation_findings
from cklod.load.registry import Registry
from cklod.load.yamlsrc import LDict, LList, kind_of, load_yaml
from cklod.project import Project
from cklod.rdf.iris import AGENT_KINDS

ANY = None  # any entity kind
PLACES = frozenset({"place", "country", "organization"})  # an event can take place "at" a university

# (field, allowed entity kinds or ANY) for each fact kind; list fields are checked item by item.
REFERENCES: dict[str, tuple[tuple[str, frozenset[str] | None], ...]] = {
    "role": (
        ("holder", frozenset({"person"})),
        ("organization", frozenset({"organization"})),
        ("country", frozenset({"country"})),
    ),
    "event": (
        ("event", frozenset({"event"})),
        ("location", PLACES),
        ("organizers", AGENT_KINDS),
        ("part_of", frozenset({"event"})),
        ("outcomes", ANY),
        ("about", ANY),
    ),
    "participation": (("event", frozenset({"event"})), ("participant", AGENT_KINDS)),
    "statistic": (("about", ANY),),
    "quotation": (("speaker", AGENT_KINDS), ("event", frozenset({"event"})), ("about", ANY)),
    "speech": (("speaker", AGENT_KINDS), ("event", frozenset({"event"})), ("about", ANY)),
    "initiative": (
        ("initiative", frozenset({"initiative"})),
        ("proposed_by", AGENT_KINDS),
        ("launched_by", AGENT_KINDS),
        ("signed_by", AGENT_KINDS),
        ("adopted_by", AGENT_KINDS),
        ("location", PLACES),
        ("event", frozenset({"event"})),
        ("aligned_with", frozenset({"initiative"})),
    ),
    "status": (
        ("of", frozenset({"initiative", "place", "organization"})),
        ("by", AGENT_KINDS),
        ("event", frozenset({"event"})),
    ),
    "relation": (("subject", ANY),),
    "act": (
        ("who", frozenset({"person"})),
        ("organization", frozenset({"organization"})),
        ("country", frozenset({"country"})),
        ("event", frozenset({"event"})),
        ("about", ANY),
    ),
}
DATE_FIELDS = ("date", "start", "end", "target", "since")
QUOTABLE_BOILERPLATE = frozenset({"byline", "dateline"})


@dataclass
class LocatedFact:
    """A checked fact with its located evidence and where the mapping states it."""

    fact: FactBase
    span: Span | None
    line: int
    dates: dict[str, Date] = field(default_factory=dict)


@dataclass
class LocatedMention:
    mention: Mention
    span: Span
    line: int


@dataclass
class DocumentMapping:
    doc: Document
    file: str
    facts: list[LocatedFact]
    mentions: list[LocatedMention]
    ignores: list[Ignored]
    proposed: list[tuple[str, int]] = field(default_factory=list)
    """(what, line) of every item still marked ``review: proposed``: 'fact', 'mention' or 'ignore'."""

    def entity_ids(self) -> set[str]:
        """Every registry id this document's facts and mentions refer to."""
        ids = {m.mention.entity for m in self.mentions}
        for located in self.facts:
            ids.update(referenced_ids(located.fact))
        return ids


def referenced_ids(fact: FactBase) -> list[str]:
    ids: list[str] = []
    for name, _ in REFERENCES.get(fact.kind, ()):
        value = getattr(fact, name)
        ids.extend(value if isinstance(value, list) else [value] if value else [])
    if fact.kind == "relation":
        ids.extend(o for o in fact.objects if isinstance(o, str))
    return ids


def expand_act(located: LocatedFact) -> list[LocatedFact]:
    """An ``act`` fact as the role, participation and (with ``says``) speech facts it stands for, each with the
    act's quote and line; their ids are the act's id with -role, -participation and -speech."""
    act = located.fact
    if not isinstance(act, ActFact):
        return [located]
    common = {"quote": act.quote, "within": act.within, "nth": act.nth, "external": act.external}
    common |= {"source": act.source, "note": act.note, "review": act.review, "why": act.why}
    role = RoleFact(
        id=f"{act.id}-role",
        kind="role",
        holder=act.who,
        title=act.title,
        organization=act.organization,
        country=act.country,
        former=act.former,
        **common,
    )
    part = ParticipationFact(
        id=f"{act.id}-participation",
        kind="participation",
        event=act.event,
        participant=act.who,
        as_=act.as_,
        capacity=role.id,
        **common,
    )
    facts = [LocatedFact(role, located.span, located.line), LocatedFact(part, located.span, located.line)]
    if act.says is not None:
        speech = SpeechFact(
            id=f"{act.id}-speech",
            kind="speech",
            speaker=act.who,
            event=act.event,
            about=act.about,
            verb=act.says,
            date=act.date,
            inferred=act.inferred,
            **common,
        )
        facts.append(LocatedFact(speech, located.span, located.line, located.dates))
    return facts


def _locate(doc: Document, quote: str, within: str | None, nth: int | None) -> Span:
    span = locate(doc.text, quote, within=within, nth=nth, starts=doc.line_starts)
    block = doc.in_boilerplate(span.start, span.end)
    if block is not None and block.kind not in QUOTABLE_BOILERPLATE:
        raise ValueError(
            f"quote lies in {block.kind} boilerplate (lines {block.first_line}-{block.last_line}), "
            f"not in the article text"
        )
    return span


class _FactChecker:
    def __init__(self, doc: Document, registry: Registry, file: str, problems: Collector):
        self.doc, self.registry, self.file, self.problems = doc, registry, file, problems

    def ref(self, raw: LDict, name: str, value: str, kinds: frozenset[str] | None) -> None:
        if str(value).lower() in self.registry.broken:
            self.problems.add_silent()
            return
        if value not in self.registry:
            self.problems.add(self.file, raw.line_of(name), f"{name}: {self.registry.unknown(value, kinds)}")
            return
        entity = self.registry[value]
        if kinds is not None and entity.kind not in kinds:
            self.problems.add(
                self.file,
                raw.line_of(name),
                f"{name}: '{value}' is a {entity.type}, expected a {' or '.join(sorted(kinds))}",
            )

    def fact(self, raw: Any, line: int) -> LocatedFact | None:
        if not isinstance(raw, LDict):
            self.problems.add(self.file, line, "a fact must be a mapping with id, kind and quote")
            return None
        kind = raw.get("kind")
        model = FACT_MODELS.get(kind)
        if model is None:
            known = ", ".join(FACT_MODELS)
            self.problems.add(self.file, raw.line_of("kind"), f"unknown fact kind '{kind}' (one of {known})")
            return None
        fact = check(model, raw, self.file, self.problems, what=f"fact '{raw.get('id', '?')}'")
        if fact is None:
            return None
        before = (len(self.problems.problems), self.problems.silent)
        for name, kinds in REFERENCES[fact.kind]:
            value = getattr(fact, name)
            for item in value if isinstance(value, list) else [value] if value else []:
                self.ref(raw, name, item, kinds)
        if fact.kind == "relation":
            self.relation(raw, fact)
        dates = {}
        for name in DATE_FIELDS:
            value = getattr(fact, name, None)
            if value is None:
                continue
            try:
                dates[name] = parse_date(value)
            except ValueError as exc:
                self.problems.add(self.file, raw.line_of(name), f"{name}: {exc}")
        if fact.inferred and not any(getattr(fact, name, None) for name in DATE_FIELDS):
            self.problems.add(self.file, raw.line_of("inferred"), "'inferred' given but the fact has no date")
        span = None
        if fact.quote is not None:
            try:
                span = _locate(self.doc, fact.quote, fact.within, fact.nth)
            except ValueError as exc:
                self.problems.add(self.file, raw.line_of("quote"), str(exc))
                return None
        if fact.kind in ("role", "act") and fact.quote is not None and fact.title not in fact.quote:
            self.problems.add(self.file, raw.line_of("title"), "title must be copied verbatim from the quote")
        for finding in date_findings(fact, dates, self.doc) + quotation_findings(fact):
            report = self.problems.warn if finding.warning else self.problems.add
            report(self.file, raw.line_of(finding.field), f"{finding.field}: {finding.message}")
        if (len(self.problems.problems), self.problems.silent) != before:
            return None  # reported; leaving it out keeps later checks from repeating the same problem
        return LocatedFact(fact, span, line, dates)

    def relation(self, raw: LDict, fact: Any) -> None:
        if fact.predicate not in RELATIONS:
            self.problems.add(
                self.file,
                raw.line_of("predicate"),
                f"unknown predicate '{fact.predicate}' (one of {', '.join(RELATIONS)})",
            )
        for obj in fact.objects:
            if isinstance(obj, str):
                self.ref(raw, "object", obj, None)
            elif obj.date is not None:
                try:
                    parse_date(obj.date)
                except ValueError as exc:
                    self.problems.add(self.file, raw.line_of("object"), f"object: {exc}")
        if fact.predicate in RELATIONS and fact.subject in self.registry:
            self.kinds(raw, fact)

    def kinds(self, raw: LDict, fact: Any) -> None:
        """A subject and objects of the kinds the predicate links (relations.ALLOWED)."""
        allowed, subject = ALLOWED[fact.predicate], self.registry[fact.subject]
        if subject.kind not in allowed:
            self.problems.add(
                self.file,
                raw.line_of("subject"),
                f"subject: '{fact.subject}' is a {subject.type}; '{fact.predicate}' links "
                f"{describe(frozenset(allowed))} to something",
            )
            return
        objects = allowed[subject.kind]
        for obj in fact.objects:
            if not isinstance(obj, str):
                continue
            if not objects:
                self.problems.add(
                    self.file,
                    raw.line_of("object"),
                    f"object: '{fact.predicate}' takes a literal object ({{date: ...}} or {{text: ...}}), "
                    f"not a registry id",
                )
            elif obj in self.registry and not allows(
                objects, self.registry[obj].kind, self.registry[obj].type
            ):
                self.problems.add(
                    self.file,
                    raw.line_of("object"),
                    f"object: '{obj}' is a {self.registry[obj].type}; '{fact.predicate}' links "
                    f"{describe(frozenset({subject.kind}))} to {describe(objects)}",
                )


def load_mapping(
    path: Path, root: Path, docs: dict[str, Document], registry: Registry, problems: Collector
) -> DocumentMapping | None:
    file = str(path.relative_to(root))
    try:
        data = load_yaml(path, file)
    except BadInput as exc:
        problems.problems.extend(exc.problems)
        return None
    if not isinstance(data, LDict):
        problems.add(
            file,
            getattr(data, "line", 1),
            f"a mapping file must be a YAML mapping with 'document:' and 'facts:', not {kind_of(data)}",
        )
        return None
    head = check(MappingHead, data, file, problems)
    if head is None:
        return None
    if head.document != path.stem:
        problems.add(file, data.line_of("document"), f"document '{head.document}' does not match file name")
        return None
    doc = docs.get(head.document)
    if doc is None:
        if not Project(root).corpus.joinpath(f"{head.document}.txt").exists():
            problems.add(file, data.line_of("document"), f"no document '{head.document}' in the corpus")
        return None  # else the document could not be read, which is reported already
    checker = _FactChecker(doc, registry, file, problems)
    raw_facts: LList = data.get("facts") or LList()
    facts: list[LocatedFact] = []
    seen: dict[str, int] = {}
    for raw, line in zip(raw_facts, getattr(raw_facts, "lines", []), strict=False):
        checked = checker.fact(raw, line)
        for located in expand_act(checked) if checked is not None else []:
            if located.fact.id in seen:
                problems.add(
                    file,
                    line,
                    f"duplicate fact id '{located.fact.id}' (first at line {seen[located.fact.id]})",
                )
                continue
            seen[located.fact.id] = line
            facts.append(located)
    roles = {f.fact.id: f.fact for f in facts if f.fact.kind == "role"}
    failed = {str(raw.get("id")).strip() for raw in raw_facts if isinstance(raw, LDict)} - set(seen)
    for located in facts:
        fact = located.fact
        if fact.kind == "participation" and fact.capacity is not None:
            role = roles.get(fact.capacity)
            raw = raw_facts[raw_facts.lines.index(located.line)]
            if role is None and fact.capacity in failed:
                continue  # the role fact itself was reported already
            if role is None:
                problems.add(
                    file, raw.line_of("capacity"), f"capacity: no role fact '{fact.capacity}' in this file"
                )
            elif role.holder != fact.participant:
                problems.add(
                    file,
                    raw.line_of("capacity"),
                    f"capacity: role '{fact.capacity}' is held by '{role.holder}', not by '{fact.participant}'",
                )
    mentions: list[LocatedMention] = []
    raw_mentions = data.get("mentions") or LList()
    for mention, raw, line in zip(
        head.mentions, raw_mentions, getattr(raw_mentions, "lines", []), strict=False
    ):
        if mention.entity not in registry:
            problems.add(file, raw.line_of("entity"), f"entity: {registry.unknown(mention.entity)}")
            continue
        try:
            span = _locate(doc, mention.quote, mention.within, mention.nth)
        except ValueError as exc:
            problems.add(file, raw.line_of("quote"), str(exc))
            continue
        mentions.append(LocatedMention(mention, span, line))
    raw_ignores = data.get("ignore") or LList()
    for item, raw in zip(head.ignore, raw_ignores, strict=False):
        if item.text not in doc.text:
            problems.add(
                file,
                raw.line_of("text"),
                f"text: {item.text!r} is not in the document (ignore: takes text copied from it)",
            )
    proposed = [
        ("fact", line) for line in sorted({f.line for f in facts if f.fact.proposed})
    ]  # an act is one
    proposed += [("mention", m.line) for m in mentions if m.mention.proposed]
    proposed += [
        ("ignore", line)
        for item, line in zip(head.ignore, getattr(raw_ignores, "lines", []), strict=False)
        if item.proposed
    ]
    return DocumentMapping(
        doc, file, facts, mentions, list(head.ignore), sorted(proposed, key=lambda p: p[1])
    )
