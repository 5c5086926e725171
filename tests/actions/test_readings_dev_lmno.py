"""Readings found on dev sets L to O, each checked as a rule over several wordings."""

import pytest

from actions.answers import asks_for_person
from actions.context import asks_own_submissions, asks_why_no_result
from actions.fallback import ActionFallback
from actions.words import ASKS_WHAT_BOT_DOES_RE
from tests.actions.test_followups_in_context import responses_of
from tests.actions.trackers import entity, parse, tracker


@pytest.mark.parametrize(
    "text",
    [
        "我交的东西一个星期了还没审核！！！到底有没有人在管",
        "前天报的，到现在还没结果",
        "报了蛮久了，还是没消息",
    ],
)
def test_a_wait_complained_of_asks_why_it_waits(text):
    assert asks_why_no_result(text)


@pytest.mark.parametrize("text", ["报了一个星期了还没审核，帮我查下", "到现在还没结果，给我看看"])
def test_a_wait_with_a_look_up_asked_is_the_look_up(text):
    assert not asks_why_no_result(text)


@pytest.mark.parametrize("text", ["登录一下，我要看我们企业的申报", "查下我们厂里的申报"])
def test_a_unit_named_by_its_kind_owns_its_submissions(text):
    assert asks_own_submissions(text)


@pytest.mark.parametrize("text", ["能不能叫个真人给我打电话，我打字太慢了", "让真人来回答"])
def test_a_real_person_called_for(text):
    assert asks_for_person(text)


def test_what_it_can_look_up_is_what_it_does():
    assert ASKS_WHAT_BOT_DOES_RE.search("你能帮我查东西吗？都能查些什么")


@pytest.mark.parametrize("text", ["那你到底能帮我啥", "你能帮我做什么", "你可以帮我们干点啥"])
async def test_what_it_can_help_with_is_what_it_does(text):
    said, _ = await responses_of(ActionFallback(), tracker(parse("nlu_fallback", text=text)))
    assert said == ["utter_capabilities"]


async def test_the_weather_is_out_of_scope_not_a_near_topic():
    latest = parse(
        "nlu_fallback", text="对了顺便问下明天杭州下不下雨", faq=[("how_to_operate", 0.4)]
    )
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_out_of_scope"]


async def test_thanks_for_a_reminder_ends_no_alerts():
    from actions.alerts import ActionCancelAlerts

    said, _ = await responses_of(
        ActionCancelAlerts(), tracker(parse("cancel_alerts", text="谢谢提醒"))
    )
    assert said == ["utter_thank"]


