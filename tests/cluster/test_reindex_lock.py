"""Two replicas sharing an index folder never rebuild at once: the folder's lock is held by one process."""

from __future__ import annotations

import os
import subprocess
import sys

from assistant.api.reindexing import _try_folder_lock

HOLD = ("import sys, pathlib; from assistant.api.reindexing import _try_folder_lock as lock; "
        "print(lock(pathlib.Path(sys.argv[1])) is None)")


def test_the_rebuild_lock_is_held_across_processes(tmp_path):
    held = _try_folder_lock(tmp_path)
    assert held is not None
    other = subprocess.run([sys.executable, "-c", HOLD, str(tmp_path)], capture_output=True, text=True,
                           env={**os.environ}, check=True)
    assert other.stdout.strip() == "True"  # another replica is refused while this one builds
    os.close(held)
    again = subprocess.run([sys.executable, "-c", HOLD, str(tmp_path)], capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "False"
