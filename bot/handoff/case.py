"""What the bot knows about a conversation it hands to a person.

A :class:`HandoffCase` is built by the hand-off form and is everything the mail
shows. It deliberately has no place for portal tokens or passwords.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from bot.handoff.contact import Contact, ContactKind

Speaker = Literal["user", "bot"]

#: Categories the mail subject and the staff's filters use.
CATEGORIES = ("转人工", "审核结果有异议", "已审核数据修改", "系统故障", "无法解答")

CHANNEL_NAMES = {
    "web": "网页",
    "rest": "网页",
    "socketio": "网页",
    "sms": "短信",
    "twilio": "短信",
    "voice": "语音",
    "twilio_voice": "语音",
}


@dataclass(frozen=True)
class TranscriptEntry:
    """One turn of the conversation, already masked by the caller.

    A naive ``timestamp`` is taken as UTC.
    """

    timestamp: datetime
    speaker: Speaker
    text: str


@dataclass(frozen=True)
class PortalIdentity:
    """Who the user is logged in as on the portal; never a token or a password."""

    username: str
    display_name: str | None = None
    account_kind: str | None = None


@dataclass(frozen=True)
class SubmissionDetails:
    """The portal submission the user is asking about."""

    acceptance_no: str
    item: str | None = None
    status: str | None = None
    business_unit: str | None = None
    business_unit_phone: str | None = None
    submitted_at: datetime | None = None
    reviewer_note: str | None = None


@dataclass(frozen=True)
class HandoffCase:
    """Everything a person at 12333 needs to take over a conversation."""

    category: str
    reason: str
    channel: str
    contact: Contact
    description: str
    conversation_id: str
    transcript: Sequence[TranscriptEntry] = ()
    bot_said: Sequence[str] = ()
    applicant_type: str | None = None
    identity: PortalIdentity | None = None
    submission: SubmissionDetails | None = None
    #: True only for the number Twilio vouched for (SMS, voice); anything typed into
    #: the chat may be someone else's, and the mail says so.
    contact_verified: bool = False
    #: The keyed hash of what only the asking client holds (bot.contract.CLIENT_BINDING_KEY):
    #: only a turn with the same binding is shown the agents' replies. Never in the mail.
    client_binding: str | None = None

    def __post_init__(self) -> None:
        # Callers pass lists; tuples keep the frozen case really immutable.
        object.__setattr__(self, "transcript", tuple(self.transcript))
        object.__setattr__(self, "bot_said", tuple(self.bot_said))

    @property
    def channel_name(self) -> str:
        return CHANNEL_NAMES.get(self.channel, self.channel)

    @property
    def contact_kind(self) -> ContactKind:
        return self.contact.kind

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; datetimes become ISO 8601 strings."""
        return _jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HandoffCase:
        """The inverse of :meth:`to_dict`."""
        identity = data.get("identity")
        submission = data.get("submission")
        if submission is not None:
            submission = dict(submission)
            if submission.get("submitted_at"):
                submission["submitted_at"] = datetime.fromisoformat(submission["submitted_at"])
        return cls(
            category=data["category"],
            reason=data["reason"],
            channel=data["channel"],
            contact=Contact(**data["contact"]),
            description=data["description"],
            conversation_id=data["conversation_id"],
            transcript=tuple(
                TranscriptEntry(
                    timestamp=datetime.fromisoformat(entry["timestamp"]),
                    speaker=entry["speaker"],
                    text=entry["text"],
                )
                for entry in data.get("transcript", ())
            ),
            bot_said=tuple(data.get("bot_said", ())),
            applicant_type=data.get("applicant_type"),
            identity=PortalIdentity(**identity) if identity else None,
            submission=SubmissionDetails(**submission) if submission else None,
            contact_verified=bool(data.get("contact_verified", False)),
            client_binding=data.get("client_binding"),
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value
