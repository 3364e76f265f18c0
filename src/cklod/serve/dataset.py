"""The published dataset as the server and the static site see it: the store, its VoID description, the files
that may be downloaded, and every page, rendered with whatever ``links`` the caller gives."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from cklod.rdf.iris import DEFAULT_BASE, ONTOLOGY
from cklod.rdf.sparqltext import where_brace
from cklod.serve import conneg
from cklod.serve.describe import describe, serialize
from cklod.serve.document import document_view
from cklod.serve.lookup import Lookup
from cklod.serve.network import co_participation
from cklod.serve.overview import (
    class_from_path,
    class_index,
    class_members,
    dataset_jsonld,
    fold,
    home_view,
    search,
    search_index,
    timeline,
)
from cklod.serve.pages import Links, render
from cklod.serve.space import UriSpace
from cklod.serve.views import resource_view
from cklod.serve.vocab import Vocabulary
from cklod.sparql.engine import short_prefixes
from cklod.sparql.saved import QUERY_DIR, SavedQueryError, read_saved, saved_paths
from cklod.sparql.store import built_base, open_store

VOID_FILE = "void.ttl"


def script_json(value: object) -> str:
    """``value`` as JSON safe inside a <script> element ("</" would end it early)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def saved_for_page(root: Path) -> list[dict]:
    """Each readable saved query of ``root/queries``: its text, header, parameters with an example value,
    and where its WHERE clause opens (a VALUES block for the parameters goes right after)."""
    import re

    found = []
    for path in saved_paths(root).values():
        try:
            query = read_saved(path)
            at = where_brace(query.text)
        except (SavedQueryError, ValueError, OSError, UnicodeDecodeError):
            continue
        found.append(
            {
                "name": query.name,
                "title": query.title,
                "description": query.description,
                "params": [
                    {
                        "name": p.name,
                        "meaning": p.meaning,
                        "example": next(iter(re.findall(r"e\.g\. ([^\s;,]+)", p.meaning)), ""),
                    }
                    for p in query.params
                ],
                "text": query.text,
                "at": at,
            }
        )
    return found


def downloadable(output_dir: Path) -> dict[str, Path]:
    """Every regular file of the output folder by its path inside it: the only files /dumps/ serves.

    Built once from a walk of the folder, so a request path is looked up, never joined to a file system path:
    no ``..``, symbolic link or encoded separator can reach a file outside the folder.
    """
    root = output_dir.resolve()
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and not any(p.startswith(".") for p in path.parts[-3:]):
            resolved = path.resolve()
            if resolved.is_relative_to(root):
                files[resolved.relative_to(root).as_posix()] = resolved
    return files


