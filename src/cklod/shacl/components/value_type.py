"""sh:class, sh:datatype and sh:nodeKind (pyshacl constraints/core/value_constraints.py)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import rdflib

from cklod.shacl.components.base import Constraint, FocusValues, remembered
from cklod.shacl.data import EMPTY
from cklod.shacl.errors import Unsupported
from cklod.shacl.messages import shape_text
from cklod.shacl.terms import rdflib_term
from cklod.shacl.vocab import RDF, RDF_TYPE, RDFS, SH, XSD

LANG_STRING = RDF + "langString"
XSD_STRING = XSD + "string"

# What pyshacl's _assert_actual_datatype demands of rdflib's value; other datatypes only need not be ill-typed.
_VALUE_TYPES: dict[str, type | tuple[type, ...]] = {
    XSD_STRING: (str, bytes),
    LANG_STRING: (str, bytes),
    XSD + "integer": int,
    XSD + "float": float,
    XSD + "decimal": Decimal,
    XSD + "boolean": bool,
    XSD + "date": date,
    XSD + "time": time,
    XSD + "dateTime": datetime,
}


class ClassConstraint(Constraint):
    """Each value is a SHACL instance (rdf:type/rdfs:subClassOf* in the data graph) of each sh:class."""

    component = SH + "ClassConstraintComponent"
    parameters = ("class",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rules = self.values("class")
        self.classes = [f"<{c}>" for c in self.rules]

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        types = ctx.data.out.get(RDF_TYPE, EMPTY).get
        for cls in self.classes:  # one result per value per failed class, as pyshacl
            subclasses = ctx.data.subclasses(cls)

            def has_class(v: str, subclasses=subclasses) -> bool:
                return v[0] != '"' and any(t in subclasses for t in types(v, ()))

            self.refuse(fv, has_class, out, bad)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        if len(self.rules) < 2:
            return f"Value does not have class {shape_text(self.graph, self.rules[0])}"
        return f"Value class is not in classes ({', '.join(shape_text(self.graph, c) for c in self.rules)})"


class DatatypeConstraint(Constraint):
    """Each value is a literal of the datatype, and not ill-typed in rdflib's eyes."""

    component = SH + "DatatypeConstraintComponent"
    parameters = ("datatype",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rule = self.one("datatype")
        self.datatype = str(self.rule)
        self.verdicts: dict[str, bool] = {}  # per value term: the verdict depends on the term alone

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        return self.refuse(fv, remembered(self.verdicts, self.matches), out, set())

    def matches(self, term: str) -> bool:
        """pyshacl's DatatypeConstraintComponent.evaluate, for one value."""
        if term[0] != '"':
            return False
        rule = self.datatype
        if term[-1] == ">":  # typed: compare the IRI, then ask rdflib
            lit = rdflib_term(term)
            if str(lit.datatype) == rule:
                if lit.ill_typed is True:
                    return False
                wanted = _VALUE_TYPES.get(rule)
                return wanted is None or isinstance(lit.value, wanted)
            return rule in (RDFS + "Literal", RDFS + "Datatype")
        if rule == RDFS + "Literal":
            return True
        if term[-1] == '"':  # plain: rdflib gives it no datatype, and a str value
            return rule == XSD_STRING
        return rule == LANG_STRING  # language-tagged

    def generic_message(self, ctx, focus, value) -> str:
        return f"Value is not Literal with datatype {shape_text(self.graph, self.rule)}"


_KINDS = {
    "<": {SH + "IRI", SH + "IRIOrLiteral", SH + "BlankNodeOrIRI"},
    "_": {SH + "BlankNode", SH + "BlankNodeOrLiteral", SH + "BlankNodeOrIRI"},
    '"': {SH + "Literal", SH + "BlankNodeOrLiteral", SH + "IRIOrLiteral"},
}


class NodeKindConstraint(Constraint):
    component = SH + "NodeKindConstraintComponent"
    parameters = ("nodeKind",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rule = self.one("nodeKind")
        if not isinstance(self.rule, rdflib.URIRef):
            raise Unsupported(shape.label, "an sh:nodeKind that is not an IRI")
        self.allowed = "".join(k for k, kinds in _KINDS.items() if str(self.rule) in kinds)

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        allowed = self.allowed
        return self.refuse(fv, lambda v: v[0] in allowed, out, set())

    def generic_message(self, ctx, focus, value) -> str:
        return f"Value is not of Node Kind {shape_text(self.graph, self.rule)}"
