"""Readings that the development sets DD and DE (and the older sets' failing steps at
stop 54's end) showed missing: a look ordered again, bare."""

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction

from actions.chitchat import ActionThank
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.progress import ActionCheckProgress
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    ("action", "intent", "text", "faq"),
    [
        # DE: "再查一次" read as handing in again
        (ActionAnswerFaq, "faq", "再查一次", [("resubmit", 0.61)]),
        # DD: how it stands, asked bare right after the login asked for it
        (ActionAnswerFaq, "faq", "到哪一步了", [("flow", 0.31)]),
        (ActionFallback, "nlu_fallback", "审完了没", None),
    ],
)
async def test_a_bare_look_right_after_the_login_is_the_look_up(
    institution: Session, action, intent, text, faq
):
    t = institution.tracker(intent, text, shown="utter_login_succeeded", faq=faq)
    _, events, _ = await run(action(), t)
    assert FollowupAction("action_check_progress") in events


async def test_a_look_again_after_a_cancel_is_the_list(nonprofit: Session):
    # DE: "再查一下" after "已注销", read as thanks
    t = nonprofit.tracker("thank", "再查一下", shown="utter_cancelled")
    said, events, _ = await run(ActionThank(), t)
    assert "utter_thank" not in said
    assert FollowupAction("action_check_progress") in events


async def test_a_thanks_after_a_cancel_stays_thanks(nonprofit: Session):
    t = nonprofit.tracker("thank", "谢谢", shown="utter_cancelled")
    said, _, _ = await run(ActionThank(), t)
    assert said == ["utter_thank"]


async def test_how_the_one_on_screen_stands_is_not_the_list(institution: Session):
    # the standing asked bare is the look-up only right after the login
    shown = institution.list_page_1[0]["no"]
    t = institution.tracker(
        "faq", "到哪一步了", shown="utter_submission_detail", selected=shown, faq=[("flow", 0.31)]
    )
    _, events, _ = await run(ActionAnswerFaq(), t)
    assert FollowupAction("action_check_progress") not in events


@pytest.mark.parametrize(
    ("text", "faq", "said"),
    [
        # DE: a district's counter and its address, asked first: the guide gives none
        ("西湖区受理点地址", [("not_in_guide", 1.0)], ["utter_faq/not_in_guide"]),
        # where one goes, asked first, is the counter the guide names
        ("受理点在哪", [("open_online", 0.5)], ["utter_where"]),
    ],
)
async def test_a_counters_address_asked_first_is_the_guides_silence(text, faq, said):
    t = tracker(parse("faq", text=text, faq=faq))
    assert (await responses_of(ActionAnswerFaq(), t))[0] == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # DE: what to do about one's own filing sent back, logged out: the guide's way
        ("我们的申报被打回来了咋整", "utter_faq/fix_data"),
        ("我的申报被退回来了怎么办", "utter_faq/fix_data"),
        # why it was sent back is in its details, which need the login
        ("我们事业单位职业年金基数申报被打回来了 咋回事", "utter_login_link"),
    ],
)
async def test_what_to_do_about_ones_own_filing_sent_back_is_the_guides_way(
    tmp_path: Path, text, said
):
    latest = logged_out(tmp_path, parse("check_my_progress", text=text, faq=[("fix_data", 1.0)]))
    assert (await responses_of(ActionCheckProgress(), tracker(latest)))[0] == [said]


@pytest.mark.parametrize(
    ("text", "said", "looks"),
    [
        # CD: why one's own filing was sent back is in its details: the look-up
        ("我们事业单位职业年金基数申报被打回来了 咋回事", [], True),
        # the rule of a 注销 refused stays the rule
        ("我的申报没通过的为啥不能撤", ["utter_faq/fix_data"], False),
    ],
)
async def test_why_ones_own_filing_was_sent_back_is_looked_up(tmp_path: Path, text, said, looks):
    latest = logged_out(tmp_path, parse("faq", text=text, faq=[("fix_data", 0.89)]))
    answered, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert answered == said
    assert (FollowupAction("action_check_progress") in events) is looks


async def test_a_person_named_bare_after_never_mind_is_asked_for():
    # CB: "算了 人工吧", read as a no, gave up on nothing: a person is wanted
    from actions.followup import ActionFollowup

    t = tracker(parse("deny", text="算了 人工吧"), events=answered("utter_faq/resubmit"))
    said, events = await responses_of(ActionFollowup(), t)
    assert said == []
    assert FollowupAction("action_offer_handoff") in events


