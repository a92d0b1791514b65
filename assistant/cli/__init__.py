"""The ``assistant`` command. Each module here registers its own subcommands; this one runs them.

Every subcommand is a thin shell over the same functions the HTTP API uses. A problem the user can fix
(missing, stale or corrupt index, bad corpus, unknown model, invalid suite) ends the command with a
one-line message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

# Before torch or FAISS load OpenMP: waiting threads sleep instead of spinning. Spinning threads made
# FAISS training four times slower, and single queries ten times slower, whenever another process
# held a core; an operator's own OMP_WAIT_POLICY wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from assistant.cli import admin, core, documents, evaluate, schemes
from assistant.cli.cluster import command as cluster
from assistant.cli.common import EXIT_USER_ERROR, USER_ERRORS

#: Modules that add subcommands, each through a ``register(commands)`` function.
COMMAND_MODULES = [core, documents, evaluate, schemes, admin, cluster]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every module's subcommands."""
    parser = argparse.ArgumentParser(prog="assistant", description="Cited answers from a policy document.")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``assistant`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except USER_ERRORS as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # the reader went away (`assistant search ... | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
