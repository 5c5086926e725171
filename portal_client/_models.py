"""What the portal returns, as typed frozen dataclasses and enums with Chinese labels."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class AccountKind(str, enum.Enum):
    """Who holds the account."""

    ENTERPRISE = "enterprise"
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise"
    INSTITUTION = "institution"
    INDIVIDUAL = "individual"

    @property
    def label(self) -> str:
        """The Chinese name, e.g. ``机关事业单位``."""
        return _KIND_LABELS[self]

    @property
    def is_unit(self) -> bool:
        return self is not AccountKind.INDIVIDUAL


_KIND_LABELS = {
    AccountKind.ENTERPRISE: "企业",
    AccountKind.PRIVATE_NON_ENTERPRISE: "民办非企业单位",
    AccountKind.INSTITUTION: "机关事业单位",
    AccountKind.INDIVIDUAL: "个人",
}


class SubmissionStatus(str, enum.Enum):
    """Where a submission stands in 办事进度查询."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The portal's Chinese wording, e.g. ``审核未通过``."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    SubmissionStatus.PENDING: "未审核",
    SubmissionStatus.APPROVED: "审核通过",
    SubmissionStatus.REJECTED: "审核未通过",
    SubmissionStatus.CANCELLED: "已注销",
}


class Category(str, enum.Enum):
    """Declarations are reviewed by back-office staff; queries are answered at once."""

    DECLARATION = "declaration"
    QUERY = "query"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {Category.DECLARATION: "申报类", Category.QUERY: "查询类"}


@dataclass(frozen=True)
class Account:
    """A logged-in user: a unit (with its unit name) or an individual."""

    username: str
    kind: AccountKind
    display_name: str
    unit_name: str | None
    citizen_mailbox: bool

    @property
    def is_unit(self) -> bool:
        return self.kind.is_unit


@dataclass(frozen=True)
class Session:
    """A login. The token is left out of ``repr`` so that it never reaches a log."""

    token: str = field(repr=False)
    expires_in: int
    account: Account


@dataclass(frozen=True)
class BusinessUnit:
    """The 经办机构 that handles a submission, and its phone."""

    name: str
    phone: str


@dataclass(frozen=True)
class Submission:
    """One submission as 办事进度查询 shows it."""

    acceptance_no: str
    item: str
    category: Category
    status: SubmissionStatus
    submitted_at: datetime
    business_unit: BusinessUnit
    reviewer_note: str | None = None
    reviewed_at: datetime | None = None
    cancelled_at: datetime | None = None
    record_count: int | None = None

    @property
    def is_batch(self) -> bool:
        """A unit's batch submission (批量处理) of :attr:`record_count` records."""
        return self.record_count is not None

    @property
    def can_cancel(self) -> bool:
        """Whether the portal would let the owner cancel it (未审核 or 审核未通过 declarations)."""
        return self.category is Category.DECLARATION and self.status in (
            SubmissionStatus.PENDING,
            SubmissionStatus.REJECTED,
        )


@dataclass(frozen=True)
class SubmissionPage:
    """One page of the progress query, newest first."""

    items: tuple[Submission, ...]
    page: int
    page_size: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class Subscription:
    """A subscription to one status-change event of a pending declaration."""

    subscription_id: str
    acceptance_no: str
    status: SubmissionStatus
    expires_at: datetime


@dataclass(frozen=True)
class StatusEvent:
    """What the portal POSTs when a subscribed submission's status changes (no note)."""

    event_id: str
    subscription_id: str
    acceptance_no: str
    item: str
    status: SubmissionStatus
    occurred_at: datetime
