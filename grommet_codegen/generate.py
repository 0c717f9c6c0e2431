"""From settings to the full set of output files: parse → IR → render (→ merge)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .config import ScalarMapping
from .errors import codegen_error
from .merged import is_merged
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
    batch_fields: tuple[str, ...] = ()
    scalars: Mapping[str, ScalarMapping] = field(default_factory=dict)
    python_names: Mapping[str, str] = field(default_factory=dict)
    root: Path | None = None  # the project root: packages below it get an __init__.py


@dataclass(frozen=True)
class Output:
    """What a run writes: ``files`` as given, ``packages`` only where they do not exist yet."""

    files: dict[Path, str]
    packages: dict[Path, str]
    cache_entry: cache.Entry | None = None  # to remember once written; None: from the cache


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


def generate(job: Job) -> Output:
    """Every output file with its content; the resolvers file merged with what is on disk."""
    sources = collect_sources(job.schema, job.cwd)
    inputs = cache.inputs_digest(_settings(job), sources)
    entry = cache.load(job.output, inputs)
    fresh: cache.Entry | None = None
    if entry is not None:
        files = {
            job.output / name: (job.output / name).read_text("utf-8") for name in entry.outputs
        }
        scaffold = entry.scaffold
    else:
        files, scaffold = _render_all(job, sources)
        fresh = cache.Entry(inputs, cache.outputs_of(files, job.output), scaffold)
    packages: dict[Path, str] = {}
    if job.resolvers is not None:
        files[job.resolvers] = _merged(job.resolvers, scaffold, job.cwd)
        packages = _packages(job.resolvers.parent, job.root or job.cwd)
    return Output(files, packages, fresh)


def _settings(job: Job) -> str:
    return repr(
        (
            job.package,
            job.resolver_fields,
            job.batch_fields,
            sorted(job.scalars.items()),
            sorted(job.python_names.items()),
            job.resolvers is not None,
        )
    )


def _render_all(job: Job, sources: list[tuple[str, str]]) -> tuple[dict[Path, str], str]:
    # Imported here: a run the cache answers needs none of it (jinja2 alone takes 40 ms).
    from .locate import locate
    from .lower import Options, build_ir
    from .render import (
        render_init,
        render_resolvers,
        render_scaffold,
        render_schema,
        render_types,
    )

    # Only an SDL that says `@link` can be a subgraph: the others skip federation's modules.
    linked = any("@link" in text for _, text in sources)
    if linked:
        from . import federation
    subgraph = linked and federation.is_subgraph(sources)
    if subgraph:
        engine_sources, spec_names = federation.prepare(sources)
        parsed = federation.without_spec_types(
            parse_sdl(engine_sources), spec_names, engine_sources
        )
    else:
        parsed = parse_sdl(sources)
    options = Options(
        job.package,
        job.resolver_fields,
        job.scalars,
        job.python_names,
        lambda type_name, member: locate(sources, type_name, member),
        batch_fields=job.batch_fields,
    )
    ir = build_ir(parsed, options)
    fed = federation.build_federation_ir(sources, parsed, ir) if subgraph else None
    files = {
        job.output / "__init__.py": render_init(ir),
        job.output / "resolvers.py": render_resolvers(ir),
        job.output / "schema.py": render_schema(ir, fed),
        job.output / "types.py": render_types(ir),
    }
    if fed is not None:
        from .render_federation import render_federation

        files[job.output / "federation.py"] = render_federation(fed)
    return files, render_scaffold(ir, fed) if job.resolvers is not None else ""


def _packages(directory: Path, root: Path) -> dict[Path, str]:
    """An empty ``__init__.py`` for each directory from below ``root`` down to ``directory``.

    The scaffold imports the generated package through them (``from app import generated``),
    and ``mypy app/`` needs them to name the resolvers module once.
    """
    try:
        parts = directory.resolve().relative_to(root.resolve()).parts
    except ValueError:
        return {}
    base = root.resolve()
    return {base.joinpath(*parts[: i + 1]) / "__init__.py": "" for i in range(len(parts))}


def _merged(path: Path, scaffold: str, cwd: Path) -> str:
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return scaffold
    except (OSError, UnicodeDecodeError) as error:
        raise codegen_error(f"{display_path(path, cwd)}: {error}") from error
    if is_merged(existing, scaffold):
        return existing  # libcst (slow to import and to parse) is needed only for a change
    from .merge import merge_scaffold

    return merge_scaffold(existing, scaffold, display_path(path, cwd))
