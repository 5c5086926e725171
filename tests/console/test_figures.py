"""The figures: containment, fallback rate, latency percentiles, feedback ratios."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.console.conversations import EventIndex
from bot.console.figures import Period, compute, percentile
from bot.db import engine_for
from bot.feedback import FeedbackRow


def test_percentile_interpolates():
    assert percentile([], 0.5) is None
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([float(i) for i in range(101)], 0.95) == 95.0


async def test_figures_over_the_period(database_url, filled):
    convs = EventIndex(engine_for(database_url)).refresh().values()
    now = datetime.now(timezone.utc)
    feedback = [
        FeedbackRow("web:aaaa", now, "web", "helpful", False, "utter_faq/password_lost", "faq"),
        FeedbackRow("web:aaaa", now, "web", "helpful", True, "utter_faq/password_lost", "faq"),
        FeedbackRow("sms:cccc", now, "sms", "saved_call", True, None, None),
    ]
    tables = {t.name: t for t in compute(Period.last_days(7), convs, [], feedback)}
    total = sum(row[-1] for row in tables["conversations"].rows)
    assert total == 4
    contained = sum(row[2] for row in tables["containment"].rows)
    assert contained == 3  # the SMS conversation handed off
    turns = sum(row[1] for row in tables["fallback"].rows)
    fallbacks = sum(row[2] for row in tables["fallback"].rows)
    assert (turns, fallbacks) == (7, 2)
    today = tables["feedback"].rows[-1]
    assert today[1:] == (2, 0.5, 1, 1.0)
    by_channel = {row[0]: row for row in tables["channels"].rows}
    assert by_channel["web"][1] == 1 and by_channel["web"][3] == 0.5
    assert dict(tables["intents"].rows)["faq"] == 2
    assert "日期" in tables["latency"].csv().splitlines()[0]


async def test_a_channel_filter_keeps_that_channel_only(database_url, filled):
    convs = EventIndex(engine_for(database_url)).refresh().values()
    tables = {t.name: t for t in compute(Period.last_days(7, channel="sms"), convs, [], [])}
    assert sum(row[-1] for row in tables["conversations"].rows) == 1


def test_contacts_are_shortened_for_the_ticket_list():
    from bot.console.tickets import mask_contact

    assert mask_contact("+8613800138000") == "138****8000"
    assert mask_contact("wang.li@example.cn") == "wa***@example.cn"
    assert mask_contact("12") == "****"
