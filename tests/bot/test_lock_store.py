"""The conversation lock shared by several bot servers, on a real Redis.

Two stores on one Redis are two servers. A server killed in a turn leaves its
ticket in the lock; the turn the user sends again, to the other server, waits
behind it. Its own ticket lives as long as the dead one, so by the time the dead
one has expired the waiting one often has too.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import EndpointConfig

from bot.stores import UrlLockStore
from tests.infra import running_redis

#: Shorter than Rasa's 60 s so that a dead ticket expires within the test.
LIFETIME = 1.0
#: As Rasa's ``Agent.handle_message`` polls; not longer than LIFETIME, so that the
#: waiting ticket has expired too when the waiter looks again.
POLL = 1.0
#: Far longer than a dead ticket and one poll; a waiter that never gets the lock fails here.
ACQUIRE_DEADLINE = 8.0
#: Turns each of the two servers runs in the same conversation at once.
TURNS_PER_SERVER = 40
#: How long a turn keeps the lock, long enough for the other server to try meanwhile.
TURN_HOLD = 0.003


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


def store(url: str) -> UrlLockStore:
    return UrlLockStore(EndpointConfig(url=url))


async def take_turn(lock_store: UrlLockStore, conversation: str) -> float:
    """How long the turn waited for the lock."""
    asked = time.monotonic()
    async with lock_store.lock(conversation, LIFETIME, POLL):
        return time.monotonic() - asked


def test_a_turn_sent_again_after_a_crash_gets_the_lock_once_the_dead_ticket_expires(
    redis_url: str,
) -> None:
    conversation = "rest:crashed-in-a-turn"
    crashed, other = store(redis_url), store(redis_url)
    crashed.issue_ticket(conversation, LIFETIME)
    time.sleep(0.1)

    waited = asyncio.run(asyncio.wait_for(take_turn(other, conversation), ACQUIRE_DEADLINE))

    assert waited >= LIFETIME - 0.1
    assert other.get_lock(conversation) is None


def test_a_lock_gone_while_waiting_is_taken_again(redis_url: str) -> None:
    conversation = "rest:lock-deleted-while-waiting"
    server_a, server_b = store(redis_url), store(redis_url)
    holder = server_a.issue_ticket(conversation, LIFETIME)

    async def holder_finishes_and_forgets_the_waiter() -> None:
        await asyncio.sleep(0.2)
        # What the other server's clean-up does when it read the lock before the
        # waiter's ticket was saved in it.
        server_a.finish_serving(conversation, holder)
        server_a.delete_lock(conversation)

    async def both() -> float:
        _, waited = await asyncio.gather(
            holder_finishes_and_forgets_the_waiter(), take_turn(server_b, conversation)
        )
        return waited

    waited = asyncio.run(asyncio.wait_for(both(), ACQUIRE_DEADLINE))
    assert waited < LIFETIME + POLL


def test_a_turn_behind_one_that_outlives_its_ticket_gives_up(redis_url: str) -> None:
    conversation = "rest:behind-a-long-turn"
    slow, waiting = store(redis_url), store(redis_url)

    async def long_turn() -> None:
        async with slow.lock(conversation, 3 * LIFETIME, POLL):
            await asyncio.sleep(2.5 * LIFETIME)

    async def both() -> None:
        task = asyncio.create_task(long_turn())
        await asyncio.sleep(0.1)
        try:
            with pytest.raises(LockError):
                await take_turn(waiting, conversation)
        finally:
            await task

    asyncio.run(asyncio.wait_for(both(), ACQUIRE_DEADLINE))


def test_two_servers_never_run_turns_of_one_conversation_at_once(redis_url: str) -> None:
    conversation = "rest:two-servers-at-once"
    inside: list[str] = []
    overlaps: list[tuple[str, ...]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def server(name: str) -> None:
        lock_store = store(redis_url)

        async def turns() -> None:
            for _ in range(TURNS_PER_SERVER):
                async with lock_store.lock(conversation, 10 * LIFETIME, 0.001):
                    inside.append(name)
                    if len(inside) > 1:
                        overlaps.append(tuple(inside))
                    await asyncio.sleep(TURN_HOLD)
                    inside.remove(name)

        start.wait()
        try:
            asyncio.run(turns())
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=server, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    assert not overlaps, f"{len(overlaps)} turns ran beside another"
    assert store(redis_url).get_lock(conversation) is None


def test_a_redis_lock_store_is_shared(redis_url: str) -> None:
    assert store(redis_url).is_shared


def test_a_turn_takes_and_gives_back_its_ticket_in_two_round_trips(redis_url: str) -> None:
    # Each round trip blocks the event loop; Rasa's read-change-write took about a dozen.
    lock_store = store(redis_url)
    red = lock_store.inner.red  # type: ignore[attr-defined]
    sent: list[str] = []
    execute = red.execute_command

    def counted(*args: object, **kwargs: object) -> object:
        sent.append(str(args[0]))
        return execute(*args, **kwargs)

    asyncio.run(take_turn(lock_store, "rest:two-round-trips"))  # Redis learns the scripts
    red.execute_command = counted
    asyncio.run(take_turn(lock_store, "rest:two-round-trips"))
    assert sent == ["EVALSHA", "EVALSHA"]


def test_the_lock_held_is_what_rasa_reads(redis_url: str) -> None:
    from rasa.core.lock_store import RedisLockStore

    lock_store = store(redis_url)
    conversation = "rest:read-by-rasa"
    assert isinstance(lock_store.inner, RedisLockStore)

    async def held() -> list[int]:
        async with lock_store.lock(conversation, LIFETIME, POLL):
            lock = RedisLockStore.get_lock(lock_store.inner, conversation)
            assert lock is not None and lock.conversation_id == conversation
            waiting = lock_store.issue_ticket(conversation, LIFETIME)
            lock = RedisLockStore.get_lock(lock_store.inner, conversation)
            assert lock is not None
            assert lock.now_serving == 0 and not lock.is_locked(0) and lock.is_locked(waiting)
            lock_store.cleanup(conversation, waiting)
            return [t.number for t in lock.tickets]

    assert asyncio.run(held()) == [0, 1]
    assert lock_store.get_lock(conversation) is None
