"""The allocator settings a server applies: they take on glibc, and trimming is safe to call any time."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from assistant.memory import configure_allocator, release_free_memory, trim_periodically


def test_the_allocator_is_configured_on_glibc():
    assert configure_allocator() is True  # this project runs on Debian (glibc)


def test_trimming_runs_and_stops_when_cancelled():
    release_free_memory()

    async def briefly() -> None:
        task = asyncio.create_task(trim_periodically(every=0.01))
        await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert task.cancelled()

    # A thread of its own: the browser tests' Playwright keeps an event loop running in the main thread.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, briefly()).result(timeout=10)
