"""What the sandbox does, as plain synchronous methods over one database session each.

The web layer runs these in a worker thread; the staff command line calls them
directly. Every method returns JSON-ready dictionaries in the wire format of
``portal_client/openapi.yaml`` or raises :class:`~portal_sandbox.errors.ApiError`.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from portal_sandbox import security
from portal_sandbox.db import ping
from portal_sandbox.errors import (
    ApiError,
    ErrorCode,
    NotAllowedReason,
    not_found,
    session_expired,
    too_many_attempts,
    validation_failed,
)
from portal_sandbox.models import (
    Account,
    EventDelivery,
    EventSubscription,
    LoginFailure,
    SessionToken,
    Submission,
)

#: Beijing time, in which the portal shows every time and reads every date.
BEIJING = timezone(timedelta(hours=8))
#: Wrong passwords older than this no longer count toward a username's backoff.
FAILURE_WINDOW = timedelta(seconds=security.FAILURE_WINDOW_SECONDS)
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
#: A subscription to status changes ends after this long even if nothing changed.
SUBSCRIPTION_LIFETIME = timedelta(days=90)
#: Event deliveries: the first retry waits this long, doubling up to the cap, until
#: the event is this old; then it is given up (the owner still sees it on the portal).
DELIVERY_FIRST_BACKOFF = timedelta(seconds=1)
DELIVERY_MAX_BACKOFF = timedelta(minutes=10)
DELIVERY_GIVE_UP_AFTER = timedelta(hours=24)
#: How long a claimed delivery is reserved for the sender that claimed it.
DELIVERY_LEASE = timedelta(seconds=30)
EVENT_TYPE = "submission.status_changed"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock: an aware UTC datetime."""
    return datetime.now(timezone.utc)


