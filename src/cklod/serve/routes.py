"""Linked Data routes: dereferencing dataset IRIs (303 See Other), the /page/ and /data/ documents, the
ontology, VoID, dumps, static files and the human-facing pages."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from cklod.rdf.iris import REGISTRY_GRAPH, VOCABULARY_GRAPH
from cklod.rdf.media import CONTENT_TYPES, of_file
from cklod.serve import conneg
from cklod.serve.pages import ServerLinks

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from cklod.serve.dataset import Published

STATIC_TYPES = {
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "wasm": "application/wasm",
    "txt": "text/plain; charset=utf-8",
}


def _published(request: Request) -> Published:
    return request.app.state.published


def links(request: Request) -> ServerLinks:
    return ServerLinks(_published(request).space, request.scope.get("root_path", ""))


def html(request: Request, body: str | None, status: int = 200) -> Response:
    from starlette.responses import HTMLResponse

    if body is None:
        return not_found(request, "No page here.")
    return HTMLResponse(body, status_code=status)


def not_found(request: Request, message: str) -> Response:
    return error(request, 404, message)


def error(request: Request, status: int, message: str) -> Response:
    """An error as a page for browsers and as plain text for programs."""
    from starlette.responses import HTMLResponse, PlainTextResponse

    if conneg.wants_html(request.headers.get("accept")):
        return HTMLResponse(
            _published(request).error_page(links(request), status, message), status_code=status
        )
    return PlainTextResponse(message + "\n", status_code=status)


def not_acceptable(request: Request, offered: tuple[str, ...]) -> Response:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse("Available as: " + ", ".join(offered) + "\n", status_code=406)


# -- dereferencing -------------------------------------------------------------------------------------------


def dereference(request: Request) -> Response:
    """A dataset IRI (/id/…, /doc/…, /graph/…, /dataset…): 303 See Other to a page or a data document.

    The IRIs name things (people, events, facts), not documents, so they are never answered with 200: the
    redirect says "here is a document about it" (W3C, Cool URIs for the Semantic Web, §4.3).
    """
    from starlette.responses import RedirectResponse

    published, path = _published(request), request.path_params["path"]
    iri = published.space.iri(path)
    if not published.known(iri):
        return not_found(request, f"{iri} is not part of this dataset.")
    media = conneg.choose(request.headers.get("accept"), conneg.RESOURCE_TYPES)
    if media is None:
        return not_acceptable(request, conneg.RESOURCE_TYPES)
    root = request.scope.get("root_path", "")
    if media == conneg.HTML:
        if path.startswith("dataset"):
            location = f"{root}/"
        elif published.graph(iri) and path == f"graph/{VOCABULARY_GRAPH}":
            location = f"{root}/ontology"
        elif published.graph(iri) and path != f"graph/{REGISTRY_GRAPH}":
            location = f"{root}/page/doc/{path.split('/', 1)[1]}"
        elif published.graph(iri):
            location = f"{root}/classes"
        else:
            location = f"{root}/page/{path}"
    else:
        location = f"{root}/data/{path}.{conneg.RDF_EXTENSIONS[media]}"
    return RedirectResponse(location, status_code=303, headers={"Vary": "Accept"})


def page(request: Request) -> Response:
    """The HTML page about a dataset IRI."""
    published, path = _published(request), request.path_params["path"]
    return html(request, published.resource_page(published.space.iri(path), links(request)))


def data(request: Request) -> Response:
    """The RDF description of a dataset IRI: ``/data/{path}.ttl`` etc., or ``/data/{path}`` negotiated."""
    from starlette.responses import Response

    published, path = _published(request), request.path_params["path"]
    stem, _, ext = path.rpartition(".")
    headers = {}
    if ext in conneg.EXTENSION_TYPES and stem and published.known(published.space.iri(stem)):
        media = conneg.EXTENSION_TYPES[ext]
        iri = published.space.iri(stem)
    else:
        iri = published.space.iri(path)
        media = conneg.choose(request.headers.get("accept"), conneg.RDF_TYPES)
        if media is None:
            return not_acceptable(request, conneg.RDF_TYPES)
        root = request.scope.get("root_path", "")
        headers = {"Vary": "Accept", "Content-Location": f"{root}/data/{path}.{conneg.RDF_EXTENSIONS[media]}"}
    body = published.data(iri, media)
    if body is None:
        return not_found(request, f"{iri} is not part of this dataset.")
    return Response(body, media_type=CONTENT_TYPES[media], headers=headers)


# -- ontology, VoID, dumps, static -----------------------------------------------------------------------------

ONTOLOGY_TYPES = (conneg.HTML, *conneg.RDF_TYPES)
ONTOLOGY_EXTENSIONS = {"html": conneg.HTML, **conneg.EXTENSION_TYPES}


def ontology(request: Request) -> Response:
    """The ontology document: HTML documentation or RDF, negotiated (200 with Vary), or by extension."""
    from starlette.responses import Response

    published = _published(request)
    ext = request.path_params.get("ext")
    headers = {}
    if ext is not None:
        media = ONTOLOGY_EXTENSIONS.get(ext)
        if media is None:
            return not_found(request, f"No ontology file .{ext}.")
    else:
        media = conneg.choose(request.headers.get("accept"), ONTOLOGY_TYPES)
        if media is None:
            return not_acceptable(request, ONTOLOGY_TYPES)
        ext = {v: k for k, v in ONTOLOGY_EXTENSIONS.items()}[media]
        headers = {
            "Vary": "Accept",
            "Content-Location": f"{request.scope.get('root_path', '')}/ontology.{ext}",
        }
    if media == conneg.HTML:
        return Response(
            published.ontology_page(links(request)), media_type="text/html; charset=utf-8", headers=headers
        )
    return Response(published.ontology(media), media_type=CONTENT_TYPES[media], headers=headers)


# RDF first: a client that sends no Accept header (or */*) gets Turtle, as before; browsers ask for HTML.
VOID_TYPES = (*conneg.RDF_TYPES, conneg.HTML)


def void(request: Request) -> Response:
    """The VoID/DCAT description (also at /.well-known/void, RFC 8615 and the VoID guide §7)."""
    from starlette.responses import Response

    media = conneg.choose(request.headers.get("accept"), VOID_TYPES)
    if media is None:
        return not_acceptable(request, VOID_TYPES)
    if media == conneg.HTML:
        return html(request, _published(request).void_page(links(request)))
    return Response(
        _published(request).void_data(media), media_type=CONTENT_TYPES[media], headers={"Vary": "Accept"}
    )


def dump(request: Request) -> Response:
    """A file of the published output folder, looked up in the list made at startup (never a path join)."""
    from starlette.responses import FileResponse

    name = request.path_params["path"]
    file = _published(request).files.get(name)
    if file is None:
        return not_found(request, f"No dump named {name!r}.")
    return FileResponse(file, media_type=of_file(name))


def static_files() -> dict[str, bytes]:
    folder = resources.files("cklod.serve") / "static"
    return {f.name: f.read_bytes() for f in folder.iterdir() if f.is_file() and not f.name.startswith(".")}


def static(request: Request) -> Response:
    from starlette.responses import Response

    name = request.path_params["name"]
    body = request.app.state.static.get(name)
    if body is None:
        return not_found(request, f"No static file {name!r}.")
    return Response(
        body,
        media_type=STATIC_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream"),
        headers={"Cache-Control": "public, max-age=3600"},
    )


# -- pages -------------------------------------------------------------------------------------------------


def home(request: Request) -> Response:
    return html(request, _published(request).home_page(links(request)))


def search(request: Request) -> Response:
    text = request.query_params.get("q", "")[:200]
    return html(request, _published(request).search_page(links(request), text))


def query_page(request: Request) -> Response:
    text = request.query_params.get("query", "")[:100_000]
    ln = links(request)
    return html(request, _published(request).query_page(ln, ln.page("sparql"), text))


def classes(request: Request) -> Response:
    return html(request, _published(request).classes_page(links(request)))


def class_page(request: Request) -> Response:
    p = request.path_params
    return html(request, _published(request).class_page(links(request), p["prefix"], p["local"]))


def timeline(request: Request) -> Response:
    return html(request, _published(request).timeline_page(links(request)))


def network(request: Request) -> Response:
    return html(request, _published(request).network_page(links(request)))


def network_svg(request: Request) -> Response:
    from starlette.responses import Response

    return Response(_published(request).network_svg(links(request)), media_type="image/svg+xml")
