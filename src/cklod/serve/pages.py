"""HTML pages from Jinja2 templates, shared by ``cklod serve`` and ``cklod site``.

The templates never build a URL themselves: they ask a ``links`` object, which knows where the pages are. The
server's links are root-relative paths on the local server (so a page served at 127.0.0.1 links to
127.0.0.1, and a server running at the base IRI links to the real IRIs); the static site's links are relative
to the page being written, so the folder works from anywhere, even opened from disk.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

from cklod.rdf.iris import REGISTRY_GRAPH, VOCABULARY_GRAPH
from cklod.serve.examples import EXAMPLES
from cklod.serve.space import UriSpace
from cklod.serve.vocab import curie

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from cklod.serve.terms import Term

# Named pages: server path and static-site file.
PAGES = {
    "home": ("", "index.html"),
    "search": ("search", "search.html"),
    "query": ("query", "query.html"),
    "classes": ("classes", "classes.html"),
    "timeline": ("timeline", "timeline.html"),
    "network": ("network", "network.html"),
    "network.svg": ("network.svg", "network.svg"),
    "ontology": ("ontology", "ontology.html"),
    "ontology.ttl": ("ontology.ttl", "ontology.ttl"),
    "void": ("void", "void.ttl"),
    "sparql": ("sparql", None),
}


class Links(Protocol):
    """Where each thing a page links to lives."""

    space: UriSpace

    def resource(self, iri: str) -> str: ...
    def page(self, name: str) -> str: ...
    def klass(self, class_path: str) -> str: ...
    def static(self, name: str) -> str: ...
    def dump(self, name: str) -> str: ...
    def data(self, iri: str, ext: str) -> str: ...
    def query(self, text: str) -> str: ...
    def resource_pattern(self) -> tuple[str, str]: ...


class ServerLinks:
    """Root-relative links on the running server."""

    def __init__(self, space: UriSpace, root_path: str = ""):
        self.space, self.root = space, root_path.rstrip("/")

    def resource(self, iri: str) -> str:
        path = self.space.path(iri)
        return iri if path is None else f"{self.root}/{path}"

    def page(self, name: str) -> str:
        return f"{self.root}/{PAGES[name][0]}"

    def klass(self, class_path: str) -> str:
        return f"{self.root}/classes/{class_path}"

    def static(self, name: str) -> str:
        return f"{self.root}/static/{name}"

    def dump(self, name: str) -> str:
        return f"{self.root}/dumps/{name}"

    def data(self, iri: str, ext: str) -> str:
        return f"{self.root}/data/{self.space.path(iri)}.{ext}"

    def query(self, text: str) -> str:
        return f"{self.root}/query?query={quote(text, safe='')}"

    def resource_pattern(self) -> tuple[str, str]:
        """What goes before and after an ``id/…`` or ``doc/…`` path to link to it (for the query page's script)."""
        return f"{self.root}/", ""


def site_file(space: UriSpace, iri: str) -> tuple[str, str] | None:
    """The static-site file for the page of ``iri`` and the fragment to add; None outside the dataset."""
    path = space.path(iri)
    if path is None:
        return None
    path, _, fragment = path.partition("#")
    root = path.split("/", 1)[0]
    if root == "ontology":
        return "ontology.html", fragment
    if root == "graph":
        name = path.split("/", 1)[1]
        shared = {REGISTRY_GRAPH: "classes.html", VOCABULARY_GRAPH: "ontology.html"}
        return shared.get(name, f"page/doc/{name}.html"), ""
    if root == "dataset":
        return "index.html", ""
    return f"page/{path}.html", fragment


class SiteLinks:
    """Links relative to the static-site page being written (``current``, a path inside the site folder)."""

    def __init__(self, space: UriSpace, current: str):
        self.space, self.current = space, current
        self.up = "../" * current.count("/")

    def _rel(self, target: str) -> str:
        # Up to the site's root, then down: not always the shortest path, but right from any page.
        return self.up + target

    def resource(self, iri: str) -> str:
        found = site_file(self.space, iri)
        if found is None:
            return iri
        file, fragment = found
        return self._rel(file) + (f"#{fragment}" if fragment else "")

    def page(self, name: str) -> str:
        file = PAGES[name][1]
        return self._rel(file) if file else "#"

    def klass(self, class_path: str) -> str:
        return self._rel(f"classes/{class_path}.html")

    def static(self, name: str) -> str:
        return self._rel(f"static/{name}")

    def dump(self, name: str) -> str:
        return self._rel(f"dumps/{name}")

    def data(self, iri: str, ext: str) -> str:
        return self._rel(f"data/{self.space.path(iri)}.{ext}")

    def query(self, text: str) -> str:
        return self._rel("query.html") + f"?query={quote(text, safe='')}"

    def resource_pattern(self) -> tuple[str, str]:
        return self._rel("page/"), ".html"


def capfirst(text: str) -> str:
    """Upper-case the first letter only (labels like "reported speech" start lower-case by convention); a
    label written as a property name (``roleName``) is spelled out as words first."""
    if " " not in text and re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)+", text):
        text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).lower()
    return text[:1].upper() + text[1:]


