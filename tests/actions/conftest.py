"""Each demo account logged in on a real sandbox portal, for the readings that act on a
user's own submissions."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.actions.test_context import Session, log_in
from tests.portal_fixtures import (  # noqa: F401
    SandboxHandle,
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)


def _logged_in(username: str) -> Callable[..., Any]:
    @pytest.fixture
    async def session(
        sandbox: SandboxHandle,  # noqa: F811
        tmp_path: Path,
    ) -> AsyncIterator[Session]:
        yield await log_in(sandbox, tmp_path, username)

    return session


person = _logged_in("demo-person")
institution = _logged_in("demo-institution")
company = _logged_in("demo-company")
nonprofit = _logged_in("demo-nonprofit")
mailbox = _logged_in("demo-mailbox")
