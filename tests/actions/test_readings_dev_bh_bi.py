"""Readings that development sets BH (a busy afternoon on phones) and BI (first-time
users who do not know the words) showed missing."""

import pytest
from rasa_sdk.events import FollowupAction

from actions.answers import BORNE_BY, asks_for_batch, unborne_reading
from actions.context import asks_for_introduced_type, orders_look_after_login
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq, followup_topic
from actions.followup import ActionFollowup
from actions.handoff import ActionOfferHandoff
from actions.portal_session import LOGGED_IN_RESPONSE
from actions.progress import ActionCheckProgress
from actions.references import resolve_reference
from actions.topics import asks_own_item, plain_topic
from actions.yesno import acknowledges, typed_answer
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ad import ITEMS as COMPANY_ITEMS
from tests.actions.test_readings_dev_bf_bg import PERSON_LIST
from tests.actions.trackers import parse, tracker, training_examples


@pytest.mark.parametrize(
    ("text", "many"),
    [
        ("公司刚招了二十来个人，要一个一个在网上填吗，太麻烦了", True),
        ("30来名员工能一次报吗", True),
        # a count of one is no batch
        ("一来个人能一次报吗", False),
    ],
)
def test_a_rough_count_with_one_by_one_is_a_batch(text, many):
    assert asks_for_batch(text) is many


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("交了以后怎么知道办好没", "check_progress"),
        ("网趾多少", "website"),
        ("网止是啥", "website"),
        ("第一次用，不知道从哪开始", "open_online"),
        ("你好，我刚开了家小公司，听说社保那些能在网上弄，我要先干嘛", "open_online"),
        # the first of the seven steps is the steps' own
        ("网上办事第一步干嘛", "flow"),
        # a later beginning, not a newcomer's
        ("登录以后先干嘛", None),
    ],
)
def test_topics_named_in_plain_words(text, topic):
    assert plain_topic(text) == topic


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("哦打错了，是7415", "HZ2026112307415"),
        ("3951", "HZ2026111203951"),
        # a phone number is no 受理编号's end
        ("我电话是13800007415", None),
        ("是1234", None),
    ],
)
def test_the_end_of_a_number_said_alone_after_a_slip(text, number):
    found = resolve_reference(text, PERSON_LIST)
    assert (found["no"] if found else None) == number


def test_a_rejection_told_with_what_to_do_asked_is_fixing_it():
    text = "我在网上交的东西，页面上写着审核未通过，这啥意思，我该咋办"
    assert followup_topic(text, "how_to_operate") == "fix_data"
    # why it was rejected is no question of fixing it
    assert followup_topic("审核未通过是什么原因", "how_to_operate") == "how_to_operate"


