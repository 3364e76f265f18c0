"""Run ``cklod serve``'s app on a real uvicorn server in a background thread, on a free loopback port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from servers import free_port


@contextmanager
def served(output_dir: Path, port: int | None = None, **config: object) -> Iterator[str]:
    """Serve ``output_dir`` with ``ServeConfig(**config)``; yields the server's base URL (no trailing slash)."""
    import uvicorn

    from cklod.serve.app import ServeConfig, create_app

    port = port or free_port()
    app = create_app(ServeConfig(Path(output_dir), **config))
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", timeout_graceful_shutdown=5
        )
    )
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the cklod server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        if thread.is_alive():
            raise RuntimeError("the cklod server did not stop")
