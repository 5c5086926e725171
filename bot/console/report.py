"""The weekly summary: the console's figures and largest unanswered groups as Markdown.

``python -m bot.console report --week`` writes ``var/reports/console-week-<last day>.md``
for the seven days up to yesterday (Beijing dates), for the people who answer for
the line each week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from bot.console.data import ConsoleData
from bot.console.figures import Period, Table
from bot.console.inbox import Group
from bot.console.pages import REASON_NAMES, when
from bot.handoff.models import CHINA_TZ

#: Unanswered groups the report lists.
REPORT_GROUPS = 20
WEEK_DAYS = 7


def week_period(today: date | None = None) -> Period:
    """The seven full days before ``today``."""
    end = (today or datetime.now(CHINA_TZ).date()) - timedelta(days=1)
    return Period(end - timedelta(days=WEEK_DAYS - 1), end)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table) -> str:
    lines = [
        "| " + " | ".join(_cell(c) for c in table.columns) + " |",
        "|" + "---|" * len(table.columns),
    ]
    for row in table.rows:
        cells = (table.formatted(cell, col) for cell, col in zip(row, table.columns, strict=True))
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def render(period: Period, tables: list[Table], groups: list[Group]) -> str:
    parts = [
        f"# 12333 智能助手周报 {period.first.isoformat()} — {period.last.isoformat()}",
        "",
        "由 `python -m bot.console report --week` 生成；会话数据已遮盖密码与身份证号。",
    ]
    for table in tables:
        parts += ["", f"## {table.title}", "", markdown_table(table)]
    parts += ["", f"## 最大的 {REPORT_GROUPS} 组未答问题", ""]
    if not groups:
        parts.append("本周没有未答问题。")
    for n, group in enumerate(groups[:REPORT_GROUPS], start=1):
        reasons = "、".join(f"{REASON_NAMES.get(r, r)} {c}" for r, c in group.reasons)
        parts += [
            f"{n}. **{_cell(group.label)}** — {group.count} 次，{group.conversations} 个会话，"
            f"首次 {when(group.first_seen)}，最近 {when(group.last_seen)}（{reasons}）；"
            f"建议意图 `{group.intent}`",
            *(f"   - {_cell(x)}" for x in group.examples),
        ]
    return "\n".join(parts) + "\n"


def write_week_report(data: ConsoleData, out_dir: Path, *, today: date | None = None) -> Path:
    """Write the report for the week before ``today``; returns its path."""
    period = week_period(today)
    first = datetime.combine(period.first, datetime.min.time(), CHINA_TZ).timestamp()
    last = datetime.combine(
        period.last + timedelta(days=1), datetime.min.time(), CHINA_TZ
    ).timestamp()
    groups = [g for g in data.inbox(include_handled=True) if first <= g.last_seen < last]
    text = render(period, data.figures(period), groups)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"console-week-{period.last.isoformat()}.md"
    path.write_text(text, encoding="utf-8")
    return path
