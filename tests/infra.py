"""Throw-away PostgreSQL and Redis servers for tests that need several bot servers.

Both start as real processes on free ports with their data under a temporary folder,
and skip the test with a loud reason when the binaries are not installed.

    with running_postgres(tmp_path) as database_url, running_redis(tmp_path) as redis_url:
        ...
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from scripts import infra
from scripts.infra import Unavailable


def _skipping(start):  # type: ignore[no-untyped-def]
    """``start`` (a server's context manager) with a missing server turned into a skip."""

    @contextmanager
    def started(*args, **kwargs) -> Iterator[str]:  # type: ignore[no-untyped-def]
        try:
            manager = start(*args, **kwargs)
            url = manager.__enter__()
        except Unavailable as missing:
            print(f"\n*** SKIPPED: {missing}", file=sys.stderr)
            pytest.skip(str(missing))
        try:
            yield url
        except BaseException:
            if not manager.__exit__(*sys.exc_info()):
                raise
        else:
            manager.__exit__(None, None, None)

    return started


running_postgres = _skipping(infra.running_postgres)
running_redis = _skipping(infra.running_redis)


# -- one PostgreSQL for the store tests of a whole session ------------------------------

#: The running server's URL, so that every module that imports :func:`postgres_url`
#: (pytest makes one fixture per importing module) shares one server per session.
_session_postgres: dict[str, str] = {}
#: A schema reset waits this long for a lock a test left behind, then fails loudly.
RESET_LOCK_TIMEOUT = "30s"


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throw-away PostgreSQL server for the session; skips loudly without its binaries.

    Use :func:`fresh_postgres_url` for a test that needs empty tables.
    """
    shared = _session_postgres.get("url")
    if shared is not None:
        yield shared
        return
    with running_postgres(tmp_path_factory.mktemp("postgres")) as url:
        _session_postgres["url"] = url
        try:
            yield url
        finally:
            _session_postgres.pop("url", None)
            from bot.db import dispose_engines

            # Close the pooled sessions before the server stops under them.
            dispose_engines()


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """The session's PostgreSQL with an empty ``public`` schema: no table of a former test."""
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url, future=True, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text(f"SET LOCAL lock_timeout = '{RESET_LOCK_TIMEOUT}'"))
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    yield postgres_url