async def test_who_goes_after_a_unit_s_reset_is_its_agent():
    events = answered("utter_password_lost_institution", "我们单位网上办事的密码丢了")
    slots = {"applicant_type": "institution", "last_type_topic": "password_lost"}
    t = tracker(
        parse("faq", text="得谁去办", faq=[("open_online", 0.98)]), events=events, slots=slots
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/agent_agreement"]
    # whom to ask is the guide's contacts
    t = tracker(
        parse("faq", text="那我问谁去", faq=[("open_online", 0.5)]), events=events, slots=slots
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said != ["utter_faq/agent_agreement"]


async def test_where_after_the_papers_is_the_counter_for_the_type():
    t = tracker(
        parse("faq", text="在哪", faq=[("open_online", 0.23)]),
        events=answered("utter_documents_enterprise", "原件?"),
        slots={"applicant_type": "enterprise"},
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_where_enterprise"]


async def test_a_yes_before_anything_was_said_is_a_miss():
    t = tracker(parse("affirm", text="嗯？？？"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_suggest_topics"]
    t = tracker(parse("affirm", text="嗯？？？"), events=answered("utter_greet", "你好"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_suggest_topics"]
    t = tracker(parse("affirm", text="嗯"), events=answered("utter_faq/batch", "能批量吗"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_ack"]


def test_show_them_in_english_after_the_login_is_the_look_up():
    logged_in = answered(LOGGED_IN_RESPONSE, "check my company's submissions please")
    for text, looks in (
        ("show them", True),
        ("ok check it now", True),
        ("show me the steps", False),
    ):
        t = tracker(parse("nlu_fallback", text=text), events=logged_in)
        assert orders_look_after_login(t, text) is looks, text


async def test_a_step_told_done_then_what_is_the_step_after_it():
    t = tracker(parse("faq", text="账号密码拿到了，然后呢", faq=[("open_online", 0.66)]))
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/login_methods"]


async def test_opening_asked_after_the_mailbox_was_told_is_the_mailbox_answer():
    told = "我爸刚退休，想在网上查查社保，是不是要先开通网上办事？他是有市民邮箱的"
    events = answered("utter_faq/citizen_mailbox", told)
    t = tracker(parse("faq", text="那他还要去开通不", faq=[("open_online", 0.99)]), events=events)
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/citizen_mailbox"]
    # no mailbox told before: the opening
    events = answered("utter_faq/website", "网址是多少")
    t = tracker(parse("faq", text="那他还要去开通不", faq=[("open_online", 0.99)]), events=events)
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/open_online"]


@pytest.mark.parametrize("intent", sorted(BORNE_BY))
def test_every_training_example_of_a_request_bears_it_out(intent):
    examples = training_examples(intent)
    assert len(examples) >= 10
    for example in examples:
        t = tracker(parse(intent, text=example, faq=[("contact", 0.99)]))
        assert not unborne_reading(t), example


@pytest.mark.parametrize(
    ("intent", "text", "topic", "response"),
    [
        (
            "check_my_progress",
            "我们单位mm忘了",
            "password_lost",
            "utter_ask_unit_type_password_lost",
        ),
        ("confirm_alerts", "那你告诉我你们的邮箱", "contact", "utter_faq/contact"),
        ("bot_challenge", "那个你们的电话是不是幺二三三三", "contact", "utter_faq/contact"),
        ("goodbye", "网址是多少", "website", "utter_faq/website"),
        ("result_wrong", "审核要多久", "not_in_guide", "utter_faq/not_in_guide"),
    ],
)
async def test_a_request_its_words_do_not_bear_out_is_the_topic_asked(
    intent, text, topic, response
):
    from actions.alerts import ActionSubscribeAlerts
    from actions.chitchat import ActionBotChallenge, ActionGoodbye

    action = {
        "check_my_progress": ActionCheckProgress,
        "confirm_alerts": ActionSubscribeAlerts,
        "bot_challenge": ActionBotChallenge,
        "goodbye": ActionGoodbye,
        "result_wrong": ActionOfferHandoff,
    }[intent]()
    t = tracker(parse(intent, text=text, faq=[(topic, 0.98)]))
    assert unborne_reading(t)
    _, events = await responses_of(action, t)
    assert FollowupAction("action_answer_faq") in events
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == [response]
    # unsure of the topic, the reading stands
    assert not unborne_reading(tracker(parse(intent, text=text, faq=[(topic, 0.6)])))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12人的那批", "HZ2026112509342"),
        ("86人那批", "HZ2026111704729"),
        ("3个人那批", "HZ2026111001847"),
        # a count no batch has points nowhere
        ("15人那批", None),
    ],
)
def test_a_batch_named_by_its_size_and_批(text, number):
    found = resolve_reference(text, COMPANY_ITEMS)
    assert (found["no"] if found else None) == number


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        # a second thought after a sound of agreement is a no, whatever comes after it
        ("嗯…还是不了，我改一下身份证号就行", "no"),
        ("我还是不了", "no"),
        ("还是注销吧", "yes"),
        ("哦，好", "yes"),
        ("哦不用了", "no"),
    ],
)
def test_a_typed_answer_thought_over_or_led_by_a_sound(text, answer):
    assert typed_answer(text, about="cancel") == answer


@pytest.mark.parametrize(
    ("text", "taken"),
    [("哦那好吧", True), ("行吧", True), ("哦好", True), ("谢谢", False), ("好，转人工吧", False)],
)
def test_a_plain_yes_after_an_answer_takes_it_in(text, taken):
    assert acknowledges(text) is taken


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("为什么参保证明打印一提交就有结果，别的要等", "review_vs_query"),
        ("为啥它没人审就直接通过了", "review_vs_query"),
        ("哦我有市民邮箱的", "citizen_mailbox"),
        ("那我老婆没有市民邮箱的呢", None),
        ("为啥还没结果", None),
    ],
)
def test_more_topics_named_in_plain_words(text, topic):
    assert plain_topic(text) == topic


def test_changing_weighed_against_cancelling_is_fixing_it():
    text = "我们单位批量提交的一批申报被打回来了，是能直接改，还是要作废重新报？"
    assert followup_topic(text, "fix_data") == "fix_data"
    assert followup_topic("改了能重交吗", "fix_data") == "resubmit"


def test_the_legal_representative_asked_to_come_is_the_agent_s_part():
    assert followup_topic("法人代表必须到场吗", "open_online") == "agent_agreement"


async def test_how_long_read_as_a_look_up_is_the_guide_s_silence():
    t = tracker(
        parse("check_my_progress", text="到底多久能审完", faq=[("not_in_guide", 0.99)]),
        events=answered("utter_progress_list", "看看"),
    )
    said, _ = await responses_of(ActionCheckProgress(), t)
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    ("text", "topic", "response"),
    [
        ("单位这边的证件呢", "documents", "utter_ask_unit_type_documents"),
        (
            "不好意思按错了。我们单位的网上办事密码忘了",
            "password_lost",
            "utter_ask_unit_type_password_lost",
        ),
    ],
)
async def test_a_unit_said_with_a_type_dependent_topic_asks_its_kind_for_that_topic(
    text, topic, response
):
    t = tracker(
        parse("faq", text=text, faq=[(topic, 0.99)]),
        events=answered("utter_faq/agent_agreement", "经办人要带什么"),
    )
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == [response]
    assert {"event": "slot", "name": "pending_topic", "value": topic, "timestamp": None} in [
        dict(e) for e in events
    ]


@pytest.mark.parametrize(
    ("intent", "text"),
    [("request_human", "那我发邮件好了，不用转人工了"), ("deny", "那就不用转人工了，谢谢")],
)
async def test_a_person_declined_is_declined_however_read(intent, text):
    t = tracker(
        parse(intent, text=text),
        events=answered("utter_faq/contact", "你们邮箱地址是多少"),
        slots={"pending_handoff": True},
    )
    said, events = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_handoff_declined"]
    # a question of why none is offered is no decline
    t = tracker(
        parse("request_human", text="为什么不转人工？"), events=answered("utter_faq/contact")
    )
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_offer_handoff"]


async def test_many_records_at_once_read_as_a_pick_with_nothing_listed_is_the_batch():
    text = "这个月入职了8个人，能一次性弄吗"
    t = tracker(
        parse("pick_submission", text=text, faq=[("contact", 0.89)]),
        events=answered("utter_faq/how_to_operate", "新员工入职了要在网上给他们办，怎么操作"),
    )
    from actions.progress import ActionShowSubmission

    said, _ = await responses_of(ActionShowSubmission(), t)
    assert said == ["utter_faq/batch"]


async def test_logging_in_failing_with_the_english_word_is_the_ways_in():
    from actions.login import ActionLogin

    t = tracker(parse("login", text="网上办事 login 不了", faq=[("login_methods", 0.99)]))
    said, _ = await responses_of(ActionLogin(), t)
    assert said == ["utter_faq/login_methods"]


def test_one_of_one_s_own_named_earlier_is_asked_after():
    assert asks_own_item("刚才那个就业登记还在审吧")
    assert not asks_own_item("刚才那个问题再说一下")


def test_another_unit_brought_in_after_a_space():
    assert asks_for_introduced_type("我们下面还有个民非 它呢")
    assert not asks_for_introduced_type("还有呢")


async def test_a_unit_s_papers_asked_after_the_mailbox_are_no_mailbox_question():
    told = "我同事说有市民邮箱也得再去窗口开通一次，是吗"
    t = tracker(
        parse("faq", text="那我们单位开通要带啥", faq=[("documents", 0.9)]),
        events=answered("utter_faq/citizen_mailbox", told),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_ask_unit_type_documents"]


def test_doing_it_oneself_is_no_look_up_of_one_s_own():
    from actions.context import wants_own_progress

    assert not wants_own_progress("那我自己弄，办事进度查询在哪里找", logged_in=False)
    assert wants_own_progress("不过这次想查我自己个人的办事进度", logged_in=False)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("法人代表必须到场吗", "agent_agreement"),
        ("我们单位批量提交的一批申报被打回来了，是能直接改，还是要作废重新报？", "fix_data"),
    ],
)
def test_the_agent_s_part_and_the_ways_of_fixing_in_plain_words(text, topic):
    assert plain_topic(text) == topic


def test_where_a_record_is_found_is_checking_progress():
    assert followup_topic("在哪里找到那条记录", "how_to_operate") == "check_progress"


async def test_why_a_listed_query_answers_at_once_is_the_guide_s_answer_not_its_details():
    from tests.actions.test_readings_dev_bf_bg import INSTITUTION_LIST

    text = "为什么参保证明打印一提交就有结果，别的要等"
    t = tracker(
        parse("faq", text=text, faq=[("review_vs_query", 0.94)]),
        events=answered("utter_cannot_cancel_cancelled", "注销这条"),
        slots={"progress_list": INSTITUTION_LIST, "selected_submission": "HZ2026110204418"},
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/review_vs_query"]


@pytest.mark.parametrize(
    ("reason", "text", "again"),
    [
        # the bot offered a person after a failing site; the request is made now
        ("site_failing", "转人工！！！马上！！！", True),
        ("result_wrong", "转人工", True),
        # said as a go-ahead, it consents
        ("site_failing", "转人工吧", False),
        # a person asked for and offered: asked again, it consents
        ("request_human", "转人工 转人工", False),
    ],
)
def test_a_person_asked_for_after_the_bot_offered_one_of_its_own(reason, text, again):
    from actions.confirmation import asks_person_again

    t = tracker(
        parse("request_human", text=text),
        events=answered("utter_offer_handoff", "点半天没反应"),
        slots={"pending_handoff": True, "handoff_reason": reason},
    )
    assert asks_person_again(t) is again


@pytest.mark.parametrize(
    ("ranking", "topic"),
    [
        (["nlu_fallback", "faq", "out_of_scope"], "documents"),
        (["nlu_fallback", "out_of_scope", "faq"], None),
    ],
)
def test_an_unplaced_question_with_the_guide_read_before_out_of_scope_is_the_guide_s(
    ranking, topic
):
    from actions.answers import sure_topic_of_unplaced_question

    latest = parse("nlu_fallback", text="需要哪些证件", faq=[("documents", 0.98)])
    latest["intent_ranking"] = [
        {"name": n, "confidence": c} for n, c in zip(ranking, (0.45, 0.23, 0.22), strict=True)
    ]
    assert sure_topic_of_unplaced_question(tracker(latest)) == topic


async def test_one_s_own_asked_after_on_another_channel_is_still_the_look_up(tmp_path):
    from tests.actions.test_readings_dev_ao import logged_out

    latest = logged_out(tmp_path, parse("check_my_progress", text="我在app上交的就业登记咋样了"))
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_login_link"]


def test_a_look_at_one_s_own_ordered_in_a_story_is_the_look_up():
    from actions.context import orders_own_look

    story = (
        "我前阵子在网上报了失业登记，到现在都没消息，我在想要不要撤掉重新提交一次。"
        "先别急着教我，帮我查查我自己的办事进度，看那条还在不在"
    )
    assert orders_own_look(story)
    # a change asked for is no look
    assert not orders_own_look("我们的基数申报被退回了，你能直接帮我把数据改了吗")


async def test_a_plain_yes_with_nothing_before_it_is_taken_in_unless_puzzled():
    said, _ = await responses_of(ActionFollowup(), tracker(parse("affirm", text="好")))
    assert said == ["utter_ack"]
    said, _ = await responses_of(ActionFollowup(), tracker(parse("affirm", text="嗯？")))
    assert said == ["utter_suggest_topics"]


async def test_a_guide_question_asked_after_the_story_of_a_failure_is_answered():
    text = (
        "这个网址我打开了，可是在左上角登录框输了用户名密码以后一直转圈，换了浏览器也一样。"
        "除了这个登录框，还有别的登录方式吗？"
    )
    t = tracker(parse("faq", text=text, faq=[("login_methods", 0.99)]))
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/login_methods"]
    # the failure and a bare how: a person may see
    t = tracker(parse("faq", text="网站一直转圈，怎么办？", faq=[("how_to_operate", 0.95)]))
    _, events = await responses_of(ActionAnswerFaq(), t)
    assert FollowupAction("action_offer_handoff") in events


async def test_whether_a_person_answers_asked_in_a_word():
    t = tracker(parse("request_human", text="真人?"))
    _, events = await responses_of(ActionOfferHandoff(), t)
    assert FollowupAction("action_bot_challenge") in events
    t = tracker(parse("request_human", text="真人"))
    said, _ = await responses_of(ActionOfferHandoff(), t)
    assert said == ["utter_offer_handoff"]


def test_a_slip_fixed_by_cancelling_and_handing_in_again_is_fixing_it():
    text = "前几天报了参保增员，结果发现其中一个人的名字打错了，我想先把这条撤销掉再重新报"
    assert plain_topic(text) == "fix_data"
    assert plain_topic("补完还要重新提交吧") == "resubmit"


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        # a clause opened with 还是 decides; it weighs nothing
        ("呃……等等，还是先不撤了", "no"),
        ("我直接改还是要先撤掉", None),
    ],
)
def test_a_decision_opened_with_haishi_is_an_answer_not_a_choice_asked(text, answer):
    assert typed_answer(text, about="cancel") == answer


def test_the_site_named_in_a_story_is_no_address_asked():
    from actions.faq import asks_site_address

    text = "这个网址我打开了，可是登录框输了以后一直转圈。除了这个登录框，还有别的登录方式吗？"
    assert not asks_site_address(text)
    assert asks_site_address("那网址呢 刚才没看到")


async def test_erasing_one_s_record_read_as_a_miss_is_the_erasure_asked():
    from actions.answers import asks_erasure

    latest = parse("nlu_fallback", text="删掉我的记录", faq=[("fix_data", 0.25)])
    latest["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "check_my_progress", "confidence": 0.42},
        {"name": "delete_my_data", "confidence": 0.41},
    ]
    t = tracker(latest, events=answered("utter_faq/website", "网上办事的网址是多少"))
    assert asks_erasure(t)
    _, events = await responses_of(ActionFallback(), t)
    assert FollowupAction("action_confirm_delete") in events
