"""A real uvicorn server on a loopback port the OS picks, run in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from grommet.asgi import GraphQL

STARTUP_TIMEOUT = 10.0
SHUTDOWN_TIMEOUT = 10.0


@contextmanager
def serve(app: GraphQL) -> Iterator[str]:
    """Run ``app`` until the block ends; yields ``host:port``."""
    # Bound before the server starts, so the port is known without parsing logs.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    config = uvicorn.Config(
        app,
        lifespan="on",
        ws="websockets-sansio",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("uvicorn exited during startup")
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start within {STARTUP_TIMEOUT} s")
            time.sleep(0.01)
        yield f"{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(SHUTDOWN_TIMEOUT)
        sock.close()
    if thread.is_alive():
        raise RuntimeError(f"uvicorn did not stop within {SHUTDOWN_TIMEOUT} s")
