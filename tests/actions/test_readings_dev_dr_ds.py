"""Readings that development sets DQ (left from its second run), DR and DS's first runs
showed missing: each test fails on the code before it."""

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.context import asked_after
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionOfferHandoff
from actions.progress import ActionCancelSubmission, ActionCheckProgress
from actions.references import resolve_reference
from actions.topics import (
    asks_social_matter,
    cancel_ordered_last,
    papers_asked_beyond_a_condition,
)
from actions.yesno import asks_something
from tests.actions.test_confirmation import ERASE_ASKED, OFFERED
from tests.actions.test_confirmation import run as run_action
from tests.actions.test_context import Session, run
from tests.actions.test_readings_dev_dj_dk import answered_before, faq_says
from tests.actions.trackers import parse, tracker


async def test_a_social_matter_asked_once_opened_is_beyond_scope():
    # DQ: the opening is when it is asked, the pension what
    said = await faq_says(
        "开通以后他每个月养老金多少能在上面看到吗",
        [("not_in_guide", 0.30), ("how_to_operate", 0.22), ("check_progress", 0.15)],
        before=("他要是以后密码忘了呢", "utter_password_lost_individual"),
        slots={"applicant_type": "individual"},
    )
    assert said == ["utter_out_of_scope_social"]


@pytest.mark.parametrize(
    ("text", "social"),
    [
        ("开通后能查养老金吗", True),
        # the opening itself asked, beside the pension: the portal's
        ("我爸要领养老金，网上办事怎么开通", False),
    ],
)
def test_the_opening_as_a_time_is_not_a_portal_matter(text: str, social: bool):
    assert asks_social_matter(text) is social


@pytest.mark.parametrize(
    "text",
    [
        # DQ: a turn that ends the sentence asks nothing after it; 以后 does
        "噢，开好了以后哪能登进去",
        "账号拿到以后然后在网上怎么登进去",
    ],
)
def test_how_one_logs_in_after_a_step_ending_on_logging_in_is_the_login(text: str):
    assert asked_after(text, "how_to_operate", ["how_to_operate", "login_methods"]) == (
        "login_methods"
    )


async def test_how_one_logs_in_once_opened_in_wu_is_the_login():
    said = await faq_says(
        "噢，开好了以后哪能登进去",
        [("how_to_operate", 0.94), ("login_methods", 0.01), ("review_vs_query", 0.01)],
        before=("阿拉老太婆没得市民邮箱，伊要开通伐", "utter_faq/open_online"),
        slots={"applicant_type": "individual"},
    )
    assert said == ["utter_faq/login_methods"]


async def test_the_papers_asked_after_a_silence_told_as_a_condition_are_the_papers():
    # AN: 不预约的话 is the condition; whether the ID card is enough is what is asked
    said = await faq_says(
        "不预约的话带身份证去就行？我是个人",
        [("not_in_guide", 0.71), ("documents", 0.22), ("agent_agreement", 0.02)],
        before=("富阳区人社窗口办开通要提前预约吗", "utter_faq/not_in_guide"),
        slots={"applicant_type": "individual"},
    )
    assert said == ["utter_documents_individual"]


@pytest.mark.parametrize(
    "text",
    [
        # the papers themselves in the condition: still what the guide is silent on
        "只带复印件的话行不行",
        "不预约的话能办吗",
    ],
)
def test_a_condition_with_no_papers_asked_after_it_is_not_the_papers(text: str):
    assert not papers_asked_beyond_a_condition(text)


