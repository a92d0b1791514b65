"""Keep the garbage collector's full passes off the objects a warm service holds for as long as it runs.

A warm worker holds about 610,000 Python objects that live as long as it does: the chunks and their metadata,
the BM25 vocabulary, the cross-language dictionary, the model's modules. CPython's full collection walks
every one of them with the GIL held. Under ``eval/bench_perf.py --fresh`` each of two workers ran one within
the minute, of 361 and 392 ms, and every request on that worker waited it out (that run's one-client p99 was
232 ms where its p95 was 18 ms). :func:`settle` collects once and moves everything then alive into the
permanent generation (:func:`gc.freeze`), which collections skip; what requests allocate is collected as
before.

>>> settle(assistant)                                   # doctest: +SKIP
True
>>> gc.get_freeze_count() > 100_000                     # doctest: +SKIP
True
"""

from __future__ import annotations

import gc
import weakref

from assistant.service import Assistant


def settle(assistant: Assistant, replaced: weakref.ref[Assistant] | None = None) -> bool:
    """Freeze what ``assistant`` holds, once its background loading (the cross-language dictionary) is done.

    ``replaced``: the assistant this one took over from. The frozen objects go back under collection first,
    so that the old index is freed rather than kept for good (one full pass, about half a second with two
    indexes' objects, once per swap); while a request still holds the old assistant nothing is frozen, and
    the process collects as it would without this module. Returns whether the heap was frozen.
    """
    assistant.translator.warm()  # Assistant.warm loads it beside serving: its objects are long-lived too
    if replaced is not None:
        gc.unfreeze()
    gc.collect()
    if replaced is not None and replaced() is not None:
        return False
    gc.freeze()
    return True
