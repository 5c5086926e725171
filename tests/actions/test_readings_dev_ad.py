"""Readings that development set AD (voice transcripts, people asking twice, bookkeepers
for several firms, unit administrators, logged-in users naming a batch by its size)
showed missing."""

import pytest

from actions.confirmation import contact_in
from actions.faq import ActionAnswerFaq, followup_topic
from actions.references import resolve_reference
from bot.handoff.contact import find_contacts, fold_spoken_digits
from bot.nlu.applicant_type import detect_applicant_type
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import parse, tracker


async def test_the_answer_just_given_closest_again_is_the_follow_up_though_unsure():
    t = tracker(
        parse(
            "faq",
            text="就是还没审核的那种能自己改是吧",
            faq=[("fix_data", 0.23), ("review_vs_query", 0.22)],
        ),
        events=answered("utter_faq/fix_data", "申报的时候数据填错了已经点提交了怎么办"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/fix_data"]


async def test_an_unsure_topic_other_than_the_last_answer_is_still_a_miss():
    t = tracker(
        parse("faq", text="就是那种能自己弄是吧", faq=[("review_vs_query", 0.23)]),
        events=answered("utter_faq/fix_data", "申报的时候数据填错了已经点提交了怎么办"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert "utter_faq/review_vs_query" not in said


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("幺三八零零幺三八零零零", "+8613800138000"),
        ("我的电话是幺五九 零五七幺 八八八八", "+8615905718888"),
        ("一三八零零一三八零零零", "+8613800138000"),
        ("138零零138000", "+8613800138000"),
    ],
)
def test_a_number_read_aloud_is_a_phone_number(text, number):
    assert [c.value for c in find_contacts(text)] == [number]
    contact = contact_in(f"可以的，{text}")
    assert contact is not None and contact.value == number


@pytest.mark.parametrize("text", ["一个人去办要带什么", "第三条那个", "两个人的减员", "一二三"])
def test_numbers_in_words_that_are_no_phone_stay_words(text):
    assert fold_spoken_digits(text) == text
    assert find_contacts(text) == []


def test_a_bookkeeper_speaking_of_their_own_person_is_no_individual():
    assert detect_applicant_type("我只是代账的，去办的时候我自己还要带啥") is None
    assert detect_applicant_type("我自己要带啥") is not None
    # what one brings besides (the unit's papers) is the agent's part, whoever asks
    assert detect_applicant_type("我自己还要带啥") is None


async def test_a_bookkeepers_own_part_for_the_firm_is_the_agents_agreement():
    t = tracker(
        parse("faq", text="我只是代账的，去办的时候我自己还要带啥", faq=[("documents", 0.9)]),
        slots={"applicant_type": "enterprise"},
        events=answered("utter_documents_enterprise", "帮客户新注册的公司开通网上办事要啥材料"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/agent_agreement"]


def test_a_batch_imported_again_is_handed_in_again():
    assert followup_topic("撤掉以后重新导一遍可以吗", "resubmit") == "resubmit"
    assert followup_topic("怎么重新传", "resubmit") == "fix_data"


@pytest.mark.parametrize(
    ("text", "form"),
    [("要填的那个单子叫什么", True), ("填什么", True), ("在哪里办", False)],
)
def test_the_form_asked_after_the_reset_answer_is_the_reset_answer(text, form):
    got = followup_topic(text, "how_to_operate", "password_lost")
    assert (got == "password_lost") is form


ITEMS = [
    {"n": 1, "no": "HZ2026112509342", "item": "职工参保增员", "date": "2026-11-25",
     "status": "待审核", "count": 12},
    {"n": 2, "no": "HZ2026111704729", "item": "社保缴费基数申报", "date": "2026-11-17",
     "status": "审核未通过", "count": 86},
    {"n": 3, "no": "HZ2026111001847", "item": "职工参保减员", "date": "2026-11-10",
     "status": "审核通过", "count": 3},
    {"n": 4, "no": "HZ2026112006158", "item": "单位参保证明打印", "date": "2026-11-20",
     "status": "审核通过", "count": None},
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("增员12个人的那个现在什么情况", "职工参保增员"),
        ("12个人那条…名单能改伐", "职工参保增员"),
        ("十二个人那个", "职工参保增员"),
        ("86条那个", "社保缴费基数申报"),
        ("三名职工那个", "职工参保减员"),
        ("那增员那个12个人的先撤了，名单也不对", "职工参保增员"),
        # a position stays a position, and a count no batch has points nowhere
        ("第2条", "社保缴费基数申报"),
        ("我们有5个人", None),
        # people spoken of, not a batch pointed at
        ("我要找客服问一下这三个人的基数", None),
        ("86个人里就3个不对 能只改那3个吗", None),
        ("2个人那个增员", None),
    ],
)
def test_a_batch_is_named_by_its_count_of_records(text, item):
    found = resolve_reference(text, ITEMS)
    assert (found and found["item"]) == item


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("增员12个人的那个现在什么情况", True),
        ("12个人那个", True),
        # a question of the guide about the batch it names is the guide's
        ("12个人那条还没审，名单能改伐", False),
        ("86个人里就3个不对 能只改那3个吗", False),
    ],
)
def test_a_batch_named_by_its_count_is_shown_unless_a_question_asks_about_it(text, shown):
    from actions.confirmation import names_one_listed

    t = tracker(parse("faq", text=text), slots={"progress_list": ITEMS})
    assert names_one_listed(t) is shown


@pytest.mark.parametrize(
    ("text", "case"),
    [
        ("就是单位网上办事密码丢了去窗口要带什么没搞清楚", True),
        ("开通要带啥我一直没弄明白", True),
        ("单位密码丢了要带什么", False),
    ],
)
def test_a_question_said_not_understood_at_the_description_step_is_the_case(text, case):
    from actions.handoff import describes_case

    assert describes_case(text) is case


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("职工参保增员那条现在啥状态", "utter_login_link"),
        # naming nothing of one's own, before any list: a miss, not a login
        ("增员那个", "utter_suggest_topics"),
    ],
)
async def test_ones_own_named_before_any_login_is_the_login(tmp_path, text, said):
    from actions import runtime
    from actions.progress import ActionShowSubmission
    from bot.contract import CHANNEL_KEY, CLIENT_BINDING_KEY
    from bot.settings import Settings

    runtime.configure(
        Settings.from_env(
            {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}, dotenv=tmp_path / "none"
        )
    )
    latest = {
        **parse("pick_submission", text=text),
        "metadata": {CLIENT_BINDING_KEY: "b" * 40, CHANNEL_KEY: "rest"},
    }
    got, _ = await responses_of(ActionShowSubmission(), tracker(latest))
    assert got[:1] == [said]


