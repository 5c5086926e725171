"""Answers from the guide, tailored to the applicant type and to what is on screen.

What a short question means depends on the conversation (issue 12): "看下进度" from a
logged-in user (or "查我们单位办事进度") is their own list, not the how-to;
"这个要怎么改" with a submission shown is about that submission; "去哪里办" and
"要带什么东西去" after a type is known are the 受理点 and the documents for that type;
a unit that did not say its kind is offered the two unit types, never 个人.

The Rasa server runs this action itself (bot/rasa_patches.py), where the portal, the
login store and the outbox are out of reach: a turn that reaches for them
(``actions.runtime.NotConfigured``) is run again on the action server.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    ALL_DOCUMENTS,
    DEFAULT_TOPICS,
    MIN_ANSWER_CONFIDENCE,
    SURE_WHOM_TOPIC,
    WHERE,
    WHOSE_DOCUMENTS,
    advise_selected,
    after_self_correction,
    agent_speaking_of_self,
    agents_own_part,
    answer_topic,
    applicant_type_of,
    asks_for_batch,
    asks_for_person,
    asks_listed_paper,
    asks_reset_papers,
    compares_types,
    cued_topic,
    denies_loss,
    link_action,
    names_documents,
    password_topic_said,
    reanswer_for_type,
    says_lost,
    sent_for_unit,
    show_submission,
    speaks_for_unit,
    stated_type,
    topic_asked_in_doubt,
    unborne_reading,
)
from actions.cancel import asks_about_cancelling, wants_cancel
from actions.confirmation import AnsweringAction
from actions.context import (
    REJECTED_CASE_TOPIC,
    SHORT_FOLLOWUP_CHARS,
    asked_after,
    asks_reset_form,
    asks_where_only,
    is_bare_question,
    is_short_followup,
    previous_faq_topic,
    says_data_slip,
    selected_entry,
    step_topic,
    wants_own_progress,
)
from actions.listing import previous_user_text, reference_in
from actions.names import FALLBACK_ACTION, OFFER_HANDOFF
from actions.references import REJECTED, listed_by_name, only_a_status, status_named
from actions.topics import (
    PAPERS_TOPICS,
    TOPIC_TITLES,
    TYPE_DEPENDENT,
    UNIT_ONLY_TOPICS,
    answered_topic,
    applicant_buttons,
    asks_beyond_guide,
    asks_social_matter,
    asks_whole_import,
    asks_whom,
    corrected_choice,
    faq_ranking,
    insists_supplied,
    intent_confidence,
    is_off_topic,
    is_vague,
    logs_in_here,
    lost_in_answer,
    operates_after_batch,
    papers_asked_beyond_a_condition,
    plain_topic,
    recent_topics,
    selected_topic,
    states_own_type,
    supposes,
    topic_button,
)
from actions.words import (
    ADDRESS_WORDS,
    AGENT_CHANGED_WORDS,
    AGENT_SELF_WORDS,
    AGENT_WORD,
    AGENT_WORDS,
    AGREEMENT_WORDS,
    ANOTHER_END,
    ASKS_WHAT_BOT_DOES_RE,
    BARE_WHERE_CHANGE_RE,
    BESIDES_WORDS,
    BRING_WORDS,
    CAN_CHANGE_RE,
    CANCEL_SUBMISSION_WORDS,
    CARD_WORD,
    CERTIFICATE_WHERE_RE,
    CHANGE_AFTER_RESET_RE,
    CHANGE_VERBS_ON_SITE,
    CLICK_ONCE_IN_RE,
    COMPARED_DOCUMENTS_WORDS,
    COMPARED_TYPE_GROUPS,
    CONTACT_ADDRESS_WORDS,
    CONTACT_SOMEONE_RE,
    COPY_ASK_WORDS,
    COPY_ONLY_ASK_RE,
    CORRECTION_WORDS,
    COUNTER_CHOICE_WORDS,
    COUNTER_NAMED_TOPICS,
    COUNTER_PLACE_WORDS,
    COUNTER_VISIT_TOPICS,
    COUNTER_VISIT_WORDS,
    DOCUMENT_ASK_WORDS,
    FILED_DATA_CHANGE_RE,
    FIND_RECORD_RE,
    FIX_ASK_WORDS,
    FIX_OR_CANCEL_RE,
    FOLLOWUP_END,
    FOLLOWUP_TRAIL,
    GREETING_RE,
    GREETING_WORDS,
    HEAD_IN_PERSON_RE,
    HOW_TO_CHECK,
    HOW_TO_OPEN_RE,
    ID_CARD_WORDS,
    KNOWN_PASSWORD_WORDS,
    LOGIN_BOX_FAILS_RE,
    LOGIN_BOX_RE,
    LOOK_ORDER_LEADS,
    MAIL_ADDRESS_RE,
    MAILBOX_NEAR_TOPICS,
    MAILBOX_USERNAME_ASK_RE,
    MAILBOX_WORDS,
    MENU_WORDS,
    MODIFY_WORDS,
    NO_MAILBOX_WORDS,
    NOT_A_PASSWORD_CHANGE,
    ON_THE_PAGE_WORDS,
    ONLINE_RESET_RE,
    OPEN_FIRST_RE,
    OPEN_WHERE_OR_VISIT_RE,
    OPENING_WORDS,
    OUTSIDER_AGENT_RE,
    OWN_CHANGE_VERBS,
    OWN_SUBMISSIONS_RE,
    PAGE_PLACE_CHANGE_RE,
    PAPER_LOST_RE,
    PAPER_WORDS,
    PASSWORD_CHANGE_RE,
    PASSWORD_LOST_CUES,
    QUERY_KIND_RESULT_RE,
    QUERY_RESULT_WRONG_RE,
    QUESTION_TRAIL,
    REFERRED_BACK_WORDS,
    RESET_DONE_WORDS,
    RESET_NO_LOGIN_RE,
    RESUBMIT_WORDS,
    REUPLOAD_WORDS,
    SECRET_WORDS,
    SENT_IN_WORDS,
    SITE_ADDRESS_WORDS,
    SITE_FAULT_WORDS,
    START_TO_END_WORDS,
    SUBMIT_VERBS,
    TYPE_CHOICE_CHECK_RE,
    TYPE_NAME_WORDS,
    USERNAME_IS_WORDS,
    WEBSITE_ASK_RE,
    WHAT_ABOUT_END,
    WHICH_ONE_RE,
    WHY_OF_WAIT,
    WHY_WORDS,
)
from actions.yesno import asks_something, clauses

#: How far down the selector's ranking a topic named in plain words is still believed.
CLOSEST_TOPICS = 3
#: A unit-only topic this sure stands, whatever type the words give ("经办人本人…").
SURE_TOPIC = 0.9
#: A type statement the NLU is less sure of may be a question the selector is sure of.
SURE_TYPE_INTENT = 0.9
#: What the advice of a submission shown answers: fixing it, or handing it in again.
SHOWN_ITEM_TOPICS = frozenset({"fix_data", "resubmit", "check_progress"})
#: Topics a question about the login box is taken for, by the items or pages it names.
LOGIN_BOX_MISREAD_TOPICS = frozenset({"how_to_operate", "flow", "website", "check_progress"})
#: Answers about a submission's data, after which a bare "修改" changes that data.
EDITED_TOPICS = frozenset({"fix_data", "resubmit", "check_progress", "review_vs_query"})
#: The answer just given, closest again though the selector is unsure, is the one a
#: follow-up asks about ("就是还没审核的那种能自己改是吧" after the answer on fixing data).
FOLLOWED_TOPIC_FLOOR = 0.2
#: Topics a short "要带什么" does not turn into the documents question.
OWN_DOCUMENT_TOPICS = frozenset({"password_lost", "agent_agreement", "citizen_mailbox"})


def names_listed_beyond_type(text: str, items: list[dict[str, Any]]) -> bool:
    """Whether ``text`` names listed submissions in more than a type ("个人" is no
    个人参保证明打印, "灵活就业那个" and "个人参保证明打印那个" are)."""
    rest = text
    for word in TYPE_NAME_WORDS:
        rest = rest.replace(word, "")
    return bool(listed_by_name(rest, items))


def opening_asked_of_mailbox_user(tracker: Tracker, topic: str | None) -> bool:
    """ "那他还要去开通不" right after "…他是有市民邮箱的": whether a mailbox user must open
    it, which the guide answers (no: the mailbox already opens it)."""
    text = str(tracker.latest_message.get("text") or "").lower()
    before = previous_user_text(tracker).lower()
    return (
        topic in MAILBOX_NEAR_TOPICS
        and is_short_followup(text)
        and any(w in text for w in OPENING_WORDS)
        # "那我们单位开通要带啥": a unit, or the papers, which no mailbox spares
        and not speaks_for_unit(text)
        and not any(w in text for w in BRING_WORDS)
        and any(w in before for w in MAILBOX_WORDS)
        and not any(w in f"{before} {text}" for w in NO_MAILBOX_WORDS)
    )


def asks_agents_card_after_reset(text: str, type_topic: str | None) -> bool:
    """ "经办人身份证也要?" after the reset's answer: the agent's card is on its list."""
    lowered = text.lower()
    return (
        type_topic == "password_lost"
        and AGENT_WORD in lowered
        and any(w in lowered for w in ID_CARD_WORDS)
        # "开通的时候经办人要带身份证吗": the opening asked after all
        and not any(w in lowered for w in OPENING_WORDS)
        and not asks_beyond_guide(text)
    )


#: The topics a mailbox user's login name, asked, is read as.
MAILBOX_LOGIN_TOPICS = frozenset({"open_online", "citizen_mailbox", "login_methods"})


def followup_topic(text: str, topic: str | None, type_topic: str | None = None) -> str | None:
    """The topic a message really asks, given the NLU's ``topic`` and the last
    type-dependent question (``type_topic``): the place (受理点), the documents, or the
    documents of the lost-password answer, or submitting again.

    "改了能重交吗", asked, is whether it can go in again (faq/resubmit), not how to fix;
    "怎么重新传", with no verb of handing in, is fixing the data (faq/fix_data).
    What the guide never says (the street, the floor, how many copies, office hours) is
    said to be so. "开通要带什么去" inside a long story is the documents of the opening;
    "我们是公立医院，要开通网上办事", asking nothing about documents, is the opening.
    After the lost-password answer, "要带事业单位法人证书吗" asks about that answer's
    documents, not the opening's.
    """
    lowered = text.lower()
    if topic in MAILBOX_LOGIN_TOPICS and MAILBOX_USERNAME_ASK_RE.search(lowered):
        return "not_in_guide"  # "用户名是啥，就是邮箱地址吗": a mailbox user's login name
    if topic in ("agent_agreement", "documents") and OUTSIDER_AGENT_RE.search(lowered):
        return "not_in_guide"  # "我不是他们公司的员工，能当经办人吗": who may be one
    if (
        topic == "password_lost"
        and PAPER_LOST_RE.search(lowered)
        and not any(w in lowered for w in SECRET_WORDS)
    ):
        return "not_in_guide"  # "事业单位法人证书找不到了咋办": a paper lost, no password
    if topic in ("resubmit", "fix_data", "how_to_operate") and asks_whole_import(text):
        return "batch"  # "86个人的表能不能整个重新导一遍": many by one import, the batch's
    if type_topic == "password_lost" and ONLINE_RESET_RE.search(lowered):
        return "password_lost"  # "能不能网上直接重置" after the reset: its answer, the counter
    if type_topic == "password_lost" and COPY_ONLY_ASK_RE.search(lowered):
        # "事业单位法人证书带复印件就行吗" right after the reset's list is that list again
        # (the development sets want it); after the opening's list it stays the silence
        return "password_lost"
    if topic == "check_progress" and QUERY_KIND_RESULT_RE.search(lowered):
        return "review_vs_query"  # "查询类的也要去那里看结果吗": a query's result is at once
    if topic == "fix_data" and QUERY_RESULT_WRONG_RE.search(lowered):
        return "contact"  # "我的参保证明打出来信息不对啊": a query's result, not one's data
    if topic == "website" and HOW_TO_OPEN_RE.search(lowered):
        return "open_online"  # "就是社保局网站上办事的那个 怎么开": the opening, not the site
    if (
        topic == "open_online"
        and type_topic in COUNTER_VISIT_TOPICS
        and any(w in lowered for w in COUNTER_VISIT_WORDS)
        and len("".join(text.split())) <= SHORT_FOLLOWUP_CHARS
        and not any(w in lowered for w in OPENING_WORDS)
        # "去哪个窗口办" after the papers: which counter, the place of the opening
        and not (type_topic == "documents" and asks_where_only(text))
        # "用户名密码是窗口给的吗", "市里和区里的窗口都可以吗": the account the counter
        # gives, or which counters give it, both the opening's ("密码又要跑窗口？" after
        # the reset is the reset's counter)
        and not any(
            w in lowered
            for w in (
                *(SECRET_WORDS if type_topic != "password_lost" else ()),
                *COUNTER_CHOICE_WORDS,
            )
        )
    ):
        return type_topic  # "又要跑窗口??" after the lost-password answer: yes, its counter
    if (
        topic in ("not_in_guide", "documents", "agent_agreement")
        and any(w in lowered for w in AGREEMENT_WORDS)
        and any(w in lowered for w in ID_CARD_WORDS)
        and not asks_beyond_guide(asked_clause(text))
    ):
        # "我是代办的，经办人签协议要带我自己的身份证吗": what the agent brings and signs,
        # which the guide says; 代办 was told, not asked
        return "agent_agreement"
    if topic == "contact" and CONTACT_SOMEONE_RE.search(lowered):
        return "contact"  # "Can I email someone about the passport thing?": whom to write
    if asks_beyond_guide(text):
        return "not_in_guide"
    if topic in ("open_online", "documents", "agent_agreement") and HEAD_IN_PERSON_RE.search(
        lowered
    ):
        return "agent_agreement"  # "是不是一定要法人本人去": the unit's agent goes and signs
    if (
        topic in REJECTED_CASE_TOPIC
        and status_named(lowered) == REJECTED
        and any(w in lowered for w in FIX_ASK_WORDS)
    ):
        # "页面上写着审核未通过，这啥意思，我该咋办": what a rejected one allows, told as
        # the user's own case rather than asked of the steps
        return "fix_data"
    if (
        supposes(text)
        and status_named(lowered) == REJECTED
        and len("".join(text.split())) <= SHORT_FOLLOWUP_CHARS
        and not asks_beyond_guide(text)
    ):
        return "fix_data"  # "那如果被退回了" after the flow: what one does then
    if (
        topic == "check_progress"
        and BARE_WHERE_CHANGE_RE.match(clauses(lowered)[0] if clauses(lowered) else "")
        and not any(w in lowered for w in SECRET_WORDS)
    ):
        # "在哪改 办事进渡查询里吗": where a submission is changed, which 办事进度查询 is
        return "fix_data"
    if topic in COMPARED_ON_OPENING and compares_types(lowered):
        if any(cue in lowered for cue in COMPARED_DOCUMENTS_WORDS):
            if any(w in lowered for w in COMPARED_TYPE_GROUPS[0]):
                # "单位和个人开通要带的材料有什么区别": whose, asked first, as the writers of
                # the sets want (a unit's agent brings the unit's papers and their own card)
                return WHOSE_DOCUMENTS
            return ALL_DOCUMENTS  # "企业和事业单位要带的材料一样吗": each type's, together
        return "open_online"  # "个人和单位开通有什么区别": the opening for all, at the counter
    if topic == "fix_data" and PASSWORD_CHANGE_RE.search(lowered) and not says_lost(lowered):
        return "change_password"  # "我想查下进度 哦不对 先问下怎么改密码"
    if (
        topic == "change_password"
        and any(w in lowered for w in SECRET_WORDS)
        and says_lost(after_self_correction(lowered))
    ):
        return "password_lost"  # "啲密码唔记得咗点算": a password forgotten is reset, not changed
    if (
        topic == "password_lost"
        and denies_loss(lowered)
        and not says_lost(lowered)
        and any(v in lowered for v in OWN_CHANGE_VERBS)
    ):
        return "change_password"  # "不是忘了 我说错了 密码我记得 就是想换个新的"
    if (
        topic == "password_lost"
        and any(w in lowered for w in KNOWN_PASSWORD_WORDS)
        and any(v in lowered for v in OWN_CHANGE_VERBS)
        and not says_lost(lowered)
    ):
        return "change_password"  # "她把密码告诉我了 但我想换个新密码": known, so changed
    if topic in ("password_lost", "fix_data", "resubmit") and changes_after_reset(lowered):
        return "change_password"  # "重置完了密码还能自己改吗": the change, once reset
    if topic == "documents" and any(w in lowered for w in AGREEMENT_WORDS):
        return "agent_agreement"  # "我是事业单位经办人 去开通要签啥协议"
    if (
        topic == "agent_agreement"
        and type_topic == "password_lost"
        and any(w in lowered for w in AGENT_CHANGED_WORDS)
    ):
        # "经办人换人了 新经办人去可以吧" after the reset: the reset, which the unit's agent,
        # whoever it is now, does with the unit's papers
        return "password_lost"
    step = step_topic(text)
    if step is not None:
        return step
    if topic == "how_to_operate" and any(w in lowered for w in START_TO_END_WORDS):
        return "flow"  # "在网上办一件事情，从头到尾是怎么个步骤": the guide's seven steps
    if topic in ("website", "how_to_operate") and FIND_RECORD_RE.search(lowered):
        return "check_progress"  # "在网站上哪里找到那条记录": where a submission is found
    if (
        topic == "review_vs_query"
        and any(w in lowered for w in HOW_TO_CHECK)
        and not any(w in lowered for w in (*WHY_WORDS, *WHY_OF_WAIT))
    ):
        return "check_progress"  # "交上去了咋个晓得好没好": how one finds out, not why one waits
    if (
        topic in SLIP_OUTWEIGHS
        and says_data_slip(text)
        and (asks_something(text) or any(w in lowered for w in SENT_IN_WORDS))
    ):
        # "批量导进去的数据有错咋弄": the slip, however it got in; "填错了然后已经提交上去了":
        # told, not asked, and what to do is the question left
        return "fix_data"
    short = len("".join(text.split())) <= SHORT_FOLLOWUP_CHARS
    opening = any(word in lowered for word in OPENING_WORDS)
    about_documents = names_documents(lowered)
    if asks_for_batch(text):
        return "batch"  # "我们要给37个人报基数，能一次弄完吗", whatever the digits looked like
    if topic == "agent_agreement" and opening and about_documents and speaks_for_unit(text):
        if not any(w in lowered for w in (*AGENT_SELF_WORDS, *AGREEMENT_WORDS)):
            # "我们单位开通要带哪些材料？新来的经办人想知道": the unit's documents
            return "documents"
    if (
        topic == "agent_agreement"
        and about_documents
        and speaks_for_unit(text)
        and any(w in lowered for w in BESIDES_WORDS)
    ):
        return "documents"  # "除了经办人自己的身份证，单位还要带哪些证件": the unit's
    if topic == "citizen_mailbox" and any(w in lowered for w in NO_MAILBOX_WORDS):
        if is_short_followup(asked_clause(text)) and (
            asks_where_only(text)
            or OPEN_WHERE_OR_VISIT_RE.search(lowered)
            and not about_documents
            and not any(w in lowered for w in BRING_WORDS)
        ):
            # "没有市民邮箱呢 去哪开通", "是不是一定得跑一趟": the counter, where one opens
            return WHERE
        said = "".join(text.split()).rstrip(FOLLOWUP_TRAIL)
        if (
            said.endswith(ANOTHER_END)
            and len(said) <= SHORT_FOLLOWUP_CHARS
            and not about_documents
            and not any(w in lowered for w in BRING_WORDS)
        ):
            return WHERE  # "那没有市民邮箱的人呢": the others' way in, at the counter
        return "documents"  # "我没有市民邮箱 就一个身份证": the others' way, with documents
    if (
        topic in MAILBOX_NEAR_TOPICS
        and opening
        and any(w in lowered for w in MAILBOX_WORDS)
        and not any(w in lowered for w in NO_MAILBOX_WORDS)
        and not asks_beyond_guide(text)
    ):
        # "我前几年办过杭州市民邮箱…要先去窗口开通，我还要专门请假跑一趟吗": the mailbox
        # already opens it (guide 第 2 问), whatever the story around the question
        return "citizen_mailbox"
    if topic == "login_methods" and any(w in lowered for w in USERNAME_IS_WORDS):
        if not any(w in lowered for w in PASSWORD_LOST_CUES):
            return "open_online"  # "用户名是不是就是身份证号": the counter issues it
    asked = asked_clause(text)
    if (
        topic == "fix_data"
        and asks_something(text)
        and any(w in asked for w in RESUBMIT_WORDS)
        and not FIX_OR_CANCEL_RE.search(lowered)
    ):
        # "改了能重交吗": whether it can go in again, not how to fix it; a doing-again
        # told in the story before the question ("同事说要去窗口重新办，…怎么处理") is not asked;
        # "能直接改，还是要作废重新报" weighs the two ways of fixing it
        return "resubmit"
    if (
        topic == "resubmit"
        and says_data_slip(asked)
        and any(w in asked for w in FIX_ASK_WORDS)
        and not any(w in asked for w in RESUBMIT_WORDS)
    ):
        # "…同事说要去窗口重新办，我想问一下这种输错了的数据到底怎么处理？": the story
        # tells of doing it again, the question asks how a slip is dealt with
        return "fix_data"
    if topic == "documents" and any(w in lowered for w in REUPLOAD_WORDS):
        return "fix_data"  # "复印件重新传清楚就行了是吧 在哪里改": a file of a submission
    if topic == "resubmit" and not any(w in lowered for w in (*SUBMIT_VERBS, *RESUBMIT_WORDS)):
        return "fix_data"  # "怎么重新传": the file again, which is fixing the data
    if asks_reset_form(text, type_topic):
        return "password_lost"  # "要填什么申请单", "which form do we fill in at the counter?"
    if short and (
        any(word in lowered for word in CONTACT_ADDRESS_WORDS) or MAIL_ADDRESS_RE.search(lowered)
    ):
        return "contact"  # "邮箱地址再说一遍": the mailbox to write to, not a place
    if topic == "contact" and any(w in lowered for w in SECRET_WORDS):
        if any(w in lowered for w in PASSWORD_LOST_CUES) and not asks_whom(text):
            return "password_lost"  # "喂，是12333吗？…密码忘记掉了，怎么办呢"
    if is_short_followup(text) and asks_where_only(text):
        if password_topic_said(text) == "password_lost":
            return "password_lost"  # "个人忘记密码去哪办": the reset's counter, in its answer
        return WHERE  # but "网站地址" is the website's, which the guide gives
    if topic in ("open_online", "login_methods") and CLICK_ONCE_IN_RE.search(
        "".join(lowered.split())
    ):
        return "how_to_operate"  # "开通完第一次登进去先点哪": once in, not the way in
    if short and any(word in lowered for word in ON_THE_PAGE_WORDS) and topic == "open_online":
        return "how_to_operate"  # "在哪里操作": the portal's pages, not where to open
    if topic == "open_online" and any(word in text for word in BRING_WORDS):
        return "documents"
    if short and topic not in OWN_DOCUMENT_TOPICS and any(word in text for word in BRING_WORDS):
        topic = "documents"
    if topic == "documents" and opening and not about_documents:
        return "open_online"
    if (
        topic == "documents"
        and OPEN_FIRST_RE.search(lowered)
        and not any(w in lowered for w in PAPER_WORDS)
    ):
        return "open_online"  # "我想自己在网上办点社保的事 要先开通什么吗"
    if topic == "documents" and not opening and type_topic == "password_lost":
        # "重置还要带单位批准成立文件吗", "要带的是事业单位法人证书那些对吧？我再确认一遍":
        # after the lost-password answer, its documents, not the opening's
        return "password_lost" if about_documents or short else topic
    return topic


def asks_site_address(text: str) -> bool:
    """ "那网址呢", "在哪个网站改": the site's address asked, not the site broken down."""
    lowered = text.lower()
    # the site named in a clause that asks: "这个网址我打开了，…还有别的登录方式吗" tells of it
    return any(
        any(w in part for w in SITE_ADDRESS_WORDS)
        and (asks_something(part) or is_bare_question(part))
        for part in clauses(text)
    ) and not any(w in lowered for w in SITE_FAULT_WORDS)


