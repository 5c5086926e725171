"""Readings that development sets BA, BB and BC showed missing."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from actions.progress import ActionCancelSubmission, ActionShowSubmission
from actions.references import resolve_reference
from tests.actions.test_context import Session, log_in, run
from tests.portal_fixtures import (  # noqa: F401
    SandboxHandle,
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)


@pytest.fixture
async def company(sandbox: SandboxHandle, tmp_path: Path) -> AsyncIterator[Session]:  # noqa: F811
    yield await log_in(sandbox, tmp_path, "demo-company")


async def test_the_oldest_asked_for_is_the_oldest_of_all_not_of_the_page(company: Session):
    # demo-company has seven: the page shows the newest five, and the oldest is on page 2.
    assert company.list_page_1[-1].get("more")
    assert resolve_reference("最早交的那个", company.list_page_1) is None
    t = company.tracker("pick_submission", "最早交的那个", shown="utter_progress_list")
    said, _, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["item"] == "单位基本信息变更"  # 2026-10-09, still waiting
    # the newest is on the page shown
    t = company.tracker("pick_submission", "最新的那个", shown="utter_progress_list")
    said, _, messages = await run(ActionShowSubmission(), t)
    assert messages[0]["item"] == "职工参保增员"


async def test_the_oldest_of_all_is_what_a_cancel_of_the_oldest_asks_about(company: Session):
    t = company.tracker("cancel_my_submission", "把最早的那个撤了", shown="utter_progress_list")
    said, _, messages = await run(ActionCancelSubmission(), t)
    assert said == ["utter_confirm_cancel"]
    assert messages[0]["item"] == "单位基本信息变更"


def test_the_oldest_on_the_last_page_is_its_last():
    items = [{"n": 6, "no": "A", "item": "x", "date": "2026-10-16", "status": "审核通过"}]
    items.append({"n": 7, "no": "B", "item": "y", "date": "2026-10-09", "status": "未审核"})
    assert resolve_reference("最早交的那个", items)["no"] == "B"