class Published:
    """One built dataset (an ``output/`` folder) ready to be served or written as a site."""

    def __init__(self, output_dir: Path, base: str | None = None, queries: Path | None = None):
        self.output_dir = Path(output_dir)
        # Whose saved queries the query page offers: the project the output folder sits in, else the one
        # cklod runs in.
        if queries is None:
            beside = self.output_dir.resolve().parent
            queries = beside if (beside / QUERY_DIR).is_dir() else Path.cwd()
        self.queries_root = Path(queries)
        self.store = open_store(self.output_dir)
        self.void = ox.Store()
        void_file = self.output_dir / VOID_FILE
        if void_file.exists():
            self.void.bulk_load(path=str(void_file), format=ox.RdfFormat.TURTLE)
        self.space = UriSpace(base or built_base(self.output_dir) or DEFAULT_BASE)
        self.lookup = Lookup(self.store, self.space)
        self.void_lookup = Lookup(self.void, self.space)
        self.lookup.borrow_labels(self.void_lookup)
        self.vocab = Vocabulary(self.lookup)
        self.files = downloadable(self.output_dir)

    # -- what exists ------------------------------------------------------------------------------------------

    def owner(self, iri: str) -> Lookup | None:
        """The lookup that describes ``iri`` (the dataset, or VoID for the dataset's own IRIs); None if unknown."""
        if self.lookup.exists(iri):
            return self.lookup
        if self.void_lookup.exists(iri):
            return self.void_lookup
        return None

    def graph(self, iri: str) -> bool:
        return iri in self.lookup.graphs

    def known(self, iri: str) -> bool:
        """Whether the server answers for ``iri``: a described resource or a named graph."""
        return self.owner(iri) is not None or self.graph(iri)

    def description(self, iri: str) -> list[ox.Triple] | None:
        if self.graph(iri):
            return sorted(
                self.lookup.graph_triples(iri),
                key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
            )
        lookup = self.owner(iri)
        return describe(lookup, iri) if lookup is not None else None

    def data(self, iri: str, media: str) -> bytes | None:
        triples = self.description(iri)
        return self.data_from(triples, media) if triples is not None else None

    def data_from(self, triples: list[ox.Triple], media: str) -> bytes:
        return serialize(triples, media, self.space.base)

    def ontology(self, media: str) -> bytes:
        if media == conneg.TURTLE and "ontology/cklod.ttl" in self.files:
            return self.files["ontology/cklod.ttl"].read_bytes()

        triples = self.lookup.graph_triples(ONTOLOGY)
        return serialize(sorted(triples, key=str), media, self.space.base)

    def void_data(self, media: str) -> bytes:
        if media == conneg.TURTLE and VOID_FILE in self.files:
            return self.files[VOID_FILE].read_bytes()
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in self.void]
        return serialize(sorted(triples, key=str), media, self.space.base)

    # -- computed once ----------------------------------------------------------------------------------------

    @cached_property
    def home(self):
        return home_view(self.lookup, self.void)

    @cached_property
    def classes(self):
        return class_index(self.lookup)

    @cached_property
    def events(self):
        return timeline(self.lookup, self.vocab)

    @cached_property
    def network(self):
        return co_participation(self.lookup)

    @cached_property
    def index(self):
        return search_index(self.lookup)

    # -- pages ------------------------------------------------------------------------------------------------

    def resource_page(self, iri: str, links: Links) -> str | None:
        """The page of a dataset IRI (entity, fact, evidence, document, VoID node); None when unknown."""
        lookup = self.owner(iri)
        if lookup is None:
            return None
        if lookup.space.kind(iri) == "doc":
            return render(
                "document.html", links, view=document_view(lookup, self.vocab, iri), title=self.title
            )
        vocab = self.vocab if lookup is self.lookup else Vocabulary(lookup)
        return render("resource.html", links, view=resource_view(lookup, vocab, iri), title=self.title)

    @property
    def title(self) -> str:
        return self.home.title

    def home_page(self, links: Links) -> str:
        jsonld = dataset_jsonld(self.home, self.space.base + "dataset")
        return render("home.html", links, home=self.home, title=self.title, jsonld=jsonld)

    def void_page(self, links: Links) -> str:
        """The VoID/DCAT description as a page: the dataset node's statements, with links to the rest."""
        return self.resource_page(self.space.base + "dataset", links) or ""

    def search_page(self, links: Links, text: str = "", *, static: bool = False) -> str:
        """Server-side results for ``text``; with ``static``, the whole index inline for the page's own script."""
        results = [] if static else search(self.index, text)
        index = ""
        if static:
            entries = [
                {
                    "l": e.label,
                    "k": e.kind,
                    "n": [n for n in e.names if n != e.label],
                    "f": sorted({fold(n) for n in (e.label, *e.names)}),
                    "h": links.resource(e.iri),
                }
                for e in self.index
            ]
            index = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        return render(
            "search.html", links, text=text, results=results, index=index, static=static, title=self.title
        )

    @cached_property
    def saved_queries(self) -> list[dict]:
        """The saved queries as the query page offers them; a file that cannot be read is left out
        (``cklod check`` reports it)."""
        return saved_for_page(self.queries_root)

    def query_page(self, links: Links, endpoint: str | None, text: str = "") -> str:
        """The query page; with no ``endpoint``, queries run in the browser over the published dump."""

        saved = self.saved_queries
        return render(
            "query.html",
            links,
            endpoint=endpoint or "",
            text=text,
            title=self.title,
            base=self.space.base,
            saved=saved,
            saved_json=script_json(saved),
            prefixes_json=script_json(short_prefixes(self.space.base)),
            ontology_graph=ONTOLOGY,
        )

    def classes_page(self, links: Links) -> str:
        return render("classes.html", links, groups=self.classes, title=self.title)

    def class_page(self, links: Links, prefix: str, local: str) -> str | None:
        cls = class_from_path(prefix, local)
        if cls is None or not any(e.cls.value == cls for _, group in self.classes for e in group):
            return None
        members = class_members(self.lookup, self.vocab, cls)
        comment = self.lookup.text(cls, "http://www.w3.org/2000/01/rdf-schema#comment")
        return render(
            "class.html",
            links,
            cls=cls,
            label=self.lookup.label(cls),
            comment=comment,
            members=members,
            title=self.title,
        )

    def timeline_page(self, links: Links) -> str:
        dated, undated = self.events
        return render("timeline.html", links, dated=dated, undated=undated, title=self.title)

    def network_page(self, links: Links) -> str:
        return render("network.html", links, network=self.network, title=self.title, standalone=False)

    def network_svg(self, links: Links) -> str:
        return render("network.svg", links, network=self.network, standalone=True)

    def ontology_page(self, links: Links) -> str:
        return render(
            "ontology.html",
            links,
            sections=self.vocab.sections(),
            metadata=self.vocab.metadata,
            axioms=self.vocab.external_axioms(),
            title=self.title,
        )

    def error_page(self, links: Links, status: int, message: str) -> str:
        return render("error.html", links, status=status, message=message, title=self.title)