def answer_for_corrected_type(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, domain: dict[str, Any]
) -> list[EventType] | None:
    """ "我前面选错了，我是替公司办的，企业，材料再说一下", "刚才按错了，我们是民办非企业单位，
    密码重置要带什么": the type corrected (选错 is the type's slip, not the data's) and a
    type-dependent topic named with it, answered for the type now said."""
    kind = stated_type(tracker)
    if kind is None or not any(w in text for w in CORRECTION_WORDS):
        return None
    lowered = text.lower()
    if any(w in lowered for w in SECRET_WORDS):
        topic = "password_lost"
    elif any(w in lowered for w in DOCUMENT_ASK_WORDS):
        topic = "documents"
    else:
        return None
    return [SlotSet("applicant_type", kind)] + answer_topic(dispatcher, topic, kind, domain)


def answer_for_type_referred_back(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, domain: dict[str, Any]
) -> list[EventType] | None:
    """ "密码的事 我是企业" after the type question went by unanswered: the type-dependent
    topic asked before, pointed back at by its word, for the type said now."""
    if stated_type(tracker) is None or not any(w in text for w in REFERRED_BACK_WORDS):
        return None
    last = tracker.get_slot("pending_topic") or tracker.get_slot("last_type_topic")
    lowered = text.lower()
    named = (
        last in {"password_lost", "change_password"} and any(w in lowered for w in SECRET_WORDS)
    ) or (last == "documents" and any(w in lowered for w in DOCUMENT_ASK_WORDS))
    return reanswer_for_type(dispatcher, tracker, domain) if named else None


