"""From settings to the full set of output files: parse → IR → render (→ merge)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .config import ScalarMapping
from .errors import codegen_error
from .lower import Options, build_ir
from .merge import merge_scaffold
from .render import render_init, render_resolvers, render_scaffold, render_schema, render_types
from .sources import collect_sources, display_path, parse_sdl


@dataclass(frozen=True)
class Job:
    """One run: where the SDL is and where the output goes (paths absolute)."""

    cwd: Path
    schema: tuple[Path, ...]
    output: Path
    package: str
    resolvers: Path | None = None
    resolver_fields: tuple[str, ...] = ()
    scalars: Mapping[str, ScalarMapping] = field(default_factory=dict)


def package_name(output: Path, root: Path) -> str:
    """The import path of the output directory seen from ``root``: app/generated → app.generated."""
    try:
        parts = output.resolve().relative_to(root.resolve()).parts
    except ValueError:
        parts = ()
    if not parts or not all(part.isidentifier() for part in parts):
        raise codegen_error(
            f"cannot tell the import path of {output} from {root}; set `package` in the config"
            " or pass --package"
        )
    return ".".join(parts)


def generate(job: Job) -> dict[Path, str]:
    """Every output file with its content; the resolvers file merged with what is on disk."""
    parsed = parse_sdl(collect_sources(job.schema, job.cwd))
    ir = build_ir(parsed, Options(job.package, job.resolver_fields, job.scalars))
    files = {
        job.output / "__init__.py": render_init(ir),
        job.output / "resolvers.py": render_resolvers(ir),
        job.output / "schema.py": render_schema(ir),
        job.output / "types.py": render_types(ir),
    }
    if job.resolvers is not None:
        scaffold = render_scaffold(ir)
        files[job.resolvers] = _merged(job.resolvers, scaffold, job.cwd)
    return files


def _merged(path: Path, scaffold: str, cwd: Path) -> str:
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return scaffold
    except (OSError, UnicodeDecodeError) as error:
        raise codegen_error(f"{display_path(path, cwd)}: {error}") from error
    return merge_scaffold(existing, scaffold, display_path(path, cwd))
