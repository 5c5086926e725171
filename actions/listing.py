"""A logged-in user's submissions: a page of the list, one submission, which one is meant.

The list is assembled from line templates of domain.yml (``utter_progress_line``)
and sent as ``utter_progress_list``; a submission's details are
``utter_submission_detail``, with the advice of its status.
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.content import button, piece
from actions.names import CANCEL_PAYLOAD, SUBMISSION_DETAIL
from actions.portal_session import display_name, portal_failed
from actions.references import (
    means_oldest,
    name_chars,
    resolve_reference,
    status_named,
)
from actions.words import POINTING_WORDS
from bot.login.store import PortalLink
from portal_client import Category, PortalError, Submission, SubmissionPage, SubmissionStatus

PAGE_SIZE = 5
#: The shortest item name a user types ("失业登记" has 4; "增员" 2).
MIN_NAME_CHARS = 2
#: The portal's account kinds, as the guide's three applicant types.
APPLICANT_OF_KIND = {
    "enterprise": "enterprise",
    "private_non_enterprise": "enterprise",
    "institution": "institution",
    "individual": "individual",
}


#: The status-alert offer (actions/alerts.py, issue 16), after a look-up showing a pending one.
ALERTS_PAYLOAD = "/subscribe_alerts"


def awaits_review(submission: Submission) -> bool:
    """A declaration still 未审核: its status will change, so alerts are offered."""
    return (
        submission.category is Category.DECLARATION
        and submission.status is SubmissionStatus.PENDING
    )


def listed(submission: Submission, n: int) -> dict[str, Any]:
    return {
        "n": n,
        "no": submission.acceptance_no,
        "item": submission.item,
        "date": submission.submitted_at.strftime("%Y-%m-%d"),
        "status": submission.status.label,
        # a batch's count of records, which the list shows and users point with
        "count": submission.record_count,
        # the office handling it, which users point with too ("拱墅区人社局那个")
        "unit": submission.business_unit.name,
    }


def unit_values(submission: Submission) -> dict[str, str]:
    """The values every response about one submission may name."""
    return {
        "item": submission.item,
        "no": submission.acceptance_no,
        "status": submission.status.label,
        "unit": submission.business_unit.name,
        "unit_phone": submission.business_unit.phone,
    }


def advice_response(submission: Submission) -> str:
    """What the user may do next with ``submission``, by the guide."""
    if submission.category is Category.QUERY:
        return "utter_submission_advice_query"
    return {
        SubmissionStatus.PENDING: "utter_submission_advice_pending",
        SubmissionStatus.REJECTED: "utter_submission_advice_rejected",
        SubmissionStatus.APPROVED: "utter_submission_advice_approved",
    }.get(submission.status, "utter_submission_advice_cancelled")


def show_details(
    dispatcher: CollectingDispatcher, submission: Submission, domain: dict[str, Any]
) -> None:
    """The status of one submission and what the user may do next."""
    values = unit_values(submission)
    note = submission.reviewer_note or piece(domain, "utter_submission_no_note")
    advice = piece(domain, advice_response(submission), note=note, **values)
    batch = (
        piece(domain, "utter_submission_batch", count=submission.record_count)
        if submission.is_batch
        else ""
    )
    buttons = []
    if submission.can_cancel:
        buttons.append(button(domain, "utter_button_cancel_submission", CANCEL_PAYLOAD))
    if submission.status is SubmissionStatus.APPROVED:
        buttons.append(button(domain, "utter_button_human", "/request_human"))
    if awaits_review(submission):
        buttons.append(button(domain, "utter_button_alerts", ALERTS_PAYLOAD))
    dispatcher.utter_message(
        response=SUBMISSION_DETAIL,
        buttons=buttons or None,
        submitted=f"{submission.submitted_at:%Y-%m-%d %H:%M}",
        batch=batch,
        advice=advice,
        **values,
    )


def page_entries(result: SubmissionPage, page: int) -> list[dict[str, Any]]:
    """Page ``page`` as the ``progress_list`` slot keeps it, its last entry marked when
    older ones follow (then it is not the oldest: "最早交的那个" is on a page not shown)."""
    first = (page - 1) * PAGE_SIZE
    shown = [listed(s, first + i + 1) for i, s in enumerate(result.items)]
    if result.has_next and shown:
        shown[-1]["more"] = True
    return shown


def list_some(
    dispatcher: CollectingDispatcher,
    entries: list[dict[str, Any]],
    when: str,
    domain: dict[str, Any],
) -> None:
    """The entries of the list shown that "上个月交的那个" fits, to say which of them."""
    dispatcher.utter_message(
        response="utter_progress_list_some",
        buttons=pick_buttons(entries),
        when=when,
        count=len(entries),
        lines=entry_lines(entries, domain),
    )


def entry_lines(entries: list[dict[str, Any]], domain: dict[str, Any]) -> str:
    """The list's lines for ``entries`` as :func:`listed` gives them, a batch with its count."""
    return "\n".join(
        piece(
            domain,
            "utter_progress_line",
            batch=piece(domain, "utter_progress_line_batch", count=e["count"])
            if e.get("count") is not None
            else "",
            **e,
        )
        for e in entries
    )


