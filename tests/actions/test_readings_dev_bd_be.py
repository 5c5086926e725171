"""Readings that development sets BD (an ordinary day) and BE (hard cases) showed missing."""

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction

from actions.answers import password_topic_said
from actions.cancel import asks_about_cancelling
from actions.context import asks_what_now, step_topic
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.followup import ActionFollowup
from actions.progress import ActionCancelSubmission, ActionCheckProgress
from actions.references import resolve_reference, status_named
from actions.topics import (
    asks_beyond_guide,
    corrected_choice,
    is_off_topic,
    latin_topic,
    plain_topic,
)
from actions.words import BARE_LOOK_RE
from actions.yesno import typed_answer
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.test_readings_dev_bb import MAILBOX_LIST
from tests.actions.trackers import parse, tracker
from tests.portal_fixtures import (  # noqa: F401
    SandboxHandle,
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("应该是吧", "yes"),
        ("大概是吧", "yes"),
        ("应该可以", "yes"),
        ("应该不用了", "no"),
        ("先别", "no"),
        ("先别注销", "no"),
        ("嗯…算了还是注销吧", "yes"),
        # a guess put up to be confirmed is still a question
        ("这样就行了是吧", None),
    ],
)
def test_a_hedged_answer_is_the_answer_it_hedges(text, answer):
    assert typed_answer(text, about="cancel") == answer


@pytest.mark.parametrize(
    ("text", "look"),
    [
        ("现在能看了吧", True),
        ("调出来", True),
        ("查了吗", True),
        ("可以看了吗", True),
        ("看", True),
        ("看了", False),
        ("现在", False),
    ],
)
def test_a_look_ordered_after_the_login_in_other_words(text, look):
    assert bool(BARE_LOOK_RE.match(text)) is look


def test_no_one_having_looked_at_it_names_the_waiting_status():
    assert status_named("还没人审的那个") == "未审核"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # the latest month with one then: November's, not October's (10-21)
        ("月初那个已经通过的", "HZ2026110104853"),
        ("月底交的那个", "HZ2026112202961"),
        ("月中的", "HZ2026111508370"),
        ("月初那个没通过的", None),
    ],
)
def test_a_part_of_a_month_names_the_one_of_the_latest_month_then(text, number):
    hit = resolve_reference(text, MAILBOX_LIST)
    assert (hit or {}).get("no") == number


def test_a_file_sent_again_weighed_against_a_cancel_asks_the_rule():
    assert asks_about_cancelling("工资汇总表盖好章了，是在原来那条上补传还是注销了重新报")
    assert not asks_about_cancelling("不是问怎么撤，是让你帮我把我的一个申请撤回")


def test_a_floor_is_beyond_the_guide():
    assert asks_beyond_guide("在哪个楼层办")


def test_the_income_tax_is_no_matter_of_the_bureau():
    assert is_off_topic("个税汇算在哪弄")


async def test_the_income_tax_missed_by_the_nlu_is_out_of_scope():
    said, _ = await responses_of(
        ActionFallback(), tracker(parse("nlu_fallback", text="个税汇算在哪弄"))
    )
    assert said == ["utter_out_of_scope"]


@pytest.mark.parametrize("text", ["那个弹框死活不出来怎么办", "验证码一直刷不出来"])
async def test_a_part_of_a_screen_that_will_not_show_is_a_person_to_see(text):
    # as the site failing in other words is: why, the guide never says
    latest = parse("out_of_scope_social", text=text)
    said, events = await responses_of(
        ActionOutOfScope(), tracker(latest, events=answered("utter_faq/login_methods"))
    )
    assert said == []
    assert FollowupAction("action_offer_handoff") in events


def test_who_reviews_after_a_step_is_the_review():
    assert step_topic("第四步提交了以后，谁来审") == "review_vs_query"
    assert step_topic("第四步是什么") == "flow"


def test_the_opening_put_as_a_step_is_the_opening():
    assert step_topic("第一步是先去窗口开通对吧") == "open_online"
    assert step_topic("开通完了第一步是啥") == "flow"
    assert step_topic("第一步怎么登录") == "login_methods"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("网上办事格个东西咋个开通啦", "open_online"),
        ("呃那个就是我想问一下那个网上办事要怎么开同啊", "open_online"),
        ("网址是www.hzrs.gov.cn对不对", "website"),
        ("网上办事作啥西要去窗口开通伐", "open_online"),
        ("为什么开通要去窗口", "open_online"),
        ("开通要去窗口带什么", None),
        ("骑手能不能用网上办事", "open_online"),
        ("我能不能用网上办事查进度", None),
        ("是不是真的，审核通过以后自己在网上还能随便改？", "fix_data"),
        # what is said not to be meant names nothing
        ("不是问怎么开通，是开通完了以后整个怎么用，一步一步的那种", None),
        # the papers, a detail or a reset asked beside them are their own topics
        ("开通要带什么", None),
        ("怎么开通要多久", None),
        # the site asked, whatever is done on it
        ("換密碼的那個網站是哪個", "website"),
    ],
)
def test_more_topics_named_in_words_no_reading_moves(text, topic):
    assert plain_topic(text) == topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("改密码是不是也得拿身份证去受理点填个申请单？", "change_password"),
        ("公积金你管不了是吧，那改密码呢", "change_password"),
        ("重置以后怎么改密码", "change_password"),
        ("嗯 那个 我们公司的那个蜜码 忘掉了", "password_lost"),
        ("不是改密码，是密码忘了", "password_lost"),
        ("接手单位网上办事 密码没人知道", "password_lost"),
        # a loss denied, another service's password
        ("不是忘了密码，是想换一个", None),
        ("我不是忘了密码，是想改个新的", None),
        # (a loss taken back for a password remembered is the change, since stop 46)
        ("我密码忘了......不对,密码我记得,就是想换一个", "change_password"),
        ("社保卡密码也忘了", None),
        ("支付宝密码怎么改", None),
        # (a reset asked is the loss's answer, since stop 46: it says what the reset takes)
        ("密码重置要带什么", "password_lost"),
    ],
)
def test_the_portals_password_lost_or_changed_in_words_no_ranking_moves(text, topic):
    assert password_topic_said(text) == topic