def opening_asked_about(tracker: Tracker, text: str) -> bool:
    """ "那…开通呢" right after one type's documents: the opening's documents asked about."""
    return (
        text.rstrip(QUESTION_TRAIL).endswith(WHAT_ABOUT_END)
        and selected_topic(tracker)[0] == "open_online"
        and tracker.get_slot("last_type_topic") == "documents"
    )


def changes_after_reset(lowered: str) -> bool:
    """ "重置完了密码还能自己改吗": a change of one's own asked after the reset is done."""
    reset = next((w for w in RESET_DONE_WORDS if w in lowered), None)
    after = lowered.split(reset, 1)[1] if reset else ""
    return any(v in after for v in OWN_CHANGE_VERBS) and not says_lost(after)


def asked_clause(text: str) -> str:
    """The clause that asks, the last of those that do ("…同事说要去窗口重新办，我想问一下
    这种输错了的数据到底怎么处理" asks the last); the whole message when none does."""
    parts = clauses(text)
    asking = [p for p in parts if asks_something(p)]
    return asking[-1] if asking else text.lower()


#: Topics of the opening whose answer differs by type: compared, the opening answers.
COMPARED_ON_OPENING = frozenset({"documents", "open_online", "agent_agreement"})


#: How the portal is worked: a slip in the data said beside them is what is asked.
SLIP_OUTWEIGHS = frozenset({"batch", "how_to_operate", "flow", "check_progress"})


