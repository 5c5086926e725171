from datetime import datetime, timedelta

import pytest

from bot.channels.twilio_common import (
    ANSWER_ID_PATTERN,
    LONG_ANSWER_TTL,
    MENU_TTL,
    SmsStore,
    is_phone_number,
    masked_phone,
)

PHONE = "+8613800138000"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 15, 8, 0, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
async def store(tmp_path, clock):
    store = SmsStore(f"sqlite:///{tmp_path / 'bot.db'}", clock=clock)
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


async def test_two_stores_share_the_database(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
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
