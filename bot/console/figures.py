"""The figures operators are judged on, per day and per channel.

Conversations, containment (no hand-off), fallback rate, hand-offs by reason,
feedback and "saved a call" ratios, top intents and turn latency (from the
tracker's own timestamps: a user event to the first bot event after it). Each
figure is a :class:`Table`; the console renders it as HTML, CSV and an SVG chart,
and the weekly report as Markdown.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from bot.console.conversations import Conversation
from bot.console.tickets import TicketRow
from bot.feedback import FeedbackRow
from bot.handoff.models import CHINA_TZ

CHANNELS = ("web", "rest", "sms", "voice")
TOP_INTENTS = 15
Cell = str | int | float | None
ChartKind = Literal["line", "bar", "stacked", "none"]


@dataclass(frozen=True)
class Table:
    """One figure: a title, column names and rows; the first column is the key (a day)."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart: ChartKind = "line"
    unit: str = ""

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if cell is None else cell for cell in row])
        return out.getvalue()

    @staticmethod
    def is_ratio(column: str) -> bool:
        """Columns named a rate (率) or a share (比例) hold ratios from 0 to 1."""
        return "率" in column or "比例" in column

    def formatted(self, cell: Cell, column: str) -> str:
        if cell is None:
            return "–"
        if isinstance(cell, float):
            return f"{cell * 100:.1f}%" if self.is_ratio(column) else f"{cell:.2f}"
        return str(cell)


@dataclass(frozen=True)
class Period:
    """The days a figure covers (Beijing dates, inclusive) and an optional channel."""

    first: date
    last: date
    channel: str = ""

    @classmethod
    def last_days(cls, days: int, *, today: date | None = None, channel: str = "") -> Period:
        end = today or datetime.now(CHINA_TZ).date()
        return cls(end - timedelta(days=days - 1), end, channel)

    def days(self) -> list[str]:
        count = (self.last - self.first).days + 1
        return [(self.first + timedelta(days=i)).isoformat() for i in range(count)]

    def covers(self, day: str, channel: str) -> bool:
        return self.first.isoformat() <= day <= self.last.isoformat() and (
            not self.channel or channel == self.channel
        )


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class _Day:
    conversations: Counter[str] = field(default_factory=Counter)
    contained: int = 0
    turns: int = 0
    fallbacks: int = 0
    latencies: list[float] = field(default_factory=list)
    helpful: list[bool] = field(default_factory=list)
    saved: list[bool] = field(default_factory=list)
    handoffs: Counter[str] = field(default_factory=Counter)