async def test_the_reset_form_downloaded_with_a_slip_is_the_guides_silence():
    # DR: 下截 for 下载, right after the reset's answer
    said = await faq_says(
        "那个申请单网上能下截吗",
        [("password_lost", 0.44), ("review_vs_query", 0.12), ("open_online", 0.10)],
        before=("身分证复印件要几张", "utter_faq/not_in_guide"),
        slots={"applicant_type": "individual", "last_type_topic": "password_lost"},
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_whom_to_write_about_a_detail_the_guide_lacks_is_the_contacts():
    # DR: the passport is beyond the guide; whom to email about it is not
    said = await faq_says(
        "Can I email someone about the passport thing?",
        [("contact", 0.98), ("batch", 0.0), ("citizen_mailbox", 0.0)],
        before=("Is there a mobile app for this?", "utter_faq/not_in_guide"),
        slots={"applicant_type": "individual", "last_type_topic": "documents"},
    )
    assert said == ["utter_faq/contact"]


async def test_keeping_the_records_declines_their_erasing():
    # DR: "还是留着吧" to whether the conversation is deleted, read as unsure
    said, _ = await run_action(
        ActionFallback(), tracker(parse("nlu_fallback", text="呃还是留着吧"), events=ERASE_ASKED)
    )
    assert said == ["utter_delete_declined"]


async def test_whom_to_call_once_the_login_is_refused_is_the_contacts():
    # DR: 结果 is what the doubt is about, the telephone what is asked
    latest = parse(
        "check_my_progress", text="先不登了，对结果有疑问打哪个电话", faq=[("contact", 1.0)]
    )
    said, _ = await run_action(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/contact"]


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        # DR: the paper's size, after a unit's papers
        ("复印件用A4纸还是随便", [("documents", 0.41), ("not_in_guide", 0.31)]),
        # DR: the hours, in 吴语 (辰光 is time), after an individual's papers
        ("啥辰光上班", [("documents", 0.38), ("not_in_guide", 0.38)]),
    ],
)
async def test_the_copies_paper_and_the_hours_are_the_guides_silence(
    text: str, faq: list[tuple[str, float]]
):
    said = await faq_says(
        text,
        faq,
        before=("要带啥西", "utter_documents_enterprise"),
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_whether_one_outside_the_unit_may_be_its_agent_is_the_guides_silence():
    # DR (CT, DB, DD accept it too): the guide names the agent, not who may be one
    said = await faq_says(
        "我不是他们公司的员工，能当经办人去签协议吗",
        [("agent_agreement", 1.0)],
        before=("带什么", "utter_documents_enterprise"),
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_a_difference_asked_is_no_dispute():
    # DR: 不一样 bore out the NLU's dispute; the selector is sure of the topic compared
    latest = parse("result_wrong", text="查询和申报有什么不一样", faq=[("review_vs_query", 0.89)])
    said, _ = await run_action(ActionOfferHandoff(), tracker(latest))
    assert said == ["utter_faq/review_vs_query"]


@pytest.mark.parametrize("text", ["已经审核通过的减员那条", "已经通过的减员那条"])
async def test_a_part_of_a_name_with_its_status_beside_it_picks_that_one(
    company: Session, text: str
):
    # DR: the status said beside 减员 narrows it, and is no more name to look for
    t = company.tracker(
        "check_my_progress", text, shown="utter_progress_list", faq=[("fix_data", 1.0)]
    )
    said, events, _ = await run(ActionCheckProgress(), t)
    assert said == ["utter_submission_detail"]
    assert SlotSet("selected_submission", company.number("职工参保减员")) in events


def test_a_status_beside_a_part_that_no_listed_one_is_in_picks_none():
    items = [
        {"n": 1, "no": "A1", "item": "职工参保增员", "status": "未审核", "date": "2026-11-25"},
        {"n": 2, "no": "A2", "item": "职工参保减员", "status": "审核通过", "date": "2026-11-10"},
    ]
    assert resolve_reference("没通过的减员那条", items) is None


async def test_two_ways_weighed_after_a_yes_word_to_the_offer_is_a_question():
    # DR: "好吧，那…是在原来那条上改还是重新报一条" to the offer of a person: the
    # clause opening on 是 weighs two ways, it asks; no hand-off is consented to
    text = "好吧，那补了盖章的汇总表以后，是在原来那条上改还是重新报一条"
    t = tracker(
        parse("faq", text=text, faq=[("resubmit", 0.99)]),
        events=OFFERED,
        slots={"pending_handoff": True},
    )
    said, _ = await run_action(ActionAnswerFaq(), t)
    assert said[0] == "utter_faq/resubmit"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("是在原来那条上改还是重新报一条", True),
        ("我是想了想还是不转了", False),
        ("是的还是转吧", False),
    ],
)
def test_a_clause_opening_on_shi_that_weighs_two_ways_asks(text: str, asks: bool):
    assert asks_something(text) is asks


