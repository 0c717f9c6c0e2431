"""``python -m grommet_codegen``."""

import gc
import os
import sys

# A run's objects live until it ends (see `cli.main`): no cyclic collection from the first
# import on, rather than only once `main` starts.
gc.disable()

from .cli import main  # noqa: E402

status = main()
# Leave without the interpreter's final collections, which would walk every object of a large
# run once more (~10 ms on GitHub's schema); every file was written and closed by `main`.
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)