def compute(
    period: Period,
    conversations: Iterable[Conversation],
    tickets: Iterable[TicketRow],
    feedback: Iterable[FeedbackRow],
    *,
    handoff_ids: set[str] | None = None,
) -> list[Table]:
    """Every figure for ``period``."""
    days = period.days()
    per_day = {day: _Day() for day in days}
    per_channel: dict[str, _Day] = defaultdict(_Day)
    intents: Counter[str] = Counter()
    with_ticket = handoff_ids or set()
    for conv in conversations:
        if not period.covers(conv.day, conv.channel):
            continue
        on_day, on_channel = per_day[conv.day], per_channel[conv.channel]
        handed = conv.handoff or conv.conversation_id in with_ticket
        for bucket in (on_day, on_channel):
            bucket.conversations[conv.channel] += 1
            bucket.contained += 0 if handed else 1
        for turn in conv.user_turns:
            for bucket in (on_day, on_channel):
                bucket.turns += 1
                bucket.fallbacks += 1 if turn.fallback else 0
                if turn.latency is not None:
                    bucket.latencies.append(turn.latency)
        intents.update(conv.intents)
    reasons: Counter[str] = Counter()
    for ticket in tickets:
        day = ticket.created_at.astimezone(CHINA_TZ).date().isoformat()
        chan = ticket.conversation_id.partition(":")[0]
        if period.covers(day, chan):
            per_day[day].handoffs[ticket.reason] += 1
            per_channel[chan].handoffs[ticket.reason] += 1
            reasons[ticket.reason] += 1
    for row in feedback:
        day = row.created_at.astimezone(CHINA_TZ).date().isoformat()
        chan = row.conversation_id.partition(":")[0]
        if not period.covers(day, chan):
            continue
        for bucket in (per_day[day], per_channel[chan]):
            (bucket.helpful if row.kind == "helpful" else bucket.saved).append(row.positive)

    def total(bucket: _Day) -> int:
        return sum(bucket.conversations.values())

    channels = [period.channel] if period.channel else list(CHANNELS)
    tables = [
        Table(
            "conversations",
            "每日会话数（按渠道）",
            ("日期", *channels, "合计"),
            tuple(
                (d, *(per_day[d].conversations[c] for c in channels), total(per_day[d]))
                for d in days
            ),
            chart="stacked",
        ),
        Table(
            "containment",
            "自助解决率（未转人工的会话占比）",
            ("日期", "会话", "未转人工", "自助解决率"),
            tuple(
                (
                    d,
                    total(per_day[d]),
                    per_day[d].contained,
                    _ratio(per_day[d].contained, total(per_day[d])),
                )
                for d in days
            ),
        ),
        Table(
            "fallback",
            "未能理解率（兜底回复的提问占比）",
            ("日期", "用户提问", "兜底", "未能理解率"),
            tuple(
                (
                    d,
                    per_day[d].turns,
                    per_day[d].fallbacks,
                    _ratio(per_day[d].fallbacks, per_day[d].turns),
                )
                for d in days
            ),
        ),
        Table(
            "handoffs",
            "每日转人工（按原因）",
            ("日期", *sorted(reasons), "合计"),
            tuple(
                (
                    d,
                    *(per_day[d].handoffs[r] for r in sorted(reasons)),
                    sum(per_day[d].handoffs.values()),
                )
                for d in days
            ),
            chart="stacked",
        ),
        Table(
            "feedback",
            "评价：有帮助比例与“省了一个电话”比例",
            ("日期", "评价数", "有帮助比例", "省电话回答数", "省了电话比例"),
            tuple(
                (
                    d,
                    len(per_day[d].helpful),
                    _ratio(sum(per_day[d].helpful), len(per_day[d].helpful)),
                    len(per_day[d].saved),
                    _ratio(sum(per_day[d].saved), len(per_day[d].saved)),
                )
                for d in days
            ),
        ),
        Table(
            "latency",
            "每轮响应时间（秒，用户消息到第一条回复）",
            ("日期", "轮次", "p50", "p95"),
            tuple(
                (
                    d,
                    len(per_day[d].latencies),
                    percentile(per_day[d].latencies, 0.5),
                    percentile(per_day[d].latencies, 0.95),
                )
                for d in days
            ),
            unit="s",
        ),
        Table(
            "channels",
            "按渠道汇总",
            (
                "渠道",
                "会话",
                "自助解决率",
                "未能理解率",
                "转人工",
                "有帮助比例",
                "省了电话比例",
                "p50 秒",
                "p95 秒",
            ),
            tuple(
                (
                    c,
                    total(per_channel[c]),
                    _ratio(per_channel[c].contained, total(per_channel[c])),
                    _ratio(per_channel[c].fallbacks, per_channel[c].turns),
                    sum(per_channel[c].handoffs.values()),
                    _ratio(sum(per_channel[c].helpful), len(per_channel[c].helpful)),
                    _ratio(sum(per_channel[c].saved), len(per_channel[c].saved)),
                    percentile(per_channel[c].latencies, 0.5),
                    percentile(per_channel[c].latencies, 0.95),
                )
                for c in channels
            ),
            chart="none",
        ),
        Table(
            "intents",
            "最常见的意图",
            ("意图", "次数"),
            tuple(intents.most_common(TOP_INTENTS)),
            chart="bar",
        ),
    ]
    return tables
