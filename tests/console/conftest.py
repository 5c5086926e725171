"""A real SQLite tracker database filled through Rasa's SQLTrackerStore."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.console.trackers import DAY, id_number, save, store, turn


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env(
        {"DATABASE_URL": database_url, "VAR_DIR": str(tmp_path)}, dotenv=tmp_path / "none"
    )


@pytest.fixture
async def filled(database_url: str) -> float:
    """Four conversations over two days; returns the timestamp of the first."""
    now = time.time()
    t0 = now - DAY
    s = store(database_url)
    await save(
        s,
        "web:aaaa",
        turn(
            "密码忘了怎么办",
            t0,
            "faq",
            "action_answer_faq",
            "请到…重置",
            response="utter_faq/password_lost",
            latency=0.5,
        )
        + turn(
            "公积金怎么取",
            t0 + 10,
            "nlu_fallback",
            "action_fallback",
            "抱歉我没听懂",
            confidence=0.3,
            latency=1.5,
        ),
    )
    await save(
        s,
        "rest:bbbb",
        turn(
            "公积金如何提取",
            t0 + 20,
            "out_of_scope",
            "action_out_of_scope",
            "超出范围",
            latency=0.3,
        )
        + turn(
            f"我的身份证 {id_number()} 能查吗",
            t0 + 30,
            "nlu_fallback",
            "action_fallback",
            "抱歉",
            confidence=0.2,
        ),
    )
    await save(
        s,
        "sms:cccc",
        turn(
            "我要转人工", now, "request_human", "action_submit_handoff", "工单号 HZ-1", latency=2.0
        )
        + turn(
            "今天天气",
            now + 5,
            "faq",
            "action_answer_faq",
            "…",
            confidence=0.5,
            guess="faq/website",
            guess_confidence=0.4,
        ),
    )
    await save(s, "voice:dddd", turn("你好", now, "greet", "utter_greet", "您好"))
    return t0