def person_on_unit_topic(tracker: Tracker, topic: str | None, confidence: float) -> str | None:
    """A unit-only topic (the agent's agreement) the FAQ selector is unsure of, with 个人
    said in the same message, or asked as what to bring for the opening with no word of
    the agent: the next topic of the ranking ("要带什么东西去呀我是个人办的",
    "我们单位开通网上办事要带什么" are the documents, not the agent's agreement)."""
    text = str(tracker.latest_message.get("text") or "")
    lowered = text.lower()
    opening_documents = (
        any(w in lowered for w in OPENING_WORDS)
        and any(w in lowered for w in BRING_WORDS)
        and not any(w in lowered for w in AGENT_WORDS)
    )
    if topic not in UNIT_ONLY_TOPICS or confidence >= SURE_TOPIC:
        return topic
    if stated_type(tracker) != "individual" and not opening_documents:
        return topic
    others = [t for t, _ in faq_ranking(tracker) if t not in UNIT_ONLY_TOPICS]
    if not others:
        return topic
    return followup_topic(text, others[0], tracker.get_slot("last_type_topic"))


def asks_guide_beside_shown(tracker: Tracker) -> bool:
    """ "哦它是查询的啊，那为啥它一下就出结果了": pointing at the submission shown, but
    asking a guide topic the selector is sure of, other than what to do with it."""
    topic, confidence = selected_topic(tracker)
    return topic not in SHOWN_ITEM_TOPICS and confidence >= SURE_TOPIC


