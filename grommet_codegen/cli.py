"""``grommet-codegen``: the command line."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .config import SECTION, Config, load_config
from .errors import CodegenError, codegen_error
from .sources import display_path

if TYPE_CHECKING:
    from .generate import Job

DESCRIPTION = """\
Generate typed Python from a GraphQL schema (SDL) for the grommet engine.

OUTDIR becomes a package you import and never edit:
  types.py       a dataclass per object, interface and input type, an Enum per enum,
                 a type alias per union and custom scalar
  resolvers.py   a typing.Protocol per type with resolver fields (every Query, Mutation
                 and Subscription field, every field with arguments, and the fields
                 listed in resolver-fields)
  schema.py      the SDL, the binding tables and build_schema(...)
  __init__.py    re-exports all of the above

--resolvers FILE is yours: it is created once with a class per protocol, and later runs
only add methods for new fields, update changed signatures and mark (never delete) methods
of fields that left the schema.
"""

EPILOG = f"""\
configuration (in pyproject.toml, found from the working directory upwards; paths are
relative to that file, and command-line options win):

  [{"tool." + SECTION}]
  schema = ["schema.graphql"]          # files or directories (*.graphql, *.graphqls)
  output = "app/generated"
  resolvers = "app/resolvers.py"
  package = "app.generated"            # import path of OUTDIR, if not its path
  resolver-fields = ["User.fullName"]  # extra fields that get a resolver method
  batch-fields = ["Post.author"]       # resolvers called once with every parent of a pass
  # Python names where the default (snake_case; a `_` after a name the generated code
  # uses) does not suit, or where two GraphQL names would become the same Python name;
  # keys are "Type", "Type.field", "Type.field.argument" or "Enum.VALUE":
  python-names = {{ "Consignment.submissionID" = "submission_id_upper" }}

  [{"tool." + SECTION}.scalars]
  URL = "builtins:str"                 # a Python type only: values pass through as they are

  [{"tool." + SECTION}.scalars.DateTime]
  type = "datetime:datetime"           # module:name of the Python type
  serialize = "datetime:datetime.isoformat"
  parse = "datetime:datetime.fromisoformat"

example:
  grommet-codegen schema.graphql -o app/generated --resolvers app/resolvers.py
  python -c "from app.generated import build_schema; from app import resolvers; \\
             print(build_schema(query=resolvers.Query()).sdl)"

exit status: 0 done (or up to date), 1 --check found stale files, 2 error (bad SDL is
reported as file:line:col: message; nothing is written on any error).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grommet-codegen",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "schema",
        nargs="*",
        type=Path,
        metavar="SCHEMA",
        help="SDL files or directories; all are merged (`extend type` works)",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="OUTDIR", help="the generated package")
    parser.add_argument(
        "--resolvers",
        type=Path,
        metavar="FILE",
        help="your resolvers module: created once, then merged",
    )
    parser.add_argument(
        "--package",
        metavar="MODULE",
        help="import path of OUTDIR (default: its path from the project root, e.g. app.generated)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PYPROJECT",
        help="read [tool.grommet-codegen] from this file instead of searching for it",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the files that are out of date",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    # A run makes about a million small objects (the parsed schema, the IR, the lines) that
    # all live until it ends: the cyclic collector would walk them over and over to free
    # nothing (on GitHub's schema, ~0.2 s of lowering and rendering that take ~0.45 s
    # without it). Reference counting still frees what a run drops.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    cwd = Path.cwd()
    try:
        from .generate import generate
        from .output import stale_files, write_files
    except ImportError as error:  # jinja2 / libcst come with the `codegen` extra
        print(f"grommet-codegen: {error}; install grommet[codegen]", file=sys.stderr)
        return 2
    try:
        job = _job(args, load_config(cwd, args.config), cwd)
        output = generate(job)
        if args.check:
            stale = stale_files(output.files, output.packages)
            for path in stale:
                print(f"stale: {display_path(path, cwd)}", file=sys.stderr)
            if stale:
                print("run grommet-codegen to regenerate", file=sys.stderr)
            return 1 if stale else 0
        for path in write_files(output.files, output.packages):
            print(f"wrote {display_path(path, cwd)}")
        if output.cache_entry is not None:
            from .cache import store

            store(job.output, output.cache_entry)
    except CodegenError as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        return 2
    return 0


def _job(args: argparse.Namespace, config: Config, cwd: Path) -> Job:
    from .generate import Job, package_name

    schema = tuple(cwd / p for p in args.schema) or config.schema
    output = cwd / args.output if args.output is not None else config.output
    if not schema:
        raise codegen_error("no SCHEMA given (pass SDL files or set `schema` in the config)")
    if output is None:
        raise codegen_error(
            "no output directory given (pass -o OUTDIR or set `output` in the config)"
        )
    resolvers = cwd / args.resolvers if args.resolvers is not None else config.resolvers
    root = config.root if config.source is not None else cwd
    package = args.package or config.package or package_name(output, root)
    return Job(
        cwd=cwd,
        schema=schema,
        output=output,
        package=package,
        resolvers=resolvers,
        resolver_fields=config.resolver_fields,
        batch_fields=config.batch_fields,
        scalars=config.scalars,
        python_names=config.python_names,
        root=root,
    )
