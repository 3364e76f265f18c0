"""The ASGI application: Starlette routes over one published dataset, SPARQL queries in worker processes."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cklod.serve import routes, sparql
from cklod.serve.conditional import Conditional
from cklod.serve.dataset import Published
from cklod.serve.pool import QueryPool

if TYPE_CHECKING:
    from starlette.applications import Starlette

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True)
class ServeConfig:
    """What ``cklod serve`` serves and its limits."""

    output_dir: Path
    base: str | None = None  # None: the base the dataset was built with (its VoID uriSpace)
    timeout: float = 10.0  # seconds a SPARQL query may take, waiting for a worker included
    max_results: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer
    max_body: int = 1_000_000  # bytes of a POSTed query
    workers: int = 2  # SPARQL worker processes


def create_app(config: ServeConfig) -> Starlette:
    """The server for ``config.output_dir``; the store is loaded now, the SPARQL workers at startup."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Route

    published = Published(config.output_dir, config.base)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = QueryPool(config.output_dir, config.workers)
        await pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    async def http_error(request, exc):
        return routes.error(request, exc.status_code, exc.detail)

    app = Starlette(
        routes=[
            Route("/", routes.home, name="home"),
            Route("/sparql", sparql.endpoint, methods=["GET", "POST"], name="sparql"),
            Route("/query", routes.query_page, name="query_page"),
            Route("/search", routes.search, name="search"),
            Route("/classes", routes.classes, name="classes"),
            Route("/classes/{prefix}/{local}", routes.class_page, name="class"),
            Route("/timeline", routes.timeline, name="timeline"),
            Route("/network", routes.network, name="network"),
            Route("/network.svg", routes.network_svg, name="network_svg"),
            Route("/ontology", routes.ontology, name="ontology"),
            Route("/ontology.{ext}", routes.ontology, name="ontology_file"),
            Route("/void", routes.void, name="void"),
            Route("/.well-known/void", routes.void, name="well_known_void"),
            Route("/dumps/{path:path}", routes.dump, name="dump"),
            Route("/static/{name}", routes.static, name="static"),
            Route("/page/{path:path}", routes.page, name="page"),
            Route("/data/{path:path}", routes.data, name="data"),
            Route("/{path:path}", routes.dereference, name="resource"),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=["Content-Location", "Vary", "ETag", "Last-Modified"],
                max_age=3600,
            ),
            Middleware(Conditional, output_dir=config.output_dir),
        ],
        exception_handlers={404: http_error, 405: http_error},
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.published = published
    app.state.static = routes.static_files()
    return app


def run(
    config: ServeConfig, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, log_level: str = "info"
) -> None:
    """Serve until interrupted (uvicorn, one process; queries run in ``config.workers`` worker processes)."""
    import uvicorn

    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        log_level=log_level,
        proxy_headers=False,
        timeout_graceful_shutdown=5,
    )
