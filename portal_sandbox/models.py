"""The sandbox's tables (SQLAlchemy 1.4 ORM), portable between SQLite and PostgreSQL.

Times are stored as naive UTC; the API shows them in Beijing time (UTC+8).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import registry, relationship
from sqlalchemy.orm.decl_api import DeclarativeMeta

mapper_registry = registry()


class Base(metaclass=DeclarativeMeta):
    """Base of the mapped classes (written out so that type checkers see a class)."""

    __abstract__ = True
    registry = mapper_registry
    metadata = mapper_registry.metadata
    __init__ = mapper_registry.constructor


ACCOUNT_KINDS = ("enterprise", "private_non_enterprise", "institution", "individual")
STATUSES = ("pending", "approved", "rejected", "cancelled")
CATEGORIES = ("declaration", "query")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class BusinessUnit(Base):
    """A 经办机构: the office that reviews a submission, with its phone."""

    __tablename__ = "business_units"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False, unique=True)
    phone = Column(String(40), nullable=False)


class Account(Base):
    """A portal user: a unit (with its unit name) or an individual."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint(_in("kind", ACCOUNT_KINDS), name="ck_accounts_kind"),)

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    kind = Column(String(32), nullable=False)
    display_name = Column(String(100), nullable=False)
    unit_name = Column(String(200), nullable=True)
    citizen_mailbox = Column(Boolean, nullable=False, default=False)
    # No longer used (the hard lockout became a backoff, see LoginFailure); kept so that
    # databases made by earlier versions, which have them NOT NULL, still take inserts.
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime, nullable=True)
    password_changed_at = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False)

    submissions = relationship("Submission", back_populates="account")


class SessionToken(Base):
    """A login session. Only the SHA-256 of the token is kept."""

    __tablename__ = "sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    account_id = Column(
        Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at = Column(DateTime, nullable=False)
    last_seen_at = Column(DateTime, nullable=False, index=True)

    account = relationship("Account")


class LoginFailure(Base):
    """One wrong password (or an attempt still being checked) for a username.

    The username is kept only as its SHA-256 (``security.attempt_key``): people type
    passwords into the username field, and unknown names are counted like real ones.
    """

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "username_key", "failed_at"),)

    id = Column(Integer, primary_key=True)
    username_key = Column(String(64), nullable=False)
    failed_at = Column(DateTime, nullable=False, index=True)


class Submission(Base):
    """One submitted item (办事项目) as 办事进度查询 shows it."""

    __tablename__ = "submissions"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="ck_submissions_status"),
        CheckConstraint(_in("category", CATEGORIES), name="ck_submissions_category"),
        CheckConstraint("record_count IS NULL OR record_count > 0", name="ck_submissions_records"),
        Index("ix_submissions_account_submitted", "account_id", "submitted_at"),
    )

    id = Column(Integer, primary_key=True)
    acceptance_no = Column(String(32), nullable=False, unique=True)
    account_id = Column(Integer, ForeignKey("accounts.id"), nullable=False)
    item = Column(String(100), nullable=False)
    category = Column(String(16), nullable=False)
    status = Column(String(16), nullable=False)
    submitted_at = Column(DateTime, nullable=False)
    reviewer_note = Column(Text, nullable=True)
    reviewed_at = Column(DateTime, nullable=True)
    cancelled_at = Column(DateTime, nullable=True)
    business_unit_id = Column(Integer, ForeignKey("business_units.id"), nullable=False)
    record_count = Column(Integer, nullable=True)

    account = relationship("Account", back_populates="submissions")
    business_unit = relationship("BusinessUnit", lazy="joined", innerjoin=True)


class EventSubscription(Base):
    """A user's wish to hear once when a pending declaration's status changes."""

    __tablename__ = "event_subscriptions"

    id = Column(Integer, primary_key=True)
    public_id = Column(String(64), nullable=False, unique=True)
    submission_id = Column(
        Integer, ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    account_id = Column(Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False, index=True)


class EventDelivery(Base):
    """One status-change event on its way to the bot: the outbox of the event sender.

    The body is kept as sent, so that every attempt signs the same bytes.
    """

    __tablename__ = "event_deliveries"

    id = Column(Integer, primary_key=True)
    event_id = Column(String(64), nullable=False, unique=True)
    subscription_id = Column(String(64), nullable=False)
    body = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False, index=True)
    delivered_at = Column(DateTime, nullable=True)
    given_up_at = Column(DateTime, nullable=True)
    last_status = Column(Integer, nullable=True)
