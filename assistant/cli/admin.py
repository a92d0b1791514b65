"""Admin commands against a running service.

    assistant reindex [--url http://127.0.0.1:8000] [--token T] [--timeout 600]

Asks the service to rebuild its index and swap the new one in while it keeps serving, then waits and
reports the outcome; the exit status is 0 when the new index serves and 1 when the rebuild failed (the
old index then still serves). The token comes from --token or ASSISTANT_ADMIN_TOKEN.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import httpx


def _cmd_reindex(args: argparse.Namespace) -> int:
    token = args.token or os.environ.get("ASSISTANT_ADMIN_TOKEN", "")
    if not token:
        print("assistant: an admin token is needed: --token or ASSISTANT_ADMIN_TOKEN", file=sys.stderr)
        return 2
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=args.url, headers=headers, timeout=30) as client:
        try:
            started = client.post("/api/admin/reindex")
        except httpx.TransportError as exc:
            print(f"assistant: cannot reach {args.url}: {exc}", file=sys.stderr)
            return 2
        if started.status_code not in (202, 409):
            print(f"assistant: {started.status_code}: {started.json()['error']['message']}", file=sys.stderr)
            return 2
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            status = client.get("/api/admin/index").json()
            if status["state"] in ("done", "failed"):
                break
            time.sleep(0.5)
        else:
            print(f"assistant: the rebuild did not finish within {args.timeout} s", file=sys.stderr)
            return 1
    if status["state"] == "failed":
        print(f"rebuild failed, the previous index keeps serving: {status['error']}", file=sys.stderr)
        return 1
    print(f"now serving index {status['serving']} ({status['embedded']} chunks embedded, {status['reused']} reused)")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the admin subcommands."""
    reindex = commands.add_parser("reindex", help="rebuild a running service's index and swap it in")
    reindex.add_argument("--url", default="http://127.0.0.1:8000", help="the service (default %(default)s)")
    reindex.add_argument("--token", help="admin token (default: ASSISTANT_ADMIN_TOKEN)")
    reindex.add_argument("--timeout", type=float, default=600, help="seconds to wait for the rebuild")
    reindex.set_defaults(run=_cmd_reindex)