async def test_going_on_to_hand_in_once_fixed_is_handing_in_again(nonprofit: Session):
    # DR: 接着交 of the rejected one on screen
    shown = nonprofit.number("社保缴费基数申报")
    t = nonprofit.tracker(
        "faq",
        "身份证号码改对了还能接着交吗",
        shown="utter_submission_detail",
        selected=shown,
        faq=[("fix_data", 0.27), ("resubmit", 0.23), ("not_in_guide", 0.11)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/resubmit"]


async def test_the_logins_ways_asked_after_venting_about_the_site_are_answered():
    # DS: the question after the story names its topic in its own words
    text = "你们这网站到底能不能用啊，点了半天一直转圈圈，气死了。到底怎么登录？"
    said, _ = await run_action(
        ActionAnswerFaq(), tracker(parse("faq", text=text, faq=[("login_methods", 0.77)]))
    )
    assert said == ["utter_faq/login_methods"]


async def test_the_site_failing_with_nothing_of_the_guide_asked_offers_a_person():
    said, events = await run_action(
        ActionAnswerFaq(),
        tracker(parse("faq", text="点了半天一直转圈圈，怎么办？", faq=[("login_methods", 0.77)])),
    )
    assert said == [] and SlotSet("handoff_reason", "site_failing") in events


async def test_someone_sent_in_ones_place_asked_is_the_guides_silence():
    # DS: after the reset's answer; the guide never says who else may go
    said = await faq_says(
        "一定要本人跑一趟吗，我上班没空，让我老婆拿着去行不",
        [("open_online", 0.31), ("not_in_guide", 0.10), ("agent_agreement", 0.10)],
        before=("我自己的，个人", "utter_password_lost_individual"),
        slots={"applicant_type": "individual", "last_type_topic": "password_lost"},
    )
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize("text", ["我明天叫儿子陪我去", "好的我让同事去"])
def test_going_along_or_telling_who_goes_asks_nothing_of_a_proxy(text: str):
    from actions.words import PROXY_RE

    assert PROXY_RE.search(text) is None


async def test_the_change_on_the_site_confirmed_after_its_answer_is_the_change():
    # DS: 网站 is where the change is done, not an address asked
    said = await faq_says(
        "就在那个网站上自己改？不用跑窗口？",
        [("website", 0.67), ("change_password", 0.33), ("open_online", 0.14)],
        before=("改密码那个你再说一遍", "utter_faq/change_password"),
    )
    assert said == ["utter_faq/change_password"]


async def test_the_sites_address_asked_after_the_change_is_the_site():
    said = await faq_says(
        "就是在那个人社网上面自己改是吧？网址是啥来着",
        [("website", 0.67), ("change_password", 0.33)],
        before=("密码记得，就是想换一个", "utter_faq/change_password"),
    )
    assert said == ["utter_faq/website"]


async def test_whether_one_may_change_it_once_in_after_the_reset_is_the_change():
    # DS: after the reset and the silence on an appointment; the question follows a time
    events = answered_before(
        "what's the difference? I'm just a person", "utter_password_lost_individual"
    ) + answered_before("Do I need to book an appointment first?", "utter_faq/not_in_guide")
    text = "And once I'm in again, can I change it online myself?"
    t = tracker(
        parse("faq", text=text, faq=[("resubmit", 0.90), ("change_password", 0.04)]),
        events=events,
        slots={"applicant_type": "individual", "last_type_topic": "password_lost"},
    )
    said, _ = await run_action(ActionAnswerFaq(), t)
    assert said == ["utter_faq/change_password"]


async def test_a_mailbox_users_login_name_asked_is_the_guides_silence():
    # DS: the guide says the mailbox opens the services, never what the login name is
    said = await faq_says(
        "那登录用的用户名是啥，就是邮箱地址吗",
        [("open_online", 0.42), ("login_methods", 0.14), ("contact", 0.12)],
        before=("真的不用去?", "utter_faq/citizen_mailbox"),
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_a_cancel_ordered_last_after_venting_is_asked_to_be_confirmed(company: Session):
    # DS: "怎么都不行" vents (its 怎么 asks no how); the 注销 is ordered with 把 last
    t = company.tracker(
        "cancel_my_submission",
        "怎么都不行？那把第一个注销",
        shown="utter_cannot_cancel_cancelled",
        faq=[("fix_data", 0.97)],
    )
    said, events, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_confirm_cancel"]
    assert SlotSet("pending_cancel", company.number("职工参保增员")) in events


@pytest.mark.parametrize(
    "text", ["是改了再交，还是注销了重新交？", "直接在上面改可以吗 不用注销吧", ""]
)
def test_a_cancel_asked_about_or_set_aside_is_not_ordered_last(text: str):
    assert not cancel_ordered_last(text)


async def test_when_a_listed_one_was_done_asked_in_wu_shows_its_details(mailbox: Session):
    # DS: "是啥辰光弄个" asks when it was done, which its details say
    selected = mailbox.number("失业登记")
    t = mailbox.tracker(
        "faq",
        "搿张个人参保证明打印是啥辰光弄个",
        shown="utter_cannot_cancel_approved",
        selected=selected,
        faq=[("documents", 0.91), ("not_in_guide", 0.03)],
    )
    said, events, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
    assert SlotSet("selected_submission", mailbox.number("个人参保证明打印")) in events


async def test_a_person_asked_for_with_another_slip_of_rengong_is_offered():
    # CK: 人功 for 人工, read as beyond scope
    from actions.fallback import ActionOutOfScope

    said, events = await run_action(
        ActionOutOfScope(), tracker(parse("out_of_scope", text="转人功 快点"))
    )
    assert said == [] and FollowupAction("action_offer_handoff") in events


@pytest.mark.parametrize(
    ("text", "faq", "before", "said"),
    [
        # F: the loss named only to be denied, after how a password is changed
        (
            "不是忘了 就是想换个",
            [("change_password", 0.87), ("password_lost", 0.04)],
            ("想change一下password 怎么搞", "utter_faq/change_password"),
            "utter_faq/change_password",
        ),
        # N: no way in told, and how one logs in asked, after the site
        (
            "登录都登不上，到底怎么登录的",
            [("login_methods", 1.0)],
            ("在哪个网站改？把网址发我", "utter_faq/website"),
            "utter_faq/login_methods",
        ),
        # still lost: no way in to change it
        (
            "登不上去咋改",
            [("change_password", 0.6)],
            ("密码怎么改", "utter_faq/change_password"),
            "utter_ask_applicant_type_password_lost",
        ),
    ],
)
async def test_a_loss_denied_or_the_login_asked_after_the_change_is_no_loss(
    text: str, faq: list[tuple[str, float]], before: tuple[str, str], said: str
):
    assert await faq_says(text, faq, before=before) == [said]


async def test_what_a_relative_named_before_brings_is_an_individuals_papers():
    # DA: "她" is the wife without a citizen mailbox, a citizen on her own account
    said = await faq_says(
        "她要带啥",
        [("documents", 1.0)],
        before=("那我老婆没有市民邮箱呢", "utter_faq/open_online"),
    )
    assert said == ["utter_documents_individual"]


async def test_what_he_brings_with_no_relative_named_asks_the_type():
    said = await faq_says(
        "他要带啥", [("documents", 1.0)], before=("新来的同事要去开通", "utter_faq/open_online")
    )
    assert said == ["utter_ask_applicant_type_documents"]


async def test_why_a_query_may_not_be_cancelled_is_the_rule(person: Session):
    # DC: 删不了 names the 注销 that failed; a bare "为啥" of a query asks another why
    from actions.followup import ActionFollowup

    shown = person.number("个人参保证明打印")
    t = person.tracker(
        "deny",
        "为什么删不了",
        shown="utter_cannot_cancel_query",
        selected=shown,
        faq=[("review_vs_query", 0.41), ("how_to_operate", 0.38), ("fix_data", 0.05)],
    )
    said, _, _ = await run(ActionFollowup(), t)
    assert said == ["utter_faq/fix_data"]


async def test_the_seal_brought_along_is_the_guides_silence():
    # DL: after the reset's answer for an enterprise; no list names the seal
    said = await faq_says(
        "公章要带伐",
        [("documents", 0.8), ("password_lost", 0.1)],
        before=("不对不对 我是单位的，是公司那个账号的密码", "utter_password_lost_enterprise"),
        slots={"applicant_type": "enterprise", "last_type_topic": "password_lost"},
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_roughly_how_many_days_in_wu_is_the_guides_silence():
    # AL: 毛估估 (roughly), read as beyond scope, right after the same silence
    from actions.fallback import ActionOutOfScope

    t = tracker(
        parse("out_of_scope", text="毛估估几天 三天还是一礼拜"),
        events=answered_before("申报了一般多久审核", "utter_faq/not_in_guide"),
    )
    said, _ = await run_action(ActionOutOfScope(), t)
    assert said == ["utter_faq/not_in_guide"]


async def test_a_hong_kong_id_card_asked_of_is_the_guides_silence():
    # CC: in Cantonese, after the reset's answer; read as beyond scope
    from actions.fallback import ActionOutOfScope

    t = tracker(
        parse("out_of_scope", text="香港身份證得唔得"),
        events=answered_before("要帶身份證正本定副本？", "utter_password_lost_individual"),
        slots={"applicant_type": "individual", "last_type_topic": "password_lost"},
    )
    said, _ = await run_action(ActionOutOfScope(), t)
    assert said == ["utter_faq/not_in_guide"]


async def test_a_reset_by_a_call_asked_after_the_reset_is_its_answer():
    # CE: read as the contacts for its 电话; the reset is done at the counter
    said = await faq_says(
        "能不能打个电话就重置掉",
        [("contact", 0.6), ("password_lost", 0.3)],
        before=("我们财务说用户名也忘了 密码也忘了", "utter_password_lost_institution"),
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
    )
    assert said == ["utter_password_lost_institution"]


async def test_the_agents_card_asked_after_the_reset_is_the_resets_list():
    # CE (over SMS, after the silence on a stamp): the reset's list names the agent's card
    said = await faq_says(
        "经办人身份证也要?",
        [("agent_agreement", 0.8), ("password_lost", 0.1)],
        before=("复印件要盖公章伐", "utter_faq/not_in_guide"),
        slots={"applicant_type": "enterprise", "last_type_topic": "password_lost"},
    )
    assert said == ["utter_password_lost_enterprise"]


async def test_the_agents_card_asked_after_the_opening_is_the_agreement():
    said = await faq_says(
        "经办人身份证也要?",
        [("agent_agreement", 0.8), ("documents", 0.1)],
        before=("公司开通要带啥", "utter_documents_enterprise"),
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
    )
    assert said == ["utter_faq/agent_agreement"]


async def test_the_guides_second_way_of_logging_in_named_is_the_logins_ways():
    # AN: after the mailbox's answer; the selector unsure, 方式二 is the login's
    said = await faq_says(
        "那方式二是啥意思",
        [("login_methods", 0.30), ("review_vs_query", 0.26), ("how_to_operate", 0.13)],
        before=("我有市民邮箱，还用开通吗？登录怎么登", "utter_faq/citizen_mailbox"),
    )
    assert said == ["utter_faq/login_methods"]


def test_ways_compared_name_no_way_of_logging_in():
    from actions.topics import plain_topic

    assert plain_topic("单位和个人密码丢了 处理方式一样吗") != "login_methods"
    assert plain_topic("方式一是在哪里登") == "login_methods"


async def test_whether_the_mailbox_spares_fetching_a_login_is_the_mailboxs_answer():
    # set "where-username…": 领用户名密码 named the login's source; the mailbox is what is asked
    said = await faq_says(
        "我是市民邮箱用户，也要去领用户名密码吗",
        [("citizen_mailbox", 0.99)],
        before=("网上办事的用户名和密码是从哪里来的", "utter_faq/open_online"),
    )
    assert said == ["utter_faq/citizen_mailbox"]


async def test_a_password_lost_beside_a_masked_id_card_is_the_reset():
    # AO: the ID number masked leaves 身份证 close to 密码丢了; the password is what is lost
    from bot.privacy import MASK

    said = await faq_says(
        f"我是个人用户，身份证{MASK}，网上办事密码丢了怎么弄",
        [("password_lost", 0.95)],
        slots={"applicant_type": "individual"},
    )
    assert said == ["utter_password_lost_individual"]