def pick_buttons(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "title": f"{e['n']}. {e['item']}",
            "payload": "/pick_submission" + json.dumps({"pick": str(e["n"])}),
        }
        for e in entries
    ]


async def list_page(
    dispatcher: CollectingDispatcher, link: PortalLink, page: int, domain: dict[str, Any]
) -> list[EventType]:
    async with runtime.portal() as client:
        result = await runtime.within_deadline(
            client.list_submissions(link.token, page=page, page_size=PAGE_SIZE)
        )
    if result.total == 0:
        dispatcher.utter_message(response="utter_no_submissions")
        return [SlotSet("progress_list", []), SlotSet("pending_request", None)]
    if not result.items:
        dispatcher.utter_message(response="utter_no_more_submissions")
        return []
    first = (page - 1) * PAGE_SIZE
    shown = page_entries(result, page)
    buttons = pick_buttons(shown)
    if result.has_next:
        buttons.append(button(domain, "utter_button_more", "/more"))
    if any(awaits_review(submission) for submission in result.items):
        buttons.append(button(domain, "utter_button_alerts", ALERTS_PAYLOAD))
    dispatcher.utter_message(
        response="utter_progress_list_more" if result.has_next else "utter_progress_list",
        buttons=buttons,
        who=display_name(link),
        total=result.total,
        first=first + 1,
        last=first + len(shown),
        lines=entry_lines(shown, domain),
    )
    return [
        SlotSet("progress_list", shown),
        SlotSet("progress_page", float(page)),
        SlotSet("pending_request", None),
        SlotSet("applicant_type", APPLICANT_OF_KIND.get(link.account_kind or "")),
    ]


async def first_page(
    dispatcher: CollectingDispatcher, tracker: Tracker, link: PortalLink, domain: dict[str, Any]
) -> list[EventType]:
    """The newest submissions, or the portal failure explained."""
    try:
        return await list_page(dispatcher, link, 1, domain)
    except PortalError as error:
        return await portal_failed(error, dispatcher, tracker, "progress")


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
    entry = resolve_reference(text, items, beside=tracker.get_slot("selected_submission"))
    if (
        entry
        and strong_only
        and entry["no"].upper() not in text.upper()
        and entry["item"] not in text
    ):
        return None
    return entry


def named_just_before(tracker: Tracker) -> dict[str, Any] | None:
    """ "那它撤掉吧" after "就业登记那个咋还没审": the listed one the user's message before
    named, which a bare 它 points back at."""
    text = str(tracker.latest_message.get("text") or "")
    if could_name_one(text) or not any(w in text for w in POINTING_WORDS):
        return None
    items = tracker.get_slot("progress_list") or []
    return resolve_reference(previous_user_text(tracker), items, by_position=False)


def previous_user_text(tracker: Tracker) -> str:
    """What the user said before the latest message ("" at the start)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    return str(users[-2].get("text") or "") if len(users) > 1 else ""


def could_name_one(text: str) -> bool:
    """Whether ``text`` has words left to name a submission by, beyond "注销这个吧"."""
    if status_named(text) or "HZ" in text.upper():
        return True
    return name_chars(text) >= MIN_NAME_CHARS


#: How far a name or status is looked for beyond the page shown (newest first).
LOOKUP_PAGES = 4


async def reference_unlisted(tracker: Tracker, link: PortalLink) -> dict[str, Any] | None:
    """The submission that "把没通过的那个撤了" or "最早交的那个" means when the page shown
    has none such.

    A status, an item name, an acceptance number or "the oldest" can name one unseen (a
    place on the page cannot): the newest pages are read quietly and the reference
    resolved against them.
    """
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        return None
    if means_oldest(text):
        return await oldest_item(link)
    if not could_name_one(text):
        return None
    return resolve_reference(text, await newest_items(link), by_position=False)


async def oldest_item(link: PortalLink) -> dict[str, Any] | None:
    """The oldest submission of all, numbered as its place in the whole list.

    It sits at the end of the last page, however many there are: the first page gives
    the count, and only the last is read after it.
    """
    async with runtime.portal() as client:
        result = await runtime.within_deadline(
            client.list_submissions(link.token, page=1, page_size=PAGE_SIZE)
        )
        if result.pages > 1:
            last = result.pages
            result = await runtime.within_deadline(
                client.list_submissions(link.token, page=last, page_size=PAGE_SIZE)
            )
    if not result.items:
        return None
    return listed(result.items[-1], (result.page - 1) * PAGE_SIZE + len(result.items))


async def newest_items(link: PortalLink) -> list[dict[str, Any]]:
    """The newest :data:`LOOKUP_PAGES` pages of submissions, as :func:`listed` gives them."""
    items: list[dict[str, Any]] = []
    async with runtime.portal() as client:
        for page in range(1, LOOKUP_PAGES + 1):
            result = await runtime.within_deadline(
                client.list_submissions(link.token, page=page, page_size=PAGE_SIZE)
            )
            first = len(items)
            items += [listed(s, first + i + 1) for i, s in enumerate(result.items)]
            if not result.has_next:
                break
    return items
