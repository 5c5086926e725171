"""The console's own tables: staff accounts, sessions, the audit log, handled inbox groups.

They live in the bot's database beside the tracker store (``console_*`` tables,
created on first use); the console writes only these. Passwords are kept as
scrypt hashes (:func:`hash_password`); sessions as the SHA-256 of their token, so
a copy of the database logs nobody in. Every transcript a staff member opens is a
row of ``console_audit`` (who, when, which conversation), as PIPL expects.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from bot.console.errors import StaffError
from bot.db import Clock, UtcDateTime, create_tables, engine_for, utc_now

#: scrypt's cost: 16 MiB and some 50 ms a check, which makes guessing slow offline.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_SALT_BYTES = 16
SCRYPT_KEY_BYTES = 32
#: A session idle this long is over; a session this old is over whatever it did.
SESSION_IDLE = timedelta(minutes=30)
SESSION_MAX_AGE = timedelta(hours=12)
SESSION_TOKEN_BYTES = 32
MIN_PASSWORD_CHARS = 10
#: The local demo account (README, ../shared/CONVENTIONS.md); never made in production.
DEMO_STAFF = "staff-demo"
DEMO_PASSWORD = "Staff-2026"

metadata = sa.MetaData()

staff_table = sa.Table(
    "console_staff",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
)
sessions_table = sa.Table(
    "console_sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("staff", sa.String(64), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("last_seen", UtcDateTime(), nullable=False, index=True),
)
audit_table = sa.Table(
    "console_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UtcDateTime(), nullable=False, index=True),
    sa.Column("staff", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
)
handled_table = sa.Table(
    "console_handled_groups",
    metadata,
    sa.Column("group_key", sa.String(32), primary_key=True),
    sa.Column("handled_at", UtcDateTime(), nullable=False),
    sa.Column("staff", sa.String(64), nullable=False),
)


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$key`` with a fresh salt (base64)."""
    salt = secrets.token_bytes(SCRYPT_SALT_BYTES)
    key = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_KEY_BYTES
    )
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (from :func:`hash_password`)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


