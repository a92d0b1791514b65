"""``assistant cluster up --replicas N --port P --dir D`` and ``assistant cluster down --dir D``.

``up`` starts PostgreSQL, Redis, N replicas and haproxy on loopback (:mod:`.stack`), returns once the balancer
answers, and prints ``D/cluster.json``; ``down`` stops every process it lists. A program that is missing is
named with the Debian package to install.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.cli.cluster.stack import down, up
from assistant.cli.common import positive_int


def _cmd_up(args: argparse.Namespace) -> int:
    description = up(Path(args.dir), args.replicas, args.port)
    print(json.dumps(description, indent=2))
    return 0


def _cmd_down(args: argparse.Namespace) -> int:
    stopped = down(Path(args.dir))
    print(f"stopped {len(stopped)} processes")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``cluster up`` and ``cluster down``."""
    cluster = commands.add_parser("cluster", help="a local stack of replicas behind haproxy (development, tests)")
    actions = cluster.add_subparsers(dest="action", required=True)
    start = actions.add_parser("up", help="start PostgreSQL, Redis, N replicas and haproxy on loopback")
    start.add_argument("--replicas", type=positive_int, default=3, help="how many replicas (default 3)")
    start.add_argument("--port", type=int, default=8080, help="the balancer's port (default 8080)")
    start.add_argument("--dir", required=True, help="folder for the stack's data, logs and cluster.json")
    start.set_defaults(run=_cmd_up)
    stop = actions.add_parser("down", help="stop every process of the stack in --dir")
    stop.add_argument("--dir", required=True, help="the folder `cluster up` used")
    stop.set_defaults(run=_cmd_down)