def to_db(moment: datetime) -> datetime:
    """An aware datetime as the naive UTC the database keeps."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def wire_time(stored: datetime | None) -> str | None:
    """A stored naive-UTC datetime as ISO 8601 in Beijing time, e.g. ``…T09:30:00+08:00``."""
    if stored is None:
        return None
    aware = stored if stored.tzinfo else stored.replace(tzinfo=timezone.utc)
    return aware.astimezone(BEIJING).isoformat(timespec="seconds")


def account_to_wire(account: Account) -> dict[str, Any]:
    return {
        "username": account.username,
        "kind": account.kind,
        "display_name": account.display_name,
        "unit_name": account.unit_name,
        "citizen_mailbox": bool(account.citizen_mailbox),
    }


def submission_to_wire(submission: Submission) -> dict[str, Any]:
    return {
        "acceptance_no": submission.acceptance_no,
        "item": submission.item,
        "category": submission.category,
        "status": submission.status,
        "submitted_at": wire_time(submission.submitted_at),
        "reviewer_note": submission.reviewer_note,
        "reviewed_at": wire_time(submission.reviewed_at),
        "cancelled_at": wire_time(submission.cancelled_at),
        "business_unit": {
            "name": submission.business_unit.name,
            "phone": submission.business_unit.phone,
        },
        "record_count": submission.record_count,
    }


@dataclass(frozen=True)
class DueDelivery:
    """An event to send now: its id, the exact body to sign, the attempts so far."""

    id: int
    event_id: str
    body: str
    attempts: int


@dataclass(frozen=True)
class SubmissionQuery:
    """The filters and page of a progress query."""

    statuses: tuple[str, ...] = ()
    item: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def _beijing_midnight_utc(day: date) -> datetime:
    return to_db(datetime.combine(day, time.min, tzinfo=BEIJING))


class PortalService:
    """The portal's behaviour over a database, with an injectable clock."""

    def __init__(
        self,
        session_factory: sessionmaker,
        *,
        session_idle_seconds: int,
        clock: Clock = utc_now,
    ) -> None:
        self._sessions = session_factory
        self.session_idle = timedelta(seconds=session_idle_seconds)
        self._clock = clock
        self._attempt_lock = threading.Lock()

    def now(self) -> datetime:
        """The current time as the database keeps it (naive UTC)."""
        return to_db(self._clock())

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """One transaction. An :class:`ApiError` is a deliberate answer, so what was done
        before it (a touched session, a counted failure) is kept; any other exception
        rolls back."""
        with self._sessions() as session:
            try:
                yield session
            except ApiError:
                session.commit()
                raise
            except BaseException:
                session.rollback()
                raise
            session.commit()

    # -- health -----------------------------------------------------------------

    def ping(self) -> None:
        with self._sessions() as session:
            ping(session)

    # -- sessions ---------------------------------------------------------------

    def login(self, username: str, password: str) -> dict[str, Any]:
        """Check the password and open a session.

        Wrong passwords slow the username down (:meth:`_begin_attempt`); they never lock
        it and never end its sessions. An unknown username is answered exactly like a
        known one with a wrong password: same status, body, backoff and hashing work.
        """
        key = security.attempt_key(username)
        stored_hash = self._begin_attempt(key, username=username)
        if stored_hash is None:
            security.verify_password(password, security.dummy_hash())
            raise self._authentication_failed()
        if not security.verify_password(password, stored_hash):
            raise self._authentication_failed()
        with self._transaction() as db:
            now = self.now()
            account = db.execute(
                select(Account).where(Account.username == username)
            ).scalar_one_or_none()
            if account is None or account.password_hash != stored_hash:
                # Deleted or its password changed while the hash was being checked.
                raise self._authentication_failed()
            db.execute(delete(LoginFailure).where(LoginFailure.username_key == key))
            db.execute(
                delete(SessionToken).where(SessionToken.last_seen_at < now - self.session_idle)
            )
            token = security.new_token()
            db.add(
                SessionToken(
                    token_hash=security.hash_token(token),
                    account_id=account.id,
                    created_at=now,
                    last_seen_at=now,
                )
            )
            return {
                "token": token,
                "token_type": "Bearer",
                "expires_in": int(self.session_idle.total_seconds()),
                "account": account_to_wire(account),
            }

    def logout(self, token: str) -> None:
        with self._transaction() as db:
            session = self._authenticate(db, token)
            db.delete(session)

    def _authenticate(self, db: Session, token: str) -> SessionToken:
        """The live session of ``token``; touching it keeps it alive."""
        now = self.now()
        session = db.execute(
            select(SessionToken).where(SessionToken.token_hash == security.hash_token(token))
        ).scalar_one_or_none()
        if session is None:
            raise session_expired()
        if now - session.last_seen_at > self.session_idle:
            db.delete(session)
            raise session_expired()
        session.last_seen_at = now
        return session

    def _begin_attempt(self, key: str, *, username: str) -> str | None:
        """Refuse the attempt while ``key`` must wait, else count it as a failure up front.

        Counting before the (slow) hash check means parallel attempts cannot all slip
        through on the same count; a correct password removes the count again. Returns
        the account's password hash, or ``None`` for an unknown username, which is
        counted the same way. The lock keeps check-and-count atomic within the process
        (the sandbox is one process; SQLite would not serialise the read).
        """
        with self._attempt_lock, self._transaction() as db:
            now = self.now()
            db.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - FAILURE_WINDOW))
            failures, latest = db.execute(
                select(func.count(), func.max(LoginFailure.failed_at)).where(
                    LoginFailure.username_key == key
                )
            ).one()
            wait = security.backoff_seconds(failures)
            if latest is not None and wait:
                remaining = (latest + timedelta(seconds=wait) - now).total_seconds()
                if remaining > 0:
                    raise too_many_attempts(math.ceil(remaining))
            db.add(LoginFailure(username_key=key, failed_at=now))
            stored_hash: str | None = db.execute(
                select(Account.password_hash).where(Account.username == username)
            ).scalar_one_or_none()
            return stored_hash

    @staticmethod
    def _authentication_failed(
        message: str = "用户名或密码错误。", *, status: int = 401
    ) -> ApiError:
        return ApiError(status, ErrorCode.AUTHENTICATION_FAILED, message)

    # -- account ----------------------------------------------------------------

    def account(self, token: str) -> dict[str, Any]:
        with self._transaction() as db:
            return account_to_wire(self._authenticate(db, token).account)

    def change_password(self, token: str, old_password: str, new_password: str) -> None:
        """Check the old password, apply the rule, and end the account's other sessions.

        A wrong old password counts toward the username's backoff, like a wrong login.
        """
        with self._transaction() as db:
            username = self._authenticate(db, token).account.username
        key = security.attempt_key(username)
        stored_hash = self._begin_attempt(key, username=username)
        if stored_hash is None or not security.verify_password(old_password, stored_hash):
            raise self._authentication_failed("原密码不正确。", status=403)
        with self._transaction() as db:
            current = self._authenticate(db, token)
            account = db.execute(
                select(Account).where(Account.id == current.account_id).with_for_update()
            ).scalar_one()
            if account.password_hash != stored_hash:
                raise self._authentication_failed("原密码不正确。", status=403)
            db.execute(delete(LoginFailure).where(LoginFailure.username_key == key))
            problem = security.password_problem(
                new_password, username=account.username, old=old_password
            )
            if problem is not None:
                raise ApiError(422, ErrorCode.WEAK_PASSWORD, security.PASSWORD_RULE, reason=problem)
            account.password_hash = security.hash_password(new_password)
            account.password_changed_at = self.now()
            db.execute(
                delete(SessionToken).where(
                    SessionToken.account_id == account.id, SessionToken.id != current.id
                )
            )

    # -- submissions ------------------------------------------------------------

    def list_submissions(self, token: str, query: SubmissionQuery) -> dict[str, Any]:
        """The account's submissions, newest first, filtered and paged."""
        with self._transaction() as db:
            account_id = self._authenticate(db, token).account_id
            conditions = [Submission.account_id == account_id]
            if query.statuses:
                conditions.append(Submission.status.in_(query.statuses))
            if query.item:
                conditions.append(Submission.item.contains(query.item, autoescape=True))
            if query.date_from is not None:
                conditions.append(Submission.submitted_at >= _beijing_midnight_utc(query.date_from))
            if query.date_to is not None:
                next_day = query.date_to + timedelta(days=1)
                conditions.append(Submission.submitted_at < _beijing_midnight_utc(next_day))
            total = db.execute(
                select(func.count()).select_from(Submission).where(*conditions)
            ).scalar_one()
            rows = (
                db.execute(
                    select(Submission)
                    .where(*conditions)
                    .order_by(Submission.submitted_at.desc(), Submission.id.desc())
                    .limit(query.page_size)
                    .offset((query.page - 1) * query.page_size)
                )
                .scalars()
                .all()
            )
            return {
                "items": [submission_to_wire(row) for row in rows],
                "page": query.page,
                "page_size": query.page_size,
                "total": total,
            }

    def _own_submission(
        self, db: Session, account_id: int, acceptance_no: str, *, for_update: bool = False
    ) -> Submission:
        """The submission if ``account_id`` owns it; anyone else gets not-found."""
        statement = select(Submission).where(
            Submission.acceptance_no == acceptance_no, Submission.account_id == account_id
        )
        if for_update:
            statement = statement.with_for_update(of=Submission)
        submission = db.execute(statement).scalar_one_or_none()
        if submission is None:
            raise not_found()
        return submission

    def get_submission(self, token: str, acceptance_no: str) -> dict[str, Any]:
        with self._transaction() as db:
            account_id = self._authenticate(db, token).account_id
            return submission_to_wire(self._own_submission(db, account_id, acceptance_no))

    def cancel_submission(self, token: str, acceptance_no: str) -> dict[str, Any]:
        """Cancel (注销) a submission that is 未审核 or 审核未通过; again is a no-op."""
        with self._transaction() as db:
            account_id = self._authenticate(db, token).account_id
            submission = self._own_submission(db, account_id, acceptance_no, for_update=True)
            if submission.category == "query":
                raise ApiError(
                    409,
                    ErrorCode.NOT_ALLOWED,
                    f"“{submission.item}”是查询类事项，提交后即时显示结果，没有需要注销的申报数据。",
                    reason=NotAllowedReason.QUERY_ITEM.value,
                )
            if submission.status == "approved":
                unit = submission.business_unit
                raise ApiError(
                    409,
                    ErrorCode.NOT_ALLOWED,
                    f"该办件已审核通过，不能在网上注销或修改。如需更正，请联系经办机构"
                    f"{unit.name}（电话 {unit.phone}），由业务人员办理。",
                    reason=NotAllowedReason.ALREADY_APPROVED.value,
                )
            if submission.status != "cancelled":
                submission.status = "cancelled"
                submission.cancelled_at = self.now()
                self._queue_events(db, submission)
            return submission_to_wire(submission)

    # -- status-change events -----------------------------------------------------

    def subscribe(self, token: str, acceptance_no: str) -> dict[str, Any]:
        """Subscribe the owner to one event when this pending declaration changes."""
        with self._transaction() as db:
            session = self._authenticate(db, token)
            submission = self._own_submission(db, session.account_id, acceptance_no)
            if submission.category == "query":
                raise ApiError(
                    409,
                    ErrorCode.NOT_ALLOWED,
                    "查询类事项提交后即时显示结果，无需订阅状态变化。",
                    reason=NotAllowedReason.QUERY_ITEM.value,
                )
            if submission.status != "pending":
                raise ApiError(
                    409,
                    ErrorCode.NOT_ALLOWED,
                    "该办件已不是未审核状态，状态不会再变化。",
                    reason=NotAllowedReason.NOT_PENDING.value,
                )
            now = self.now()
            db.execute(delete(EventSubscription).where(EventSubscription.expires_at <= now))
            subscription = EventSubscription(
                public_id="sub_" + security.new_token(),
                submission_id=submission.id,
                account_id=session.account_id,
                created_at=now,
                expires_at=now + SUBSCRIPTION_LIFETIME,
            )
            db.add(subscription)
            return {
                "subscription_id": subscription.public_id,
                "acceptance_no": submission.acceptance_no,
                "status": submission.status,
                "expires_at": wire_time(subscription.expires_at),
            }

    def _queue_events(self, db: Session, submission: Submission) -> None:
        """One event per live subscription of ``submission``, in the change's transaction.

        Every status after ``pending`` is final, so the subscriptions end here.
        """
        now = self.now()
        subscriptions = (
            db.execute(
                select(EventSubscription).where(
                    EventSubscription.submission_id == submission.id,
                    EventSubscription.expires_at > now,
                )
            )
            .scalars()
            .all()
        )
        for subscription in subscriptions:
            event_id = "evt_" + security.new_token()
            body = {
                "event_id": event_id,
                "type": EVENT_TYPE,
                "subscription_id": subscription.public_id,
                "acceptance_no": submission.acceptance_no,
                "item": submission.item,
                "status": submission.status,
                "occurred_at": wire_time(now),
            }
            db.add(
                EventDelivery(
                    event_id=event_id,
                    subscription_id=subscription.public_id,
                    body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                    created_at=now,
                    attempts=0,
                    next_attempt_at=now,
                )
            )
            db.delete(subscription)

    def claim_deliveries(self, limit: int) -> list[DueDelivery]:
        """The events due now, each leased for :data:`DELIVERY_LEASE` to the caller."""
        with self._transaction() as db:
            now = self.now()
            rows = (
                db.execute(
                    select(EventDelivery)
                    .where(
                        EventDelivery.delivered_at.is_(None),
                        EventDelivery.given_up_at.is_(None),
                        EventDelivery.next_attempt_at <= now,
                    )
                    .order_by(EventDelivery.next_attempt_at, EventDelivery.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
                .scalars()
                .all()
            )
            due = []
            for row in rows:
                row.next_attempt_at = now + DELIVERY_LEASE
                due.append(DueDelivery(row.id, row.event_id, row.body, row.attempts))
            return due

    def record_delivery(self, delivery_id: int, status: int | None) -> None:
        """Note one attempt's answer: delivered (2xx), ended (410), or try again later."""
        with self._transaction() as db:
            row = db.get(EventDelivery, delivery_id)
            if row is None:
                return
            now = self.now()
            row.attempts += 1
            row.last_status = status
            if status is not None and (200 <= status < 300 or status == 410):
                row.delivered_at = now
            elif now - row.created_at >= DELIVERY_GIVE_UP_AFTER:
                row.given_up_at = now
            else:
                wait = min(DELIVERY_FIRST_BACKOFF * 2 ** (row.attempts - 1), DELIVERY_MAX_BACKOFF)
                row.next_attempt_at = now + wait

    def has_due_deliveries(self) -> bool:
        """Whether an event waits to be sent now (a cheap poll for the sender)."""
        with self._sessions() as db:
            found = db.execute(
                select(EventDelivery.id)
                .where(
                    EventDelivery.delivered_at.is_(None),
                    EventDelivery.given_up_at.is_(None),
                    EventDelivery.next_attempt_at <= self.now(),
                )
                .limit(1)
            ).first()
            return found is not None

    # -- staff ------------------------------------------------------------------

    def review(self, acceptance_no: str, *, approve: bool, note: str | None) -> dict[str, Any]:
        """Approve or reject a pending declaration (back-office staff)."""
        note = (note or "").strip() or None
        if not approve and note is None:
            raise validation_failed("审核不通过时必须填写审核意见（--note）。")
        with self._transaction() as db:
            submission = db.execute(
                select(Submission).where(Submission.acceptance_no == acceptance_no)
            ).scalar_one_or_none()
            if submission is None:
                raise not_found()
            if submission.category == "query":
                raise ApiError(
                    409,
                    ErrorCode.NOT_ALLOWED,
                    "查询类事项无需审核。",
                    reason=NotAllowedReason.QUERY_ITEM.value,
                )
            if submission.status != "pending":
                raise ApiError(
                    409,
                    ErrorCode.NOT_ALLOWED,
                    f"只能审核未审核的办件，该办件当前状态为 {submission.status}。",
                    reason=NotAllowedReason.NOT_PENDING.value,
                )
            submission.status = "approved" if approve else "rejected"
            submission.reviewer_note = note
            submission.reviewed_at = self.now()
            self._queue_events(db, submission)
            return submission_to_wire(submission)

    def reset_password(self, username: str, new_password: str | None = None) -> str:
        """Set a new password at the counter, clear the login backoff, end all sessions."""
        with self._transaction() as db:
            account = db.execute(
                select(Account).where(Account.username == username).with_for_update()
            ).scalar_one_or_none()
            if account is None:
                raise ApiError(404, ErrorCode.NOT_FOUND, f"没有用户名为 {username} 的账户。")
            if new_password is None:
                new_password = security.generate_password()
                while security.password_problem(new_password, username=username) is not None:
                    new_password = security.generate_password()
            problem = security.password_problem(new_password, username=username)
            if problem is not None:
                raise ApiError(422, ErrorCode.WEAK_PASSWORD, security.PASSWORD_RULE, reason=problem)
            account.password_hash = security.hash_password(new_password)
            account.password_changed_at = self.now()
            db.execute(
                delete(LoginFailure).where(
                    LoginFailure.username_key == security.attempt_key(username)
                )
            )
            db.execute(delete(SessionToken).where(SessionToken.account_id == account.id))
            return new_password
