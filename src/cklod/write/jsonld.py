"""Compact JSON-LD written subject by subject, byte for byte what rdflib's serializer gives
(jsonld_rdflib).

rdflib's serializer (parse into an rdflib graph, compact, dump, reload, sort) costs ~60 µs a triple; this
writer reads the sorted union's N-Triples lines, builds the same node objects with rdflib's own Context for the
IRI and term shrinking, and dumps each node on its own. It covers the terms cklod emits (IRIs, plain,
language-tagged, integer, boolean, decimal and date literals); for anything else (blank nodes, RDF lists, other
datatypes, a multi-valued property with a falsy value, where rdflib's output depends on hash order) it returns
None and the caller uses rdflib. tests/test_scale.py proves the bytes equal on the real and on synthetic corpora.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache

from pyoxigraph import Triple

from cklod.rdf import nquads
from cklod.rdf.iris import PREFIXES, RDF, SCHEMA, XSD
from cklod.rdf.nquads import split_literal

TYPE = f"<{RDF}type>"
NATIVE = {XSD + "integer": int, XSD + "boolean": {"true": True, "false": False}.__getitem__}
VERBATIM = frozenset({XSD + "decimal", XSD + "date", XSD + "gYear", XSD + "gYearMonth"})
UNSUPPORTED = frozenset({f"<{RDF}first>", f"<{RDF}rest>"})
NIL = f"<{RDF}nil>"


class Unsupported(Exception):
    """A term this writer does not reproduce exactly; the caller falls back to rdflib."""


def literal_parts(term: str) -> tuple[str, str, str]:
    """(lexical form, datatype IRI, language) of a literal in canonical N-Triples form."""
    # \U is not a JSON escape, and oxigraph writes it only for characters JSON would also escape, which cklod
    # never emits: left to rdflib rather than guessed.
    if "\\U" in term[: term.rindex('"')]:
        raise Unsupported(term)
    lexical, language, datatype = split_literal(term)
    if language:
        return lexical, RDF + "langString", language
    return lexical, datatype or XSD + "string", ""


Node = tuple[str, str]  # (the node's @id as JSON, its text in the dump)

# A value as the writer needs it: its compact JSON (rdflib's sort key for multiple values), and either its
# scalar JSON text or the (key, value) JSON texts of its object, which is laid out at the nesting level it lands.
Value = tuple[str, str | None, tuple[tuple[str, str], ...]]
FALSY = frozenset({'""', "0", "false"})


class Compactor:
    def __init__(self, context: dict):
        from rdflib.plugins.shared.jsonld.context import Context

        self.ctx = Context(context["@context"])
        self.symbol = lru_cache(maxsize=None)(self.ctx.to_symbol)
        self.shrink = lru_cache(maxsize=1 << 20)(self.ctx.shrink_iri)
        self.predicate = lru_cache(maxsize=None)(self._predicate)
        self.type_value = lru_cache(maxsize=None)(self._type_value)

    def _predicate(self, term: str) -> str:
        if term in UNSUPPORTED or not term.startswith("<"):
            raise Unsupported(term)
        return "@type" if term == TYPE else self.symbol(term[1:-1])

    def _type_value(self, term: str) -> Value:
        text = _scalar(self.symbol(term[1:-1]))
        return text, text, ()

    def value(self, term: str) -> Value:
        if term.startswith("<"):
            if term == NIL:
                raise Unsupported(term)
            ref = _scalar(self.shrink(term[1:-1]))
            return f'{{"@id": {ref}}}', None, (('"@id"', ref),)
        if not term.startswith('"'):
            raise Unsupported(term)  # a blank node
        lexical, datatype, language = literal_parts(term)
        if language:
            lang, text = _scalar(language), _scalar(lexical)
            return (
                f'{{"@language": {lang}, "@value": {text}}}',
                None,
                (('"@language"', lang), ('"@value"', text)),
            )
        if datatype == XSD + "string":
            text = _scalar(lexical)
            return text, text, ()
        if datatype in NATIVE:
            try:
                text = _scalar(NATIVE[datatype](lexical))
            except (KeyError, ValueError):
                raise Unsupported(term) from None
            return text, text, ()
        if datatype in VERBATIM:
            kind, text = _scalar(self.symbol(datatype)), _scalar(lexical)
            return f'{{"@type": {kind}, "@value": {text}}}', None, (('"@type"', kind), ('"@value"', text))
        raise Unsupported(term)

    def node(self, subject: str, pairs: list[tuple[str, str]]) -> Node:
        """(the node's @id as JSON, the node as json.dumps(indent=1, sort_keys=True) gives it at level 2)."""
        if not subject.startswith("<"):
            raise Unsupported(subject)
        node_id = _scalar(self.shrink(subject[1:-1]))
        values: dict[str, list[Value]] = {}
        for p, o in pairs:
            key = self.predicate(p)
            value = self.type_value(o) if key == "@type" and o.startswith("<") else self.value(o)
            values.setdefault(key, []).append(value)
        members = [('"@id"', node_id)]
        for key, items in values.items():
            if len(items) == 1:
                members.append((_scalar(key), _layout(items[0], 3)))
                continue
            if any(item[1] in FALSY for item in items):
                raise Unsupported(key)  # rdflib keeps or drops a falsy first value by hash order
            items.sort(key=lambda item: item[0])
            inner = "\n    "
            body = ("," + inner).join(_layout(item, 4) for item in items)
            members.append((_scalar(key), f"[{inner}{body}\n   ]"))
        members.sort(key=lambda member: member[0])
        inner = ",\n   "
        return node_id, "  {\n   " + inner.join(f"{k}: {v}" for k, v in members) + "\n  }"


def _layout(value: Value, level: int) -> str:
    _key, scalar, members = value
    if scalar is not None:
        return scalar
    inner = "\n" + " " * (level + 1)
    return "{" + inner + ("," + inner).join(f"{k}: {v}" for k, v in members) + "\n" + " " * level + "}"


_scalar = json.JSONEncoder(ensure_ascii=False).encode


def compact_jsonld(groups: Iterable[tuple[str, list[tuple[str, str]]]], context: dict) -> bytes | None:
    """The JSON-LD dump of the union, or None where rdflib must write it.

    ``groups``: each subject of the union with its (predicate, object) pairs, in N-Triples form
    (write.subject_groups)."""
    compactor = Compactor(context)
    try:
        nodes = [compactor.node(subject, pairs) for subject, pairs in groups]
    except Unsupported:
        return None
    return document(nodes, context)


def document(nodes: list[Node], context: dict) -> bytes | None:
    """The JSON-LD dump holding ``nodes`` (None for none: rdflib's way with an empty graph is kept)."""
    pieces = document_pieces(nodes, context)
    return None if pieces is None else "".join(pieces).encode()


def document_pieces(nodes: list[Node], context: dict) -> list[str] | None:
    """document()'s text in pieces, to be written without joining them (the dump is as large as the data)."""
    if not nodes:
        return None
    # Sorting by the id's JSON form is sorting by the whole node's JSON form: ids are unique, and every node's
    # sorted dump starts with {"@id": <id>.
    nodes.sort()
    return list(document_chunks((text for _, text in nodes), context))


def document_chunks(texts: Iterable[str], context: dict) -> Iterator[str]:
    """document()'s text in pieces, from its nodes' texts already in their order (sorted by @id)."""
    head = json.dumps({"@context": context["@context"]}, ensure_ascii=False, indent=1)
    yield f'{head[:-2]},\n "@graph": [\n'
    for n, text in enumerate(texts):
        yield f",\n{text}" if n else text
    yield "\n ]\n}\n"


def jsonld_context(base: str) -> dict:
    """The published @context: schema.org terms bare (as a schema.org consumer reads them), others prefixed."""
    context: dict[str, object] = {"@vocab": SCHEMA}
    for prefix, ns in sorted(PREFIXES.items()):
        if prefix != "schema":
            context[prefix] = ns
    context["id"] = f"{base}id/"
    return {"@context": context}


def _canonical(value: object) -> object:
    """Sort the unordered arrays of a JSON-LD document so its bytes do not depend on hash order."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(triples: list[Triple], context: dict) -> bytes:
    """Compacted JSON-LD of ``triples``, context inline so it parses offline; deterministic ordering."""
    return jsonld_of_lines(sorted(set(nquads.n_triples(triples).decode().splitlines(keepends=True))), context)


def jsonld_of_lines(lines: list[str], context: dict) -> bytes:
    """Compacted JSON-LD of sorted, distinct N-Triples ``lines`` (the union's, in the write stage).

    Written by compact_jsonld where it reproduces rdflib's bytes exactly (every term cklod emits), else by
    rdflib (jsonld_rdflib).
    """
    fast = compact_jsonld(nquads.subject_groups(lines), context)
    return fast if fast is not None else jsonld_rdflib(nquads.parse_triples("".join(lines).encode()), context)


def jsonld_rdflib(triples: list[Triple], context: dict) -> bytes:
    """Compacted JSON-LD by rdflib's serializer, reloaded and sorted so its bytes do not depend on hash order."""
    import rdflib  # only the JSON-LD writer needs rdflib's object model

    graph = rdflib.Graph()
    graph.parse(data=nquads.n_triples(triples).decode("utf-8"), format="nt")
    compact = json.loads(graph.serialize(format="json-ld", context=context["@context"], auto_compact=True))
    compact.pop("@context", None)
    nodes = compact.pop("@graph", None)
    if nodes is None:
        nodes = [compact] if compact else []
    doc = {"@context": context["@context"], "@graph": _canonical(nodes)}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
