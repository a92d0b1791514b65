"""A serving process keeps what its assistant holds out of the garbage collector's full passes."""

import gc
import weakref

from assistant.api.heap import settle
from assistant.api.state import ServiceState


def test_a_serving_state_freezes_what_its_warm_assistant_holds(assistant):
    gc.unfreeze()
    state = ServiceState(assistant, settle_heap=True)
    try:
        state.warm_up()
        state.settling.join(60)
        # The index's chunks, BM25's vocabulary, the dictionary: hundreds of thousands of objects, none of
        # which a full collection walks any more.
        assert gc.get_freeze_count() > 100_000
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual


def test_a_state_that_does_not_settle_freezes_nothing(assistant):
    gc.unfreeze()
    state = ServiceState(assistant)
    state.warm_up()
    assert state.settling is None and gc.get_freeze_count() == 0


def test_settling_after_a_swap_leaves_a_replaced_assistant_that_is_still_held_collectable(assistant):
    class Held:
        pass

    old = Held()
    gc.unfreeze()
    try:
        replaced = weakref.ref(old)
        frozen = settle(assistant, replaced)
        assert not frozen and gc.get_freeze_count() == 0  # "old" is still held here: nothing is frozen
        del old
        frozen = settle(assistant, replaced)
        assert frozen and gc.get_freeze_count() > 100_000
    finally:
        gc.unfreeze()
