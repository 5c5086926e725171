"""Readings that development sets AU and AV showed missing."""

from pathlib import Path

from rasa_sdk.executor import CollectingDispatcher

from actions.cancel import asks_about_cancelling
from actions.progress import ActionShowSubmission
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import domain, parse, tracker


async def test_the_hours_asked_with_the_lines_number_read_as_a_pick_are_not_in_the_guide(
    tmp_path: Path,
):
    latest = logged_out(
        tmp_path, parse("pick_submission", text="那12333几点有人接", faq=[("contact", 0.6)])
    )
    said, _ = await responses_of(ActionShowSubmission(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


def test_a_cancel_weighed_against_a_change_is_asked_about():
    assert asks_about_cancelling("要撤回来伐，还是直接改")
    assert asks_about_cancelling("撤回还是修改")
    assert asks_about_cancelling("改一下还是注销掉")
    # a decision said with 还是 is no question
    assert not asks_about_cancelling("算了还是直接撤了吧")
    assert not asks_about_cancelling("那还是撤回吧")


def test_where_one_can_see_how_far_it_got_is_how_to_check():
    from actions.context import wants_own_progress

    assert not wants_own_progress("去哪里可以看到办到哪一步了", logged_in=False)
    assert not wants_own_progress("在哪能查到审核结果", logged_in=False)
    assert wants_own_progress("帮我看看办到哪一步了", logged_in=False)


async def test_a_type_only_hinted_with_nothing_asked_is_asked_with_its_buttons():
    from actions.faq import ActionAnswerFaq

    latest = parse("inform_applicant_type", text="村委会算不算机关事业单位？")
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, tracker(latest), domain())
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_applicant_type_unsaid"]
    assert len(dispatcher.messages[0]["buttons"]) == 3


async def test_a_guide_topic_told_with_a_greeting_is_answered():
    from actions.chitchat import ActionGreet

    for text, closest, expected in (
        (
            "喂你好那个我的密马忘记了",
            ("password_lost", 0.996),
            ["utter_ask_applicant_type_password_lost"],
        ),
        (
            "你好，我的密码忘了",
            ("password_lost", 0.995),
            ["utter_ask_applicant_type_password_lost"],
        ),
        # a greeting alone, however sure the selector of its topic
        ("哈喽 在吗 有人吗", ("not_in_guide", 0.919), ["utter_greet"]),
        ("你好 我想咨询一下", ("contact", 0.49), ["utter_greet"]),
    ):
        said, _ = await responses_of(
            ActionGreet(), tracker(parse("greet", text=text, faq=[closest]))
        )
        assert said == expected, text


async def test_a_question_read_as_a_no_is_answered_when_its_topic_is_sure():
    from actions.followup import ActionFollowup

    latest = parse("deny", text="审过的能撤不", faq=[("fix_data", 1.0)])
    said, _ = await responses_of(ActionFollowup(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_a_person_asked_for_with_the_slip_ren_gong_is_offered_one():
    from actions.answers import asks_for_person

    assert asks_for_person("嗯你帮我转个人攻吧")


def test_an_acceptance_number_read_out_in_chinese_digits_is_one():
    from actions.references import acceptance_number

    assert acceptance_number("就是那个HZ二零二六一一二三零七四一五") == "HZ2026112307415"
    assert acceptance_number("HZ二零二六一一一九零八二六三就是这个") == "HZ2026111908263"
    assert acceptance_number("HZ二零二六") is None


def test_a_login_refused_in_one_character_asks_the_way_on_the_portal():
    from actions.words import REFUSES_LOGIN_RE

    assert REFUSES_LOGIN_RE.search("不登 我自己网上咋查")
    assert not REFUSES_LOGIN_RE.search("不登记的话怎么办")


def test_days_gone_by_are_told_not_asked():
    from actions.context import asks_when

    assert not asks_when("我前几天转过人工，工单有人回了吗")
    assert not asks_when("几天前交的那个")
    assert asks_when("转人工要几天才有人回")


async def test_all_alone_with_the_list_shown_is_the_list():
    from actions.context import asks_for_list

    assert asks_for_list("全部")
    assert asks_for_list("所有的")
    assert not asks_for_list("全部都通过了吗")


def test_the_oldest_named_is_the_oldest_of_those_named_or_none_on_the_page():
    from actions.references import named_by, resolve_reference

    page = [
        {"n": n, "no": f"HZ20261100000{n:02d}", "item": item, "date": date, "status": status}
        for n, (item, date, status) in enumerate(
            [
                ("职工参保增员", "2026-11-25", "已注销"),
                ("社保缴费基数申报", "2026-11-17", "审核未通过"),
                ("职工参保减员", "2026-11-10", "审核通过"),
                ("招用人员就业登记", "2026-11-03", "已注销"),
            ],
            start=1,
        )
    ]
    # 单位基本信息变更 is on a page not shown: the oldest on this one is not it
    assert resolve_reference("最早那个单位基本信息变更也注销了", page) is None
    assert named_by("最早那个职工参保的", page) == "name"
    assert resolve_reference("最早那个职工参保的", page)["item"] == "职工参保减员"
    assert resolve_reference("最早的那个", page)["item"] == "招用人员就业登记"


def test_which_one_has_a_status_picks_it():
    from actions.references import only_a_status

    assert only_a_status("驳回的是哪个")
    assert only_a_status("哪个被驳回了")
    assert not only_a_status("驳回的为什么")


async def test_ones_own_item_named_with_how_it_stands_is_the_look_up():
    from rasa_sdk.events import FollowupAction

    from actions.fallback import ActionFallback, ActionOutOfScope
    from actions.faq import ActionAnswerFaq

    for action, intent, text in (
        (ActionOutOfScope(), "out_of_scope_social", "我那个灵活就业参保登记怎么还没弄好"),
        (ActionFallback(), "nlu_fallback", "我的就业创业证申领现在什么状态了"),
        (ActionAnswerFaq(), "faq", "我们单位职业年金基数申报是不是被退了"),
    ):
        _, events = await responses_of(action, tracker(parse(intent, text=text)))
        assert events == [FollowupAction("action_check_progress")], text
    # no item named: how a declaration waits, which the guide answers
    from actions.words import OWN_ITEM_STATUS_RE

    assert not OWN_ITEM_STATUS_RE.search("我的申报怎么还没审核")
    assert not OWN_ITEM_STATUS_RE.search("失业登记怎么办理")


def test_cancelled_said_in_the_passive_is_a_status_not_a_cancel():
    from actions.cancel import wants_cancel

    assert not wants_cancel(tracker(parse("faq", text="我们单位的人员减员那个是被注销了吗")))
    assert wants_cancel(tracker(parse("faq", text="把减员那个注销了")))


async def test_a_plain_yes_after_an_answer_is_acknowledged_however_unsure_the_nlu():
    from actions.followup import ActionFollowup

    latest = parse("affirm", text="哦那好吧")
    latest["intent"]["confidence"] = 0.66
    after = answered("utter_faq/website", "网址是多少")
    said, _ = await responses_of(ActionFollowup(), tracker(latest, events=after))
    assert said == ["utter_ack"]


async def test_what_to_bring_read_as_what_the_bot_does_is_the_documents():
    from actions.chitchat import ActionCapabilities

    latest = parse("what_can_you_do", text="那要带些什么", faq=[("documents", 1.0)])
    said, _ = await responses_of(ActionCapabilities(), tracker(latest))
    assert said == ["utter_ask_applicant_type_documents"]


def test_paying_in_oneself_is_a_social_matter_unless_the_portal_is_named():
    from actions.topics import asks_social_matter

    assert asks_social_matter("外卖员能自己交社保吗")
    assert not asks_social_matter(
        "我是灵活就业人员，自己交社保的。我有杭州市民邮箱，还需要再去开通网上办事吗？"
    )
