"""What the actions share at run time: the settings, the login store, the portal client.

The action server is started by ``python -m actions``, which builds the settings
once and calls :func:`configure` before serving; nothing here reads the
environment at import time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from bot.handoff import Outbox
from bot.login.store import LoginStore
from bot.observability import portal_call
from bot.settings import Settings
from portal_client import PortalClient, PortalTimeout

#: A portal look-up inside one chat turn gives up after this long, so that the user
#: hears back within the 6 seconds the service promises even when the portal hangs.
PORTAL_TURN_DEADLINE = 4.5

T = TypeVar("T")


class NotConfigured(RuntimeError):
    """What needs the action server's set-up (the settings, the login store, the
    outbox) was reached outside it: in the Rasa server, which runs the actions that
    answer from the guide and the conversation itself and hands one to the action
    server when it raises this (bot/rasa_patches.py)."""


_settings: Settings | None = None
_store: LoginStore | None = None
_outbox: Outbox | None = None
_outbox_ready = False


def configure(settings: Settings, *, store: LoginStore | None = None) -> None:
    """Install the settings (and optionally a store) for every action."""
    global _settings, _store, _outbox, _outbox_ready
    if _store is not None and store is None:
        _store.dispose()
    _settings = settings
    _store = store or LoginStore(settings.database_url, settings.secret_key)
    _outbox = Outbox.from_settings(settings)
    _outbox_ready = False


def settings() -> Settings:
    if _settings is None:
        raise NotConfigured("actions are not configured: start the server with `python -m actions`")
    return _settings


def login_store() -> LoginStore:
    if _store is None:
        raise NotConfigured("actions are not configured: start the server with `python -m actions`")
    return _store


def outbox() -> Outbox:
    """The hand-off outbox; its table is created on first use."""
    if _outbox is None:
        raise NotConfigured("actions are not configured: start the server with `python -m actions`")
    return _outbox


async def ready_outbox() -> Outbox:
    global _outbox_ready
    box = outbox()
    if not _outbox_ready:
        await box.create_schema()
        _outbox_ready = True
    return box


def portal() -> PortalClient:
    return PortalClient(settings().portal_url)


async def within_deadline(call: Awaitable[T]) -> T:
    """Run a portal call under :data:`PORTAL_TURN_DEADLINE`, timed and counted for /metrics."""
    with portal_call():
        try:
            return await asyncio.wait_for(call, PORTAL_TURN_DEADLINE)
        except asyncio.TimeoutError as exc:
            raise PortalTimeout("the portal did not answer within the turn deadline") from exc
