"""Sending one SMS: Twilio's REST API, or a JSON file in ``var/sms/`` for the local stack.

With the placeholder credentials of the local stack (``bot.settings``) nothing is
sent: each SMS is written as one JSON file, the way the mail capture writes
``var/mail/`` (CONVENTIONS.md), with a local Sid. Otherwise
``twilio.rest.Client.messages.create`` sends it with a ``status_callback`` at the
signature-checked status route of the SMS channel, which records the delivery
status (:meth:`bot.notify.outbox.NotifyOutbox.record_provider_status`).

Twilio's errors are translated here, once, into :mod:`bot.notify.errors`.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.notify.errors import PermanentNotifyError, TransientNotifyError
from bot.settings import PLACEHOLDER_TWILIO_SID, Settings

#: Each call to Twilio's API must answer within this many seconds.
TWILIO_TIMEOUT = 10.0
#: The SMS channel's status route, under PUBLIC_URL (bot/channels/twilio_sms.py).
STATUS_CALLBACK_PATH = "/webhooks/twilio/status"


@dataclass(frozen=True)
class SentSms:
    """Twilio's (or the local file's) id of an accepted SMS."""

    sid: str


class SmsSender:
    """Sends one SMS through Twilio, or writes it to ``sms_dir`` with placeholder credentials."""

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        public_url: str,
        sms_dir: Path,
        api_base_url: str | None = None,
        timeout: float = TWILIO_TIMEOUT,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.from_number = from_number
        self.status_callback = public_url.rstrip("/") + STATUS_CALLBACK_PATH
        self.sms_dir = sms_dir
        self.api_base_url = api_base_url
        self.timeout = timeout
        self._client: Client | None = None

    @classmethod
    def from_settings(cls, settings: Settings, *, api_base_url: str | None = None) -> SmsSender:
        return cls(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            from_number=settings.twilio_sms_from,
            public_url=settings.public_url,
            sms_dir=settings.sms_dir,
            api_base_url=api_base_url,
        )

    @property
    def is_local(self) -> bool:
        return self.account_sid == PLACEHOLDER_TWILIO_SID and self.api_base_url is None

    async def send(self, *, to: str, body: str) -> SentSms:
        """Hand one SMS over; raises a :class:`~bot.notify.errors.NotifyError` on failure."""
        if self.is_local:
            return await asyncio.to_thread(self._write_file, to, body)
        try:
            sid = await asyncio.wait_for(
                asyncio.to_thread(self._create, to, body), timeout=self.timeout + 1
            )
        except TwilioRestException as exc:
            # 4xx other than 429 is about this message (a bad number, an opted-out
            # recipient): sending it again would fail again.
            status = exc.status or 0
            if 400 <= status < 500 and status != 429:
                raise PermanentNotifyError(f"twilio refused: {exc.msg}", code=status) from exc
            raise TransientNotifyError(f"twilio error: {exc.msg}", code=status) from exc
        except (TwilioException, OSError, asyncio.TimeoutError) as exc:
            raise TransientNotifyError(f"twilio unreachable: {exc!r}") from exc
        return SentSms(sid=sid)

    def _get_client(self) -> Client:
        if self._client is None:
            client = Client(
                self.account_sid,
                self.auth_token,
                http_client=TwilioHttpClient(timeout=self.timeout),
            )
            if self.api_base_url:
                client.api.base_url = self.api_base_url.rstrip("/")
            self._client = client
        return self._client

    def _create(self, to: str, body: str) -> str:
        message = self._get_client().messages.create(
            to=to, from_=self.from_number, body=body, status_callback=self.status_callback
        )
        return str(message.sid)

    def _write_file(self, to: str, body: str) -> SentSms:
        self.sms_dir.mkdir(parents=True, exist_ok=True)
        now = datetime.now(timezone.utc)
        sid = "SMlocal" + secrets.token_hex(13)
        record = {
            "sid": sid,
            "to": to,
            "from": self.from_number,
            "body": body,
            "status_callback": self.status_callback,
            "created_at": now.isoformat(),
        }
        stem = f"{now.strftime('%Y%m%dT%H%M%S.%fZ')}-{sid}"
        temporary = self.sms_dir / f".{stem}.tmp"
        temporary.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
        # Complete or absent, as the mail capture's files.
        os.replace(temporary, self.sms_dir / f"{stem}.json")
        return SentSms(sid=sid)


def read_sms_files(sms_dir: Path) -> list[dict[str, str]]:
    """Every SMS the local stack would have sent, oldest first."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(sms_dir.glob("*.json"))]
