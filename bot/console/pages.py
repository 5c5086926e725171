"""The console's HTML: small functions over :func:`html.escape`, no template engine.

Every value from the database goes through :func:`e`; the pages load one style
sheet from the console itself and no script at all, so the Content-Security-Policy
can forbid everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from urllib.parse import quote, urlencode

from bot.console.conversations import Conversation, TranscriptLine
from bot.console.figures import Table
from bot.console.inbox import Group
from bot.console.store import AuditEntry
from bot.console.tickets import TicketRow
from bot.handoff.models import CHINA_TZ

NAV = (
    ("/inbox", "未答问题"),
    ("/tickets", "转人工工单"),
    ("/conversations", "会话"),
    ("/figures", "运行指标"),
    ("/audit", "查阅记录"),
)
STATE_NAMES = {"queued": "排队中", "sending": "发送中", "sent": "已转交", "failed": "转交失败"}
REASON_NAMES = {"fallback": "未能理解", "out_of_scope": "超出范围", "low_confidence": "置信度低"}
CHANNEL_NAMES = {"web": "网页", "rest": "REST", "sms": "短信", "voice": "语音"}


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def when(value: datetime | float | None) -> str:
    """A time in Beijing, as staff read it."""
    if value is None:
        return "–"
    if isinstance(value, int | float):
        value = datetime.fromtimestamp(value, CHINA_TZ)
    return value.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def hours(seconds: float) -> str:
    if seconds < 3600:
        return f"{int(seconds // 60)} 分钟"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} 小时"
    return f"{seconds / 86400:.1f} 天"


def layout(
    title: str, body: str, *, staff: str | None = None, csrf: str = "", active: str = ""
) -> str:
    nav = ""
    if staff:
        current = ' aria-current="page"'
        links = "".join(
            f'<a href="{href}"{current if href == active else ""}>{label}</a>'
            for href, label in NAV
        )
        nav = (
            f'<nav aria-label="主菜单">{links}</nav>'
            f'<form method="post" action="/logout" class="logout">{csrf_field(csrf)}'
            f'<span>{e(staff)}</span><button type="submit">退出登录</button></form>'
        )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} · 12333 运营控制台</title>"
        '<link rel="stylesheet" href="/static/console.css"></head><body>'
        f'<header><strong class="brand">12333 运营控制台</strong>{nav}</header>'
        f"<main><h1>{e(title)}</h1>{body}</main></body></html>"
    )


def csrf_field(token: str) -> str:
    return f'<input type="hidden" name="csrf" value="{e(token)}">'


def login_page(csrf: str, *, error: str = "", status_note: str = "") -> str:
    alert = f'<p class="error" role="alert">{e(error)}</p>' if error else ""
    note = f'<p class="note">{e(status_note)}</p>' if status_note else ""
    body = (
        f"{alert}{note}"
        '<form method="post" action="/login" class="login">'
        f"{csrf_field(csrf)}"
        '<label for="name">工号</label>'
        '<input id="name" name="name" autocomplete="username" required maxlength="64">'
        '<label for="password">密码</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" required>'
        '<button type="submit">登录</button></form>'
        '<p class="note">仅限 12333 工作人员。每次查看会话记录都会被记录（个人信息保护法）。</p>'
    )
    return layout("登录", body)


def csv_link(href: str) -> str:
    return f'<a class="csv" href="{e(href)}" download>导出 CSV</a>'


def inbox_page(groups: Sequence[Group], csrf: str) -> str:
    if not groups:
        return '<p class="empty">暂无未答问题。</p>'
    parts = [
        f'<p class="summary">{len(groups)} 组，共 {sum(g.count for g in groups)} 条提问。'
        f" {csv_link('/inbox.csv')}</p>"
    ]
    for g in groups:
        reasons = "、".join(f"{REASON_NAMES.get(r, r)} {n}" for r, n in g.reasons)
        examples = "".join(f"<li>{e(x)}</li>" for x in g.examples)
        parts.append(
            f'<section class="group" id="g-{e(g.key)}" aria-labelledby="t-{e(g.key)}">'
            f'<h2 id="t-{e(g.key)}">{e(g.label)}</h2>'
            f'<p class="meta"><span class="count">{g.count} 次</span> · {g.conversations} 个会话 · '
            f"首次 {when(g.first_seen)} · 最近 {when(g.last_seen)} · {e(reasons)}</p>"
            f"<ul class=examples>{examples}</ul>"
            f"<details><summary>训练数据片段（{e(g.intent)}）</summary>"
            f'<pre class="snippet" tabindex="0">{e(g.snippet)}</pre>'
            f'<a href="/inbox/{e(g.key)}/snippet.yml" download>下载 YAML</a></details>'
            f'<form method="post" action="/inbox/{e(g.key)}/handled">{csrf_field(csrf)}'
            '<button type="submit">标记为已处理</button></form></section>'
        )
    return "".join(parts)


def table_html(columns: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "") -> str:
    head = "".join(f'<th scope="col">{e(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cap = f"<caption>{e(caption)}</caption>" if caption else ""
    # A table wider than a phone scrolls sideways: focusable, so a keyboard can scroll it.
    label = f' aria-label="{e(caption or "表格")}"'
    return (
        f'<div class="scroll" tabindex="0" role="region"{label}><table>{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def conversation_link(conversation_id: str) -> str:
    return f'<a href="/conversations/{quote(conversation_id, safe="")}">{e(short_id(conversation_id))}</a>'


def short_id(conversation_id: str) -> str:
    prefix, _, rest = conversation_id.partition(":")
    return f"{prefix}:{rest[:10]}…" if len(rest) > 12 else conversation_id


def tickets_page(
    tickets: Sequence[TicketRow], *, query: str, state: str, now: datetime, sla_hours: int
) -> str:
    from datetime import timedelta

    sla = timedelta(hours=sla_hours)
    counts: dict[str, int] = {}
    for t in tickets:
        counts[t.state] = counts.get(t.state, 0) + 1
    breaches = sum(t.breached(now, sla) for t in tickets)
    options = "".join(
        f'<option value="{k}"{" selected" if k == state else ""}>{v}</option>'
        for k, v in [("", "全部状态"), *STATE_NAMES.items()]
    )
    summary = " · ".join(f"{STATE_NAMES.get(k, k)} {v}" for k, v in sorted(counts.items()))
    form = (
        '<form method="get" action="/tickets" class="filters" role="search">'
        '<label for="q">工单号或联系方式</label>'
        f'<input id="q" name="q" value="{e(query)}">'
        f'<label for="state">状态</label><select id="state" name="state">{options}</select>'
        '<button type="submit">查找</button></form>'
    )
    rows = [
        (
            f"<strong>{e(t.ticket_no)}</strong>",
            f'<span class="state state-{e(t.state)}">{e(STATE_NAMES.get(t.state, t.state))}</span>',
            e(when(t.created_at)),
            e(hours(t.age(now).total_seconds())),
            '<span class="breach">超时</span>' if t.breached(now, sla) else "–",
            e(t.reason),
            e(CHANNEL_NAMES.get(t.channel, t.channel)),
            e(t.contact),
            conversation_link(t.conversation_id),
        )
        for t in tickets
    ]
    query_string = urlencode({"q": query, "state": state})
    return (
        f"{form}<p class=summary>{len(tickets)} 张工单（{e(summary) or '无'}）；"
        f"超过 {sla_hours} 小时未转交：<strong>{breaches}</strong>。 "
        f"{csv_link('/tickets.csv?' + query_string)}</p>"
        + table_html(
            ("工单号", "状态", "创建时间", "时长", "SLA", "原因", "渠道", "联系方式", "会话"), rows
        )
    )


def conversations_page(
    convs: Sequence[Conversation],
    *,
    total: int,
    page: int,
    pages: int,
    params: dict[str, str],
    intents: Sequence[str],
) -> str:
    def select(name: str, label: str, options: Sequence[tuple[str, str]]) -> str:
        opts = "".join(
            f'<option value="{e(v)}"{" selected" if params.get(name, "") == v else ""}>{e(t)}</option>'
            for v, t in options
        )
        return (
            f'<span class="field"><label for="{name}">{label}</label>'
            f'<select id="{name}" name="{name}">{opts}</select></span>'
        )

    yes_no = [("", "不限"), ("1", "是"), ("0", "否")]
    form = (
        '<form method="get" action="/conversations" class="filters">'
        f'<span class="field"><label for="from">从</label>'
        f'<input id="from" name="from" type="date" value="{e(params.get("from", ""))}"></span>'
        f'<span class="field"><label for="to">到</label>'
        f'<input id="to" name="to" type="date" value="{e(params.get("to", ""))}"></span>'
        + select("channel", "渠道", [("", "全部"), *CHANNEL_NAMES.items()])
        + select("intent", "意图", [("", "全部"), *((i, i) for i in intents)])
        + select("fallback", "兜底", yes_no)
        + select("handoff", "转人工", yes_no)
        + select("login", "登录", yes_no)
        + '<button type="submit">筛选</button></form>'
    )
    rows = [
        (
            conversation_link(c.conversation_id),
            e(CHANNEL_NAMES.get(c.channel, c.channel)),
            e(when(c.started)),
            e(when(c.last)),
            str(len(c.user_turns)),
            e("、".join(i for i, _ in c.intents.most_common(3))),
            "是" if c.fallback else "–",
            "是" if c.handoff else "–",
            "是" if c.login else "–",
        )
        for c in convs
    ]
    query = urlencode({k: v for k, v in params.items() if v and k != "page"})
    pager = ""
    if pages > 1:
        prev_link = (
            f'<a href="/conversations?{query}&page={page - 1}">上一页</a>' if page > 1 else ""
        )
        next_link = (
            f'<a href="/conversations?{query}&page={page + 1}">下一页</a>' if page < pages else ""
        )
        pager = f'<nav class="pager" aria-label="分页">{prev_link} 第 {page}/{pages} 页 {next_link}</nav>'
    return (
        f"{form}<p class=summary>{total} 个会话。 {csv_link('/conversations.csv?' + query)}</p>"
        + table_html(
            ("会话", "渠道", "开始", "最后", "提问", "主要意图", "兜底", "转人工", "登录"), rows
        )
        + pager
    )


def transcript_page(conversation_id: str, lines: Sequence[TranscriptLine]) -> str:
    if not lines:
        return '<p class="empty">没有这个会话的记录（可能已按保存期限或用户要求删除）。</p>'
    items = []
    for line in lines:
        who = {"user": "用户", "bot": "助手", "event": "系统"}[line.speaker]
        detail = f'<span class="detail">{e(line.detail)}</span>' if line.detail else ""
        items.append(
            f'<li class="line {line.speaker}"><span class="who">{who}</span>'
            f"<time>{e(when(line.timestamp))}</time>{detail}<p>{e(line.text)}</p></li>"
        )
    return (
        f'<p class="note">会话 {e(conversation_id)} · 密码、身份证号与登录链接已遮盖 · 本次查看已记录。</p>'
        f'<ol class="transcript">{"".join(items)}</ol>'
    )


def figures_page(tables: Sequence[Table], *, days: int, channel: str) -> str:
    options = "".join(
        f'<option value="{v}"{" selected" if v == channel else ""}>{t}</option>'
        for v, t in [("", "全部渠道"), *CHANNEL_NAMES.items()]
    )
    day_options = "".join(
        f'<option value="{d}"{" selected" if d == days else ""}>最近 {d} 天</option>'
        for d in (7, 14, 30, 90)
    )
    form = (
        '<form method="get" action="/figures" class="filters">'
        f'<label for="days">时间</label><select id="days" name="days">{day_options}</select>'
        f'<label for="channel">渠道</label><select id="channel" name="channel">{options}</select>'
        '<button type="submit">更新</button></form>'
    )
    query = urlencode({"days": days, "channel": channel})
    parts = [form]
    for table in tables:
        chart = ""
        if table.chart != "none" and table.rows:
            chart = (
                f'<img class="chart" src="/figures/{table.name}.svg?{query}" '
                f'alt="{e(table.title)}（图表，数据见下表）" width="700" height="260">'
            )
        rows = [
            tuple(
                e(table.formatted(cell, col)) for cell, col in zip(row, table.columns, strict=True)
            )
            for row in table.rows
        ]
        parts.append(
            f'<section class="figure" aria-labelledby="f-{table.name}"><h2 id="f-{table.name}">{e(table.title)}</h2>'
            f"{chart}<p>{csv_link(f'/figures/{table.name}.csv?{query}')}</p>"
            f"<details><summary>数据表</summary>{table_html(table.columns, rows)}</details></section>"
        )
    return "".join(parts)


def audit_page(entries: Sequence[AuditEntry]) -> str:
    rows = [
        (e(when(a.at)), e(a.staff), e(a.action), conversation_link(a.conversation_id))
        for a in entries
    ]
    return (
        f"<p class=summary>最近 {len(entries)} 次查阅。 {csv_link('/audit.csv')}</p>"
        + table_html(("时间", "工作人员", "操作", "会话"), rows)
    )
