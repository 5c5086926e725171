"""Readings that development sets BF (an ordinary morning) and BG (follow-ups that lean
on what came before) showed missing."""

import pytest
from rasa_sdk.events import FollowupAction

from actions.answers import asks_for_batch
from actions.context import asks_what_now
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.followup import ActionFollowup
from actions.references import resolve_reference
from actions.topics import corrected_choice, lost_in_answer, plain_topic
from actions.words import SITE_FAILING_RE
from bot.nlu.applicant_type import detect_applicant_type
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import parse, tracker
from tests.portal_fixtures import (  # noqa: F401
    SandboxHandle,
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)

INSTITUTION_LIST = [
    {
        "n": 1,
        "no": "HZ2026112408806",
        "item": "机关事业单位人员参保增员",
        "date": "2026-11-24",
        "status": "未审核",
        "count": 4,
    },
    {
        "n": 2,
        "no": "HZ2026111803265",
        "item": "职业年金缴费基数申报",
        "date": "2026-11-18",
        "status": "审核未通过",
        "count": 37,
    },
    {
        "n": 3,
        "no": "HZ2026110907731",
        "item": "单位参保证明打印",
        "date": "2026-11-09",
        "status": "审核通过",
    },
    {
        "n": 4,
        "no": "HZ2026110204418",
        "item": "机关事业单位人员参保减员",
        "date": "2026-11-02",
        "status": "已注销",
        "count": 2,
    },
]
PERSON_LIST = [
    {"n": 1, "no": "HZ2026112307415", "item": "失业登记", "date": "2026-11-23", "status": "未审核"},
    {
        "n": 2,
        "no": "HZ2026111908263",
        "item": "个人参保证明打印",
        "date": "2026-11-19",
        "status": "审核通过",
    },
    {
        "n": 3,
        "no": "HZ2026111203951",
        "item": "灵活就业人员参保登记",
        "date": "2026-11-12",
        "status": "审核未通过",
    },
]


@pytest.mark.parametrize(
    ("text", "lost"),
    [
        ("还是不懂", True),
        ("没搞懂", True),
        ("我还是不太明白", True),
        # a question beside it is asked
        ("不懂就问，网址是啥", False),
    ],
)
def test_not_understood_in_short_words_is_lost_in_the_answer(text, lost):
    assert lost_in_answer(text) is lost


def test_staff_counted_with_new_before_their_trade_are_many_records():
    assert asks_for_batch("公办中学，开学要给几十个新老师办参保，网上能一次性弄吗")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "换个人去": someone else goes, no individual
        ("原来的经办人离职了，换个人去可以吗", None),
        ("另派个人去办行不行", None),
        ("How do I open the online services? I'm a private person", "individual"),
        ("我个人开通要带啥", "individual"),
    ],
)
def test_another_person_sent_is_no_applicant_type(text, kind):
    found = detect_applicant_type(text)
    assert (found.value if found else None) == kind


def test_what_one_may_do_now_in_other_words():
    assert asks_what_now("那我现在能做啥")
    assert not asks_what_now("你能做啥")


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("不是问密码，是问网址", "website"),
        ("我不是问开通，是问网址", "website"),
        ("改完直接提交就行?", "resubmit"),
        ("改完了再提交吗", "resubmit"),
        ("单位的证件呢", "documents"),
        # the papers of a reset are the reset's
        ("单位密码丢了要带什么证件", None),
        ("网址", None),
    ],
)
def test_topics_named_in_plain_words(text, topic):
    assert plain_topic(text) == topic


def test_a_site_that_will_not_open_said_alone_is_the_site_failing():
    assert SITE_FAILING_RE.search("打不开怎么办")
    assert SITE_FAILING_RE.search("网站还是打不开")
    assert not SITE_FAILING_RE.search("打不开的文件要重新传吗，附件格式有要求吗")


@pytest.mark.parametrize("text", ["說錯了 是2", "说错了 是2", "打错了，应该选2"])
def test_a_menu_choice_corrected_in_any_script(text):
    assert corrected_choice(text) == 2