@pytest.mark.parametrize(
    ("text", "status"),
    [("工单啥时候有回复", True), ("工单多久能回", True), ("我的申报多久回复", False)],
)
def test_when_the_ticket_is_answered_asks_its_status(text, status):
    from actions.answers import asks_ticket_status

    assert asks_ticket_status(text) is status


@pytest.mark.parametrize(
    ("text", "asks"),
    [("重置使唔使錢㗎", True), ("要唔要帶身份證", True), ("有冇其他方法", True), ("唔使", False)],
)
def test_cantonese_a_not_a_is_a_question(text, asks):
    from actions.yesno import asks_something

    assert asks_something(text) is asks


def test_a_fee_or_a_time_asked_in_cantonese_is_beyond_the_guide():
    from actions.context import asks_when
    from actions.topics import asks_beyond_guide

    assert asks_beyond_guide("重置使唔使錢㗎")
    assert asks_when("幾時會審完㗎")


async def test_what_it_can_do_typed_alone_is_the_capabilities():
    t = tracker(parse("faq", text="能干嘛", faq=[("open_online", 0.41)]))
    _, events = await responses_of(ActionAnswerFaq(), t)
    assert {"event": "followup", "timestamp": None, "name": "action_capabilities"} in events


def test_how_it_stands_asked_after_the_handing_in_is_the_progress():
    from actions.context import asked_after

    both = ["how_to_operate", "check_progress"]
    assert asked_after("弄好以后咋个查办得怎么样了", "how_to_operate", both) == "check_progress"
    assert asked_after("登录以后怎么办事", "login_methods", both) == "how_to_operate"


