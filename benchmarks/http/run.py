"""GraphQL over HTTP, end to end: grommet, Strawberry, Ariadne and a pure-Rust floor
(async-graphql + axum) serving the same schema, loaded by ``wrk``.

    python benchmarks/http/run.py                    # setup, then every workload, 3 rounds
    python benchmarks/http/run.py --duration 5 --rounds 3 --no-deployment

Setup installs ``wrk`` with apt-get when it is missing and builds the floor with cargo.
Every Python server runs under uvicorn with ``--loop uvloop --http httptools``, one worker,
access log off; the floor runs one tokio thread. Each server's answers are checked against
grommet's before any timing. Within a round every workload runs on every server in turn
(A B C D, A B C D, ...), and each ratio is the median of its per-round ratios, so a slow
stretch of this shared machine hurts all servers alike.

The deployment runs (grommet alone, small query) measure what uvicorn's options cost:
access log on, the default asyncio loop and h11 parser, 2 workers, and granian when it is
installed. The ceiling runs put grommet beside bare uvicorn (a fixed body, no GraphQL) and
the smallest ASGI app around the same engine. Results go to ``benchmarks/results/http/``
(JSON, markdown and a chart).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
SERVERS_DIR = HERE / "servers"
FLOOR_DIR = HERE / "floor"
FLOOR_BIN = FLOOR_DIR / "target" / "release" / "grommet-http-floor"
RESULTS = HERE.parent / "results" / "http"
sys.path.insert(0, str(HERE))

from report import update_readme, write_reports  # noqa: E402  (beside this script)

SMALL_QUERY = "query User($id: ID!) { user(id: $id) { id name email } }"
LIST_QUERY = "{ users(first: 100) { id name email age } }"
INVALID_QUERY = "{ user(id: 1) { id nope } }"


@dataclass(frozen=True)
class Workload:
    name: str
    method: str
    body: dict[str, Any] | None  # POST
    params: dict[str, str] | None  # GET


WORKLOADS = [
    Workload("small", "POST", {"query": SMALL_QUERY, "variables": {"id": "7"}}, None),
    Workload("list100", "POST", {"query": LIST_QUERY}, None),
    Workload("invalid", "POST", {"query": INVALID_QUERY}, None),
    Workload(
        "get",
        "GET",
        None,
        {"query": SMALL_QUERY, "variables": json.dumps({"id": "7"}), "operationName": "User"},
    ),
]


@dataclass(frozen=True)
class Server:
    name: str
    command: list[str]
    note: str
    pythonpath: str = ""  # put first on sys.path (an older grommet for --baseline)


def uvicorn(module: str, port: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        module if ":" in module else f"{module}:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        *extra,
    ]


FAST = ("--loop", "uvloop", "--http", "httptools", "--no-access-log")


def servers(base_port: int, baseline: Path | None) -> list[Server]:
    note = "uvicorn, uvloop, httptools"
    floor = [str(FLOOR_BIN), f"127.0.0.1:{base_port + 3}"]
    found = [
        Server("grommet", uvicorn("grommet_app", base_port, *FAST), note),
        Server("strawberry", uvicorn("strawberry_app", base_port + 1, *FAST), note),
        Server("ariadne", uvicorn("ariadne_app", base_port + 2, *FAST), note),
        Server("rust-floor", floor, "axum, 1 tokio thread"),
    ]
    if baseline is not None:
        found.append(
            Server(
                "grommet-before",
                uvicorn("grommet_app", base_port + 4, *FAST),
                f"the grommet package in {baseline.name}, same server",
                pythonpath=str(baseline),
            )
        )
    return found


def deployment_servers(base_port: int) -> list[Server]:
    port = base_port + 10
    found = [
        Server("uvloop+httptools, no access log", uvicorn("grommet_app", port, *FAST), ""),
        Server(
            "access log on",
            uvicorn("grommet_app", port + 1, "--loop", "uvloop", "--http", "httptools"),
            "uvicorn's default: one log line per request",
        ),
        Server(
            "asyncio + h11",
            uvicorn(
                "grommet_app", port + 2, "--loop", "asyncio", "--http", "h11", "--no-access-log"
            ),
            "uvicorn without its fast extras",
        ),
        Server("2 workers", uvicorn("grommet_app", port + 3, *FAST, "--workers", "2"), ""),
    ]
    granian = shutil.which("granian") or str(Path(sys.executable).parent / "granian")
    if Path(granian).exists():
        found.append(
            Server(
                "granian",
                [
                    granian,
                    "--interface",
                    "asgi",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port + 4),
                    "--workers",
                    "1",
                    "--no-ws",
                    "--loop",
                    "uvloop",
                    "--log-level",
                    "warning",
                    "grommet_app:app",
                ],
                "granian, 1 worker, its Rust HTTP server",
            )
        )
    return found


def ceiling_servers(base_port: int) -> list[Server]:
    """grommet beside what uvicorn serves with no GraphQL at all, and beside the smallest app
    around the same engine: the practical ceiling of any app under this server."""
    port = base_port + 20
    return [
        Server("grommet", uvicorn("grommet_app", port, *FAST), "grommet.asgi.GraphQL"),
        Server(
            "bare uvicorn",
            uvicorn("ceiling_app:bare", port + 1, *FAST),
            "a fixed body, no GraphQL",
        ),
        Server(
            "minimal app + engine",
            uvicorn("ceiling_app:engine", port + 2, *FAST),
            "json.loads, schema.execute, json.dumps; no checks",
        ),
    ]


def port_of(server: Server) -> int:
    command = server.command
    if "--port" in command:
        return int(command[command.index("--port") + 1])
    return int(command[-1].rsplit(":", 1)[1])


def setup(skip_floor: bool) -> None:
    if shutil.which("wrk") is None:
        print("installing wrk (Debian package)", flush=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
        if shutil.which("wrk") is None:
            subprocess.run(["apt-get", "update"], check=True, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    for module in ("uvicorn", "uvloop", "httptools", "strawberry", "ariadne"):
        __import__(module)  # the bench extra: pip install -e '.[bench]'
    if not skip_floor:
        print("building the Rust floor (cargo build --release)", flush=True)
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=FLOOR_DIR, check=True)


PROCESS_IDS: dict[str, int] = {}  # the running servers' processes, for their CPU time


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` and its descendants (workers), from /proc;
    NaN where /proc is not there."""
    try:
        total = 0.0
        pending = [pid]
        while pending:
            current = pending.pop()
            stat = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        return total
    except (OSError, ValueError, IndexError):
        return float("nan")