def from_word(context: str) -> str:
    """A quote's leading context without the word it starts in the middle of (``ed paths`` -> ``paths``)."""
    head, space, rest = context.partition(" ")
    return rest if space and head and head[-1:].isalnum() else context


def to_word(context: str) -> str:
    """A quote's trailing context without the word it ends in the middle of."""
    rest, space, tail = context.rpartition(" ")
    return rest if space and tail and tail[:1].isalnum() else context


def filesize(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(value: str) -> str:
    """``17 June 2025``, ``June 2025`` or ``2025``: a date written at the precision it is known to."""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def _term_html(links: Links, t: Term) -> Markup:
    """An RDF term as HTML: a link for an IRI, the value with its language, datatype or date precision."""
    from markupsafe import Markup, escape

    if t.kind == "iri":
        return Markup(
            f'<a href="{escape(links.resource(t.value))}" title="{escape(t.value)}">{escape(t.label)}</a>'
        )
    if t.kind == "literal" and t.precision:
        return Markup(
            f'<time datetime="{escape(t.value)}">{escape(human_date(t.value))}</time> '
            f'<span class="badge" title="date known to the {t.precision}">{t.precision}</span>'
        )
    if t.lang and t.lang != "en":
        return Markup(
            f'<span class="literal" lang="{escape(t.lang)}">{escape(t.value)}</span> '
            f'<span class="badge">@{escape(t.lang)}</span>'
        )
    html = f'<span class="literal">{escape(t.value)}</span>'
    if t.datatype_curie:
        html += f' <span class="badge datatype">{escape(t.datatype_curie)}</span>'
    return Markup(html)


def _predicate_html(links: Links, t: Term) -> Markup:
    from markupsafe import Markup, escape

    return Markup(
        f'<a href="{escape(links.resource(t.value))}" title="{escape(t.value)}">{escape(curie(t.value))}</a>'
    )


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cklod.serve", "templates"),
        autoescape=jinja2.select_autoescape(["html", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["curie"] = curie
    env.filters["filesize"] = filesize
    env.filters["capfirst"] = capfirst
    env.filters["human_date"] = human_date
    env.filters["from_word"] = from_word
    env.filters["to_word"] = to_word
    env.globals["examples"] = EXAMPLES
    env.globals["term"] = jinja2.pass_context(lambda context, t: _term_html(context["links"], t))
    env.globals["predicate"] = jinja2.pass_context(lambda context, t: _predicate_html(context["links"], t))
    return env


def render(template: str, links: Links, **context: object) -> str:
    """Render ``template`` with ``links`` deciding every URL on the page."""
    return environment().get_template(template).render(links=links, **context)
