"""``cklod site``: the server's pages and the dumps written as a folder of static files.

Same templates as the server, links relative to each page (so the folder can be hosted anywhere or opened from
disk), and everything sorted, so one build always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from cklod.serve import conneg
from cklod.serve.dataset import Published
from cklod.serve.pages import SiteLinks, site_file
from cklod.serve.routes import static_files
from cklod.staging import publish_folder

# Per-resource data files written beside the pages (the server negotiates; a static host serves by extension).
DATA_EXTENSIONS = ("ttl", "jsonld", "nt")


def site_files(published: Published, sparql_endpoint: str | None = None) -> dict[str, bytes]:
    """Every file of the site by its path inside the site folder.

    The query page sends queries to ``sparql_endpoint`` (the public SPARQL endpoint of the dataset); without
    one, it runs them in the reader's browser over the site's own dump.
    """
    space, files = published.space, {}

    def page(path: str, render) -> None:
        files[path] = render(SiteLinks(space, path)).encode("utf-8")

    page("index.html", published.home_page)
    page("search.html", lambda links: published.search_page(links, static=True))
    page("query.html", lambda links: published.query_page(links, sparql_endpoint))
    page("classes.html", published.classes_page)
    for _, entries in published.classes:
        for entry in entries:
            if entry.path:
                prefix, local = entry.path.split("/")
                page(
                    f"classes/{entry.path}.html",
                    lambda links, p=prefix, n=local: published.class_page(links, p, n),
                )
    page("timeline.html", published.timeline_page)
    page("network.html", published.network_page)
    page("network.svg", published.network_svg)
    page("ontology.html", published.ontology_page)
    files["ontology.ttl"] = published.ontology(conneg.TURTLE)
    files["void.ttl"] = published.void_data(conneg.TURTLE)
    for name, body in sorted(static_files().items()):
        files[f"static/{name}"] = body
    for name, path in sorted(published.files.items()):
        files[f"dumps/{name}"] = path.read_bytes()
    for iri in sorted(published.lookup.known):
        target = site_file(space, iri)
        if target is None or target[0] in files:
            continue
        page(target[0], lambda links, i=iri: published.resource_page(i, links))
        triples = published.description(iri)
        for ext in DATA_EXTENSIONS:
            media = conneg.EXTENSION_TYPES[ext]
            files[f"data/{space.path(iri)}.{ext}"] = published.data_from(triples, media)
    return files


def write_site(
    output_dir: Path, out: Path, base: str | None = None, sparql_endpoint: str | None = None
) -> int:
    """Write the site for the dataset in ``output_dir`` (built with ``base``) to ``out`` (replaced atomically);
    the number of files. ``sparql_endpoint``: the public endpoint the query page sends queries to; None runs
    them in the browser.
    """
    files = site_files(Published(output_dir, base), sparql_endpoint)
    publish_folder(files, Path(out))
    return len(files)
