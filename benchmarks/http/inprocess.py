"""grommet.asgi's own CPU per request, without a server or a network: the HTTP benchmark's
requests driven straight through the ASGI app in one process, so what changes between two
commits is grommet's part alone (uvicorn's share stays out of it).

    python benchmarks/http/inprocess.py                  # every workload, µs per request
    python benchmarks/http/inprocess.py --profile list100  # cProfile of one workload

Run it with a release build of the extension; numbers are process CPU time (not wall clock),
best of ``--repeat`` batches.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "servers"))
sys.path.insert(0, str(HERE))

from grommet_app import app  # noqa: E402  (the benchmark's schema and app)
from run import WORKLOADS, Workload  # noqa: E402


def scope_of(workload: Workload) -> tuple[dict[str, Any], bytes]:
    """The ASGI scope uvicorn (httptools) builds for wrk's request, and the body."""
    headers = [(b"host", b"127.0.0.1:8000"), (b"accept", b"application/json")]
    body = b""
    query_string = b""
    if workload.method == "POST":
        body = json.dumps(workload.body).encode()
        headers += [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
    else:
        query_string = urlencode(workload.params or {}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "scheme": "http",
        "method": workload.method,
        "root_path": "",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": query_string,
        "headers": headers,
        "state": {},
    }
    return scope, body


async def drive(workload: Workload, count: int) -> list[Any]:
    scope, body = scope_of(workload)
    message = {"type": "http.request", "body": body, "more_body": False}
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return message

    async def send(event: dict[str, Any]) -> None:
        sent.append(event)

    for _ in range(count):
        sent.clear()
        await app(dict(scope), receive, send)
    return list(sent)


def measure(workload: Workload, count: int, repeat: int) -> float:
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(drive(workload, 200))  # warm: documents cached
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            loop.run_until_complete(drive(workload, count))
            best = min(best, (time.process_time() - start) / count * 1e6)
        return best
    finally:
        loop.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="requests per batch")
    parser.add_argument("--repeat", type=int, default=5, help="batches; the best is kept")
    parser.add_argument("--profile", metavar="WORKLOAD", help="cProfile this workload")
    parser.add_argument("--show", metavar="WORKLOAD", help="print this workload's response")
    parser.add_argument(
        "--run", metavar="WORKLOAD", help="only drive --count requests (for callgrind)"
    )
    args = parser.parse_args()
    by_name = {w.name: w for w in WORKLOADS}
    if args.show:
        loop = asyncio.new_event_loop()
        for event in loop.run_until_complete(drive(by_name[args.show], 1)):
            print(event)
        loop.close()
        return
    if args.run:
        loop = asyncio.new_event_loop()
        loop.run_until_complete(drive(by_name[args.run], 50))
        loop.run_until_complete(drive(by_name[args.run], args.count))
        loop.close()
        return
    if args.profile:
        loop = asyncio.new_event_loop()
        loop.run_until_complete(drive(by_name[args.profile], 200))
        profiler = cProfile.Profile()
        profiler.enable()
        loop.run_until_complete(drive(by_name[args.profile], args.count))
        profiler.disable()
        loop.close()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    for workload in WORKLOADS:
        cpu = measure(workload, args.count, args.repeat)
        print(f"{workload.name:10} {cpu:8.2f} us CPU per request", flush=True)


if __name__ == "__main__":
    main()
