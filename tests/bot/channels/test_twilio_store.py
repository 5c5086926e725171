"""The SMS state on SQLite and on the session's throw-away PostgreSQL."""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.channels.twilio_common import (
    ANSWER_ID_PATTERN,
    LONG_ANSWER_TTL,
    MENU_TTL,
    REPLAY_MEMORY,
    SMS_GLOBAL_PER_HOUR,
    SMS_PER_NUMBER_PER_DAY,
    SMS_PER_NUMBER_PER_HOUR,
    SmsCap,
    SmsStore,
    is_phone_number,
    is_textable_mobile,
    masked_phone,
)
from tests.infra import fresh_postgres_url, postgres_url  # noqa: F401 (fixtures)

PHONE = "+8613800138000"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 15, 8, 0, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty bot database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
async def store(database_url, clock):
    store = SmsStore(database_url, clock=clock)
    yield store
    await store.close()


async def test_tables_are_created_on_first_use(store):
    state = await store.state(PHONE)
    assert not state.opted_out
    assert state.menu == []


async def test_the_last_menu_wins_and_expires(store, clock):
    await store.save_menu(PHONE, ["/a", "/b"])
    await store.save_menu(PHONE, ["/c"])
    assert (await store.state(PHONE)).menu == ["/c"]
    clock.now += MENU_TTL + timedelta(seconds=1)
    assert (await store.state(PHONE)).menu == []


async def test_a_reply_without_buttons_forgets_the_menu(store):
    await store.save_menu(PHONE, ["/a"])
    await store.save_menu(PHONE, [])
    assert (await store.state(PHONE)).menu == []


async def test_opt_out_is_recorded_once_and_removed_by_opt_in(store):
    await store.save_menu(PHONE, ["/a"])
    assert await store.opt_out(PHONE) is True
    assert await store.opt_out(PHONE) is False
    state = await store.state(PHONE)
    assert state.opted_out and state.menu == []
    assert await store.opt_in(PHONE) is True
    assert await store.opt_in(PHONE) is False
    assert not await store.is_opted_out(PHONE)


async def test_long_answers_expire(store, clock):
    answer_id = await store.save_long_answer("完整的答复 <b>")
    assert ANSWER_ID_PATTERN.match(answer_id)
    stored = await store.long_answer(answer_id)
    assert stored is not None and stored.body == "完整的答复 <b>"
    clock.now += LONG_ANSWER_TTL + timedelta(seconds=1)
    assert await store.long_answer(answer_id) is None
    # Expired rows are swept when the next answer is stored.
    await store.save_long_answer("下一条")
    with store.engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM sms_long_answers").scalar()
    assert count == 1


async def test_unknown_or_malformed_ids(store):
    assert await store.long_answer("AAAAAAAAAA") is None
    assert await store.long_answer("../../etc") is None


async def test_two_stores_share_the_database(database_url, clock):
    url = database_url
    first, second = SmsStore(url, clock=clock), SmsStore(url, clock=clock)
    await first.save_menu(PHONE, ["/x"])
    assert (await second.state(PHONE)).menu == ["/x"]
    await first.close()
    await second.close()


def test_phone_helpers():
    assert masked_phone(PHONE) == "…8000"
    assert masked_phone(None) == "(none)"
    assert is_phone_number(PHONE)
    assert not is_phone_number("anonymous")
    assert not is_phone_number("+266696687x")


def test_only_mainland_mobiles_are_textable():
    assert is_textable_mobile(PHONE)
    assert is_textable_mobile("+8619912345678")
    assert not is_textable_mobile("+8657187654321")  # a Hangzhou landline
    assert not is_textable_mobile("+8657112333")
    assert not is_textable_mobile("+14155550100")
    assert not is_textable_mobile("+85291234567")  # Hong Kong is another region
    assert is_textable_mobile("+85291234567", frozenset({"HK"}))
    assert not is_textable_mobile("anonymous")
    assert not is_textable_mobile(None)


async def test_a_sid_is_new_once_and_each_nonce_of_a_call_too(store, clock):
    assert await store.first_time("SM1")
    assert not await store.first_time("SM1")
    assert await store.first_time("CA1")
    assert await store.first_time("CA1", "0123456789abcdef")
    assert not await store.first_time("CA1", "0123456789abcdef")
    assert not await store.first_time("CA1")
    # Old Sids are swept once nothing they could replay is kept any more.
    clock.now += REPLAY_MEMORY + timedelta(seconds=1)
    assert await store.first_time("SM2")
    assert await store.first_time("SM1")


async def test_two_servers_never_both_take_a_replay(database_url, clock):
    url = database_url
    first, second = SmsStore(url, clock=clock), SmsStore(url, clock=clock)
    assert [await first.first_time("SM9"), await second.first_time("SM9")] == [True, False]
    await first.close()
    await second.close()


