"""``results.md`` (tables) and ``chart.png`` (matplotlib) from a run's ``results.json``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.adapters import ADAPTERS, REFERENCE
from bench.targets import FLOOR, TIMES

Run = dict[str, Any]


def ran(entry: dict[str, Any]) -> bool:
    return "median_s" in entry


def libraries(run: Run) -> list[str]:
    """The libraries of the run, in the suite's order."""
    seen = {name for workload in run["workloads"].values() for name in workload["libraries"]}
    return [name for name in (*ADAPTERS, FLOOR) if name in seen]


def format_seconds(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def format_ratio(ratio: float) -> str:
    if ratio >= 100:
        return f"{ratio:.0f}{TIMES}"
    if ratio >= 10:
        return f"{ratio:.1f}{TIMES}"
    return f"{ratio:.2f}{TIMES}"


def shown_time(workload: dict[str, Any], entry: dict[str, Any]) -> str:
    if workload["per_request"]:
        return f"{format_seconds(entry['median_s'] / workload['size'])}/req"
    return format_seconds(entry["median_s"])


def render_markdown(run: Run) -> str:
    names = libraries(run)
    lines = [
        "# Benchmark results",
        "",
        _meta_line(run["meta"]) + _rounds_note(run),
        "",
        f"## Median time ({TIMES} = library time / {REFERENCE} time: how much faster grommet is)",
        "",
        "| workload | " + " | ".join(names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    for key, workload in run["workloads"].items():
        # A workload grommet-codegen does not run (W7) is compared with its own first library.
        reference_name = REFERENCE if REFERENCE in workload["libraries"] else workload["reference"]
        reference = workload["libraries"].get(reference_name, {})
        cells = []
        for name in names:
            entry = workload["libraries"].get(name, {})
            if not ran(entry):
                cells.append("—")
            elif name == reference_name or not ran(reference):
                cells.append(shown_time(workload, entry))
            else:
                ratio = entry["median_s"] / reference["median_s"]
                cells.append(f"{shown_time(workload, entry)} ({format_ratio(ratio)})")
        lines.append(f"| {key} {workload['name']} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Targets (ratio = other time / grommet time)",
        "",
        "| workload | grommet | target | ratio | needed | |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    for check in run["targets"]:
        ratio = "—" if check["ratio"] is None else format_ratio(check["ratio"])
        verdict = {True: "met", False: "**miss**", None: "not run"}[check["met"]]
        lines.append(
            f"| {check['workload']} | {check['grommet']} | {check['target']} | {ratio} "
            f"| {check['required']:g}{TIMES} | {verdict} |"
        )
    lines += [
        "",
        "## Peak RSS of each workload's process (MB)",
        "",
        "| workload | " + " | ".join(names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    for key, workload in run["workloads"].items():
        cells = [
            f"{entry['peak_rss_mb']:.0f}" if ran(entry := workload["libraries"].get(name, {}))
            else "—"
            for name in names
        ]  # fmt: skip
        lines.append(f"| {key} {workload['name']} | " + " | ".join(cells) + " |")
    skipped = [
        f"{name} ({entry['unavailable']})"
        for workload in run["workloads"].values()
        for name, entry in workload["libraries"].items()
        if "unavailable" in entry
    ]
    if skipped:
        lines += ["", "Not run: " + "; ".join(sorted(set(skipped))) + "."]
    return "\n".join(lines) + "\n"


def _rounds_note(run: Run) -> str:
    """How the workloads measured in rounds were run (see ``Workload.rounds``)."""
    notes = [
        f"{key} ran every library in {workload['rounds']} interleaved rounds (a process each, "
        f"timing at least {workload['min_time_s']:g} s of runs per round): its medians are "
        "over all rounds' runs, and a ratio between two of its libraries is the median of "
        "their rounds' ratios"
        for key, workload in run["workloads"].items()
        if workload.get("rounds", 1) > 1
    ]
    return "".join(f" {note}." for note in notes)


def _meta_line(meta: dict[str, Any]) -> str:
    versions = ", ".join(f"{name} {version}" for name, version in meta["versions"].items())
    mode = " **(quick: tiny sizes, not comparable)**" if meta["quick"] else ""
    return (
        f"{meta['date']} · {meta['cpu']} ({meta['cpus']} CPUs) · {meta['python']} · "
        f"{versions} · grommet's extension: {meta['grommet_build']} build at commit "
        f"{meta['commit']} · median of {meta['reps']} runs after {meta['warmup']} warm-up{mode}. "
        f"Command: `{meta['command']}`."
    )


def write_chart(run: Run, path: Path) -> bool:
    """One panel per workload, a log-scale bar per library; False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    workloads = list(run["workloads"].items())
    columns = 3
    rows = (len(workloads) + columns - 1) // columns
    figure, axes = plt.subplots(rows, columns, figsize=(15, 4.2 * rows), squeeze=False)
    for axis in axes.flat[len(workloads) :]:
        axis.set_visible(False)
    for axis, (key, workload) in zip(axes.flat, workloads, strict=False):
        entries = [(n, e) for n, e in workload["libraries"].items() if ran(e)]
        scale = workload["size"] if workload["per_request"] else 1
        unit = "µs per request" if workload["per_request"] else "ms"
        factor = 1e6 if workload["per_request"] else 1e3
        values = [e["median_s"] / scale * factor for _, e in entries]
        colors = [_color(name) for name, _ in entries]
        positions = range(len(entries))
        axis.barh(positions, values, color=colors)
        axis.set_yticks(list(positions), [name for name, _ in entries])
        axis.invert_yaxis()
        axis.set_xscale("log")
        axis.set_xlabel(f"median, {unit} (log scale)")
        axis.set_title(f"{key} {workload['name']}")
        for position, value in zip(positions, values, strict=True):
            label = f"{value:,.0f}" if value >= 100 else f"{value:.3g}"
            axis.text(value, position, f" {label}", va="center", fontsize=8)
        axis.set_xlim(left=min(values) / 3, right=max(values) * 6)
    figure.suptitle(f"grommet benchmarks — {run['meta']['date']} (shorter is faster)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True


def _color(name: str) -> str:
    if name.startswith("grommet"):
        return "#d9534f"
    if name == "rust-floor":
        return "#555555"
    return "#5b8fd9"
