"""The storage layer: one engine per database per process, aware UTC, table creation."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import QueuePool

from bot.db import (
    POSTGRES_POOL_SIZE,
    SQLITE_BUSY_TIMEOUT,
    UtcDateTime,
    create_tables,
    engine_for,
    utc_now,
)
from bot.handoff.outbox import Outbox
from bot.handoff.quota import QuotaLedger
from bot.login.store import LoginStore
from bot.sms_store import SmsStore
from tests.infra import fresh_postgres_url, postgres_url  # noqa: F401 (fixtures)


def test_a_concurrent_create_is_tolerated(tmp_path, monkeypatch):
    metadata = sa.MetaData()
    sa.Table("t", metadata, sa.Column("id", sa.Integer, primary_key=True))
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    real = metadata.create_all
    calls = []

    def racing(bind, **kw):
        calls.append(1)
        if len(calls) == 1:
            real(bind)  # the other server won the race ...
            raise IntegrityError("CREATE TABLE t", {}, Exception("pg_type_typname_nsp_index"))
        return real(bind, **kw)

    monkeypatch.setattr(metadata, "create_all", racing)
    create_tables(metadata, engine)
    assert len(calls) == 2
    assert "t" in sa.inspect(engine).get_table_names()


# -- one engine per database per process ------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    return str(request.getfixturevalue("fresh_postgres_url"))


def test_every_store_of_a_process_shares_one_engine_per_database(database_url: str) -> None:
    login = LoginStore(database_url, "k" * 40)
    outbox = Outbox(database_url, handoff_from="bot@x.test", handoff_to="a@x.test")
    sms = SmsStore(database_url, secret_key="k" * 40)
    ledger = QuotaLedger(database_url)
    assert login.engine is outbox.engine is sms.engine is ledger.engine
    assert login.engine is engine_for(database_url)


def test_threads_asking_at_once_get_one_engine(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'raced.db'}"
    start = threading.Barrier(8)

    def ask() -> sa.engine.Engine:
        start.wait()
        return engine_for(url)

    with ThreadPoolExecutor(8) as pool:
        engines = list(pool.map(lambda _: ask(), range(8)))
    assert len({id(engine) for engine in engines}) == 1


def test_other_databases_get_other_engines(tmp_path: Path) -> None:
    assert engine_for(f"sqlite:///{tmp_path / 'a.db'}") is not engine_for(
        f"sqlite:///{tmp_path / 'b.db'}"
    )


def test_sqlite_gets_wal_and_the_busy_timeout(tmp_path: Path) -> None:
    engine = engine_for(f"sqlite:///{tmp_path / 'var' / 'bot.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeout == int(SQLITE_BUSY_TIMEOUT * 1000)
    assert (tmp_path / "var" / "bot.db").is_file()


def test_an_in_memory_database_is_one_database_for_every_thread() -> None:
    engine = engine_for("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS seen (n INTEGER)")
        conn.exec_driver_sql("INSERT INTO seen VALUES (1)")

    def count() -> int:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM seen").scalar_one())

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(count).result() >= 1


def test_postgresql_is_pooled_and_pinged(request: pytest.FixtureRequest) -> None:
    engine = engine_for(request.getfixturevalue("fresh_postgres_url"))
    assert isinstance(engine.pool, QueuePool)
    assert engine.pool.size() == POSTGRES_POOL_SIZE
    assert engine.pool._pre_ping  # a connection the server dropped is replaced, not used
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar_one() == 1


# -- aware UTC in Python, naive UTC in the columns ----------------------------------------

_meta = sa.MetaData()
_times = sa.Table(
    "utc_round_trip",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UtcDateTime()),
)


def test_utc_now_is_aware() -> None:
    assert utc_now().utcoffset() == timedelta(0)


def test_aware_times_round_trip_and_are_stored_as_naive_utc(database_url: str) -> None:
    engine = engine_for(database_url)
    _meta.create_all(engine)
    beijing = timezone(timedelta(hours=8))
    written = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=beijing)
    with engine.begin() as conn:
        conn.execute(_times.insert().values(id=1, at=written))
        # A row from before this type: a naive UTC value written by the older code.
        conn.execute(
            sa.text("INSERT INTO utc_round_trip (id, at) VALUES (2, :at)"),
            {"at": datetime(2026, 3, 2, 1, 30, 15, 123456)},
        )
    with engine.connect() as conn:
        read = dict(conn.execute(sa.select(_times.c.id, _times.c.at)).all())
        raw = conn.execute(sa.text("SELECT at FROM utc_round_trip WHERE id = 1")).scalar_one()
        later = conn.execute(
            sa.select(_times.c.id).where(_times.c.at > written - timedelta(seconds=1))
        ).scalars()
        assert sorted(later) == [1, 2]
    assert read[1] == written and read[1].tzinfo == timezone.utc
    assert read[2] == written, "an existing naive row reads as the same aware UTC time"
    if isinstance(raw, str):  # SQLite keeps text
        raw = datetime.fromisoformat(raw)
    assert raw == datetime(2026, 3, 2, 1, 30, 15, 123456)
    _meta.drop_all(engine)


def test_a_naive_time_is_refused(tmp_path: Path) -> None:
    engine = engine_for(f"sqlite:///{tmp_path / 'naive.db'}")
    _meta.create_all(engine)
    with pytest.raises(sa.exc.StatementError, match="aware datetimes only"):
        with engine.begin() as conn:
            conn.execute(_times.insert().values(id=1, at=datetime(2026, 3, 2, 9, 30)))
