"""bot.heap: the start-up heap frozen out of the collector's walks, and every walk timed."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from prometheus_client import REGISTRY

from bot import heap


@pytest.fixture
def fresh_collector() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()
    if heap._time_collection in gc.callbacks:
        gc.callbacks.remove(heap._time_collection)


def sample(name: str, **labels: str) -> float:
    value = REGISTRY.get_sample_value(name, labels)
    return 0.0 if value is None else value


def test_freezing_moves_what_lives_out_of_the_walks(fresh_collector: None) -> None:
    kept = [[n] for n in range(50_000)]
    assert gc.get_freeze_count() == 0
    frozen = heap.freeze_startup_heap()
    # Not compared with gc.get_freeze_count() later: a frozen object that dies leaves the
    # frozen set, and other tests' server threads run in this worker meanwhile.
    assert frozen >= len(kept)
    assert sample("hz12333_gc_frozen_objects") >= len(kept)
    # A full walk now sees only what came after: none of what lived, far fewer objects.
    walked = gc.get_objects(generation=2)
    assert len(walked) < frozen
    walked_ids = {id(o) for o in walked}
    assert not any(id(k) in walked_ids for k in kept)


class Node:
    me: Node


def test_garbage_from_before_the_freeze_is_collected_not_frozen(fresh_collector: None) -> None:
    cycle = Node()
    cycle.me = cycle
    gone = weakref.ref(cycle)
    del cycle
    heap.freeze_startup_heap()
    assert gone() is None


def test_every_collection_is_timed_by_generation(fresh_collector: None) -> None:
    heap.freeze_startup_heap()
    before = sample("hz12333_gc_pause_seconds_count", generation="2")
    gc.collect()
    assert sample("hz12333_gc_pause_seconds_count", generation="2") == before + 1
    heap.freeze_startup_heap()
    assert gc.callbacks.count(heap._time_collection) == 1