#: Checked against when the name is unknown, so that a wrong name takes as long as a
#: wrong password and response times tell nobody which names exist.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_problem(password: str) -> str | None:
    """Why ``password`` is too weak for a staff account, or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"at least {MIN_PASSWORD_CHARS} characters"
    if len(set(password)) < 5:
        return "more different characters"
    return None


@dataclass(frozen=True)
class Session:
    """A logged-in staff member."""

    staff: str
    csrf: str


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    staff: str
    action: str
    conversation_id: str


class ConsoleStore:
    """Staff, sessions, audit and handled groups, in the bot's database."""

    def __init__(self, database_url: str, *, clock: Clock = utc_now) -> None:
        self.engine = engine_for(database_url)
        self._clock = clock
        self._ready = False

    def ensure(self) -> None:
        if not self._ready:
            create_tables(metadata, self.engine)
            self._ready = True

    # -- staff ------------------------------------------------------------------

    def add_staff(self, name: str, password: str, *, check_strength: bool = True) -> None:
        """Create ``name`` or set its password; refuses a weak one."""
        name = name.strip()
        if not name or len(name) > 64 or not name.isprintable():
            raise StaffError("a staff name is 1 to 64 printable characters")
        if check_strength and (problem := password_problem(password)):
            raise StaffError(f"the password needs {problem}")
        self.ensure()
        hashed = hash_password(password)
        with self.engine.begin() as conn:
            conn.execute(staff_table.delete().where(staff_table.c.name == name))
            conn.execute(
                staff_table.insert().values(
                    name=name, password_hash=hashed, created_at=self._clock()
                )
            )
            # A new password ends every session of the old one.
            conn.execute(sessions_table.delete().where(sessions_table.c.staff == name))

    def ensure_demo_staff(self) -> None:
        """The local demo account, when it does not exist yet (local setup only)."""
        self.ensure()
        with self.engine.connect() as conn:
            found = conn.execute(
                sa.select(staff_table.c.name).where(staff_table.c.name == DEMO_STAFF)
            ).first()
        if found is None:
            # Shorter than a real account may have: it is a documented demo password.
            self.add_staff(DEMO_STAFF, DEMO_PASSWORD, check_strength=False)

    def demo_staff_usable(self) -> bool:
        """Whether the demo account exists with its documented password (refused in production)."""
        self.ensure()
        with self.engine.connect() as conn:
            stored = conn.execute(
                sa.select(staff_table.c.password_hash).where(staff_table.c.name == DEMO_STAFF)
            ).scalar()
        return stored is not None and verify_password(DEMO_PASSWORD, stored)

    def check_password(self, name: str, password: str) -> bool:
        self.ensure()
        with self.engine.connect() as conn:
            stored = conn.execute(
                sa.select(staff_table.c.password_hash).where(staff_table.c.name == name)
            ).scalar()
        if stored is None:
            verify_password(password, _DUMMY_HASH)
            return False
        return verify_password(password, stored)

    # -- sessions ----------------------------------------------------------------

    def open_session(self, staff: str) -> tuple[str, Session]:
        """A new session for ``staff``: the cookie's token, and the session."""
        self.ensure()
        token = secrets.token_urlsafe(SESSION_TOKEN_BYTES)
        session = Session(staff=staff, csrf=secrets.token_urlsafe(SESSION_TOKEN_BYTES))
        now = self._clock()
        with self.engine.begin() as conn:
            conn.execute(
                sessions_table.delete().where(sessions_table.c.last_seen < now - SESSION_IDLE)
            )
            conn.execute(
                sessions_table.insert().values(
                    token_hash=_token_hash(token),
                    staff=staff,
                    csrf=session.csrf,
                    created_at=now,
                    last_seen=now,
                )
            )
        return token, session

    def session(self, token: str | None) -> Session | None:
        """The live session of ``token``, its idle clock reset; None when over or unknown."""
        if not token:
            return None
        self.ensure()
        t = sessions_table
        now = self._clock()
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(t).where(t.c.token_hash == _token_hash(token))).first()
            if row is None:
                return None
            if row.last_seen < now - SESSION_IDLE or row.created_at < now - SESSION_MAX_AGE:
                conn.execute(t.delete().where(t.c.token_hash == row.token_hash))
                return None
            conn.execute(t.update().where(t.c.token_hash == row.token_hash).values(last_seen=now))
            return Session(staff=row.staff, csrf=row.csrf)

    def close_session(self, token: str) -> None:
        self.ensure()
        with self.engine.begin() as conn:
            conn.execute(
                sessions_table.delete().where(sessions_table.c.token_hash == _token_hash(token))
            )

    # -- audit ------------------------------------------------------------------

    def audit(self, staff: str, action: str, conversation_id: str) -> None:
        self.ensure()
        with self.engine.begin() as conn:
            conn.execute(
                audit_table.insert().values(
                    at=self._clock(), staff=staff, action=action, conversation_id=conversation_id
                )
            )

    def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        self.ensure()
        t = audit_table
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t).order_by(t.c.id.desc()).limit(limit)).all()
        return [AuditEntry(r.at, r.staff, r.action, r.conversation_id) for r in rows]

    # -- handled inbox groups ----------------------------------------------------

    def mark_handled(self, group_key: str, staff: str) -> None:
        self.ensure()
        with self.engine.begin() as conn:
            conn.execute(handled_table.delete().where(handled_table.c.group_key == group_key))
            conn.execute(
                handled_table.insert().values(
                    group_key=group_key, handled_at=self._clock(), staff=staff
                )
            )

    def handled(self) -> dict[str, datetime]:
        """When each group was marked handled; newer questions bring a group back."""
        self.ensure()
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(handled_table)).all()
        return {row.group_key: row.handled_at for row in rows}
