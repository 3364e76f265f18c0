"""``cklod serve`` and ``cklod site``: the dataset as Linked Data.

- ``app``: the ASGI application (Starlette on uvicorn) and its configuration;
- ``sparql``, ``pool``, ``worker``: the SPARQL 1.1 Protocol endpoint, queries run in killable worker processes;
- ``routes``, ``conneg``, ``space``: dereferencing (303 See Other), content negotiation, the URI space;
- ``describe``, ``lookup``: the RDF description of a resource, read from the embedded store;
- ``dataset``, ``views``, ``document``, ``overview``, ``network``, ``vocab``, ``terms``, ``pages``: the HTML
  pages (Jinja2 templates in ``templates/``, CSS and JS in ``static/``), shared with the static site;
- ``site``: the static site writer.

Nothing here is imported by the CLI module itself: starlette, uvicorn and jinja2 load only when used.
"""