def test_an_address_or_a_fee_asked_in_pinyin_is_beyond_the_guide():
    assert latin_topic("shouli dian juti zai na tiao lu") == "not_in_guide"
    assert latin_topic("kaitong yao qian ma") == "not_in_guide"


@pytest.mark.parametrize(
    ("intent", "text", "faq", "response"),
    [
        (
            "faq",
            "改密码是不是也得拿身份证去受理点填个申请单？",
            [("password_lost", 0.9)],
            "utter_faq/change_password",
        ),
        (
            "out_of_scope_social",
            "公积金你管不了是吧，那改密码呢",
            [("change_password", 0.4)],
            "utter_faq/change_password",
        ),
        ("faq", "网址是www.hzrs.gov.cn对不对", [("website", 0.3)], "utter_faq/website"),
        ("nlu_fallback", "网上办事格个东西咋个开通啦", [("not_in_guide", 0.34)], None),
    ],
)
async def test_a_topic_named_plainly_is_answered_over_the_ranking(intent, text, faq, response):
    said, _ = await responses_of(ActionAnswerFaq(), tracker(parse(intent, text=text, faq=faq)))
    assert said == [response or "utter_faq/open_online"]


async def test_a_password_forgotten_read_as_ones_own_look_up_is_the_reset(tmp_path: Path):
    latest = logged_out(
        tmp_path, parse("check_my_progress", text="嗯 那个 我们公司的那个蜜码 忘掉了")
    )
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_ask_applicant_type_password_lost"]


async def test_forgetting_after_the_change_of_password_is_the_reset():
    latest = parse("faq", text="那要是换完又给忘了呢", faq=[("fix_data", 0.6)])
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered("utter_faq/change_password"))
    )
    assert said == ["utter_ask_applicant_type_password_lost"]
    # after another answer it is what the NLU says
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, events=answered("utter_faq/contact"))
    )
    assert said == ["utter_faq/fix_data"]


async def test_a_thing_of_ones_own_returned_and_why_asked_is_the_look_up(tmp_path: Path):
    latest = logged_out(
        tmp_path, parse("faq", text="我有个东西被打回来了，想看看为啥", faq=[("fix_data", 0.69)])
    )
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    looked = said == ["utter_login_link"] or FollowupAction("action_check_progress") in events
    assert looked, (said, events)


async def test_a_cancel_asked_with_the_how_set_aside_is_the_cancel(tmp_path: Path):
    text = "不是问怎么撤，是让你帮我把我的一个申请撤回"
    latest = logged_out(tmp_path, parse("cancel_my_submission", text=text, faq=[("fix_data", 0.9)]))
    said, _ = await responses_of(ActionCancelSubmission(), tracker(latest))
    assert said == ["utter_login_link"]


def test_the_next_step_after_a_fix_told_asks_what_now():
    assert asks_what_now("身份证我重新拍清楚了，接下来怎么弄")
    assert asks_what_now("那下一步该干嘛")


async def test_a_person_declined_in_words_is_the_hand_off_declined():
    latest = parse("deny", text="那我发邮件好了，不用转人工了")
    said, _ = await responses_of(
        ActionFollowup(), tracker(latest, events=answered("utter_faq/contact"))
    )
    assert said == ["utter_handoff_declined"]
    said, _ = await responses_of(
        ActionFollowup(),
        tracker(parse("deny", text="不用了"), events=answered("utter_faq/contact")),
    )
    assert said == ["utter_deny_ack"]


def test_a_menu_choice_corrected_after_saying_when():
    assert corrected_choice("不对，刚才按错了，应该是二") == 2


async def test_a_change_asked_of_one_named_is_what_its_status_allows(
    nonprofit: Session,  # noqa: F811
):
    text = "还有那个参保登记已经通过了，里面联系电话也想改"
    t = nonprofit.tracker("faq", text, shown="utter_progress_list", faq=[("fix_data", 0.97)])
    said, events, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_selected_submission_advice"]
    assert messages[0]["item"] == "单位参保登记"
    assert {
        "event": "slot",
        "name": "selected_submission",
        "value": nonprofit.number("单位参保登记"),
    } in [{k: e.get(k) for k in ("event", "name", "value")} for e in events]
    # a slip told names the one it is in: its details
    rejected = nonprofit.number("社保缴费基数申报", "审核未通过")
    t = nonprofit.tracker("faq", "身份证号码有误被退回的那个", shown="utter_progress_list")
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["no"] == rejected
    # the one whose note says what was wrong, pointed at beside another on screen
    pending = nonprofit.number("职工参保增员")
    t = nonprofit.tracker(
        "faq", "身份证号码有误的那条呢", shown="utter_submission_detail", selected=pending
    )
    said, _, messages = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
    assert messages[0]["no"] == rejected
    # named with nothing asked of it, it is its details
    t = nonprofit.tracker(
        "faq", "还有那个参保登记呢", shown="utter_progress_list", faq=[("fix_data", 0.5)]
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
