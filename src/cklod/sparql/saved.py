"""The saved queries of ``queries/``: one SPARQL file each, introduced by a header of comment lines.

    # title: Posts held by people
    # description: Every post a person held, as each document reports it, with the sentence that
    #   says so.  (A line indented after '#' continues the previous field.)
    # param: person — the holder, e.g. person:xi-jinping; leave out for everyone

A parameter is a variable of the query; a value given for it is bound, never pasted into the text. A parameter
left out stays unbound, so the query answers for every value. So that the embedded store (pyoxigraph
substitutions) and an endpoint (a VALUES block at the head of the WHERE clause) give the same answer, a SELECT
query projects its parameters, uses them in its top-level group, and tests them with COALESCE(…, true) rather
than BOUND (pyoxigraph evaluates BOUND of a substituted variable as false).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cklod.errors import BadInput
from cklod.load.sourcefile import decode_utf8, read_bytes
from cklod.rdf.sparqltext import variables

QUERY_DIR = "queries"
SUFFIX = ".rq"
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELD = re.compile(r"^#\s?(title|description|param):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s+[—–-]+\s+(.+)$")


class SavedQueryError(ValueError):
    """A saved query that cannot be used: unknown name or a malformed header. The message is one line."""


@dataclass(frozen=True)
class Param:
    name: str
    meaning: str


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...] = field(default=())
    text: str = ""

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)


def _header(path: Path, text: str) -> tuple[str, str, list[Param]]:
    fields: dict[str, list[str]] = {"title": [], "description": []}
    params: list[Param] = []
    last: list[str] | None = None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        m, cont = _FIELD.match(line), _CONTINUATION.match(line)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "param":
                p = _PARAM.match(value)
                if p is None:
                    raise SavedQueryError(
                        f"{path}:{n}: write '# param: name — meaning', not '# param: {value}'"
                    )
                params.append(Param(p.group(1), p.group(2).strip()))
                last = None
            else:
                fields[key].append(value)
                last = fields[key]
        elif cont and last is not None:
            last.append(cont.group(1).strip())
        else:
            last = None
    for key in ("title", "description"):
        if not fields[key]:
            raise SavedQueryError(f"{path}:1: the header has no '# {key}:' line")
    return " ".join(fields["title"]), " ".join(fields["description"]), params


def read_saved(path: Path) -> SavedQuery:
    """Read and check one saved query file."""
    try:
        text = decode_utf8(read_bytes(path, str(path)), str(path))
    except BadInput as exc:
        raise SavedQueryError(str(exc)) from None
    title, description, params = _header(path, text)

    used = variables(text)
    for p in params:
        if p.name not in used:
            raise SavedQueryError(f"{path}: parameter '{p.name}' is not a variable of the query")
    return SavedQuery(path.stem, path, title, description, tuple(params), text)


def saved_paths(root: Path) -> dict[str, Path]:
    folder = root / QUERY_DIR
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob(f"*{SUFFIX}"))}


def load_all(root: Path) -> list[SavedQuery]:
    """Every saved query under ``root/queries``, sorted by name."""
    return [read_saved(p) for p in saved_paths(root).values()]


def find(root: Path, name: str) -> SavedQuery:
    """The saved query called ``name``; an unknown name raises with the closest names."""
    paths = saved_paths(root)
    if name in paths:
        return read_saved(paths[name])
    import difflib

    close = difflib.get_close_matches(name, list(paths), n=3, cutoff=0.5)
    close += [n for n in paths if name in n and n not in close][: 3 - len(close)] if len(close) < 3 else []
    hint = f"; did you mean: {', '.join(close)}?" if close else f"; see 'cklod queries' ({len(paths)} saved)"
    raise SavedQueryError(f"no saved query named '{name}' in {root / QUERY_DIR}{hint}")


def looks_like_name(text: str) -> bool:
    """True when ``text`` is shaped like a saved query's name rather than SPARQL."""
    return bool(NAME.match(text))
