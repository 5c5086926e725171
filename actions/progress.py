"""A logged-in user's own submissions: log in by link, list, explain, cancel, log out.

Private data is read only through a portal session that the login page bound to
this conversation *and* this client; no slot holds a token, and every action
checks the binding again rather than trusting the conversation's state.
"""

from __future__ import annotations

import json
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.references import resolve_reference
from bot.contract import CHANNEL_KEY, CLIENT_BINDING_KEY, LOGIN_PATH
from bot.login.store import PortalLink
from portal_client import (
    Category,
    NotAllowed,
    NotFound,
    PortalError,
    SessionExpired,
    Submission,
    SubmissionStatus,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 5
#: The portal's account kinds, as the guide's three applicant types.
APPLICANT_OF_KIND = {
    "enterprise": "enterprise",
    "private_non_enterprise": "enterprise",
    "institution": "institution",
    "individual": "individual",
}
#: A yes/no/more with nothing pending is taken at its word only above this confidence.
FOLLOWUP_MIN_CONFIDENCE = 0.9
PORTAL_DOWN = (
    "抱歉，网上办事系统暂时无法访问，这次没能查到您的信息。您可以稍后再试，"
    "或致电 12333；也可以说“转人工”，我把问题转给 12333 的工作人员。"
)
RETRY_BUTTONS = [
    {"title": "再试一次", "payload": "/check_my_progress"},
    {"title": "转人工", "payload": "/request_human"},
]


def client_binding(tracker: Tracker) -> str | None:
    metadata = tracker.latest_message.get("metadata") or {}
    value = metadata.get(CLIENT_BINDING_KEY)
    return value if isinstance(value, str) and value else None


def channel_of(tracker: Tracker) -> str:
    metadata = tracker.latest_message.get("metadata") or {}
    return str(metadata.get(CHANNEL_KEY) or tracker.get_latest_input_channel() or "rest")


async def current_link(tracker: Tracker) -> PortalLink | None:
    """The portal session of this conversation, for this client on this channel only."""
    return await runtime.login_store().active_link(
        tracker.sender_id, client_binding(tracker), channel_of(tracker)
    )


async def offer_login(
    dispatcher: CollectingDispatcher, tracker: Tracker, pending: str, *, expired: bool = False
) -> list[EventType]:
    """Send a one-time login link; the question waits in ``pending_request``."""
    binding = client_binding(tracker)
    if binding is None:
        dispatcher.utter_message(response="utter_login_unsupported")
        return [SlotSet("pending_request", None)]
    ticket = await runtime.login_store().issue_ticket(
        tracker.sender_id, binding, channel_of(tracker)
    )
    url = f"{runtime.settings().public_url}{LOGIN_PATH}{ticket.signed}"
    intro = (
        "登录已过期，请重新登录。" if expired else "查询您本人的办事信息需要先登录网上办事账户。"
    )
    dispatcher.utter_message(
        text=(
            f"{intro}请打开下面的链接，在登录框中输入用户名和密码（链接 10 分钟内有效）：\n{url}\n"
            "请不要在对话中直接发送密码。登录后我会接着为您查询。"
        ),
        json_message={"type": "login", "url": url},
    )
    return [SlotSet("pending_request", pending)]


def listed(submission: Submission, n: int) -> dict[str, Any]:
    return {
        "n": n,
        "no": submission.acceptance_no,
        "item": submission.item,
        "date": submission.submitted_at.strftime("%Y-%m-%d"),
        "status": submission.status.label,
    }


def explain(submission: Submission) -> str:
    """The status of one submission and what the user may do next, by the guide."""
    unit = submission.business_unit
    lines = [
        f"「{submission.item}」",
        f"受理编号：{submission.acceptance_no}",
        f"提交时间：{submission.submitted_at:%Y-%m-%d %H:%M}",
        f"经办机构：{unit.name}（电话 {unit.phone}）",
        f"状态：{submission.status.label}",
    ]
    if submission.is_batch:
        lines.append(f"批量提交：共 {submission.record_count} 条记录")
    if submission.category is Category.QUERY:
        lines.append("这是查询类事项，提交后已即时显示查询结果，无需等待审核。")
    elif submission.status is SubmissionStatus.PENDING:
        lines.append(
            "尚未审核。您可以通过网上办事的“办事进度查询”找到它进行修改或注销，修改后可再次提交；"
            "也可以回复“注销”，由我帮您注销。"
        )
    elif submission.status is SubmissionStatus.REJECTED:
        note = submission.reviewer_note or "（无）"
        lines.append(
            f"审核未通过。审核意见：{note}\n您可以通过“办事进度查询”修改后再次提交，"
            "或回复“注销”由我帮您注销。"
        )
    elif submission.status is SubmissionStatus.APPROVED:
        lines.append(
            f"已审核通过。已审核通过的数据不能自行修改，如需修改，请联系经办机构{unit.name}"
            f"（电话 {unit.phone}），由业务人员修改；也可以说“转人工”，我帮您转给 12333。"
        )
    else:
        lines.append("已注销。如仍需办理，可以重新提交申报。")
    return "\n".join(lines)


class PortalAction(Action, ABC):
    """Shared error handling for actions that talk to the portal on the user's behalf."""

    @abstractmethod
    def name(self) -> str:
        """Abstract so that rasa_sdk's discovery does not register this base class."""

    async def portal_failed(
        self, error: PortalError, dispatcher: CollectingDispatcher, tracker: Tracker, pending: str
    ) -> list[EventType]:
        if isinstance(error, SessionExpired):
            await runtime.login_store().revoke(tracker.sender_id)
            return await offer_login(dispatcher, tracker, pending, expired=True)
        logger.warning("portal look-up failed: %s", type(error).__name__)
        dispatcher.utter_message(text=PORTAL_DOWN, buttons=RETRY_BUTTONS)
        return [SlotSet("pending_request", None), SlotSet("handoff_reason", "portal_down")]

    async def first_page(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, link: PortalLink
    ) -> list[EventType]:
        """The newest submissions, or the portal failure explained."""
        try:
            return await list_page(dispatcher, link, 1)
        except PortalError as error:
            return await self.portal_failed(error, dispatcher, tracker, "progress")


async def list_page(
    dispatcher: CollectingDispatcher, link: PortalLink, page: int
) -> list[EventType]:
    async with runtime.portal() as client:
        result = await runtime.within_deadline(
            client.list_submissions(link.token, page=page, page_size=PAGE_SIZE)
        )
    if result.total == 0:
        dispatcher.utter_message(text="您的账户下暂时没有办事记录。")
        return [SlotSet("progress_list", []), SlotSet("pending_request", None)]
    if not result.items:
        dispatcher.utter_message(text="已经是最后一页了，没有更多办事记录。")
        return []
    first = (page - 1) * PAGE_SIZE
    shown = [listed(s, first + i + 1) for i, s in enumerate(result.items)]
    who = link.display_name or link.username
    lines = [
        f"{who} 最近的办事记录（共 {result.total} 条，第 {first + 1}–{first + len(shown)} 条）："
    ]
    for entry, submission in zip(shown, result.items, strict=True):
        batch = f"｜批量 {submission.record_count} 条" if submission.is_batch else ""
        lines.append(
            f"{entry['n']}. {entry['item']}｜{entry['no']}｜{entry['date']}｜{entry['status']}{batch}"
        )
    lines.append(
        "回复序号、受理编号、事项名称或日期查看详情"
        + ("；回复“更多”看下一页。" if result.has_next else "。")
    )
    buttons = [
        {
            "title": f"{e['n']}. {e['item']}",
            "payload": "/pick_submission" + json.dumps({"pick": str(e["n"])}),
        }
        for e in shown
    ]
    if result.has_next:
        buttons.append({"title": "更多", "payload": "/more"})
    dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
    return [
        SlotSet("progress_list", shown),
        SlotSet("progress_page", float(page)),
        SlotSet("pending_request", None),
        SlotSet("applicant_type", APPLICANT_OF_KIND.get(link.account_kind or "")),
    ]


class ActionCheckProgress(PortalAction):
    """办事进度查询 for the logged-in user: the newest submissions, five at a time."""

    def name(self) -> str:
        return "action_check_progress"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        link = await current_link(tracker)
        if link is None:
            return await offer_login(dispatcher, tracker, "progress")
        return await self.first_page(dispatcher, tracker, link)


async def fetch_one(link: PortalLink, acceptance_no: str) -> Submission:
    async with runtime.portal() as client:
        return await runtime.within_deadline(client.get_submission(link.token, acceptance_no))


def reference_in(tracker: Tracker, *, strong_only: bool = False) -> dict[str, Any] | None:
    """The listed submission that the latest message points at.

    ``strong_only`` accepts only an acceptance number or an item name, for messages
    that the NLU read as something else ("就业创业证申领那个" sounds out of scope).
    """
    items = tracker.get_slot("progress_list") or []
    pick = next(tracker.get_latest_entity_values("pick"), None)
    text = str(pick) if pick else (tracker.latest_message.get("text") or "")
    entry = resolve_reference(text, items)
    if (
        entry
        and strong_only
        and entry["no"].upper() not in text.upper()
        and entry["item"] not in text
    ):
        return None
    return entry


_CANCEL_WORDS = ("注销", "撤回", "撤销", "取消", "作废", "cancel", "withdraw")


def wants_cancel(tracker: Tracker) -> bool:
    text = (tracker.latest_message.get("text") or "").lower()
    return not text.startswith("/") and any(word in text for word in _CANCEL_WORDS)


class ActionShowSubmission(PortalAction):
    """One submission from the list: its status and what the user may do next."""

    def name(self) -> str:
        return "action_show_submission"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if wants_cancel(tracker):
            return await ActionCancelSubmission().run(dispatcher, tracker, domain)
        if not tracker.get_slot("progress_list"):
            # "那个" with no list shown refers to nothing the bot knows.
            from actions.fallback import ActionFallback

            return await ActionFallback().run(dispatcher, tracker, domain)
        link = await current_link(tracker)
        if link is None:
            return await offer_login(dispatcher, tracker, "progress")
        entry = reference_in(tracker)
        if entry is None:
            if tracker.get_slot("progress_list"):
                dispatcher.utter_message(
                    text="没找到您说的那一条。请回复列表中的序号、受理编号、事项名称或日期。"
                )
                return []
            return await self.first_page(dispatcher, tracker, link)
        try:
            submission = await fetch_one(link, entry["no"])
        except NotFound:
            dispatcher.utter_message(text="没有找到这条办事记录，它可能已被删除。")
            return []
        except PortalError as error:
            return await self.portal_failed(error, dispatcher, tracker, "progress")
        buttons = []
        if submission.can_cancel:
            buttons.append({"title": "注销这一条", "payload": "/cancel_my_submission"})
        if submission.status is SubmissionStatus.APPROVED:
            buttons.append({"title": "转人工", "payload": "/request_human"})
        dispatcher.utter_message(text=explain(submission), buttons=buttons or None)
        return [SlotSet("selected_submission", submission.acceptance_no)]


class ActionCancelSubmission(PortalAction):
    """Asks to confirm a 注销, naming the item and acceptance number; only where the guide allows."""

    def name(self) -> str:
        return "action_cancel_submission"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        link = await current_link(tracker)
        if link is None:
            return await offer_login(dispatcher, tracker, "progress")
        entry = reference_in(tracker)
        number = entry["no"] if entry else tracker.get_slot("selected_submission")
        if not number:
            dispatcher.utter_message(text="请先告诉我要注销哪一条。")
            return await self.first_page(dispatcher, tracker, link)
        try:
            submission = await fetch_one(link, number)
        except NotFound:
            dispatcher.utter_message(text="没有找到这条办事记录。")
            return [SlotSet("selected_submission", None)]
        except PortalError as error:
            return await self.portal_failed(error, dispatcher, tracker, "progress")
        if not submission.can_cancel:
            dispatcher.utter_message(text=cannot_cancel(submission))
            return [SlotSet("selected_submission", submission.acceptance_no)]
        dispatcher.utter_message(
            text=(
                f"确认要注销「{submission.item}」（受理编号 {submission.acceptance_no}）吗？"
                "注销后该申报作废，如需办理可重新提交。"
            ),
            buttons=[
                {"title": "确认注销", "payload": "/affirm"},
                {"title": "不注销", "payload": "/deny"},
            ],
        )
        return [
            SlotSet("selected_submission", submission.acceptance_no),
            SlotSet("pending_cancel", submission.acceptance_no),
        ]


def cannot_cancel(submission: Submission) -> str:
    unit = submission.business_unit
    if submission.category is Category.QUERY:
        return f"「{submission.item}」是查询类事项，结果已即时显示，无需注销。"
    if submission.status is SubmissionStatus.APPROVED:
        return (
            f"「{submission.item}」已审核通过，不能在网上注销或修改。如需更改，请联系经办机构"
            f"{unit.name}（电话 {unit.phone}），由业务人员处理；也可以说“转人工”。"
        )
    return f"「{submission.item}」已经注销过了。如仍需办理，可以重新提交申报。"


async def confirm_cancel(
    dispatcher: CollectingDispatcher, tracker: Tracker, number: str
) -> list[EventType]:
    """Carry out a confirmed 注销 and report the portal's answer."""
    done: list[EventType] = [SlotSet("pending_cancel", None)]
    link = await current_link(tracker)
    if link is None:
        return done + await offer_login(dispatcher, tracker, "progress")
    try:
        async with runtime.portal() as client:
            submission = await runtime.within_deadline(client.cancel_submission(link.token, number))
    except NotAllowed as refusal:
        dispatcher.utter_message(text=f"网上办事系统没有同意注销：{refusal.reason_text or refusal}")
        return done
    except NotFound:
        dispatcher.utter_message(text="没有找到这条办事记录。")
        return done
    except SessionExpired:
        await runtime.login_store().revoke(tracker.sender_id)
        return done + await offer_login(dispatcher, tracker, "progress", expired=True)
    except PortalError:
        dispatcher.utter_message(
            text="抱歉，网上办事系统暂时无法访问，注销没有完成。请稍后再试，或致电 12333。",
            buttons=RETRY_BUTTONS,
        )
        return done
    dispatcher.utter_message(
        text=(
            f"已注销「{submission.item}」（受理编号 {submission.acceptance_no}），"
            f"当前状态：{submission.status.label}。如需办理，可以修改后重新提交。"
        )
    )
    return done


class ActionLogout(Action):
    """退出登录: ends the portal session and forgets it."""

    def name(self) -> str:
        return "action_logout"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        link = await current_link(tracker)
        if link is None:
            dispatcher.utter_message(response="utter_not_logged_in")
        else:
            try:
                async with runtime.portal() as client:
                    await runtime.within_deadline(client.logout(link.token))
            except PortalError:
                pass  # the local link goes anyway; the portal session expires on its own
            await runtime.login_store().revoke(tracker.sender_id)
            dispatcher.utter_message(text="您已退出登录。如需再次查询，说“查我的办事进度”即可。")
        return [
            SlotSet("progress_list", None),
            SlotSet("selected_submission", None),
            SlotSet("pending_cancel", None),
            SlotSet("pending_request", None),
        ]


class ActionLogin(Action):
    """The user asks to log in: a link, or who they are logged in as."""

    def name(self) -> str:
        return "action_login"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        link = await current_link(tracker)
        if link is not None:
            dispatcher.utter_message(
                text=f"您已登录（{link.display_name or link.username}）。说“查我的办事进度”即可查询。"
            )
            return []
        return await offer_login(dispatcher, tracker, "progress")


class ActionLoginEvent(PortalAction):
    """The login page's report on a login: continue the pending question, or explain."""

    def name(self) -> str:
        return "action_login_event"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        outcome = next(tracker.get_latest_entity_values("login_outcome"), None)
        if outcome == "succeeded":
            link = await current_link(tracker)
            if link is None:  # not really logged in: nothing private, and no hint why
                dispatcher.utter_message(response="utter_ask_which_topic")
                return []
            dispatcher.utter_message(text=f"登录成功，{link.display_name or link.username}。")
            if tracker.get_slot("pending_request") == "progress":
                return await self.first_page(dispatcher, tracker, link)
            dispatcher.utter_message(text="请问需要查什么？比如说“查我的办事进度”。")
            return []
        if outcome == "wrong_password":
            dispatcher.utter_message(
                text="登录页提示用户名或密码不正确，请在登录页重新输入（同一对话中连续 5 次失败将无法继续登录）。"
            )
        elif outcome == "locked":
            dispatcher.utter_message(
                text="您的账户因多次输入错误已被锁定，请 15 分钟后再试。忘记密码的，需要到受理点办理密码重置。"
            )
        elif outcome == "too_many":
            dispatcher.utter_message(
                text="本次对话中已连续 5 次登录失败。按照规定，密码遗失需要到受理点办理密码重置："
            )
            applicant = tracker.get_slot("applicant_type")
            dispatcher.utter_message(
                response=f"utter_password_lost_{applicant}"
                if applicant
                else "utter_faq/password_lost"
            )
            return [SlotSet("pending_request", None)]
        elif outcome == "awaiting_code":
            dispatcher.utter_message(response="utter_login_awaiting_code")
        elif outcome == "wrong_code":
            dispatcher.utter_message(response="utter_login_wrong_code")
        elif outcome == "no_pending_code":
            dispatcher.utter_message(response="utter_login_no_pending_code")
        elif outcome == "code_exhausted":
            dispatcher.utter_message(response="utter_login_code_exhausted")
            return [SlotSet("pending_request", None)]
        elif outcome == "expired":
            pending = tracker.get_slot("pending_request") or "progress"
            dispatcher.utter_message(text="您打开的登录链接已过期。")
            return await offer_login(dispatcher, tracker, pending)
        return []


def last_bot_action(tracker: Tracker) -> str | None:
    """The bot's last action before the user's latest message (what it just asked)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action":
            name = event.get("name")
            if name not in ("action_listen", "action_extract_slots", None):
                return str(name)
    return None


class ActionFollowup(Action):
    """Yes, no and "more": they mean something only after the question the bot just asked."""

    def name(self) -> str:
        return "action_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        asked = last_bot_action(tracker)
        if tracker.get_slot("pending_handoff") and asked == "action_offer_handoff":
            if intent == "affirm":
                return [SlotSet("pending_handoff", None), FollowupAction("handoff_form")]
            if intent == "deny":
                dispatcher.utter_message(text="好的，不转人工。如需帮助，也可以直接拨打 12333。")
                return [SlotSet("pending_handoff", None), SlotSet("handoff_reason", None)]
        if asked == "action_confirm_delete":
            if intent == "affirm":
                return [FollowupAction("action_erase_conversation")]
            if intent == "deny":
                dispatcher.utter_message(text="好的，不删除。还有什么可以帮您？")
                return []
        pending_cancel = (
            tracker.get_slot("pending_cancel") if asked == "action_cancel_submission" else None
        )
        if pending_cancel and intent == "affirm":
            return await confirm_cancel(dispatcher, tracker, pending_cancel)
        if pending_cancel and intent == "deny":
            dispatcher.utter_message(text="好的，不注销。还有什么可以帮您？")
            return [SlotSet("pending_cancel", None)]
        if intent == "more" and tracker.get_slot("progress_list"):
            link = await current_link(tracker)
            if link is None:
                return await offer_login(dispatcher, tracker, "progress")
            page = int(tracker.get_slot("progress_page") or 1) + 1
            try:
                return await list_page(dispatcher, link, page)
            except PortalError:
                dispatcher.utter_message(text=PORTAL_DOWN, buttons=RETRY_BUTTONS)
                return []
        confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0)
        typed = (tracker.latest_message.get("text") or "").startswith("/")
        if confidence < FOLLOWUP_MIN_CONFIDENCE and not typed:
            # A lone "材料" can look like a yes; with nothing asked, it's a question we missed.
            from actions.fallback import ActionFallback

            return await ActionFallback().run(dispatcher, tracker, domain)
        response = {"affirm": "utter_ack", "deny": "utter_deny_ack"}.get(
            intent or "", "utter_nothing_more"
        )
        dispatcher.utter_message(response=response)
        return [SlotSet("pending_cancel", None)]
