"""Fixtures of the sandbox's tests: a sandbox on a free port over a fresh database."""

from tests.portal_fixtures import (  # noqa: F401
    portal,
    portal_clock,
    portal_db_url,
    portal_template_db,
    portal_url,
    sandbox,
)
