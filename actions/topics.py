"""The guide's FAQ topics: their short titles and which depend on the applicant type."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker

#: Short titles, used on suggestion buttons and numbered menus.
TOPIC_TITLES: dict[str, str] = {
    "open_online": "怎么开通网上办事",
    "citizen_mailbox": "市民邮箱用户要开通吗",
    "documents": "开通要带什么材料",
    "agent_agreement": "经办人要带什么、签什么协议",
    "login_methods": "怎么登录（身份认证）",
    "how_to_operate": "怎么在网上办理事项",
    "batch": "单位能批量处理吗",
    "fix_data": "数据填错了怎么改",
    "check_progress": "怎么查办事进度和结果",
    "change_password": "怎么修改密码",
    "password_lost": "密码忘了怎么办",
    "flow": "网上办事流程（七步）",
    "review_vs_query": "提交后为什么还没结果",
    "resubmit": "修改或注销后能再提交吗",
    "website": "网上办事网址",
    "contact": "12333 和咨询邮箱",
}

#: Topics whose answer differs for enterprises, institutions and individuals.
TYPE_DEPENDENT = frozenset({"documents", "password_lost"})
APPLICANT_TYPES = ("enterprise", "institution", "individual")


def topic_payload(topic: str) -> str:
    return "/choose_topic" + json.dumps({"topic": topic})


def topic_button(topic: str) -> dict[str, Any]:
    return {"title": TOPIC_TITLES[topic], "payload": topic_payload(topic)}


def faq_ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """The ResponseSelector's ranking of FAQ topics for the latest message, best first."""
    selector = tracker.latest_message.get("response_selector", {}).get("faq", {})
    ranking = []
    for entry in selector.get("ranking", []):
        key = str(entry.get("intent_response_key", ""))
        topic = key.split("/", 1)[1] if "/" in key else key
        if topic in TOPIC_TITLES:
            ranking.append((topic, float(entry.get("confidence", 0.0))))
    return ranking


def selected_topic(tracker: Tracker) -> tuple[str | None, float]:
    """The FAQ topic that the ResponseSelector chose for the latest message."""
    ranking = faq_ranking(tracker)
    return ranking[0] if ranking else (None, 0.0)


#: The applicant-type question's buttons (payloads carry the entity).
APPLICANT_BUTTONS: list[dict[str, Any]] = [
    {
        "title": title,
        "payload": "/inform_applicant_type" + json.dumps({"applicant_type": value}),
    }
    for value, title in (
        ("enterprise", "企业/民办非企业单位"),
        ("institution", "机关事业单位"),
        ("individual", "个人"),
    )
]