async def test_which_may_be_cancelled_asked_after_the_login_is_the_list(institution: Session):
    # CB: "能撤的有哪些", read as what the bot does: the list, whose lines say each status
    from actions.chitchat import ActionCapabilities

    t = institution.tracker("what_can_you_do", "能撤的有哪些", shown="utter_login_succeeded")
    _, events, _ = await run(ActionCapabilities(), t)
    assert FollowupAction("action_check_progress") in events


@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
async def test_the_newest_named_in_english_with_the_list_shown_is_that_one(person: Session, intent):
    # AB: "the newest one", read as beyond the bot
    from actions.fallback import ActionOutOfScope

    action = ActionOutOfScope() if intent == "out_of_scope" else ActionFallback()
    t = person.tracker(intent, "the newest one", shown="utter_progress_list_more")
    said, _, _ = await run(action, t)
    assert said == ["utter_submission_detail"]


async def test_what_to_do_about_a_rejection_in_english_is_the_guides_way():
    # CB: read as a dispute, offered a person
    from actions.handoff import ActionOfferHandoff

    text = "my application was rejected (没通过), what should I do"
    t = tracker(parse("result_wrong", text=text, faq=[("fix_data", 0.5)]))
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_faq/fix_data"]


async def test_a_call_to_12333_planned_takes_the_answer_in():
    # CA: "那我还是打12333问问" after the guide's silence, with no yes before it
    t = tracker(
        parse("nlu_fallback", text="那我还是打12333问问", faq=[("contact", 1.0)]),
        events=answered("utter_faq/not_in_guide"),
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_ack"]


async def test_a_detail_the_guide_never_gives_of_the_one_listed_is_its_silence(mailbox: Session):
    # CA: "这个参保证明打出来要盖章才有效吗" with it on screen, read as an agent's reply
    from actions.tickets import ActionTicketReply

    shown = mailbox.number("个人参保证明打印")
    t = mailbox.tracker(
        "ticket_reply",
        "这个参保证明打出来要盖章才有效吗",
        shown="utter_submission_detail",
        selected=shown,
        faq=[("documents", 0.8)],
    )
    said, _, _ = await run(ActionTicketReply(), t)
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        # DE, BD: where the card a submission asked for is collected: not the portal's
        ("批了的话证去哪里拿", [("password_lost", 0.28), ("documents", 0.23)]),
        ("那证去哪里领", [("open_online", 0.99)]),
    ],
)
async def test_where_the_card_applied_for_is_collected_is_a_social_matter(
    person: Session, text, faq
):
    shown = person.number("就业创业证申领")
    t = person.tracker("faq", text, shown="utter_submission_detail", selected=shown, faq=faq)
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said in (["utter_out_of_scope_social"], ["utter_faq/not_in_guide"])


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # CD: the site named as the portal's place, and how to open it asked
        ("就是社保局网站上办事的那个 怎么开", "open_online"),
        # opening a page is the site's
        ("网站怎么打开", "website"),
    ],
)
def test_how_to_open_the_one_on_the_site_is_the_opening(text, topic):
    from actions.faq import followup_topic

    assert followup_topic(text, "website", None) == topic


async def test_the_bureaus_new_policies_are_a_social_matter():
    # CA: read as beyond the bot altogether
    from actions.fallback import ActionOutOfScope

    t = tracker(parse("out_of_scope", text="最近有啥社保新政策"))
    said, _ = await responses_of(ActionOutOfScope(), t)
    assert said == ["utter_out_of_scope_social"]