async def test_a_status_said_in_english_with_a_change_asked_is_fixing_data():
    from actions.faq import ActionAnswerFaq

    latest = parse(
        "faq", text="已经approved的也能改吗", faq=[("fix_data", 0.31), ("not_in_guide", 0.25)]
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_a_unit_reporting_a_slip_in_its_data_is_not_correcting_its_type():
    from actions.faq import ActionAnswerFaq

    latest = parse("faq", text="我们单位职工参保增员的数据填错了", faq=[("fix_data", 1.0)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_progress_asked_again_with_no_list_on_screen_is_the_look_up():
    from actions.followup import ActionFollowup

    latest = parse("more", text="再看下进度", faq=[("check_progress", 0.98)])
    _, events = await responses_of(ActionFollowup(), tracker(latest))
    assert {"event": "followup", "timestamp": None, "name": "action_check_progress"} in events


def test_a_human_asked_for_in_english():
    assert asks_for_person("can I talk to a human?") and not asks_for_person("human resources")


@pytest.mark.parametrize(
    "text",
    ["also any good dumpling place nearby?", "推荐个好看的电影呗", "周末去哪个景点玩比较好"],
)
async def test_food_films_and_trips_are_out_of_scope_not_a_near_topic(text):
    latest = parse("nlu_fallback", text=text, faq=[("how_to_operate", 0.4)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_out_of_scope"]


async def test_more_of_something_named_with_no_list_answers_what_it_names():
    from actions.followup import ActionFollowup

    latest = parse(
        "more",
        text="公司其他材料呢",
        faq=[("documents", 0.975)],
        entities=[entity("applicant_type", "enterprise")],
    )
    said, _ = await responses_of(
        ActionFollowup(), tracker(latest, slots={"applicant_type": "enterprise"})
    )
    assert said == ["utter_documents_enterprise"]


@pytest.mark.parametrize("text", ["还有呢", "其他的呢", "下一页"])
async def test_more_of_nothing_named_with_no_list_is_no_topic(text):
    from actions.followup import ActionFollowup

    latest = parse("more", text=text, faq=[("documents", 0.975)])
    said, _ = await responses_of(ActionFollowup(), tracker(latest))
    assert not any(s.startswith("utter_documents") or s.startswith("utter_faq") for s in said)


@pytest.mark.parametrize("text", ["开通好了以后是不是能一次报好多人", "开通之后能一次给很多人报吗"])
async def test_many_at_once_after_the_opening_is_the_batch(text):
    from actions.faq import ActionAnswerFaq

    latest = parse("faq", text=text, faq=[("how_to_operate", 0.52), ("batch", 0.09)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/batch"]


@pytest.mark.parametrize(
    ("text", "ranked"),
    [
        (
            "我前几年办过杭州市民邮箱，平时用来收水电费账单。今天同事说在人社网上能办业务，"
            "但要先去窗口开通，我还要专门请假跑一趟吗？",
            "not_in_guide",
        ),
        ("我有市民邮箱的，开通还要带身份证去窗口吗", "documents"),
    ],
)
async def test_a_mailbox_had_with_the_opening_asked_is_the_mailbox_answer(text, ranked):
    from actions.faq import ActionAnswerFaq

    latest = parse("faq", text=text, faq=[(ranked, 0.83), ("citizen_mailbox", 0.02)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/citizen_mailbox"]


@pytest.mark.parametrize("text", ["我没有市民邮箱，开通要带什么", "市民邮箱用户开通窗口几点下班"])
async def test_no_mailbox_or_a_detail_beyond_the_guide_is_not_the_mailbox_answer(text):
    from actions.faq import ActionAnswerFaq

    latest = parse("faq", text=text, faq=[("not_in_guide", 0.83)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said != ["utter_faq/citizen_mailbox"]


async def test_a_password_nobody_knows_told_at_length_in_english_is_the_reset():
    from actions.faq import ActionAnswerFaq

    text = (
        "hi, i work in the hr department of a 外企 in hangzhou. our previous hr manager left "
        "and nobody knows the 网上办事 password of our company account. 怎么reset? 密码 账号 重置"
    )
    ranked = [
        ("not_in_guide", 0.208),
        ("open_online", 0.15),
        ("login_methods", 0.14),
        ("password_lost", 0.097),
        ("review_vs_query", 0.072),
    ]
    latest = parse("faq", text=text, faq=ranked, entities=[entity("applicant_type", "enterprise")])
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, slots={"applicant_type": "enterprise"})
    )
    assert said == ["utter_password_lost_enterprise"]


def test_the_form_asked_in_english_after_the_reset_is_the_reset():
    from actions.faq import followup_topic

    text = "which form do we fill in at the counter?"
    assert followup_topic(text, "how_to_operate", "password_lost") == "password_lost"


@pytest.mark.parametrize("text", ["糟糕，号码不该发的，能删掉这段对话吗", "这段聊天能删了吗"])
async def test_this_conversation_deleted_asks_the_erasure(text):
    from rasa_sdk.events import FollowupAction

    _, events = await responses_of(ActionFallback(), tracker(parse("nlu_fallback", text=text)))
    assert FollowupAction("action_confirm_delete") in events


@pytest.mark.parametrize("text", ["ticket status? 进度", "any reply on my ticket?"])
def test_a_tickets_status_asked_in_english(text):
    from actions.answers import asks_ticket_status

    assert asks_ticket_status(text)


def test_a_submissions_status_in_english_is_no_tickets():
    from actions.answers import asks_ticket_status

    assert not asks_ticket_status("my submission status 申报 进度")


async def test_a_grumble_read_as_a_call_for_a_person_with_the_batch_asked_is_the_batch():
    from actions.handoff import ActionOfferHandoff

    text = "富阳造纸厂的人事，工人木佬佬，一个一个录要死快嘞，有没得一记头弄好的"
    latest = parse("request_human", text=text, faq=[("how_to_operate", 0.29), ("batch", 0.08)])
    said, _ = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert said == ["utter_faq/batch"]


@pytest.mark.parametrize("text", ["我要投诉，批量导入一次弄不好", "转人工，一次报几十个人怎么弄"])
async def test_a_person_asked_for_in_words_is_offered_whatever_else_is_asked(text):
    from actions.handoff import ActionOfferHandoff

    latest = parse("request_human", text=text, faq=[("batch", 0.9)])
    said, _ = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert said == ["utter_offer_handoff"]


@pytest.mark.parametrize("text", ["老师好", "师傅您好！", "工作人员你好"])
async def test_a_greeting_with_an_honorific_is_greeted_whatever_it_was_read_as(text):
    from actions.login import ActionLogin

    said, _ = await responses_of(ActionLogin(), tracker(parse("login", text=text)))
    assert said == ["utter_greet"]


async def test_the_hotlines_hours_are_not_in_the_guide():
    from actions.topics import asks_beyond_guide

    assert asks_beyond_guide("刚才说的那个咨询电话是24小时都有人接的吗")


async def test_a_status_supposed_after_a_voice_filler_asks_the_answer_again():
    from actions.context import supposes_case

    assert supposes_case("嗯那审核通过了的那种呢")