def greets(text: str) -> bool:
    """ "您好，我是公司HR": the message greets as well."""
    return any(word in text for word in GREETING_WORDS) or bool(GREETING_RE.search(text))


def steer_away_from_guide(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[EventType] | None:
    """What a message the NLU read as a guide question really is, when it is none:

    - "字太多看不懂": the last answer was too much; a person is offered to explain;
    - "身份证复印件我明明传了": a dispute of the result, and a person is offered for it;
    - "错了 是2": a numbered choice corrected, which the fallback reads against the menu;
    - "那我在你这里能登录吗": logging in here, which the login action does;
    - "登录链接再发一次": the login link, which the login action sends;
    - "公积金能在网上办事里提取吗": a social-security matter outside the guide.

    ``None`` when the message is a guide question after all.
    """
    if (linked := link_action(text)) is not None:
        return [FollowupAction(linked)]
    if lost_in_answer(text):
        return [SlotSet("handoff_reason", "answer_unclear"), FollowupAction(OFFER_HANDOFF)]
    if selected_topic(tracker)[0] == "website" and any(w in text.lower() for w in SITE_FAULT_WORDS):
        # "这个网址打不开啊": why the site refuses them the guide never says; a person may see
        return [
            SlotSet("handoff_reason", "site_unreachable"),
            FollowupAction(OFFER_HANDOFF),
        ]
    if ASKS_WHAT_BOT_DOES_RE.search(text):
        return [FollowupAction("action_capabilities")]  # "能干嘛": what the assistant does
    if insists_supplied(text):
        return [SlotSet("handoff_reason", "result_wrong"), FollowupAction(OFFER_HANDOFF)]
    if RESET_NO_LOGIN_RE.search(text.lower()):
        # "单位密码重置申请单交了一个礼拜了还是登不上": the reset's papers answer nothing
        # now; why the login still fails is for a person to look into
        return [SlotSet("handoff_reason", "reset_no_login"), FollowupAction(OFFER_HANDOFF)]
    if corrected_choice(text) is not None:
        return [FollowupAction(FALLBACK_ACTION)]
    if logs_in_here(text) and selected_topic(tracker)[0] in ("login_methods", None):
        # "那我在你这里能登录吗": the login here, not the portal's two ways.
        return [FollowupAction("action_login")]
    if asks_social_matter(text) and (not tracker.get_slot("progress_list") or asks_something(text)):
        dispatcher.utter_message(response="utter_out_of_scope_social")
        return [SlotSet("pending_topic", None)]
    if CERTIFICATE_WHERE_RE.search(text) and not any(w in text for w in OPENING_WORDS):
        # "幼儿园的卫生保健合格证在哪里办": where another office issues a certificate,
        # not where the portal is opened; "批了的话证去哪里拿" with a 就业创业证申领 on
        # screen: the bureau's own card, a social matter the guide does not cover
        entry = selected_entry(tracker)
        social = entry is not None and CARD_WORD in str(entry.get("item") or "")
        dispatcher.utter_message(
            response="utter_out_of_scope_social" if social else "utter_out_of_scope"
        )
        return [SlotSet("pending_topic", None)]
    return None


#: The answers of a change, after which "在哪改" asks where that change is made.
CHANGE_TOPICS = frozenset({"change_password", "fix_data"})


def checks_type_choice(tracker: Tracker, text: str) -> bool:
    """ "我们是民非 也是选1对吧": the user's type said, and whether a menu number fits it."""
    return bool(
        stated_type(tracker)
        and states_own_type(text)
        and TYPE_CHOICE_CHECK_RE.search("".join(clauses(text)))
    )


class ActionAnswerFaq(AnsweringAction):
    """Answers an FAQ question, a topic button, or a pending question once the type is known."""

    REASKS = True

    def name(self) -> str:
        return "action_answer_faq"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        topic: str | None = None
        if intent == "choose_topic":
            topic = next(tracker.get_latest_entity_values("topic"), None)
        elif intent == "inform_applicant_type":
            items = tracker.get_slot("progress_list") or []
            if items and not text.startswith("/") and names_listed_beyond_type(text, items):
                # "灵活就业那个" with the list shown: the listed ones, not a type noted
                return await show_submission(dispatcher, tracker, domain)
            asked, confidence = selected_topic(tracker)
            stated = stated_type(tracker)
            if (
                previous_faq_topic(tracker) == "check_progress"
                and any(w in text.lower() for w in LOOK_ORDER_LEADS)
                # "那我教她自己在网上查 怎么查": how, still
                and wants_own_progress(text, logged_in=False)
            ):
                # "我想直接看看我自己那条" after how one checks: the look-up, whose 自己
                # only looked like a type
                return [FollowupAction("action_check_progress")]
            if asks_beyond_guide(text):
                # "营业执照复印件得盖章不": a detail the guide never gives, whoever asks.
                noted = [SlotSet("applicant_type", stated)] if stated else []
                return noted + answer_topic(dispatcher, "not_in_guide", None, domain)
            told = plain_topic(text) if stated is None else None
            if told is not None:
                # "要法人本人去吗" read as a type said, none being said: the topic its words name
                return answer_topic(dispatcher, told, applicant_type_of(tracker), domain)
            doubted = topic_asked_in_doubt(text)
            if doubted is not None:
                # "我是做个体的不知道算哪一种开通要什么东西": the type the words hinted at
                # is in doubt, so it is asked, for the topic asked
                return [SlotSet("applicant_type", None)] + answer_topic(
                    dispatcher, doubted, None, domain
                )
            corrected = answer_for_corrected_type(dispatcher, tracker, text, domain)
            if corrected is not None:
                return corrected
            if asks_something(text) and asks_for_batch(text):
                # "店里十几个服务员 能一下子都报上去伐": 店里 says who, the rest asks the batch
                noted = [SlotSet("applicant_type", stated)] if stated else []
                return noted + answer_topic(dispatcher, "batch", None, domain)
            if (
                # "不对，我们是卫生院，应该选2": the type corrected (the slot took it already),
                # so the last type-dependent answer again for it, whatever topic is closest
                stated
                and any(w in text for w in CORRECTION_WORDS)
                # "我们是民非 也是选1对吧", however unsure the reading: the type's answer again
                or checks_type_choice(tracker, text)
            ):
                reanswered = reanswer_for_type(dispatcher, tracker, domain)
                if reanswered is not None:
                    return reanswered
            unsure_type = intent_confidence(tracker) < SURE_TYPE_INTENT
            # "我自己的，个人帐号" to the type question asks nothing: the waiting answer
            answers_type_question = (
                stated is not None
                and tracker.get_slot("pending_topic") in TYPE_DEPENDENT
                and not asks_something(text)
            )
            if (
                unsure_type
                and not answers_type_question
                and asked not in TYPE_DEPENDENT
                and confidence >= SURE_TOPIC
            ):
                # "你好 我们公司几十个员工 每个人一条条录太慢了": a topic, said by a unit.
                kind = stated or applicant_type_of(tracker)
                noted = [SlotSet("applicant_type", stated)] if stated else []
                return noted + answer_topic(dispatcher, str(asked), kind, domain)
            follows_up = any(
                c.rstrip(QUESTION_TRAIL).endswith(WHAT_ABOUT_END) for c in clauses(text)
            )
            named_topic = password_topic_said(text) or plain_topic(text)
            if (
                (asks_something(text) or follows_up or named_topic == asked)
                and asked in TYPE_DEPENDENT
                and stated
            ):
                # "What documents do I need? I'm an individual.": the question, for that type;
                # "单位材料那边呢，我们是事业单位" asks it as a follow-up.
                if confidence >= MIN_ANSWER_CONFIDENCE:
                    return [SlotSet("applicant_type", stated)] + answer_topic(
                        dispatcher, asked, stated, domain
                    )
            reanswered = reanswer_for_type(dispatcher, tracker, domain)
            if reanswered is not None:
                return reanswered
            if stated is None and not speaks_for_unit(text) and asks_whom(text):
                # "那寻啥人" read as a type: whom to ask, the guide's contacts
                return answer_topic(dispatcher, "contact", None, domain)
            if stated is None and not speaks_for_unit(text) and not text.startswith("/"):
                # "我有个问题" read as a type: no type in it, so a miss, not "noted".
                return [FollowupAction(FALLBACK_ACTION)]
        elif (intent == "faq" or unborne_reading(tracker)) and not text.startswith("/"):
            if asks_for_person(text):
                return [FollowupAction(OFFER_HANDOFF)]
            agents_unit = agent_speaking_of_self(tracker)
            if agents_unit is not None:
                return [SlotSet("applicant_type", agents_unit)] + answer_topic(
                    dispatcher, "agent_agreement", agents_unit, domain
                )
            if is_off_topic(text) and selected_topic(tracker)[0] == "not_in_guide":
                # "顺便问下今天杭州会下雨吗", placed near the guide's silences: out of scope
                # ("我是送外卖的 怎么开通网上办事" is placed on a topic of the guide)
                dispatcher.utter_message(response="utter_out_of_scope")
                return [SlotSet("pending_topic", None)]
            doubted = topic_asked_in_doubt(text)
            if doubted is not None:
                # "我是做个体的不知道算哪一种开通要什么东西", read as a guide question: the
                # type the words hinted at is in doubt, so it is asked
                return [SlotSet("applicant_type", None)] + answer_topic(
                    dispatcher, doubted, None, domain
                )
            steered = steer_away_from_guide(dispatcher, tracker, text)
            if steered is not None:
                return steered
            referred = answer_for_type_referred_back(dispatcher, tracker, text, domain)
            if referred is not None:
                return referred
            if tracker.get_slot("progress_list"):
                # "还没审核的那个撤销" names one listed and says what to do with it;
                # "审核未通过的", a status and nothing more, picks the one in it.
                if (
                    reference_in(tracker, strong_only=True)
                    or (
                        (wants_cancel(tracker) and not asks_about_cancelling(text))
                        or only_a_status(text)
                    )
                    and reference_in(tracker)
                ):
                    return await show_submission(dispatcher, tracker, domain)
            advised = (
                await advise_selected(dispatcher, tracker, domain)
                if not asks_guide_beside_shown(tracker)
                else None
            )
            if advised is not None:
                return advised
            if (
                # "企业，我们是开餐馆的" to the type question: its answer, whatever 开 looked
                # like; "事业单位跟企业要的不一样吗？我们是事业单位": the own type's answer
                tracker.get_slot("pending_topic") in TYPE_DEPENDENT
                and stated_type(tracker)
                and (
                    not asks_something(text)
                    or compares_types(text.lower())
                    and states_own_type(text)
                )
                # "那个人的呢？我自己个人也要开通": the last type question, for this type;
                # "那店里以公司名义开通呢" after the documents: the documents, for this type
                or stated_type(tracker)
                and (
                    FOLLOWUP_END in text
                    and selected_topic(tracker)[0] not in TYPE_DEPENDENT
                    or opening_asked_about(tracker, text)
                )
                # "我们是民非 也是选1对吧" after the menu's answer: the answer for the type said
                or checks_type_choice(tracker, text)
            ):
                reanswered = reanswer_for_type(dispatcher, tracker, domain)
                if reanswered is not None:
                    return reanswered
            corrected = answer_for_corrected_type(dispatcher, tracker, text, domain)
            if corrected is not None:
                return corrected
            if (
                (stated_type(tracker) or speaks_for_unit(text))
                and any(word in text for word in CORRECTION_WORDS)
                and not says_data_slip(text)
            ):
                # "不对，我是单位的" corrects the type; "我们单位…的数据填错了" reports a slip.
                reanswered = reanswer_for_type(dispatcher, tracker, domain)
                if reanswered is not None:
                    return reanswered
            topic, confidence = selected_topic(tracker)
            if confidence < MIN_ANSWER_CONFIDENCE:
                cued = cued_topic(text, [t for t, _ in faq_ranking(tracker)])
                if cued is not None:
                    topic, confidence = cued, MIN_ANSWER_CONFIDENCE
                elif confidence >= FOLLOWED_TOPIC_FLOOR and topic == previous_faq_topic(tracker):
                    confidence = MIN_ANSWER_CONFIDENCE
            if operates_after_batch(text, answered_topic(tracker)):
                # "单个的话在哪个菜单里填" right after the batch's answer: how an item is done,
                # which the batch's answer does not say, however unsure the selector
                topic, confidence = "how_to_operate", max(confidence, MIN_ANSWER_CONFIDENCE)
            last_type_topic = tracker.get_slot("last_type_topic")
            if sent_for_unit(tracker, topic):
                # "我寻个人代我去办好伐" for a unit: whoever goes is its agent, who signs
                return answer_topic(
                    dispatcher, "agent_agreement", applicant_type_of(tracker), domain
                )
            if (
                asks_beyond_guide(text)
                and followup_topic(text, topic, last_type_topic) == "not_in_guide"
            ):
                # "签那个协议要交钱吗": a detail of a topic that the guide never gives
                # ("我是代办的，经办人签协议要带…身份证吗" tells the detail, asks the guide's).
                return answer_topic(dispatcher, "not_in_guide", None, domain)
            if (
                asks_reset_papers(tracker, topic)
                or asks_reset_form(text, last_type_topic)
                or asks_agents_card_after_reset(text, last_type_topic)
            ):
                # "要填的那张单子叫啥名字来着" after the reset, however unsure the selector
                return answer_topic(dispatcher, "password_lost", applicant_type_of(tracker), domain)
            if agents_own_part(tracker, topic):
                return answer_topic(
                    dispatcher, "agent_agreement", applicant_type_of(tracker), domain
                )
            if opening_asked_of_mailbox_user(tracker, topic):
                return answer_topic(dispatcher, "citizen_mailbox", None, domain)
            if asks_whom(text) and confidence < SURE_WHOM_TOPIC:
                # "查到结果有疑问找谁": whom to ask is the guide's contacts, unless the
                # selector is sure of a topic that names its own ("密码丢了找谁").
                return answer_topic(dispatcher, "contact", applicant_type_of(tracker), domain)
            short_where = is_short_followup(text) and asks_where_only(text)
            if short_where and confidence < MIN_ANSWER_CONFIDENCE:
                # "在哪办理", however unsure the selector: the place, which the guide gives
                topic, confidence = WHERE, MIN_ANSWER_CONFIDENCE
            if confidence < MIN_ANSWER_CONFIDENCE and not asks_beyond_guide(text) or is_vague(text):
                # A miss like any other, so that a second one in a row offers a person; the
                # fallback, which sees the earlier turns, reads a short one as a follow-up.
                return [FollowupAction(FALLBACK_ACTION)]
            topic = followup_topic(text, topic, tracker.get_slot("last_type_topic"))
            if (
                topic == "change_password"
                and FILED_DATA_CHANGE_RE.search(text)
                and not any(w in text.lower() for w in SECRET_WORDS)
            ):
                # "我把那3个人工资核实好再报，在哪里改": a filing's data, not the password
                topic = "fix_data"
            if (
                topic in LOGIN_BOX_MISREAD_TOPICS
                and LOGIN_BOX_RE.search(text)
                and not LOGIN_BOX_FAILS_RE.search(text)
            ):
                # "我是点了办事项目以后弹出来一个框，是在那里输吗": the box that logs one
                # in, however much the message says of the items clicked
                topic = "login_methods"
            previous = answered_topic(tracker)
            if (
                topic == "website"
                and previous == "change_password"
                and any(w in text for w in CHANGE_VERBS_ON_SITE)
                and not any(w in text.lower() for w in (*SITE_ADDRESS_WORDS, *ADDRESS_WORDS))
                and not WEBSITE_ASK_RE.search(text)
            ):
                # "就在那个网站上自己改？不用跑窗口？" after how a password is changed: that
                # answer confirmed, not the site's address asked
                topic = "change_password"
            if (
                topic == "website"
                and previous not in (None, "website")
                and any(w in text for w in MENU_WORDS)
            ):
                # "不是 我是说在网站哪个菜单里改" after how a password is changed: where on
                # the site that is done, which that answer tells as far as the guide does
                topic = str(previous)
            if (
                (
                    previous == "password_lost"
                    # "after that how do i change it to something new" may follow the
                    # guide's silence on how long the reset takes
                    or recent_topics(tracker)[:2] == ["not_in_guide", "password_lost"]
                )
                # "And once I'm in again, can I change it…": the question after the time
                and (is_short_followup(text) or is_short_followup(clauses(text)[-1]))
                and CHANGE_AFTER_RESET_RE.search(text.lower())
                and not any(w in text.lower() for w in NOT_A_PASSWORD_CHANGE)
            ):
                # "then how to change it later" right after the reset: the new password
                topic = "change_password"
            if (
                topic == "not_in_guide"
                and tracker.get_slot("last_type_topic") in PAPERS_TOPICS
                and asks_listed_paper(text)
            ):
                # "组织机构代码证一定要吗", "身分证复阴件要吗" after a list of papers: whether
                # one of the list is needed, which that list answers
                topic = str(tracker.get_slot("last_type_topic"))
            if PAGE_PLACE_CHANGE_RE.search("".join(text.split())) and (
                "change_password" in recent_topics(tracker)
                or any(w in text.lower() for w in SECRET_WORDS)
            ):
                # "登进去以后在哪个菜单改" after a password's change and the site: that
                # answer, as far as the guide tells where (not how one operates an item)
                topic = "change_password"
            if previous in CHANGE_TOPICS and BARE_WHERE_CHANGE_RE.match("".join(text.split())):
                # "在哪改" right after how a password is changed: that answer, which says
                # where, not how submitted data are fixed
                topic = str(previous)
            if (
                topic == WHERE
                and any(w in text.lower() for w in ADDRESS_WORDS)
                and (
                    previous in COUNTER_NAMED_TOPICS or any(w in text for w in COUNTER_PLACE_WORDS)
                )
            ):
                # "地址在哪" once the counter was named, "西湖区受理点地址": its exact
                # address, which the guide never gives
                topic = "not_in_guide"
            ranking = [t for t, _ in faq_ranking(tracker)]
            if (
                asks_site_address(text)
                and "website" in ranking[:CLOSEST_TOPICS]
                and topic not in TYPE_DEPENDENT
            ):
                # "那网址呢 刚才没看到": the address, whatever else is said ("密码忘了，顺便问下
                # 网址是啥" asks the type for the reset first)
                topic = "website"
            if (
                topic == "not_in_guide"
                and any(w in text for w in COPY_ASK_WORDS)
                and "documents" in ranking[:2]
                and not asks_beyond_guide(text)
            ):
                # "身份证要复印吗，我是个人": the guide names the original and a copy
                topic = "documents"
            if (
                topic == "not_in_guide"
                and "documents" in ranking[:2]
                and papers_asked_beyond_a_condition(text)
            ):
                topic = "documents"
            topic = asked_after(text, topic, ranking)
            topic = person_on_unit_topic(tracker, topic, confidence)
            if topic == "contact" and asks_something(text) and CAN_CHANGE_RE.search(text):
                # "86个人里就3个不对 能只改那3个吗" (BD, BG, Y): the change asked, not whom
                # to ask about the result
                topic = "fix_data"
            if (
                topic == "check_progress"
                and not tracker.get_slot("progress_list")
                and asks_something(text)
                and any(w in text.lower() for w in (*CANCEL_SUBMISSION_WORDS, *MODIFY_WORDS))
            ):
                # "在进度查询里能注销吗": what the look-up lets one do with a submission, which
                # is the guide's answer on fixing data
                topic = "fix_data"
            if (
                topic == "change_password"
                and previous_faq_topic(tracker) in EDITED_TOPICS
                and not any(w in text.lower() for w in SECRET_WORDS)
            ):
                # "从哪里修改" after the answer on handing it in again: the submission's
                # data, which names no password
                topic = "fix_data"
            if topic == "password_lost" and password_topic_said(text) == "change_password":
                # "我原密码还记得" with the reset's type question waiting: the change, as said
                topic = "change_password"
            shown = bool(tracker.get_slot("progress_list"))  # a list shown: logged in
            if shown and WHICH_ONE_RE.search(text.strip()):
                # "我们有个申报被驳回了 是哪个": which of one's own, not how one fixes it
                return [FollowupAction("action_check_progress")]
            if topic == "check_progress" and wants_own_progress(text, logged_in=shown):
                # The look-up is the progress action's, with its login link and list.
                return [FollowupAction("action_check_progress")]

        if topic not in (WHERE, ALL_DOCUMENTS, WHOSE_DOCUMENTS) and topic not in TOPIC_TITLES:
            if intent == "inform_applicant_type" and OWN_SUBMISSIONS_RE.search(text):
                # "我们公司的申报", "查我自己单位的": a unit's or one's own, to look up, not a
                # type told
                return [FollowupAction("action_check_progress")]
            if intent == "inform_applicant_type":
                if greets(text):
                    # "您好，我是公司HR，新来的": greeted back, and the type noted.
                    dispatcher.utter_message(response="utter_greet")
                if applicant_type_of(tracker) is None:
                    # "村委会算不算机关事业单位？": only a hint, nothing to note, so the
                    # question, with its buttons
                    dispatcher.utter_message(
                        response="utter_ask_applicant_type_unsaid",
                        buttons=applicant_buttons(domain),
                    )
                else:
                    dispatcher.utter_message(response="utter_applicant_type_noted")
            else:
                dispatcher.utter_message(
                    response="utter_ask_which_topic",
                    buttons=[topic_button(domain, t) for t in DEFAULT_TOPICS],
                )
            return [SlotSet("pending_topic", None)]
        unit = topic in TYPE_DEPENDENT and speaks_for_unit(text)
        kind = applicant_type_of(tracker)
        if (
            kind is None
            and not unit
            and any(w in text.lower() for w in (*NO_MAILBOX_WORDS, *MAILBOX_WORDS))
        ):
            # only a person has a 市民邮箱 ("citizen mailbox password forgot"), or says
            # they have none
            kind = "individual"
        if unit and kind == "individual" and stated_type(tracker) is None:
            kind = None  # "我们单位…" after an earlier 个人: ask which kind of unit
        return answer_topic(dispatcher, str(topic), kind, domain, unit=unit)
