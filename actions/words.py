"""Words the actions read users' messages with, and labels for 12333's staff.

Nothing here is a reply: every sentence a user sees is a response in domain.yml.
This is the one module of ``actions/`` that holds Chinese literals
(tests/actions/test_no_inline_sentences.py exempts it by name).
"""

from __future__ import annotations

import re

# -- understanding the user ------------------------------------------------------------

#: "注销这个": the user wants a submission withdrawn.
CANCEL_SUBMISSION_WORDS = ("注销", "撤回", "撤销", "取消", "作废", "cancel", "withdraw")
#: "算了": leave the hand-off form at any step.
CANCEL_HANDOFF_WORDS = (
    "算了",
    "不要了",
    "不用了",
    "取消",
    "不转了",
    "退出",
    "不需要",
    "cancel",
    "stop",
)
#: A yes to a pre-filled answer of the hand-off form.
CONFIRM_WORDS = ("确认", "对", "是", "是的", "好", "好的", "可以", "没问题", "ok", "yes", "嗯")
#: "Use the number I write from" (SMS and voice).
USE_OWN_NUMBER = ("本机", "本机号码", "用本机号码", "这个号码", "就这个号", "用这个号码")
#: "I don't know my applicant type".
SKIP_WORDS = ("跳过", "不知道", "不清楚")
#: How the login page's report starts in the tracker (bot/login): never a question.
SYSTEM_MESSAGE_PREFIX = "（系统消息"

#: Chinese numerals of "第三个" and the like.
ZH_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
#: "第3条", "第二个": a position in the list shown.
ORDINAL_RE = re.compile(r"第\s*([0-9]{1,2}|[一二两三四五六七八九十])\s*(?:个|条|项|笔|件)?")
#: "11月19号", "2026-11-06", "11.23".
DATE_RE = re.compile(r"(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*(?:日|号|號)?")

# -- for 12333's staff, in the hand-off mail (never shown to the citizen) ----------------

#: Why the bot hands off → the mail's category and the reason the agent reads.
HANDOFF_REASONS: dict[str, tuple[str, str]] = {
    "request_human": ("转人工", "用户要求人工服务"),
    "result_wrong": ("审核结果有异议", "用户认为办理结果有误"),
    "approved_change": ("已审核数据修改", "已审核通过的数据需要修改，只能由业务人员处理"),
    "portal_down": ("系统故障", "网上办事系统无法访问，查询无法完成"),
    "fallback": ("无法解答", "智能助手连续两次未能理解用户的问题"),
}

#: How a button click reads in the mail's transcript, before the button's title.
CLICKED_BUTTON = "（点击按钮）"
