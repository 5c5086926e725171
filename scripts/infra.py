"""Throw-away PostgreSQL and Redis servers for tests that need several bot servers.

Both start as real processes on free ports with their data under a temporary folder,
and skip the test with a loud reason when the binaries are not installed.

    with running_postgres(tmp_path) as database_url, running_redis(tmp_path) as redis_url:
        ...
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scripts.servers import free_port

#: initdb and the first start of a cluster take a few seconds on a busy 2-core machine.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
#: Who runs PostgreSQL when the tests run as root (initdb and postgres refuse root).
POSTGRES_USERS = ("postgres", "nobody")


class Unavailable(RuntimeError):
    """A server this machine can't start (its binaries are missing); tests skip on it."""


def _skip(reason: str) -> None:
    # Printed as well as raised so that a CI log shows it even without -rs.
    print(f"\n*** UNAVAILABLE: {reason}", file=sys.stderr)
    raise Unavailable(reason)


def _postgres_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    # Debian keeps the server binaries off the PATH.
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _unprivileged_user() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in POSTGRES_USERS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    _skip(f"running as root and none of the users {POSTGRES_USERS} exists to run PostgreSQL")
    return None  # unreachable: skip raises


def _wait_port(port: int, proc: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    tail = log.read_bytes()[-3000:].decode("utf-8", "replace") if log.exists() else ""
    raise RuntimeError(f"{what} did not open port {port}\n--- {log.name} ---\n{tail}")


def _stop(proc: subprocess.Popen, sig: int) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def running_postgres(tmp_path: Path, *, dbname: str = "bot") -> Iterator[str]:
    """A fresh PostgreSQL cluster on a free port with an empty database ``dbname``.

    Yields an SQLAlchemy URL (``postgresql://postgres@127.0.0.1:<port>/<dbname>``, trust
    authentication on 127.0.0.1 only). The server log is copied to ``tmp_path/postgres.log``.
    """
    initdb, postgres = _postgres_bin("initdb"), _postgres_bin("postgres")
    if not initdb or not postgres:
        _skip("PostgreSQL binaries (initdb, postgres) not found: apt-get install postgresql")
        return
    user = _unprivileged_user()
    # The data folder can't live in tmp_path when we are root: pytest makes its base
    # folder 0700, which the unprivileged server user can't traverse.
    base = Path(tempfile.mkdtemp(prefix="hz12333-pg-"))
    data, log = base / "data", base / "postgres.log"
    ids: dict[str, int] = {}
    if user is not None:
        os.chown(base, user.pw_uid, user.pw_gid)
        ids = {"user": user.pw_uid, "group": user.pw_gid}
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        done = subprocess.run(
            [initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            env=env,
            capture_output=True,
            cwd=base,
            timeout=START_TIMEOUT,
            **ids,  # type: ignore[arg-type]
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout.decode()}\n{done.stderr.decode()}")
        port = free_port()
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [
                    postgres,
                    "-D",
                    str(data),
                    "-p",
                    str(port),
                    "-h",
                    "127.0.0.1",
                    # The default socket folder (/var/run/postgresql) may be missing.
                    "-k",
                    str(base),
                    "-c",
                    "fsync=off",
                    "-c",
                    "max_connections=200",
                ],
                env=env,
                cwd=base,
                stdout=out,
                stderr=subprocess.STDOUT,
                **ids,  # type: ignore[arg-type]
            )
        try:
            _wait_port(port, proc, "PostgreSQL", log)
            _create_database(port, dbname, proc, log)
            yield f"postgresql://postgres@127.0.0.1:{port}/{dbname}"
        finally:
            # SIGINT is PostgreSQL's fast shutdown: it ends open sessions at once.
            _stop(proc, signal.SIGINT)
    finally:
        if log.exists():
            shutil.copyfile(log, tmp_path / "postgres.log")
        shutil.rmtree(base, ignore_errors=True)


def _create_database(port: int, dbname: str, proc: subprocess.Popen, log: Path) -> None:
    import psycopg2

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
            break
        except psycopg2.OperationalError:
            # The port opens before the server accepts sessions ("starting up").
            if time.monotonic() > deadline or proc.poll() is not None:
                tail = log.read_bytes()[-3000:].decode("utf-8", "replace")
                raise RuntimeError(f"PostgreSQL never accepted a session\n{tail}") from None
            time.sleep(0.2)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{dbname}"')
    finally:
        conn.close()


@contextmanager
def running_redis(tmp_path: Path) -> Iterator[str]:
    """A fresh Redis on a free port, without persistence; yields ``redis://127.0.0.1:<port>/0``."""
    server = shutil.which("redis-server")
    if not server:
        _skip("redis-server not found: apt-get install redis-server")
        return
    port = free_port()
    log = tmp_path / "redis.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_port(port, proc, "redis-server", log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(proc, signal.SIGTERM)