@pytest.mark.parametrize(
    ("text", "items", "number"),
    [
        ("受理编号尾号7415的", PERSON_LIST, "HZ2026112307415"),
        ("7415那个", PERSON_LIST, "HZ2026112307415"),
        ("增员那4个人的撤了", INSTITUTION_LIST, "HZ2026112408806"),
        ("减员那2个人的", INSTITUTION_LIST, "HZ2026110204418"),
        # the size must be the named one's
        ("增员那2个人的", INSTITUTION_LIST, None),
        # the reviewer's note points at the rejected one
        ("身份证号码有误那个", PERSON_LIST, "HZ2026111203951"),
        ("说3名职工基数低于下限的那个", INSTITUTION_LIST, "HZ2026111803265"),
    ],
)
def test_one_listed_named_by_its_number_s_end_its_size_or_its_note(text, items, number):
    found = resolve_reference(text, items)
    assert (found["no"] if found else None) == number


async def test_then_what_after_the_steps_is_the_steps_again():
    t = tracker(parse("more", text="然后呢"), events=answered("utter_faq/flow", "第三步是啥"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_faq/flow"]


async def test_a_numbered_way_asked_after_the_offer_of_a_person_is_that_answer_again():
    offered = [
        *answered("utter_faq/login_methods"),
        {"event": "user", "text": "还是不懂", "parse_data": parse("deny", text="还是不懂")},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_offer_handoff"}},
        {"event": "action", "name": "action_listen"},
    ]
    t = tracker(
        parse("nlu_fallback", text="方式二是什么意思"),
        events=offered,
        slots={"pending_handoff": True},
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_faq/login_methods"]


async def test_not_understood_after_an_answer_offers_a_person_whatever_the_reading():
    t = tracker(parse("deny", text="还是不懂"), events=answered("utter_faq/login_methods"))
    _, events = await responses_of(ActionFollowup(), t)
    assert FollowupAction("action_offer_handoff") in events


async def test_why_a_query_cannot_be_cancelled_is_why_it_answers_at_once():
    t = tracker(
        parse("faq", text="为啥", faq=[("fix_data", 0.6)]),
        events=answered("utter_cannot_cancel_query", "参保证明打印那个注销"),
        slots={"progress_list": PERSON_LIST, "selected_submission": "HZ2026111908263"},
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/review_vs_query"]
    # of an approved one, what may be changed
    t = tracker(
        parse("faq", text="为啥", faq=[("fix_data", 0.6)]),
        events=answered("utter_cannot_cancel_approved", "注销养老保险参保登记"),
        slots={"progress_list": INSTITUTION_LIST},
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/fix_data"]


@pytest.mark.parametrize(
    ("before", "selected", "response"),
    [
        ("utter_ask_which_to_cancel", None, "utter_cancel_declined"),
        # shown one that may be cancelled: no 注销
        ("utter_submission_detail", "HZ2026111203951", "utter_cancel_declined"),
        # shown one that may not: a plain no
        ("utter_submission_detail", "HZ2026111908263", "utter_deny_ack"),
        ("utter_faq/website", None, "utter_deny_ack"),
    ],
)
async def test_a_bare_no_after_a_cancel_on_the_way_declines_it(before, selected, response):
    slots = {"progress_list": PERSON_LIST, "selected_submission": selected}
    t = tracker(parse("deny", text="嗯…算了"), events=answered(before, "这个撤回吧"), slots=slots)
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == [response]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("我们还有个民办的分校，那个呢", True),
        ("还有个公办的，那个呢", True),
        ("那个呢", False),
        ("我们还有个分校在滨江，那边怎么开通呢", False),
    ],
)
def test_another_unit_brought_in_and_asked_with_ne(text, asks):
    from actions.context import asks_for_introduced_type

    assert asks_for_introduced_type(text) is asks


@pytest.mark.parametrize(
    ("text", "mine"), [("我自己的", True), ("我们公司的", True), ("自己", False)]
)
def test_whose_said_alone(text, mine):
    from actions.words import OWN_ONES_RE

    assert bool(OWN_ONES_RE.match(text)) is mine


async def test_whose_said_after_the_login_link_is_the_look_up_not_a_type():
    t = tracker(
        parse("inform_applicant_type", text="我自己的"),
        events=answered("utter_login_link", "查进度"),
    )
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert FollowupAction("action_check_progress") in events and said == []


async def test_a_bare_no_after_details_found_beyond_the_page_reads_their_buttons():
    detail = answered("utter_submission_detail", "那11月12号那个呢")
    detail[2]["data"] = {"buttons": [{"title": "注销", "payload": "/cancel_my_submission"}]}
    slots = {"progress_list": [], "selected_submission": "HZ2026111203951"}
    t = tracker(parse("deny", text="嗯…算了"), events=detail, slots=slots)
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_cancel_declined"]
    detail[2]["data"] = {"buttons": [{"title": "转人工", "payload": "/request_human"}]}
    t = tracker(parse("deny", text="嗯…算了"), events=detail, slots=slots)
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_deny_ack"]


async def test_a_topic_said_in_plain_words_outweighs_a_type_dependent_reading_barely_made():
    t = tracker(
        parse("faq", text="改完直接提交就行?", faq=[("documents", 0.338), ("resubmit", 0.185)]),
        events=answered("utter_faq/fix_data", "在哪改"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/resubmit"]
    # a sure one stays: "密码忘了，顺便问下网址是啥" asks the type for the reset first
    t = tracker(parse("faq", text="密码忘了，顺便问下网址是啥", faq=[("password_lost", 0.9)]))
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_ask_applicant_type_password_lost"]


async def test_a_change_asked_of_the_one_shown_placed_without_conviction_is_its_advice(
    nonprofit: Session,  # noqa: F811
):
    rejected = nonprofit.number("社保缴费基数申报", "审核未通过")
    text = "能不能只改那一个人的身份证号"
    for sure, response in (
        (0.376, "utter_selected_submission_advice"),
        (0.95, "utter_faq/how_to_operate"),
    ):
        t = nonprofit.tracker(
            "faq",
            text,
            shown="utter_submission_detail",
            selected=rejected,
            faq=[("how_to_operate", sure)],
        )
        said, _, _ = await run(ActionAnswerFaq(), t)
        assert said == [response], sure
    # the batch asked of it is the guide's batch
    t = nonprofit.tracker(
        "faq",
        "15个人的数据，能批量改吗",
        shown="utter_submission_detail",
        selected=rejected,
        faq=[("batch", 0.5)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/batch"]


async def test_nothing_named_in_the_first_words_is_a_miss_however_read():
    from actions.progress import ActionCancelSubmission

    t = tracker(parse("cancel_my_submission", text="弄那个 那个啥"))
    _, events = await responses_of(ActionCancelSubmission(), t)
    assert FollowupAction("action_fallback") in events
    t = tracker(parse("faq", text="这个怎么弄", faq=[("how_to_operate", 0.45)]))
    _, events = await responses_of(ActionAnswerFaq(), t)
    assert FollowupAction("action_fallback") in events
    # a greeting said before is nothing yet; an answer is something the words may lean on
    from actions.confirmation import bot_turns_beyond_greeting

    assert not bot_turns_beyond_greeting(
        tracker(parse("faq", text="这个怎么弄"), events=answered("utter_greet", "你好"))
    )
    assert bot_turns_beyond_greeting(
        tracker(parse("faq", text="这个怎么弄"), events=answered("utter_faq/batch", "能批量吗"))
    )


async def test_the_bounds_of_the_contribution_base_asked_are_a_social_matter(
    person: Session,  # noqa: F811
):
    text = "说3个人低于下限，这个下限到底是多少"
    latest = parse("nlu_fallback", text=text, faq=[("contact", 0.973)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_out_of_scope_social"]
    # with the rejected one on screen, too
    rejected = person.number("灵活就业人员参保登记", "审核未通过")
    t = person.tracker(
        "nlu_fallback",
        text,
        shown="utter_submission_detail",
        selected=rejected,
        faq=[("contact", 0.973)],
    )
    said, _, _ = await run(ActionFallback(), t)
    assert said == ["utter_out_of_scope_social"]