@contextmanager
def running(server: Server) -> Iterator[None]:
    path = [server.pythonpath, str(SERVERS_DIR), os.environ.get("PYTHONPATH", "")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in path if p))
    # Output discarded: a library that logs every invalid query pays for it, we do not read it.
    process = subprocess.Popen(
        server.command,
        cwd=SERVERS_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_listening(port_of(server), process)
        PROCESS_IDS[server.name] = process.pid
        yield
    finally:
        PROCESS_IDS.pop(server.name, None)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start in 60 s")


def fetch(port: int, workload: Workload) -> tuple[int, Any]:
    url = f"http://127.0.0.1:{port}/graphql"
    headers = {"Accept": "application/json"}
    data = None
    if workload.method == "GET":
        url += "?" + urlencode(workload.params or {})
    else:
        data = json.dumps(workload.body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=workload.method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def check_answers(
    all_servers: list[Server], workloads: list[Workload] = WORKLOADS
) -> dict[str, dict[str, int]]:
    """Every server's answer to every workload, against grommet's: equal data, and an error
    without data for the invalid query (messages differ between libraries)."""
    statuses: dict[str, dict[str, int]] = {}
    reference = {w.name: fetch(port_of(all_servers[0]), w)[1] for w in workloads}
    for server in all_servers:
        statuses[server.name] = {}
        for workload in workloads:
            status, body = fetch(port_of(server), workload)
            statuses[server.name][workload.name] = status
            if workload.name == "invalid":
                ok = bool(body.get("errors")) and body.get("data") is None
            else:
                ok = body == reference[workload.name] and "errors" not in body
            if not ok:
                raise SystemExit(f"{server.name} answered {workload.name} with {body!r}")
    return statuses


def wrk_script(workload: Workload, directory: Path) -> tuple[str, Path]:
    """(path with query string, Lua script setting method, body and headers)."""
    path = "/graphql"
    lines = ['wrk.headers["Accept"] = "application/json"']
    if workload.method == "GET":
        path += "?" + urlencode(workload.params or {})
    else:
        lines += [
            'wrk.method = "POST"',
            'wrk.headers["Content-Type"] = "application/json"',
            f"wrk.body = {json.dumps(json.dumps(workload.body))}",
        ]
    script = directory / f"{workload.name}.lua"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, script


def run_wrk(
    port: int, path: str, script: Path, args: argparse.Namespace, duration: float
) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{max(1, round(duration))}s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, timeout=duration + 60
    ).stdout
    result = {"rps": 0.0, "requests": 0.0, "non_2xx": 0.0, "errors": 0.0}
    for line in output.splitlines():
        line = line.strip()
        if " requests in " in line:
            result["requests"] = float(line.split()[0])
        elif line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        elif line.startswith("Non-2xx or 3xx responses:"):
            result["non_2xx"] = float(line.split()[-1])
        elif line.startswith("Socket errors:"):
            result["errors"] = float(
                sum(int(p.split()[-1]) for p in line.split(":", 1)[1].split(","))
            )
    return result


def measure(
    group: list[Server], workloads: list[Workload], args: argparse.Namespace, scratch: Path
) -> dict[str, Any]:
    """req/s of each server on each workload in every round, servers alternated."""
    runs: dict[str, dict[str, list[dict[str, float]]]] = {
        s.name: {w.name: [] for w in workloads} for s in group
    }
    scripts = {w.name: wrk_script(w, scratch) for w in workloads}
    for workload in workloads:  # warm-up: caches filled, JITs of nobody, connections opened
        for server in group:
            run_wrk(port_of(server), *scripts[workload.name], args, args.warmup)
    for round_number in range(args.rounds):
        for workload in workloads:
            for server in group:
                pid = PROCESS_IDS[server.name]
                before = cpu_seconds(pid)
                result = run_wrk(port_of(server), *scripts[workload.name], args, args.duration)
                # The server's own CPU per request: steadier than req/s on a shared machine.
                spent = cpu_seconds(pid) - before
                result["cpu_us"] = spent / result["requests"] * 1e6 if result["requests"] else 0.0
                runs[server.name][workload.name].append(result)
                label = f"round {round_number + 1} {workload.name:8} {server.name:32}"
                print(
                    f"{label} {result['rps']:10.0f} req/s {result['cpu_us']:8.1f} us CPU/request",
                    flush=True,
                )
    return runs


def ratios(runs: dict[str, Any], reference: str) -> dict[str, dict[str, float]]:
    """Median over rounds of (reference req/s / other req/s) per workload and server."""
    out: dict[str, dict[str, float]] = {}
    for server, by_workload in runs.items():
        out[server] = {}
        for workload, results in by_workload.items():
            mine = [r["rps"] for r in runs[reference][workload]]
            theirs = [r["rps"] for r in results]
            out[server][workload] = statistics.median(
                a / b if b else float("inf") for a, b in zip(mine, theirs, strict=True)
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of untimed load first")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--port", type=int, default=18400, help="first of the ports used")
    parser.add_argument("--no-deployment", action="store_true", help="skip the deployment runs")
    parser.add_argument("--no-floor", action="store_true", help="skip the Rust floor")
    parser.add_argument(
        "--no-ceiling", action="store_true", help="skip bare uvicorn and the minimal engine app"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a directory holding another grommet package (an older commit's grommet/ with a "
        "built _core) to run beside this one as grommet-before",
    )
    args = parser.parse_args()
    setup(args.no_floor)
    group = [
        s
        for s in servers(args.port, args.baseline)
        if not (args.no_floor and s.name == "rust-floor")
    ]
    results: dict[str, Any] = {
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "versions": versions(),
        "workloads": {
            w.name: {"method": w.method, "body": w.body, "params": w.params} for w in WORKLOADS
        },
        "servers": {s.name: s.note for s in group},
    }
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as stack:
        for server in group:
            stack.enter_context(running(server))
        results["statuses"] = check_answers(group)
        results["runs"] = measure(group, WORKLOADS, args, Path(scratch))
        results["ratios_vs_grommet"] = ratios(results["runs"], "grommet")
        stack.close()
        small = [w for w in WORKLOADS if w.name == "small"]
        if not args.no_deployment:
            results["deployment"] = small_query_runs(
                deployment_servers(args.port), small, args, Path(scratch)
            )
        if not args.no_ceiling:
            results["ceiling"] = small_query_runs(
                ceiling_servers(args.port), small, args, Path(scratch)
            )
    write_reports(results, args.out)
    if args.out == RESULTS:
        update_readme(results)
    print(f"results in {args.out}")


def small_query_runs(
    variants: list[Server], small: list[Workload], args: argparse.Namespace, scratch: Path
) -> dict[str, Any]:
    """The small query on each of ``variants`` (deployment settings, or the ceiling apps)."""
    with ExitStack() as stack:
        for server in variants:
            stack.enter_context(running(server))
        # Checked on the small query only: the bare app's fixed body is that answer.
        check_answers(variants, small)
        return {
            "servers": {s.name: s.note for s in variants},
            "runs": measure(variants, small, args, scratch),
        }


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in (
        "grommet",
        "strawberry-graphql",
        "ariadne",
        "graphql-core",
        "uvicorn",
        "uvloop",
        "httptools",
        "granian",
    ):
        with suppress(PackageNotFoundError):
            found[name] = version(name)
    floor_lock = FLOOR_DIR / "Cargo.lock"
    if floor_lock.exists():
        text = floor_lock.read_text(encoding="utf-8")
        for crate in ("async-graphql", "axum"):
            marker = f'name = "{crate}"\nversion = "'
            if marker in text:
                found[crate] = text.split(marker, 1)[1].split('"', 1)[0]
    return found


if __name__ == "__main__":
    main()
