"""Just enough SPARQL lexing to bind parameters in a query text sent to a remote endpoint.

The embedded store binds parameters with pyoxigraph's substitutions; a remote endpoint only gets text, so the
values go in as a VALUES block at the head of the WHERE clause. Finding that clause needs to skip comments,
strings and IRIs, where braces and the word WHERE may also appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# One alternative per token kind; the first that matches at a position wins.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*''' | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
    | (?P<word>[A-Za-z_:][\w.:%\-]*)
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<other>\S)
    | (?P<space>\s+)
    """,
    re.VERBOSE | re.DOTALL,
)
_PREFIX_DECL = re.compile(r"([A-Za-z][\w.\-]*)?:$")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _codepoint(match: re.Match) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code < 0x110000 else ""


def tokens(query: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) for every token of ``query``; whitespace is dropped."""
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if m is None:  # an unterminated string or the like: the parser will name it; stop here
            return
        kind = m.lastgroup or "other"
        if kind != "space":
            yield kind, m.group(), pos
        pos = m.end()


def has_keyword(query: str, keyword: str) -> bool:
    """Whether ``keyword`` occurs as a word of ``query``, outside strings, IRIs and comments, in any case.

    SPARQL allows \\u escapes anywhere in a query, so they are decoded first: ``\\u0053ERVICE`` is SERVICE.
    """
    decoded = _CODEPOINT.sub(_codepoint, query) if "\\" in query else query
    keyword = keyword.lower()
    return any(kind == "word" and text.rstrip(".").lower() == keyword for kind, text, _ in tokens(decoded))


def variables(query: str) -> set[str]:
    """The names of the variables the query text uses (without ? or $)."""
    return {text[1:] for kind, text, _ in tokens(query) if kind == "var"}


def declared_prefixes(query: str) -> set[str]:
    """Prefix names the query declares with PREFIX."""
    found, after_prefix = set(), False
    for kind, text, _ in tokens(query):
        if after_prefix and kind == "word":
            m = _PREFIX_DECL.match(text)
            if m:
                found.add(m.group(1) or "")
        after_prefix = kind == "word" and text.upper() == "PREFIX"
    return found


def where_brace(query: str) -> int:
    """The offset of the '{' that opens the query's WHERE clause.

    That is the first top-level '{' after the top-level keyword WHERE, or, when the keyword is left out
    (``SELECT * { … }``, ``ASK { … }``), the first top-level '{'.
    """
    depth, seen_where, first_open = 0, False, -1
    for kind, text, offset in tokens(query):
        if kind == "open":
            if depth == 0:
                if seen_where:
                    return offset
                if first_open < 0:
                    first_open = offset
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0 and text.upper() == "WHERE":
            seen_where = True
    if first_open < 0:
        raise ValueError("the query has no WHERE clause to bind parameters in")
    return first_open


def with_values(query: str, bindings: dict[str, str]) -> str:
    """``query`` with ``VALUES (?a ?b) { (a b) }`` at the head of its WHERE clause.

    ``bindings`` maps variable names to terms already serialized as SPARQL (N-Triples syntax), so no value is
    ever pasted into the query as raw text.
    """
    if not bindings:
        return query
    names = sorted(bindings)
    block = "VALUES ({}) {{ ({}) }}".format(
        " ".join("?" + n for n in names), " ".join(bindings[n] for n in names)
    )
    at = where_brace(query) + 1
    return f"{query[:at]} {block}\n{query[at:]}"