@pytest.mark.parametrize(
    "text", ["原来的经办人走了 换个人去可以伐", "原来的经办人离职了 新的经办人去可以吗"]
)
async def test_whether_another_agent_may_go_is_the_guides_silence(text):
    # DE, CS, CW: after the unit's reset, read as that reset again
    t = tracker(
        parse("faq", text=text, faq=[("password_lost", 0.9)]),
        events=answered("utter_password_lost_enterprise"),
        slots={"applicant_type": "enterprise", "last_type_topic": "password_lost"},
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/not_in_guide"]


def refused_after(shown_before: str) -> list[dict]:
    """A turn showing ``shown_before``, then a 注销 refused."""
    turn = []
    for response in (shown_before, "utter_cannot_cancel_query"):
        turn += [
            {"event": "user", "text": "…", "parse_data": parse("pick_submission", text="…")},
            {"event": "bot", "text": "…", "metadata": {"utter_action": response}},
            {"event": "action", "name": "action_listen"},
        ]
    return turn


@pytest.mark.parametrize(
    ("shown_before", "said"),
    [
        # AJ, CT, S: a 注销 asked from the list and refused; "X呢" asks it of X
        ("utter_progress_list_more", "utter_confirm_cancel"),
        # after the one on screen was refused, "X呢" shows X (older sets)
        ("utter_submission_detail", "utter_submission_detail"),
    ],
)
async def test_another_named_after_a_refusal(nonprofit: Session, shown_before, said):
    from actions.progress import ActionShowSubmission

    t = nonprofit.tracker("pick_submission", "职工参保增员那个呢")
    t.events[:] = [*refused_after(shown_before), *t.events[-1:]]
    assert (await run(ActionShowSubmission(), t))[0] == [said]


async def test_the_login_link_asked_again_is_the_link(tmp_path: Path):
    # DD: "登录链接再发一次", read as the ways of logging in
    text = "登录链接再发一次"
    latest = logged_out(tmp_path, parse("faq", text=text, faq=[("login_methods", 0.9)]))
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == []
    assert FollowupAction("action_login") in events


async def test_the_forms_name_asked_after_the_reset_is_the_reset():
    # DD: "那个表格叫啥", read as a person wanted
    from actions.handoff import ActionOfferHandoff

    t = tracker(
        parse("request_human", text="那个表格叫啥"),
        events=answered("utter_password_lost_enterprise"),
        slots={"applicant_type": "enterprise", "last_type_topic": "password_lost"},
    )
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_password_lost_enterprise"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # DA, DE: a unit and a person compared on their papers: whose, asked
        ("单位和个人开通网上办事要带的材料有什么区别", "utter_ask_applicant_type_documents"),
        # two kinds of unit compared: each one's papers, together
        ("企业和事业单位开通网上办事带的材料有啥区别", "utter_faq/documents"),
    ],
)
async def test_a_person_and_a_unit_compared_on_papers_asks_whose(text, said):
    t = tracker(parse("faq", text=text, faq=[("documents", 0.9)]))
    assert (await responses_of(ActionAnswerFaq(), t))[0] == [said]


async def test_why_a_query_needs_no_review_is_the_guides_answer(company: Session):
    # DE: with the query on screen after its 注销 was refused, read as its advice
    shown = company.number("单位参保证明打印")
    t = company.tracker(
        "faq",
        "为什么这个不用审核",
        shown="utter_cannot_cancel_query",
        selected=shown,
        faq=[("review_vs_query", 0.77)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/review_vs_query"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # DD: a query's result said wrong is for the business unit or 12333
        ("我的参保证明打出来信息不对啊", "contact"),
        # one's own data filed wrong is fixed on the portal
        ("我交上去的表信息填错了", "fix_data"),
    ],
)
def test_a_querys_result_said_wrong_is_whom_to_ask(text, topic):
    from actions.faq import followup_topic

    assert followup_topic(text, "fix_data", None) == topic


async def test_a_querys_result_disputed_is_offered_a_person():
    # DD: read as a dispute, answered how one's data are fixed
    from actions.handoff import ActionOfferHandoff

    t = tracker(parse("result_wrong", text="我的参保证明打出来信息不对啊", faq=[("fix_data", 0.3)]))
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_offer_handoff"]


