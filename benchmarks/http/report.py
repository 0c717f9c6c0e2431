"""The HTTP benchmark's results as JSON, a markdown report (with the targets) and a chart."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

TIMES = "\u00d7"  # the multiplication sign of "10x", spelled out for ruff

WORKLOAD_TITLES = {
    "small": "small query, variables (POST)",
    "list100": "100-item list (POST)",
    "invalid": "invalid query (POST)",
    "get": "small query (GET)",
}


def median_rps(runs: list[dict[str, float]]) -> float:
    return statistics.median(r["rps"] for r in runs)


def targets(results: dict[str, Any]) -> list[tuple[str, float, float, bool]]:
    """(target, wanted, reached, met): grommet's req/s over the other server's, same run."""
    ratio = results["ratios_vs_grommet"]
    found: list[tuple[str, float, float, bool]] = []
    for label, server, workload, wanted in (
        (f"small query: grommet >= 0.75{TIMES} the Rust floor", "rust-floor", "small", 0.75),
        (f"small query: grommet >= 40{TIMES} Strawberry", "strawberry", "small", 40.0),
        (f"100-item list: grommet >= 2{TIMES} the Rust floor", "rust-floor", "list100", 2.0),
    ):
        if server in ratio:
            reached = ratio[server][workload]
            found.append((label, wanted, reached, reached >= wanted))
    if "grommet-before" in ratio:
        for workload, title in WORKLOAD_TITLES.items():
            reached = ratio["grommet-before"][workload]
            label = f"{title}: no slower than grommet-before"
            found.append((label, 1.0, reached, reached >= 0.95))  # 5 %: this machine's noise
    return found


def http_table(results: dict[str, Any]) -> str:
    """req/s per workload and server; x is grommet's req/s over that server's (median of the
    per-round ratios: higher means grommet is faster)."""
    servers = list(results["runs"])
    ratio = results["ratios_vs_grommet"]
    lines = [
        "| workload | " + " | ".join(servers) + " |",
        "| --- | " + " | ".join("---:" for _ in servers) + " |",
    ]
    for workload, title in WORKLOAD_TITLES.items():
        cells = []
        for server in servers:
            rps = median_rps(results["runs"][server][workload])
            cell = f"{rps:,.0f}"
            if server != "grommet":
                cell += f" ({ratio[server][workload]:.2f}{TIMES})"
            cells.append(cell)
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cpu_table(results: dict[str, Any]) -> str:
    """Each server's own CPU time per request (median over rounds): what a request costs the
    server, much less moved by other load on the machine than req/s."""
    servers = list(results["runs"])
    lines = [
        "| workload, CPU µs per request | " + " | ".join(servers) + " |",
        "| --- | " + " | ".join("---:" for _ in servers) + " |",
    ]
    for workload, title in WORKLOAD_TITLES.items():
        cells = []
        for server in servers:
            runs = results["runs"][server][workload]
            if not all("cpu_us" in r for r in runs):
                return ""
            cells.append(f"{statistics.median(r['cpu_us'] for r in runs):,.1f}")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def deployment_table(results: dict[str, Any]) -> str:
    deployment = results.get("deployment")
    if not deployment:
        return ""
    runs = deployment["runs"]
    base = "uvloop+httptools, no access log"
    lines = [
        "| grommet served with | req/s, small query | vs. the first row |",
        "| --- | ---: | ---: |",
    ]
    for name, by_workload in runs.items():
        mine = [r["rps"] for r in by_workload["small"]]
        reference = [r["rps"] for r in runs[base]["small"]]
        relative = statistics.median(a / b for a, b in zip(mine, reference, strict=True))
        note = deployment["servers"][name]
        label = f"{name} ({note})" if note else name
        lines.append(f"| {label} | {statistics.median(mine):,.0f} | {relative:.2f}{TIMES} |")
    return "\n".join(lines)


def ceiling_table(results: dict[str, Any]) -> str:
    """grommet beside bare uvicorn and the minimal engine app (same run, small query), and
    what 40x Strawberry would ask of a server."""
    ceiling = results.get("ceiling")
    if not ceiling:
        return ""
    runs = ceiling["runs"]
    lines = [
        "| served by uvicorn (uvloop, httptools) | req/s, small query | grommet over it "
        "| CPU µs per request |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, by_workload in runs.items():
        mine = [r["rps"] for r in runs["grommet"]["small"]]
        theirs = [r["rps"] for r in by_workload["small"]]
        relative = statistics.median(a / b for a, b in zip(mine, theirs, strict=True))
        cpu = statistics.median(r.get("cpu_us", float("nan")) for r in by_workload["small"])
        note = ceiling["servers"][name]
        lines.append(
            f"| {name} ({note}) | {statistics.median(theirs):,.0f} | {relative:.2f}{TIMES} "
            f"| {cpu:,.1f} |"
        )
    if "strawberry" in results["runs"]:
        strawberry = median_rps(results["runs"]["strawberry"]["small"])
        bare = median_rps(runs["bare uvicorn"]["small"])
        lines += [
            "",
            f"40{TIMES} Strawberry's small-query rate in the main run is {40 * strawberry:,.0f} "
            f"req/s; bare uvicorn served {bare:,.0f} here ({bare / strawberry:.1f}{TIMES} "
            "Strawberry's).",
        ]
    return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    settings = results["settings"]
    wrk = f"wrk `-t{settings['threads']} -c{settings['connections']}`"
    parts = [
        "# HTTP benchmark",
        "",
        f"{wrk}, {settings['duration']} s per run, {settings['rounds']} rounds (servers "
        f"alternated within each), on {results['machine']['cpus']} CPUs shared with wrk. "
        "Python servers: uvicorn, `--loop uvloop --http httptools`, 1 worker, access log off; "
        "the Rust floor: async-graphql + axum on one tokio thread. Cells are the median req/s; "
        f"{TIMES} is grommet's req/s over that server's (median of per-round ratios; higher: "
        "grommet faster).",
        "",
        http_table(results),
        "",
        "The servers' own CPU time per request (user + system of the server process, median):",
        "",
        cpu_table(results),
        "",
        "## Targets",
        "",
        "| target | wanted | reached | met |",
        "| --- | ---: | ---: | --- |",
    ]
    for label, wanted, reached, met in targets(results):
        parts.append(
            f"| {label} | {wanted:g}{TIMES} | {reached:.2f}{TIMES} | {'yes' if met else 'no'} |"
        )
    table = ceiling_table(results)
    if table:
        parts += ["", "## Ceiling (same server, small query)", "", table]
    table = deployment_table(results)
    if table:
        parts += ["", "## Deployment (grommet, small query)", "", table]
    parts += ["", "Versions: " + ", ".join(f"{k} {v}" for k, v in results["versions"].items()), ""]
    return "\n".join(parts)


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    servers = list(results["runs"])
    workloads = list(WORKLOAD_TITLES)
    width = 0.8 / len(servers)
    figure, axes = plt.subplots(figsize=(10, 5))
    for i, server in enumerate(servers):
        values = [median_rps(results["runs"][server][w]) for w in workloads]
        positions = [j + (i - (len(servers) - 1) / 2) * width for j in range(len(workloads))]
        axes.bar(positions, values, width, label=server)
    axes.set_xticks(range(len(workloads)), [WORKLOAD_TITLES[w] for w in workloads])
    axes.set_yscale("log")
    axes.set_ylabel("requests per second (log scale, higher is better)")
    axes.set_title("GraphQL over HTTP, 1 worker each (wrk)")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_reports(results: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    chart(results, out / "chart.png")


README = Path(__file__).resolve().parents[2] / "README.md"
MARKERS = {
    "http": ("<!-- http-benchmark:start -->", "<!-- http-benchmark:end -->"),
    "ceiling": ("<!-- http-ceiling:start -->", "<!-- http-ceiling:end -->"),
    "deployment": ("<!-- http-deployment:start -->", "<!-- http-deployment:end -->"),
}


def update_readme(results: dict[str, Any]) -> None:
    """Replace the tables between the README's markers with this run's."""
    text = README.read_text(encoding="utf-8")
    for key, table in (
        ("http", "\n\n".join(t for t in (http_table(results), cpu_table(results)) if t)),
        ("ceiling", ceiling_table(results)),
        ("deployment", deployment_table(results)),
    ):
        start, end = MARKERS[key]
        if start in text and end in text and table:
            before, rest = text.split(start, 1)
            text = before + start + "\n" + table + "\n" + end + rest.split(end, 1)[1]
    README.write_text(text, encoding="utf-8")