async def test_erasing_what_one_sent_after_a_password_is_the_erasure():
    from actions.answers import ERASE_CONFIRM_ACTION
    from actions.fallback import ActionFallback

    t = tracker(
        parse(
            "faq",
            text="啊 不该把密码发出来的，能删掉记录吗",
            faq=[("password_lost", 0.29), ("change_password", 0.23)],
        )
    )
    _, events = await responses_of(ActionFallback(), t)
    assert {"event": "followup", "timestamp": None, "name": ERASE_CONFIRM_ACTION} in events


async def test_the_bureaus_hours_asked_out_of_the_blue_are_beyond_the_guide():
    from actions.fallback import ActionOutOfScope

    t = tracker(
        parse(
            "out_of_scope",
            text="12333几点有人接",
            faq=[("contact", 0.56), ("not_in_guide", 0.38)],
        )
    )
    said, _ = await responses_of(ActionOutOfScope(), t)
    assert said == ["utter_faq/not_in_guide"]
    t = tracker(parse("out_of_scope", text="明天几点下雨", faq=[("contact", 0.3), ("batch", 0.2)]))
    said, _ = await responses_of(ActionOutOfScope(), t)
    assert said != ["utter_faq/not_in_guide"]


def test_a_heap_of_staff_at_once_and_an_item_done_online_are_their_topics():
    from actions.answers import cued_topic

    assert cued_topic(
        "开通以后一大堆员工的增员能一次报吗", ["resubmit", "how_to_operate", "batch"]
    ) == ("batch")
    ranking = ["how_to_operate", "login_methods", "open_online"]
    assert cued_topic("HR一枚，想问下招了人，就业登记网上怎么弄", ranking) == "how_to_operate"
    assert cued_topic("网上怎么开通", ranking) == "open_online"


async def test_another_case_after_the_guides_silence_takes_the_topic_the_selector_is_sure_of():
    from actions.fallback import ActionFallback

    t = tracker(
        parse("nlu_fallback", text="哦 那查询类的呢", faq=[("review_vs_query", 0.67)]),
        events=answered("utter_faq/not_in_guide", "提交以后多久能有结果"),
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_faq/review_vs_query"]
    t = tracker(
        parse("nlu_fallback", text="那宁波的呢", faq=[("review_vs_query", 0.3)]),
        events=answered("utter_faq/not_in_guide", "提交以后多久能有结果"),
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    ("text", "only_if_bot"),
    [
        ("请问是真人在回我消息吗？", True),
        ("是不是机器人在回复", True),
        # a person asked for, not about
        ("真人在吗", False),
    ],
)
def test_who_is_answering_asked_without_you_is_the_bot_question(text, only_if_bot):
    from actions.confirmation import asks_only_if_bot

    assert asks_only_if_bot(text) is only_if_bot


def test_the_bot_asked_to_log_one_in_is_a_login_here():
    from actions.topics import logs_in_here

    assert logs_in_here("帮我登录 账号demo-person 密码******")
    assert not logs_in_here("网上办事怎么登录")


def test_the_whole_way_from_start_to_end_is_the_flow():
    text = "我不会弄电脑，想知道在网上办一件事情，从头到尾是怎么个步骤"
    assert followup_topic(text, "how_to_operate") == "flow"
    assert followup_topic("登录后怎么选事项", "how_to_operate") == "how_to_operate"


@pytest.mark.parametrize(
    ("text", "another"),
    [("那增员的先撤了", True), ("把减员那条撤回", False), ("这个撤了吧", False)],
)
def test_a_part_of_another_ones_name_is_not_the_one_on_screen(text, another):
    from actions.references import names_another

    assert names_another(text, ITEMS, "HZ2026111001847") is another


async def test_a_benefits_amount_read_as_a_social_matter_stays_one():
    from actions.fallback import ActionOutOfScope

    t = tracker(
        parse("out_of_scope_social", text="那技能提升补贴能补多少钱", faq=[("not_in_guide", 0.99)])
    )
    said, _ = await responses_of(ActionOutOfScope(), t)
    assert said == ["utter_out_of_scope_social"]
