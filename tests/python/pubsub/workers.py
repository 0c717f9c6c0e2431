"""Worker processes: ``python -m uvicorn`` serving chat_app on loopback ports, every wait
bounded, stopped (then killed if need be) when the block ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from .chat_app import REDIS_URL_ENV, WORKER_ENV
from .redis_server import free_port

REPO = Path(__file__).resolve().parents[3]
STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


@contextmanager
def worker(name: str, redis_url: str, logs: Path) -> Iterator[str]:
    """Run one worker until the block ends; yields its ``host:port``."""
    port = free_port()
    address = f"127.0.0.1:{port}"
    log = logs / f"worker-{name}.log"
    pythonpath = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": pythonpath, WORKER_ENV: name, REDIS_URL_ENV: redis_url}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "tests.python.pubsub.chat_app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--ws",
        "websockets-sansio",
        "--log-level",
        "warning",
        "--no-access-log",
        "--timeout-graceful-shutdown",
        "3",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=output)
    try:
        _wait_until_serving(process, address, log)
        yield address
    finally:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)


def _wait_until_serving(process: subprocess.Popen[bytes], address: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited with {process.returncode}:\n{log.read_text()}")
        try:
            answer = httpx.post(
                f"http://{address}/graphql", json={"query": "{ worker }"}, timeout=1.0
            )
            if answer.status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"worker did not serve within {STARTUP_TIMEOUT} s:\n{log.read_text()}"
            )
        time.sleep(0.05)
