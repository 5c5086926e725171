"""Contract tests: the client against the real sandbox, every endpoint and every error."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone

import aiohttp
import pytest

from portal_client import (
    AccountKind,
    AccountLocked,
    AuthenticationFailed,
    Category,
    InvalidRequest,
    LoginThrottled,
    NotAllowed,
    NotFound,
    PortalClient,
    Session,
    SessionExpired,
    Submission,
    SubmissionStatus,
    WeakPassword,
)
from portal_sandbox.security import FREE_FAILURES
from tests.portal_fixtures import DEMO_PASSWORD, TEST_SESSION_IDLE_SECONDS, SandboxHandle

BEIJING = timezone(timedelta(hours=8))
PERSON_PENDING = "HZ2026112307415"
PERSON_REJECTED = "HZ2026111203951"
PERSON_CANCELLED = "HZ2026110605172"
PERSON_APPROVED = "HZ2026102609884"
PERSON_QUERY = "HZ2026111908263"
COMPANY_PENDING_BATCH = "HZ2026112509342"
STRONG_PASSWORD = "Qiantang-River-88"


async def login(portal: PortalClient, username: str = "demo-person") -> Session:
    return await portal.login(username, DEMO_PASSWORD)


async def all_submissions(portal: PortalClient, token: str, **filters: object) -> list:
    page = await portal.list_submissions(token, page_size=50, **filters)  # type: ignore[arg-type]
    assert not page.has_next
    return list(page.items)


# -- health -------------------------------------------------------------------------


async def test_health_and_readiness(portal: PortalClient) -> None:
    await portal.check_health()
    await portal.check_ready()


# -- login, sessions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "kind", "unit_name", "mailbox"),
    [
        ("demo-person", AccountKind.INDIVIDUAL, None, False),
        ("demo-company", AccountKind.ENTERPRISE, "杭州西溪数联科技有限公司", False),
        ("demo-institution", AccountKind.INSTITUTION, "杭州市城西文化艺术服务中心", False),
        ("demo-nonprofit", AccountKind.PRIVATE_NON_ENTERPRISE, "杭州启明青少年成长服务中心", False),
        ("demo-mailbox", AccountKind.INDIVIDUAL, None, True),
    ],
)
async def test_login_gives_a_session_with_the_account(
    portal: PortalClient,
    username: str,
    kind: AccountKind,
    unit_name: str | None,
    mailbox: bool,
) -> None:
    session = await login(portal, username)
    assert session.expires_in == TEST_SESSION_IDLE_SECONDS
    assert len(session.token) >= 32
    account = session.account
    assert (account.username, account.kind, account.unit_name) == (username, kind, unit_name)
    assert account.citizen_mailbox is mailbox
    assert account.is_unit is (unit_name is not None)
    assert account.display_name
    assert await portal.get_account(session.token) == account


async def test_each_login_gets_its_own_token(portal: PortalClient) -> None:
    first, second = await login(portal), await login(portal)
    assert first.token != second.token
    await portal.get_account(first.token)
    await portal.get_account(second.token)


async def test_session_repr_hides_the_token(portal: PortalClient) -> None:
    session = await login(portal)
    assert session.token not in repr(session)
    assert "demo-person" in repr(session)


@pytest.mark.parametrize(
    ("username", "password"),
    [("demo-person", "Demo-2027"), ("demo-person", "demo-2026"), ("nobody", DEMO_PASSWORD)],
)
async def test_wrong_password_or_unknown_user_fails_alike(
    portal: PortalClient, username: str, password: str
) -> None:
    with pytest.raises(AuthenticationFailed) as caught:
        await portal.login(username, password)
    assert caught.value.code == "AUTHENTICATION_FAILED"
    assert caught.value.status == 401
    assert caught.value.message == "用户名或密码错误。"


async def test_empty_credentials_are_an_invalid_request(portal: PortalClient) -> None:
    with pytest.raises(InvalidRequest):
        await portal.login("", "")


async def fail(portal: PortalClient, username: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(AuthenticationFailed):
            await portal.login(username, "wrong-password")


async def test_wrong_passwords_slow_the_username_down_with_a_growing_capped_wait(
    portal: PortalClient, sandbox: SandboxHandle
) -> None:
    await fail(portal, "demo-company", FREE_FAILURES)
    waits = []
    for _ in range(8):
        with pytest.raises(LoginThrottled) as caught:
            await portal.login("demo-company", "wrong-password")
        assert isinstance(caught.value, AccountLocked)  # what older callers catch
        assert caught.value.status == 429 and "秒后再试" in caught.value.message
        waits.append(caught.value.retry_after)
        # Throttled, even with the right password: the password is not even checked.
        with pytest.raises(LoginThrottled):
            await login(portal, "demo-company")
        sandbox.clock.advance(caught.value.retry_after)
        with pytest.raises(AuthenticationFailed):
            await portal.login("demo-company", "wrong-password")
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]
    # Other accounts are not affected.
    await login(portal, "demo-person")


async def test_a_correct_password_after_the_wait_works_and_resets_the_count(
    portal: PortalClient, sandbox: SandboxHandle
) -> None:
    await fail(portal, "demo-company", FREE_FAILURES)
    with pytest.raises(LoginThrottled) as caught:
        await login(portal, "demo-company")
    assert caught.value.retry_after == 2
    sandbox.clock.advance(caught.value.retry_after - 1)
    with pytest.raises(LoginThrottled) as again:
        await login(portal, "demo-company")
    assert again.value.retry_after == 1
    sandbox.clock.advance(1)
    session = await login(portal, "demo-company")
    # The count starts again after a correct password.
    await fail(portal, "demo-company", FREE_FAILURES)
    await portal.get_account(session.token)


async def test_failures_leave_the_window_after_15_minutes(
    portal: PortalClient, sandbox: SandboxHandle
) -> None:
    await fail(portal, "demo-company", FREE_FAILURES)
    sandbox.clock.advance(15 * 60)
    await fail(portal, "demo-company", FREE_FAILURES)
    with pytest.raises(LoginThrottled):
        await portal.login("demo-company", "wrong-password")


async def test_a_good_login_resets_the_failure_count(portal: PortalClient) -> None:
    await fail(portal, "demo-person", FREE_FAILURES - 1)
    await login(portal)
    await fail(portal, "demo-person", FREE_FAILURES)


async def test_wrong_passwords_do_not_end_open_sessions(portal: PortalClient) -> None:
    session = await login(portal)
    await fail(portal, "demo-person", FREE_FAILURES)
    for _ in range(3):
        with pytest.raises(LoginThrottled):
            await portal.login("demo-person", "wrong-password")
    account = await portal.get_account(session.token)
    assert account.username == "demo-person"
    await portal.list_submissions(session.token)


async def test_a_reset_at_the_counter_clears_the_backoff(
    portal: PortalClient, sandbox: SandboxHandle
) -> None:
    await fail(portal, "demo-person", FREE_FAILURES)
    with pytest.raises(LoginThrottled):
        await login(portal)
    new_password = sandbox.service.reset_password("demo-person")
    session = await portal.login("demo-person", new_password)
    assert session.account.username == "demo-person"


async def test_unknown_and_existing_usernames_get_the_same_answers(
    portal_url: str, sandbox: SandboxHandle
) -> None:
    """Status, body and Retry-After, attempt by attempt, are the same for both."""

    async def answers(username: str) -> list[tuple[int, str, str | None]]:
        seen = []
        async with aiohttp.ClientSession() as http:
            for attempt in range(FREE_FAILURES + 4):
                if attempt == FREE_FAILURES + 2:
                    sandbox.clock.advance(2)  # the first wait is over
                async with http.post(
                    portal_url + "/api/v1/sessions",
                    json={"username": username, "password": "wrong-password"},
                ) as response:
                    seen.append(
                        (
                            response.status,
                            await response.text(),
                            response.headers.get("Retry-After"),
                        )
                    )
        return seen

    existing = await answers("demo-nonprofit")
    unknown = await answers("no-such-user-2026")
    assert existing == unknown
    assert [status for status, _, _ in existing] == [401] * 5 + [429, 429, 401, 429]


async def test_an_idle_session_expires(portal: PortalClient, sandbox: SandboxHandle) -> None:
    session = await login(portal)
    sandbox.clock.advance(TEST_SESSION_IDLE_SECONDS + 1)
    with pytest.raises(SessionExpired) as caught:
        await portal.list_submissions(session.token)
    assert caught.value.code == "SESSION_EXPIRED"
    # Gone for good, even if time went back.
    sandbox.clock.advance(-TEST_SESSION_IDLE_SECONDS)
    with pytest.raises(SessionExpired):
        await portal.get_account(session.token)


async def test_activity_keeps_a_session_alive(portal: PortalClient, sandbox: SandboxHandle) -> None:
    session = await login(portal)
    for _ in range(3):
        sandbox.clock.advance(TEST_SESSION_IDLE_SECONDS - 5)
        await portal.get_account(session.token)


@pytest.mark.parametrize("token", ["made-up-token-made-up-token-made-up", ""])
async def test_an_unknown_or_missing_token_is_an_expired_session(
    portal: PortalClient, token: str
) -> None:
    with pytest.raises(SessionExpired):
        await portal.get_account(token)


async def test_logout_ends_the_session_and_is_idempotent(portal: PortalClient) -> None:
    session, other = await login(portal), await login(portal)
    await portal.logout(session.token)
    with pytest.raises(SessionExpired):
        await portal.get_account(session.token)
    await portal.logout(session.token)
    await portal.get_account(other.token)


# -- progress query -------------------------------------------------------------------


async def test_progress_query_lists_newest_first_with_every_field(portal: PortalClient) -> None:
    session = await login(portal, "demo-company")
    items = await all_submissions(portal, session.token)
    assert len(items) >= 6
    times = [s.submitted_at for s in items]
    assert times == sorted(times, reverse=True)
    assert {s.status for s in items} == set(SubmissionStatus)
    assert {s.category for s in items} == set(Category)
    assert all(s.submitted_at.utcoffset() == timedelta(hours=8) for s in items)
    assert all(s.business_unit.name and s.business_unit.phone for s in items)

    batch = items[0]
    assert batch.acceptance_no == COMPANY_PENDING_BATCH
    assert (batch.item, batch.record_count, batch.is_batch) == ("职工参保增员", 12, True)
    assert batch.status is SubmissionStatus.PENDING and batch.can_cancel
    assert batch.business_unit.name == "杭州市社会保险管理服务中心"
    assert batch.submitted_at == datetime(2026, 11, 25, 9, 18, tzinfo=BEIJING)

    rejected = next(s for s in items if s.status is SubmissionStatus.REJECTED)
    assert rejected.reviewer_note and "缴费基数" in rejected.reviewer_note
    assert rejected.reviewed_at is not None
    cancelled = next(s for s in items if s.status is SubmissionStatus.CANCELLED)
    assert cancelled.cancelled_at is not None and not cancelled.can_cancel


@pytest.mark.parametrize("username", ["demo-person", "demo-company", "demo-institution"])
async def test_every_demo_account_has_every_status(portal: PortalClient, username: str) -> None:
    session = await login(portal, username)
    items = await all_submissions(portal, session.token)
    assert len(items) >= 6
    assert {s.status for s in items} == set(SubmissionStatus)
    assert any(s.category is Category.QUERY for s in items)
    assert all(s.reviewer_note for s in items if s.status is SubmissionStatus.REJECTED)


async def test_paging_covers_every_submission_once(portal: PortalClient) -> None:
    session = await login(portal, "demo-company")
    everything = await all_submissions(portal, session.token)
    seen: list[Submission] = []
    page_no = 1
    while True:
        page = await portal.list_submissions(session.token, page=page_no, page_size=3)
        assert (page.page, page.page_size, page.total) == (page_no, 3, len(everything))
        assert page.pages == -(-len(everything) // 3)
        seen.extend(page.items)
        if not page.has_next:
            break
        page_no += 1
    assert seen == everything
    beyond = await portal.list_submissions(session.token, page=page_no + 1, page_size=3)
    assert beyond.items == () and beyond.total == len(everything)


async def test_filter_by_one_or_several_statuses(portal: PortalClient) -> None:
    session = await login(portal)
    pending = await all_submissions(portal, session.token, status=SubmissionStatus.PENDING)
    assert pending and all(s.status is SubmissionStatus.PENDING for s in pending)
    open_items = await all_submissions(
        portal, session.token, status=[SubmissionStatus.PENDING, SubmissionStatus.REJECTED]
    )
    assert {s.status for s in open_items} == {SubmissionStatus.PENDING, SubmissionStatus.REJECTED}
    assert len(open_items) == len(pending) + 1


async def test_filter_by_part_of_the_item_name(portal: PortalClient) -> None:
    session = await login(portal)
    items = await all_submissions(portal, session.token, item="参保")
    assert {s.item for s in items} == {"灵活就业人员参保登记", "个人参保证明打印"}
    assert await all_submissions(portal, session.token, item="100%_") == []


async def test_filter_by_beijing_dates_both_inclusive(portal: PortalClient) -> None:
    session = await login(portal)
    items = await all_submissions(
        portal, session.token, date_from=date(2026, 11, 12), date_to=date(2026, 11, 19)
    )
    assert [s.acceptance_no for s in items] == [PERSON_QUERY, PERSON_REJECTED]
    one_day = await all_submissions(
        portal, session.token, date_from=date(2026, 11, 23), date_to=date(2026, 11, 23)
    )
    assert [s.acceptance_no for s in one_day] == [PERSON_PENDING]


async def test_filters_combine(portal: PortalClient) -> None:
    session = await login(portal, "demo-company")
    items = await all_submissions(
        portal,
        session.token,
        status=SubmissionStatus.APPROVED,
        item="单位参保",
        date_from=date(2026, 10, 17),
    )
    assert [s.item for s in items] == ["单位参保证明打印"]


@pytest.mark.parametrize(
    "filters",
    [
        {"page": 0},
        {"page_size": 0},
        {"page_size": 51},
        {"date_from": date(2026, 11, 2), "date_to": date(2026, 11, 1)},
        {"item": "很长" * 60},
    ],
)
async def test_bad_filters_are_an_invalid_request(portal: PortalClient, filters: dict) -> None:
    session = await login(portal)
    with pytest.raises(InvalidRequest) as caught:
        await portal.list_submissions(session.token, **filters)
    assert caught.value.code == "VALIDATION_FAILED"


async def test_one_only_sees_ones_own_submissions(portal: PortalClient) -> None:
    person = await login(portal)
    company = await login(portal, "demo-company")
    mine = {s.acceptance_no for s in await all_submissions(portal, person.token)}
    theirs = {s.acceptance_no for s in await all_submissions(portal, company.token)}
    assert mine and theirs and not mine & theirs


# -- one submission -----------------------------------------------------------------------


async def test_get_one_submission_by_its_number(portal: PortalClient) -> None:
    session = await login(portal)
    submission = await portal.get_submission(session.token, PERSON_REJECTED)
    assert submission.acceptance_no == PERSON_REJECTED
    assert submission.item == "灵活就业人员参保登记"
    assert submission.status is SubmissionStatus.REJECTED
    assert submission.status.label == "审核未通过"
    assert submission.category.label == "申报类"
    assert submission.business_unit.name == "上城区人力资源和社会保障局"
    assert "身份证" in (submission.reviewer_note or "")
    assert submission.record_count is None
    # Users type numbers loosely.
    assert await portal.get_submission(session.token, f" {PERSON_REJECTED.lower()} ") == submission


@pytest.mark.parametrize(
    "number", [COMPANY_PENDING_BATCH, "HZ2026010100000", "../account", "HZ 2026", ""]
)
async def test_someone_elses_or_no_number_is_not_found(portal: PortalClient, number: str) -> None:
    session = await login(portal)
    with pytest.raises(NotFound) as caught:
        await portal.get_submission(session.token, number)
    assert caught.value.code == "NOT_FOUND"


async def test_someone_elses_number_looks_exactly_like_a_missing_one(
    portal: PortalClient,
) -> None:
    session = await login(portal)
    with pytest.raises(NotFound) as other:
        await portal.get_submission(session.token, COMPANY_PENDING_BATCH)
    with pytest.raises(NotFound) as missing:
        await portal.get_submission(session.token, "HZ2026010100000")
    assert (other.value.status, other.value.message) == (404, missing.value.message)


# -- cancel -----------------------------------------------------------------------------


@pytest.mark.parametrize("number", [PERSON_PENDING, PERSON_REJECTED])
async def test_cancel_while_pending_or_rejected(
    portal: PortalClient, sandbox: SandboxHandle, number: str
) -> None:
    session = await login(portal)
    cancelled = await portal.cancel_submission(session.token, number)
    assert cancelled.status is SubmissionStatus.CANCELLED
    assert cancelled.cancelled_at == sandbox.clock().astimezone(BEIJING)
    assert await portal.get_submission(session.token, number) == cancelled


async def test_cancel_is_idempotent(portal: PortalClient, sandbox: SandboxHandle) -> None:
    session = await login(portal)
    first = await portal.cancel_submission(session.token, PERSON_PENDING)
    sandbox.clock.advance(60)
    again = await portal.cancel_submission(session.token, PERSON_PENDING)
    assert again == first
    seeded = await portal.get_submission(session.token, PERSON_CANCELLED)
    assert await portal.cancel_submission(session.token, PERSON_CANCELLED) == seeded


async def test_an_approved_submission_cannot_be_cancelled(portal: PortalClient) -> None:
    session = await login(portal)
    with pytest.raises(NotAllowed) as caught:
        await portal.cancel_submission(session.token, PERSON_APPROVED)
    error = caught.value
    assert (error.code, error.reason, error.status) == ("NOT_ALLOWED", "ALREADY_APPROVED", 409)
    assert "审核通过" in error.reason_text
    submission = await portal.get_submission(session.token, PERSON_APPROVED)
    assert submission.business_unit.phone in error.reason_text
    assert submission.status is SubmissionStatus.APPROVED


async def test_a_query_item_cannot_be_cancelled(portal: PortalClient) -> None:
    session = await login(portal)
    with pytest.raises(NotAllowed) as caught:
        await portal.cancel_submission(session.token, PERSON_QUERY)
    assert caught.value.reason == "QUERY_ITEM"
    assert "查询类" in caught.value.reason_text


async def test_someone_elses_submission_cannot_be_cancelled(portal: PortalClient) -> None:
    person = await login(portal)
    company = await login(portal, "demo-company")
    with pytest.raises(NotFound):
        await portal.cancel_submission(person.token, COMPANY_PENDING_BATCH)
    untouched = await portal.get_submission(company.token, COMPANY_PENDING_BATCH)
    assert untouched.status is SubmissionStatus.PENDING


async def test_after_the_staff_approve_the_owner_cannot_cancel(
    portal: PortalClient, sandbox: SandboxHandle
) -> None:
    session = await login(portal)
    sandbox.service.review(PERSON_PENDING, approve=True, note=None)
    submission = await portal.get_submission(session.token, PERSON_PENDING)
    assert submission.status is SubmissionStatus.APPROVED
    assert submission.reviewed_at == sandbox.clock().astimezone(BEIJING)
    with pytest.raises(NotAllowed) as caught:
        await portal.cancel_submission(session.token, PERSON_PENDING)
    assert caught.value.reason == "ALREADY_APPROVED"


async def test_after_the_staff_reject_the_owner_sees_the_note_and_can_cancel(
    portal: PortalClient, sandbox: SandboxHandle
) -> None:
    session = await login(portal)
    sandbox.service.review(PERSON_PENDING, approve=False, note="缺少离职证明，请补充后再提交。")
    submission = await portal.get_submission(session.token, PERSON_PENDING)
    assert submission.status is SubmissionStatus.REJECTED
    assert submission.reviewer_note == "缺少离职证明，请补充后再提交。"
    cancelled = await portal.cancel_submission(session.token, PERSON_PENDING)
    assert cancelled.status is SubmissionStatus.CANCELLED


# -- change password ----------------------------------------------------------------------


async def test_change_password_with_a_strong_one(portal: PortalClient) -> None:
    session, other = await login(portal), await login(portal)
    await portal.change_password(
        session.token, old_password=DEMO_PASSWORD, new_password=STRONG_PASSWORD
    )
    await portal.get_account(session.token)
    with pytest.raises(SessionExpired):
        await portal.get_account(other.token)
    with pytest.raises(AuthenticationFailed):
        await portal.login("demo-person", DEMO_PASSWORD)
    assert (await portal.login("demo-person", STRONG_PASSWORD)).account.username == "demo-person"


@pytest.mark.parametrize(
    ("new_password", "reason"),
    [
        ("Ab-1", "LENGTH"),
        ("X" * 6 + "-y1" + "z" * 60, "LENGTH"),
        ("abcdefgh123", "TOO_SIMPLE"),
        ("ABCDEFGH!!!", "TOO_SIMPLE"),
        ("My-demo-person-1", "CONTAINS_USERNAME"),
        (DEMO_PASSWORD, "SAME_AS_OLD"),
    ],
)
async def test_change_password_refuses_a_weak_one(
    portal: PortalClient, new_password: str, reason: str
) -> None:
    session = await login(portal)
    with pytest.raises(WeakPassword) as caught:
        await portal.change_password(
            session.token, old_password=DEMO_PASSWORD, new_password=new_password
        )
    assert caught.value.reason == reason
    assert caught.value.code == "WEAK_PASSWORD"
    assert "8至64位" in caught.value.message
    assert isinstance(caught.value, InvalidRequest)
    await login(portal)


async def test_change_password_needs_the_right_old_one(portal: PortalClient) -> None:
    session = await login(portal)
    with pytest.raises(AuthenticationFailed) as caught:
        await portal.change_password(
            session.token, old_password="Not-the-old-1", new_password=STRONG_PASSWORD
        )
    assert caught.value.status == 403
    assert caught.value.message == "原密码不正确。"
    await portal.get_account(session.token)
    await login(portal)


async def test_guessing_the_old_password_slows_the_username_down(
    portal: PortalClient, sandbox: SandboxHandle
) -> None:
    session = await login(portal)
    for _ in range(FREE_FAILURES):
        with pytest.raises(AuthenticationFailed):
            await portal.change_password(
                session.token, old_password="Not-the-old-1", new_password=STRONG_PASSWORD
            )
    with pytest.raises(LoginThrottled) as caught:
        await portal.change_password(
            session.token, old_password=DEMO_PASSWORD, new_password=STRONG_PASSWORD
        )
    # The same count as the login's, and the session is not ended by it.
    with pytest.raises(LoginThrottled):
        await login(portal)
    await portal.get_account(session.token)
    sandbox.clock.advance(caught.value.retry_after)
    await portal.change_password(
        session.token, old_password=DEMO_PASSWORD, new_password=STRONG_PASSWORD
    )
    await portal.login("demo-person", STRONG_PASSWORD)


async def test_change_password_after_logout_is_an_expired_session(portal: PortalClient) -> None:
    session = await login(portal)
    await portal.logout(session.token)
    with pytest.raises(SessionExpired):
        await portal.change_password(
            session.token, old_password=DEMO_PASSWORD, new_password=STRONG_PASSWORD
        )


# -- secrets never reach a log ---------------------------------------------------------------


async def test_no_password_or_token_in_the_logs(
    portal: PortalClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    session = await login(portal)
    await portal.list_submissions(session.token)
    await portal.change_password(
        session.token, old_password=DEMO_PASSWORD, new_password=STRONG_PASSWORD
    )
    await portal.logout(session.token)
    with pytest.raises(AuthenticationFailed):
        await portal.login("demo-person", "Wrong-Guess-42")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "portal POST /api/v1/sessions" in logged
    for secret in (session.token, DEMO_PASSWORD, STRONG_PASSWORD, "Wrong-Guess-42"):
        assert secret not in logged
