"""Keep a long-running server's memory flat under load (glibc's allocator; a no-op elsewhere).

Measured with 32 threads answering fresh questions for a minute: resident memory grew by 70%, because
forward passes of ever-different shapes, run by whichever request thread leads a batch, leave freed
memory scattered over one malloc arena per thread, and glibc raises its mmap threshold as big blocks
are freed so that later ones come from those arenas too. Two arenas, fixed 4 MiB thresholds and a
periodic ``malloc_trim`` kept it flat (about 800 MiB, -4% over the minute) at 150 answers/s; a 1 MiB
threshold used 10% less memory and served 5% fewer answers, a 32 MiB one crept up again.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
from functools import lru_cache

log = logging.getLogger(__name__)

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8
#: Blocks from 4 MiB up are mapped and unmapped on their own; free heap tops over 4 MiB go back at once.
_THRESHOLD = 4 << 20
_ARENAS = 2
#: Seconds between returns of free memory to the system while serving.
TRIM_EVERY = 1.0


@lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def configure_allocator() -> bool:
    """Set the arena count and fixed thresholds; call before the model loads. False if not glibc."""
    libc = _glibc()
    if libc is None:
        return False
    return all(libc.mallopt(option, value) == 1 for option, value in
               ((_M_ARENA_MAX, _ARENAS), (_M_MMAP_THRESHOLD, _THRESHOLD), (_M_TRIM_THRESHOLD, _THRESHOLD)))


def release_free_memory() -> None:
    """Return freed heap memory to the system (``malloc_trim``)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


async def trim_periodically(every: float = TRIM_EVERY) -> None:
    """Release free memory every ``every`` seconds until cancelled (the app's lifespan runs this)."""
    while True:
        await asyncio.sleep(every)
        await asyncio.to_thread(release_free_memory)
