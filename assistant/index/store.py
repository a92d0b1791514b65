"""Where a built index lives on disk, and how it is written atomically and read back safely.

Layout under ``index/``::

    builds/<build-id>/   manifest.json, chunks.jsonl, vectors.npy, dense.faiss,
                         sentence_vectors.npy, bm25/...
    current              a symlink to the build being served: the version pointer replicas watch

A build is written into a fresh folder and becomes current by renaming a new symlink over ``current``, one
atomic step: a build killed midway leaves the previous index current and intact. ``manifest.json`` records
a SHA-256 for every file, so a truncated or edited file is caught when the index loads.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path

MANIFEST = "manifest.json"
CURRENT = "current"
BUILDS = "builds"
#: Bump when the on-disk layout changes; an index of another format is stale.
FORMAT_VERSION = 1
# Builds kept besides the current one, so a bad build can be rolled back by hand.
KEEP_PREVIOUS_BUILDS = 1


class IndexUnavailable(RuntimeError):
    """The index is missing, stale or corrupt; the message says which and what to run."""


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def current_build(index_dir: Path) -> Path | None:
    """The folder of the build being served, or ``None`` when there is none."""
    link = index_dir / CURRENT
    return link.resolve() if link.exists() else None


def current_version(index_dir: Path) -> str | None:
    """The build id the version pointer names (what every replica should serve), or ``None``.

    Replicas watch this: :func:`publish` moves it in one rename, so it never names a half-written build.
    """
    build = current_build(index_dir)
    return build.name if build is not None else None


def new_build_dir(index_dir: Path) -> Path:
    """A fresh, empty folder for a build that is not current yet."""
    path = index_dir / BUILDS / f"tmp-{uuid.uuid4().hex[:12]}"
    path.mkdir(parents=True)
    return path


def write_json(path: Path, data: object) -> None:
    """Write JSON through a temporary file and a rename, so readers never see half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def publish(build_dir: Path, manifest: dict) -> Path:
    """Checksum the build's files, write its manifest and make it current in one atomic rename.

    Returns the published folder (renamed from ``tmp-...`` to its build id).
    """
    files = sorted(p for p in build_dir.rglob("*") if p.is_file() and p.name != MANIFEST)
    manifest = {**manifest, "format_version": FORMAT_VERSION,
                "files": {str(p.relative_to(build_dir)): file_sha256(p) for p in files}}
    write_json(build_dir / MANIFEST, manifest)
    final = build_dir.with_name(manifest["build_id"])
    if final.exists():
        shutil.rmtree(final)
    os.replace(build_dir, final)
    _fsync_dir(final)
    index_dir = final.parent.parent
    link_tmp = index_dir / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
    link_tmp.symlink_to(Path(BUILDS) / final.name)
    os.replace(link_tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)
    prune_builds(index_dir)
    return final


def prune_builds(index_dir: Path) -> None:
    """Delete abandoned temporary builds and all but the newest previous builds."""
    builds = index_dir / BUILDS
    current = current_build(index_dir)
    finished = sorted((p for p in builds.iterdir() if p.is_dir() and p != current and not p.name.startswith("tmp-")),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    stale = finished[KEEP_PREVIOUS_BUILDS:] + [p for p in builds.iterdir() if p.name.startswith("tmp-")]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def read_manifest(index_dir: Path) -> tuple[Path, dict]:
    """The current build's folder and manifest; :class:`IndexUnavailable` when absent or unreadable."""
    build = current_build(index_dir)
    if build is None:
        raise IndexUnavailable(f"no index in {index_dir}: run `assistant index` to build it")
    try:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnavailable(f"index manifest in {build} is unreadable ({exc}): run `assistant index`") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(f"index in {build} has an old format: run `assistant index` to rebuild it")
    return build, manifest


def verify_files(build: Path, manifest: dict) -> None:
    """Check every file against its recorded checksum; raise :class:`IndexUnavailable` on any mismatch."""
    for name, expected in manifest.get("files", {}).items():
        path = build / name
        if not path.is_file():
            raise IndexUnavailable(f"index file {path} is missing: run `assistant index` to rebuild")
        if file_sha256(path) != expected:
            raise IndexUnavailable(f"index file {path} is corrupt (checksum mismatch): run `assistant index`")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
