"""sh:minLength, sh:maxLength, sh:pattern, sh:languageIn, sh:uniqueLang
(pyshacl constraints/core/string_based_constraints.py).

pyshacl measures and matches the string form of a value: an IRI's text or a literal's (normalized) lexical
form; a blank node always fails. Its sh:pattern is Python's re.search, with only the i and m flags honoured.
"""

from __future__ import annotations

import re

import rdflib

from cklod.shacl.components.base import Constraint, FocusValues, hit, remembered
from cklod.shacl.errors import Unsupported
from cklod.shacl.messages import data_text, shape_text
from cklod.shacl.terms import key_of, lexical
from cklod.shacl.vocab import SH, XSD

_WHOLE = {
    XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "short", "byte")
}
_WHOLE |= {XSD + t for t in ("unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


class _Length(Constraint):
    name = ""

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        rule = self.one(self.name)
        if (
            not isinstance(rule, rdflib.Literal)
            or rule.ill_typed
            or str(rule.datatype) not in _WHOLE
            or rule.value < 0
        ):
            raise Unsupported(shape.label, f"sh:{self.name} that is not a non-negative integer")
        self.rule = rule
        self.limit = int(rule.value)

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        return self.refuse(fv, self.accepts, out, set())

    def accepts(self, v: str) -> bool:
        raise NotImplementedError


class MinLengthConstraint(_Length):
    component = SH + "MinLengthConstraintComponent"
    parameters = ("minLength",)
    name = "minLength"

    def accepts(self, v: str) -> bool:
        if self.limit == 0:
            return True  # pyshacl passes even a blank node
        return v[0] != "_" and len(lexical(v)) >= self.limit

    def generic_message(self, ctx, focus, value) -> str:
        return f"String length not >= {data_text_of(self.rule)}"


class MaxLengthConstraint(_Length):
    component = SH + "MaxLengthConstraintComponent"
    parameters = ("maxLength",)
    name = "maxLength"

    def accepts(self, v: str) -> bool:
        return v[0] != "_" and len(lexical(v)) <= self.limit

    def generic_message(self, ctx, focus, value) -> str:
        return f"String length not <= {data_text_of(self.rule)}"


def data_text_of(node: rdflib.term.Node) -> str:

    return data_text(key_of(node))


class PatternConstraint(Constraint):
    component = SH + "PatternConstraintComponent"
    parameters = ("pattern",)  # sh:flags alone selects nothing in pyshacl

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rules = self.values("pattern")
        if not self.rules or not all(isinstance(p, rdflib.Literal) for p in self.rules):
            raise Unsupported(shape.label, "an sh:pattern that is not a literal")
        flags_found = self.values("flags")
        flags = str(flags_found[0]).lower() if flags_found else ""
        re_flags = (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0)
        try:
            self.regexes = [re.compile(str(p), re_flags) for p in self.rules]
        except re.error as exc:
            raise Unsupported(shape.label, f"an sh:pattern Python cannot compile ({exc})") from exc
        self.verdicts: list[dict[str, bool]] = [{} for _ in self.rules]

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        for regex, verdicts in zip(
            self.regexes, self.verdicts, strict=False
        ):  # each pattern reports on its own

            def matches(v: str, search=regex.search) -> bool:
                return v[0] != "_" and search(lexical(v)) is not None

            self.refuse(fv, remembered(verdicts, matches), out, bad)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        if len(self.rules) < 2:
            return f"Value does not match pattern '{self.rules[0]}'"
        return "Value does not match every pattern in ('{}')".format("', '".join(str(p) for p in self.rules))


def _language(v: str) -> str | None:
    """The language tag of a literal term, None for other terms (tags arrive lower-cased from oxigraph)."""
    if v[0] != '"' or v[-1] == '"' or v[-1] == ">":
        return None
    return v[v.rindex('"') + 2 :].lower()


class LanguageInConstraint(Constraint):
    component = SH + "LanguageInConstraintComponent"
    parameters = ("languageIn",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.rule = self.one("languageIn")
        tags = self.items(self.rule, "languageIn")
        if not all(isinstance(t, rdflib.Literal) and isinstance(t.value, str) for t in tags):
            raise Unsupported(shape.label, "an sh:languageIn member that is not a string")
        self.tags = {str(t).lower() for t in tags}
        self.wildcard = "*" in self.tags

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        tags, wildcard = self.tags, self.wildcard

        def accepts(
            v: str,
        ) -> bool:  # pyshacl: the whole tag, or the part before the first "-", is in the list
            lang = _language(v)
            return bool(lang) and (wildcard or lang in tags or lang.split("-", 1)[0] in tags)

        return self.refuse(fv, accepts, out, set())

    def generic_message(self, ctx, focus, value) -> str:
        return f"String language is not in {shape_text(self.graph, self.rule)}"


class UniqueLangConstraint(Constraint):
    """One result, without a value, per language tag that two or more values of a focus node share."""

    component = SH + "UniqueLangConstraintComponent"
    parameters = ("uniqueLang",)

    def __init__(self, shape, graph):
        super().__init__(shape, graph)
        self.property_only("uniqueLang")
        rule = self.one("uniqueLang")
        if not isinstance(rule, rdflib.Literal) or not isinstance(rule.value, bool):
            raise Unsupported(shape.label, "an sh:uniqueLang that is not an xsd:boolean")
        self.on = rule.value

    def evaluate(self, fv: FocusValues, ctx, out, noisy) -> set[str]:
        bad: set[str] = set()
        if not self.on:
            return bad
        for f, vs in fv:
            if len(vs) < 2:
                continue
            seen: set[str] = set()
            duplicates: set[str] = set()
            for v in vs:
                lang = _language(v)
                if lang:
                    (duplicates if lang in seen else seen).add(lang)
            if duplicates:
                bad.add(f)
                if out is not None:
                    for _ in duplicates:
                        hit(out, self.shape, f, None, self)
        return bad

    def generic_message(self, ctx, focus, value) -> str:
        return "More than one String shares the same Language"