async def test_those_without_a_mailbox_asked_bare_get_the_opening():
    # DE: "那没有市民邮箱的人呢" right after the mailbox's answer (its papers were given)
    from tests.actions.test_readings_dev_bv_by import faq_answered

    history = faq_answered("我有市民邮箱 网上办事还要去开通吗", "citizen_mailbox")
    latest = parse("faq", text="那没有市民邮箱的人呢", faq=[("citizen_mailbox", 0.96)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_where_individual"]


@pytest.mark.parametrize(
    "text", ["单位参保证明 我想把那次打印记录撤销", "参保证明打印那个记录 我想删掉 帮个忙"]
)
async def test_a_query_listed_ordered_cancelled_logged_out_is_the_cancel(tmp_path: Path, text):
    # CB, CO: read as how data are fixed or how items are done; the 注销 asks the login
    latest = logged_out(tmp_path, parse("faq", text=text, faq=[("fix_data", 0.9)]))
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == []
    assert FollowupAction("action_cancel_submission") in events


async def test_a_wait_after_a_sound_at_the_description_is_an_aside():
    # TICKET-STATUS set: "啊等下，你们窗口几点下班" became the case and a ticket went out
    from tests.actions.test_handoff import came_for_person, description_after

    latest = parse("faq", text="啊等下，你们窗口几点下班", faq=[("not_in_guide", 1.0)])
    result, said = await description_after(came_for_person(), latest)
    assert result == {"handoff_description": None}
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        ("能不能网上直接重置 不想跑一趟", [("batch", 0.37), ("not_in_guide", 0.28)]),
        ("can I reset it online?", [("batch", 0.5), ("password_lost", 0.2)]),
    ],
)
async def test_the_reset_asked_online_after_its_answer_is_that_answer(text, faq):
    # DF: read as the batch; its answer says the counter
    t = tracker(
        parse("faq", text=text, faq=faq),
        events=answered("utter_password_lost_institution"),
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_password_lost_institution"]


@pytest.mark.parametrize("intent", ["nlu_fallback", "cancel_my_submission"])
async def test_a_cancel_denied_of_the_one_on_screen_disputes_its_status(
    institution: Session, intent
):
    # DF: "我们从来没注销过啊 这个状态不对" was read as a 注销 of it, refused as done
    from actions.progress import ActionCancelSubmission

    shown = institution.number("机关事业单位人员参保减员")
    t = institution.tracker(
        intent,
        "我们从来没注销过啊 这个状态不对",
        shown="utter_submission_detail",
        selected=shown,
        faq=[("fix_data", 0.99)],
    )
    action = ActionFallback() if intent == "nlu_fallback" else ActionCancelSubmission()
    said, events, _ = await run(action, t)
    assert said == []
    assert FollowupAction("action_offer_handoff") in events


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # DG: a paper lost, read as the password lost
        ("事业单位法人证书找不到了咋办", "not_in_guide"),
        ("营业执照丢了 密码也忘了", "password_lost"),
    ],
)
def test_a_paper_lost_is_no_password_lost(text, topic):
    from actions.faq import followup_topic

    assert followup_topic(text, "password_lost", "documents") == topic


async def test_whom_asked_as_what_person_is_whom_to_ask():
    # DG: "那寻啥人" (吴语 寻, to look for) after the rule of fixing, read as a type
    t = tracker(
        parse(
            "inform_applicant_type", text="那寻啥人", faq=[("documents", 0.18), ("contact", 0.12)]
        ),
        events=answered("utter_faq/fix_data"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/contact"]


async def test_why_none_may_be_cancelled_after_refusals_is_the_refusals_why(person: Session):
    # DG: "为什么都不行" after three 注销 refused, read as why a filing waits
    from actions.context import is_bare_why

    assert is_bare_why("为什么都不行")
    shown = person.number("灵活就业人员参保登记", "已注销")
    t = person.tracker(
        "faq",
        "为什么都不行",
        shown="utter_cannot_cancel_cancelled",
        selected=shown,
        faq=[("review_vs_query", 0.6), ("fix_data", 0.12)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/fix_data"]


@pytest.mark.parametrize(
    ("intent", "text"), [("affirm", "没帐号"), ("check_my_progress", "我还没有账号的")]
)
async def test_no_account_yet_told_is_the_opening(tmp_path: Path, intent, text):
    # DG, DC: read as a yes, or as a look-up that asked the login
    from actions.followup import ActionFollowup

    latest = logged_out(tmp_path, parse(intent, text=text))
    t = tracker(latest, events=answered("utter_faq/login_methods"))
    action = ActionFollowup() if intent == "affirm" else ActionCheckProgress()
    said, _ = await responses_of(action, t)
    assert said == ["utter_faq/open_online"]


async def test_the_forms_compared_after_the_reset_is_the_reset():
    # DG: "两个申请单是不一样的吧", read as a dispute
    from actions.handoff import ActionOfferHandoff

    t = tracker(
        parse("result_wrong", text="两个申请单是不一样的吧", faq=[("password_lost", 0.98)]),
        events=answered("utter_password_lost_individual"),
        slots={"applicant_type": "individual", "last_type_topic": "password_lost"},
    )
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_password_lost_individual"]


async def test_the_wait_asked_before_whom_is_the_guides_silence(tmp_path: Path):
    # CA: "…到底要等几天啊，有没有个时限的，超过了找谁", sent on to the look-up, became
    # whom to ask (201ff8c)
    text = "我上礼拜在网上办事报了个东西，到现在还显示未审核，到底要等几天啊，有没有个时限的，超过了找谁"
    faq = [("not_in_guide", 0.78), ("review_vs_query", 0.13)]
    latest = logged_out(tmp_path, parse("faq", text=text, faq=faq))
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]