async def test_sms_caps_per_number_per_hour_and_day(store, clock):
    for _ in range(SMS_PER_NUMBER_PER_HOUR):
        verdict, reservation = await store.reserve_sms(PHONE)
        assert verdict is SmsCap.OK and reservation
    assert await store.reserve_sms(PHONE) == (SmsCap.NUMBER, None)
    assert (await store.reserve_sms("+8613900000001"))[0] is SmsCap.OK
    sent = SMS_PER_NUMBER_PER_HOUR
    while sent < SMS_PER_NUMBER_PER_DAY:
        clock.now += timedelta(hours=1, seconds=1)
        for _ in range(min(SMS_PER_NUMBER_PER_HOUR, SMS_PER_NUMBER_PER_DAY - sent)):
            assert (await store.reserve_sms(PHONE))[0] is SmsCap.OK
            sent += 1
    clock.now += timedelta(hours=1, seconds=1)
    assert (await store.reserve_sms(PHONE))[0] is SmsCap.NUMBER
    clock.now += timedelta(days=1)
    assert (await store.reserve_sms(PHONE))[0] is SmsCap.OK


async def test_a_released_reservation_does_not_count(store):
    for _ in range(SMS_PER_NUMBER_PER_HOUR):
        _, reservation = await store.reserve_sms(PHONE)
        await store.release_sms(reservation)
    assert (await store.reserve_sms(PHONE))[0] is SmsCap.OK


async def test_the_global_cap(store):
    for n in range(SMS_GLOBAL_PER_HOUR):
        assert (await store.reserve_sms(f"+86139{n:08d}"))[0] is SmsCap.OK
    assert (await store.reserve_sms("+8613700000000"))[0] is SmsCap.GLOBAL


async def test_counts_keep_no_number(store):
    await store.reserve_sms(PHONE)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM sms_outbound").fetchall()
    assert rows and "13800138000" not in repr(rows)


async def test_erase_takes_pages_and_the_menu_but_keeps_the_opt_out(store):
    mine = await store.save_long_answer("我的", conversation_id=f"sms:{PHONE}")
    other = await store.save_long_answer("别人的", conversation_id="sms:+8613900000001")
    await store.save_menu(PHONE, ["/a"])
    await store.opt_out("+8613900000001")
    await store.save_menu("+8613900000001", ["/b"])
    await store.erase(f"sms:{PHONE}")
    await store.erase("voice:+8613900000001")  # a call has no SMS menu to take
    assert await store.long_answer(mine) is None
    assert await store.long_answer(other) is not None
    assert (await store.state(PHONE)).menu == []
    assert await store.is_opted_out("+8613900000001")


async def test_an_older_database_gets_the_conversation_column(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE sms_long_answers (id VARCHAR(10) PRIMARY KEY, body TEXT NOT NULL,"
            " created_at DATETIME NOT NULL, expires_at DATETIME NOT NULL)"
        )
    engine.dispose()
    store = SmsStore(url, clock=clock)
    answer_id = await store.save_long_answer("旧库", conversation_id="sms:+8613900000002")
    assert (await store.long_answer(answer_id)).body == "旧库"
    await store.close()


async def test_erase_counts_what_it_deleted_and_keeps_replays_and_counts(store):
    await store.save_long_answer("我的", conversation_id=f"sms:{PHONE}")
    await store.save_menu(PHONE, ["/a"])
    await store.first_time("SM1")
    await store.reserve_sms(PHONE)
    assert await store.erase(f"sms:{PHONE}") == 2
    assert not await store.first_time("SM1")  # a replay is still a replay
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sms_outbound").scalar() == 1


async def test_purge_takes_old_and_expired_state_and_keeps_opt_outs(store, clock):
    await store.save_long_answer("旧的", conversation_id=f"sms:{PHONE}")
    await store.save_menu(PHONE, ["/a"])
    await store.opt_out("+8613900000001")
    await store.first_time("SM1")
    await store.reserve_sms(PHONE)
    clock.now += REPLAY_MEMORY + timedelta(days=1)
    fresh = await store.save_long_answer("新的")
    # The expired page was swept when the new one was stored; the menu, the Sid and
    # the count go now.
    assert await store.purge(clock.now - timedelta(days=180)) == 3
    assert (await store.long_answer(fresh)).body == "新的"
    assert await store.is_opted_out("+8613900000001")
    assert await store.purge(clock.now - timedelta(days=180)) == 0


async def test_times_round_trip_as_aware_utc(store, clock):
    clock.now = clock.now.replace(microsecond=654321)
    answer_id = await store.save_long_answer("x")
    stored = await store.long_answer(answer_id)
    assert stored.expires_at == clock.now + LONG_ANSWER_TTL
    assert stored.expires_at.utcoffset() == timedelta(0)
