"""Details the guide never gives, asked whatever the NLU made of the message."""

import pytest

from actions.chitchat import ActionCapabilities, ActionGreet
from actions.faq import ActionAnswerFaq
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import LISTED, entity, parse, tracker


@pytest.mark.parametrize("text", ["周六有人接不", "你好，窗口几点下班"])
async def test_office_hours_read_as_a_greeting_are_not_in_the_guide(text):
    said, _ = await responses_of(ActionGreet(), tracker(parse("greet", text=text)))
    assert said == ["utter_faq/not_in_guide"]


async def test_a_plain_greeting_is_greeted():
    said, _ = await responses_of(ActionGreet(), tracker(parse("greet", text="你好")))
    assert said == ["utter_greet"]


async def test_a_fee_for_the_agents_agreement_is_not_in_the_guide():
    latest = parse("faq", text="签那个协议要交钱吗", faq=[("agent_agreement", 0.9)])
    history = answered("utter_faq/agent_agreement", text="经办人要签什么")
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_faq/not_in_guide"]


async def test_a_stamp_on_a_copy_said_with_the_type_is_not_in_the_guide():
    latest = parse(
        "inform_applicant_type",
        text="营业执照复印件得盖章不",
        entities=[entity("applicant_type", "enterprise")],
        faq=[("documents", 0.8)],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sixth step's meaning is handing in again (DO; every development step so
        # asked accepts it), another step's the flow
        ("第六步是什么意思", "utter_faq/resubmit"),
        ("第三步是什么意思", "utter_faq/flow"),
        # what is done at a step is that step's topic, as the FAQ reads it too
        ("步骤3要填啥", "utter_faq/how_to_operate"),
    ],
)
async def test_a_step_of_the_seven_named_read_as_small_talk_is_the_guides(text, expected):
    latest = parse("what_can_you_do", text=text, faq=[("flow", 0.4)])
    said, _ = await responses_of(ActionCapabilities(), tracker(latest))
    assert said == [expected]


async def test_a_northern_got_it_with_thanks_is_thanks():
    from actions.chitchat import ActionThank

    latest = parse("thank", text="得嘞 谢了", faq=[("password_lost", 0.24)])
    latest["intent_ranking"] = [
        {"name": "thank", "confidence": 0.65},
        {"name": "check_my_progress", "confidence": 0.26},
    ]
    said, _ = await responses_of(ActionThank(), tracker(latest))
    assert said == ["utter_thank"]


async def test_a_pasted_address_read_as_anything_gets_the_guides_address():
    from actions.tickets import ActionHandoffStatus

    latest = parse(
        "handoff_status", text="https://hz-shebao-login.example.com 这个呢，群里有人发的"
    )
    said, _ = await responses_of(ActionHandoffStatus(), tracker(latest))
    assert said == ["utter_faq/website"]


async def test_many_records_at_once_after_an_aside_is_batch_work():
    latest = parse(
        "faq",
        text="哈哈不好意思 回到刚才的 一次处理很多条数据是在哪里操作",
        faq=[("fix_data", 0.27), ("batch", 0.23), ("how_to_operate", 0.1)],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/batch"]


def test_a_step_named_with_its_matter_is_that_steps_topic():
    from actions.faq import followup_topic

    assert followup_topic("第六步说的修改在哪改", "change_password") == "fix_data"
    assert followup_topic("步骤5在哪查", "flow") == "check_progress"
    assert followup_topic("第六步是什么意思", "flow") == "resubmit"
    assert followup_topic("第二步是什么意思", "flow") == "flow"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("第一步登录用哪个网址", "website"),
        ("第一步说的网站网址发我一下", "website"),
        ("第一步的网址是啥", "website"),
        ("第一步说的网址是什么", "website"),
        ("第四步提交完发现填错了怎么办", "fix_data"),
        ("第四步提交以后呢", "review_vs_query"),
        ("网上办事第五步是干什么的", "flow"),
        ("第四步在哪里校对", "how_to_operate"),
    ],
)
def test_what_is_asked_beside_a_step_outweighs_the_steps_topic(text, topic):
    from actions.faq import followup_topic

    assert followup_topic(text, "check_progress") == topic


async def test_a_topic_named_plainly_in_a_message_the_nlu_fell_back_on_is_answered():
    from actions.fallback import ActionFallback

    latest = parse(
        "nlu_fallback",
        text="我们是企业，要带什么，一次说全，别让我跑两趟",
        entities=[entity("applicant_type", "enterprise")],
        faq=[("contact", 0.3), ("documents", 0.25), ("open_online", 0.2)],
    )
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_documents_enterprise"]
    # nothing named plainly: the closest topics are offered
    latest = parse("nlu_fallback", text="那个东西到底怎么弄啊", faq=[("documents", 0.3)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_suggest_topics"]


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("在吗？你是人还是程序", True),
        ("你是不是真人", True),
        ("你们是人工客服吗", True),
        ("Are you a bot?", True),
        ("你是人社局的吗", False),
        ("你是个人还是单位", False),  # the user's type, asked back
        ("你是机器人吗？能帮我查进度吗", False),  # the look-up is asked too
    ],
)
def test_whether_the_assistant_is_a_machine_asked_alone(text, only):
    from actions.confirmation import asks_only_if_bot

    assert asks_only_if_bot(text) is only


async def test_a_machine_asked_about_read_as_a_guide_topic_is_the_bot_challenge():
    from rasa_sdk.events import FollowupAction

    latest = parse("faq", text="在吗？你是人还是程序", faq=[("flow", 0.8)])
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_bot_challenge")]


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("我想查下进度 哦不对 先问下怎么改密码", "fix_data", "change_password"),
        ("密码忘了改不了", "fix_data", "fix_data"),
        ("我是事业单位经办人 去开通要签啥协议", "documents", "agent_agreement"),
        ("我是事业单位经办人 去开通要签啥协议", "agent_agreement", "agent_agreement"),
        ("第六步说修改注销后再提交，什么情况下才可以", "fix_data", "resubmit"),
        ("导入的Excel模板哪里下", "batch", "not_in_guide"),
        ("重置完了密码还能自己改吗", "password_lost", "change_password"),
        ("批量导进去的数据有错咋弄", "batch", "fix_data"),
        ("批量导入的时候出错了怎么办", "batch", "batch"),
        ("密码重置以后我能再改成自己的吗", "password_lost", "change_password"),
        ("重置完了密码又忘了怎么办", "password_lost", "password_lost"),
    ],
)
def test_the_words_of_a_neighbouring_topic_outweigh_the_selectors(text, topic, expected):
    from actions.faq import followup_topic

    assert followup_topic(text, topic) == expected


def test_keys_struck_at_random_with_a_sigh_after_them():
    from actions.topics import typed_at_random

    assert typed_at_random("asdkjh啊啊")
    assert not typed_at_random("ok啊") and not typed_at_random("hz12333啊")


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("我不想在这登录，我自己在网上怎么查", "check_progress"),
        ("我不想在这儿登录，你就告诉我自己在网站上怎么查吧", "check_progress"),
        ("登录太麻烦了，不登录就不能撤吗", "fix_data"),
    ],
)
async def test_a_login_refused_asks_the_guides_way_to_do_it_oneself(text, topic):
    from actions.progress import ActionCheckProgress

    latest = parse("check_my_progress", text=text, faq=[("website", 0.9)])
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == [f"utter_faq/{topic}"]


def test_a_login_refused_without_a_task_named_is_no_topic():
    from actions.context import self_service_topic
    from actions.words import REFUSES_LOGIN_RE

    assert REFUSES_LOGIN_RE.search("登录太麻烦了") and self_service_topic("登录太麻烦了") is None
    assert not REFUSES_LOGIN_RE.search("登录不上去怎么办")


def test_why_one_shows_at_once_and_another_waits():
    from actions.context import asks_why_at_once

    assert asks_why_at_once("为何此项当即就有结果，增员那项却一直未审核？")


def test_where_to_look_at_progress_is_the_how_to():
    from actions.faq import wants_own_progress

    assert not wants_own_progress("格么网上办事的进度到哪里去看", logged_in=False)


def test_a_call_back_asked_of_a_person_is_a_person():
    from actions.answers import asks_for_person

    assert asks_for_person("让人工给我回个电话")
    assert asks_for_person("能不能给我回个电话")


def test_the_hotlines_hours_are_not_in_the_guide():
    from actions.topics import asks_beyond_guide

    assert asks_beyond_guide("12333几点能打通")


async def test_a_short_where_the_selector_is_unsure_of_is_the_place():
    latest = parse("faq", text="在哪办理", faq=[("agent_agreement", 0.3)])
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise"},
        events=answered("utter_faq/agent_agreement", "经办人还要带啥"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_where_enterprise"]


async def test_a_type_stated_to_the_type_question_answers_it_however_read():
    latest = parse(
        "faq",
        text="企业，我们是开餐馆的",
        entities=[entity("applicant_type", "enterprise")],
        faq=[("open_online", 0.6)],
    )
    t = tracker(
        latest,
        slots={"pending_topic": "documents", "last_type_topic": "documents"},
        events=answered("utter_ask_applicant_type_documents", "开通网上办事要准备啥材料"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_documents_enterprise"]


async def test_another_type_supposed_reanswers_the_last_type_question():
    latest = parse(
        "faq",
        text="那如果是我个人自己开通呢",
        entities=[entity("applicant_type", "individual")],
        faq=[("open_online", 0.7)],
    )
    t = tracker(
        latest,
        slots={"applicant_type": "institution", "last_type_topic": "documents"},
        events=answered("utter_documents_institution", "街道办开通要带什么"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_documents_individual"]


@pytest.mark.parametrize(
    ("text", "faq", "expected"),
    [
        # another topic named with the type: that topic, for the type stated
        ("个人的密码要是忘了呢", [("password_lost", 0.99)], "utter_password_lost_individual"),
        # the same topic named again: still the last answer, for the type stated
        ("那要是个人开通要带啥呢", [("documents", 0.9)], "utter_documents_individual"),
    ],
)
async def test_another_type_supposed_with_a_topic_named_is_that_topic(text, faq, expected):
    latest = parse("faq", text=text, entities=[entity("applicant_type", "individual")], faq=faq)
    t = tracker(
        latest,
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
        events=answered("utter_documents_enterprise", "饭店开通网上办事要准备什么"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == [expected]


async def test_a_password_change_read_as_out_of_scope_is_the_guides():
    from actions.fallback import ActionOutOfScope

    latest = parse("out_of_scope", text="那你告诉我怎么改密码", faq=[("change_password", 0.99)])
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_faq/change_password"]


async def test_a_rejection_supposed_after_the_reviews_answer_is_what_to_do_then():
    latest = parse("faq", text="那如果审核没通过呢", faq=[("review_vs_query", 0.8)])
    t = tracker(latest, events=answered("utter_faq/review_vs_query", "为什么不马上出结果"))
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/fix_data"]


async def test_the_reset_form_asked_after_the_lost_password_answer():
    from actions.fallback import ActionFallback

    latest = parse("nlu_fallback", text="那个申请单叫什么来着")
    t = tracker(
        latest,
        slots={"applicant_type": "individual", "last_type_topic": "password_lost"},
        events=answered("utter_password_lost_individual", "密码忘了"),
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_password_lost_individual"]


@pytest.mark.parametrize(
    "text",
    [
        "我们公司HR给我交上去的表信息填错了 能改吗",
        "我们的基数申报被退回了，你能直接帮我把数据改了吗",
    ],
)
async def test_whether_a_submission_can_be_changed_read_as_a_look_up_is_the_guides(text):
    from actions.progress import ActionCheckProgress

    latest = parse("check_my_progress", text=text, faq=[("fix_data", 0.5)])
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_an_ordinal_typed_to_the_type_question_picks_that_button():
    from actions.fallback import ActionFallback

    asked = [
        {"event": "user", "text": "忘了的话呢", "parse_data": parse("faq", text="忘了的话呢")},
        {"event": "action", "name": "action_answer_faq"},
        {
            "event": "bot",
            "text": "…",
            "data": {
                "buttons": [
                    {
                        "title": "企业/民办非企业单位",
                        "payload": '/inform_applicant_type{"applicant_type": "enterprise"}',
                    },
                    {
                        "title": "机关事业单位",
                        "payload": '/inform_applicant_type{"applicant_type": "institution"}',
                    },
                    {
                        "title": "个人",
                        "payload": '/inform_applicant_type{"applicant_type": "individual"}',
                    },
                ]
            },
            "metadata": {"utter_action": "utter_ask_applicant_type_password_lost"},
        },
        {"event": "action", "name": "action_listen"},
    ]
    slots = {"pending_topic": "password_lost", "last_type_topic": "password_lost"}
    t = tracker(parse("nlu_fallback", text="第二个"), events=asked, slots=slots)
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_password_lost_institution"]
    t = tracker(parse("nlu_fallback", text="第五个"), events=asked, slots=slots)
    said, _ = await responses_of(ActionFallback(), t)
    assert said != ["utter_password_lost_institution"]
    # a numeral alone is the number of the button too
    for typed in ("二", "2"):
        t = tracker(parse("nlu_fallback", text=typed), events=asked, slots=slots)
        said, _ = await responses_of(ActionFallback(), t)
        assert said == ["utter_password_lost_institution"], typed


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("企业和事业单位要带的材料一样吗", [], "utter_faq/documents"),
        # a person and a unit compared: whose, asked (every development writer so asking
        # accepts it, and DA and DE want it alone), not the type the words name
        (
            "个人和单位带的东西有区别吗",
            [("applicant_type", "individual")],
            "utter_ask_applicant_type_documents",
        ),
        (
            "个人和单位开通网上办事有什么区别",
            [("applicant_type", "individual")],
            "utter_faq/open_online",
        ),
    ],
)
async def test_applicant_types_compared_get_no_one_types_answer(text, entities, expected):
    latest = parse(
        "faq", text=text, entities=[entity(*e) for e in entities], faq=[("documents", 0.8)]
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("那我打电话问吧 号码给我", ["utter_faq/contact"]),
        ("告诉我一下电话", ["utter_faq/contact"]),
        # nothing ordered nor asked: the closest topics, as before
        ("那我打电话吧", ["utter_suggest_topics"]),
    ],
)
async def test_a_detail_ordered_that_the_nlu_fell_back_on_is_answered(text, expected):
    from actions.fallback import ActionFallback

    latest = parse("nlu_fallback", text=text, faq=[("contact", 0.958)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == expected


async def test_the_floor_of_the_counter_is_not_in_the_guide():
    latest = parse("faq", text="协议在哪里签 具体哪一楼", faq=[("agent_agreement", 0.989)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the loss taken back: the change the user says they want
        ("我密码忘了......不对,密码我记得,就是想换一个", ["utter_faq/change_password"]),
        # a loss said and kept is a reset, whatever the selector thought
        ("我密码忘了,想换一个", ["utter_ask_applicant_type_password_lost"]),
    ],
)
async def test_a_lost_password_taken_back_is_no_loss(text, expected):
    latest = parse("faq", text=text, faq=[("change_password", 0.672), ("password_lost", 0.307)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == expected


async def test_what_the_units_agent_brings_besides_is_the_agents_part():
    latest = parse("faq", text="我自己跑过去办 我本人还要带啥", faq=[("documents", 0.985)])
    history = answered("utter_documents_enterprise", text="企业 有营业执照的")
    t = tracker(latest, events=history, slots={"applicant_type": "enterprise"})
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/agent_agreement"]


async def test_the_opening_asked_about_for_another_type_is_its_documents():
    latest = parse(
        "faq",
        text="那店里以公司名义开通呢",
        entities=[entity("applicant_type", "enterprise")],
        faq=[("open_online", 0.851), ("documents", 0.133)],
    )
    history = answered("utter_documents_individual", text="开店的 我个人开通要带啥")
    slots = {"applicant_type": "enterprise", "last_type_topic": "documents"}
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=history, slots=slots))
    assert said == ["utter_documents_enterprise"]
    # with nothing answered for a type before, the opening it is
    latest["text"] = "那公司开通呢"
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, slots=slots | {"last_type_topic": None})
    )
    assert said == ["utter_faq/open_online"]


@pytest.mark.parametrize(
    ("text", "faq", "expected"),
    [
        ("人社网地址多少", [("website", 0.928)], "utter_faq/website"),
        (
            "不是这个 我已经开通了 想知道办事整体分几步",
            [("how_to_operate", 0.462)],
            "utter_faq/flow",
        ),
        (
            "行吧 我在网上交的申请咋看办到哪了",
            [("check_progress", 0.996)],
            "utter_faq/check_progress",
        ),
    ],
)
async def test_words_that_name_the_guides_own_topic(text, faq, expected):
    history = answered("utter_documents_individual", text="我个人开通要带啥")
    t = tracker(
        parse("faq", text=text, faq=faq), events=history, slots={"applicant_type": "individual"}
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == [expected]


async def test_many_staff_named_by_their_work_at_once_is_the_batch():
    from actions.fallback import ActionFallback

    latest = parse(
        "nlu_fallback",
        text="店里十几个服务员 能一下子都报上去伐",
        faq=[("how_to_operate", 0.246), ("review_vs_query", 0.183), ("batch", 0.087)],
    )
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_faq/batch"]


@pytest.mark.parametrize(
    ("text", "ranking", "slots", "looks"),
    [
        # the list shown (logged in): the records named bare are the list again
        ("申报记录", ["nlu_fallback", "faq"], {"progress_list": LISTED}, True),
        # but a question about them is not a look ordered
        ("申报记录为什么少了一条呢", ["nlu_fallback", "faq"], {"progress_list": LISTED}, False),
        # logged out since: a look ordered at one the NLU ranks as a look-up
        ("刚才那个失业登记再给我看一下", ["nlu_fallback", "check_my_progress"], {}, True),
        ("刚才那个失业登记再给我看一下", ["nlu_fallback", "greet"], {}, False),
    ],
)
def test_a_look_at_ones_own_records_the_nlu_fell_back_on(text, ranking, slots, looks):
    from actions.fallback import looks_at_own_records

    latest = parse("nlu_fallback", text=text, faq=[("fix_data", 0.279), ("batch", 0.148)])
    latest["intent_ranking"] = [{"name": n, "confidence": 0.4} for n in ranking]
    assert looks_at_own_records(tracker(latest, slots=slots), text) is looks


async def test_a_look_ordered_while_logged_out_is_the_look_up():
    from actions.fallback import ActionFallback

    latest = parse("nlu_fallback", text="刚才那个失业登记再给我看一下", faq=[("website", 0.282)])
    latest["intent_ranking"] = [
        {"name": n, "confidence": 0.4} for n in ("nlu_fallback", "check_my_progress")
    ]
    _, events = await responses_of(ActionFallback(), tracker(latest))
    assert [e.get("name") for e in events if e.get("event") == "followup"] == [
        "action_check_progress"
    ]


async def test_a_status_supposed_in_an_english_word_is_that_case():
    latest = parse(
        "faq",
        text="要是已经approved了呢",
        faq=[("check_progress", 0.545), ("review_vs_query", 0.347)],
    )
    history = answered("utter_faq/resubmit", text="改完了可以re-submit吗")
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=history))
    assert said == ["utter_faq/fix_data"]


async def test_many_records_at_once_read_as_a_type_is_the_batch():
    latest = parse(
        "inform_applicant_type",
        text="店里十几个服务员 能一下子都报上去伐",
        entities=[entity("applicant_type", "enterprise")],
        faq=[("how_to_operate", 0.231), ("review_vs_query", 0.226)],
    )
    history = answered("utter_documents_enterprise", text="企业 有营业执照的")
    t = tracker(latest, events=history, slots={"applicant_type": "enterprise"})
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/batch"]


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("这个东西的那个怎么搞", True),
        ("葛个东西咋话弄弄好", True),  # Hangzhou: this thing, how is it done
        ("弄那个 那个啥", True),
        ("那个啥 开通要带什么", False),
        ("密码咋话弄", False),
    ],
)
def test_a_how_that_names_nothing_is_vague(text, vague):
    from actions.topics import is_vague

    assert is_vague(text) is vague


@pytest.mark.parametrize(
    ("text", "slots", "looks"),
    [
        ("看", {"progress_list": LISTED}, True),
        ("再查一下", {"progress_list": LISTED}, True),
        ("再查一下", {}, False),  # nothing on screen for the look to complete
    ],
)
def test_a_bare_look_with_the_list_shown_is_the_list(text, slots, looks):
    from actions.fallback import looks_at_own_records

    latest = parse("nlu_fallback", text=text)
    assert looks_at_own_records(tracker(latest, slots=slots), text) is looks


async def test_the_type_corrected_with_the_documents_asked_again():
    latest = parse(
        "faq",
        text="等等，我前面选错了，我是替公司办的，企业，材料再说一下",
        entities=[entity("applicant_type", "enterprise")],
        faq=[("fix_data", 0.6), ("documents", 0.3)],
    )
    history = answered("utter_documents_individual", text="个人")
    t = tracker(latest, events=history, slots={"applicant_type": "enterprise"})
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_documents_enterprise"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("填好交上去以后我哪能晓得批了没有", "check_progress"),
        ("submit以后status在哪里看", "check_progress"),
    ],
)
def test_how_one_learns_the_outcome_after_handing_in(text, topic):
    from actions.context import asked_after

    assert asked_after(text, "how_to_operate", ["how_to_operate", "flow"]) == topic


def test_a_great_many_in_hangzhou_words_at_one_go_is_the_batch():
    from actions.answers import asks_for_batch

    assert asks_for_batch("富阳造纸厂的人事，工人木佬佬，一个一个录要死快嘞，有没得一记头弄好的")


async def test_why_a_filing_waits_asked_logged_out_is_the_guides_answer():
    from actions.progress import ActionCheckProgress

    latest = parse(
        "check_my_progress", text="我交了申报为什么到现在没结果", faq=[("review_vs_query", 0.993)]
    )
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/review_vs_query"]


# The readings below are the NLU's of the trained model in the development runs: the
# same words take another path through the actions with each model, and each path
# must give the same answer.


@pytest.mark.parametrize(
    ("intent", "text", "faq"),
    [
        (
            "nlu_fallback",
            "店里十几个服务员 能一下子都报上去伐",
            [("how_to_operate", 0.258), ("fix_data", 0.193), ("review_vs_query", 0.184)],
        ),
        (
            "faq",
            "富阳造纸厂的人事，工人木佬佬，一个一个录要死快嘞，有没得一记头弄好的",
            [("how_to_operate", 0.293), ("review_vs_query", 0.129), ("flow", 0.086)],
        ),
    ],
)
async def test_many_at_once_the_nlu_could_not_place_is_the_batch(intent, text, faq):
    from actions.fallback import ActionFallback

    history = answered("utter_documents_enterprise", text="企业 有营业执照的")
    t = tracker(
        parse(intent, text=text, faq=faq), events=history, slots={"applicant_type": "enterprise"}
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_faq/batch"]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "等等，我前面选错了，我是替公司办的，企业，材料再说一下",
            "enterprise",
            "utter_documents_enterprise",
        ),
        (
            "刚才按错了，我们是民办非企业单位，密码重置要带什么",
            "enterprise",
            "utter_password_lost_enterprise",
        ),
    ],
)
async def test_a_type_corrected_with_its_topic_read_as_a_type(text, kind, expected):
    latest = parse(
        "inform_applicant_type",
        text=text,
        entities=[entity("applicant_type", kind)],
        faq=[("how_to_operate", 0.337), ("open_online", 0.079)],
    )
    history = answered("utter_documents_individual", text="个人")
    t = tracker(latest, events=history, slots={"applicant_type": kind})
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == [expected]


async def test_the_steps_counted_the_selector_was_unsure_of_are_the_flow():
    latest = parse(
        "faq",
        text="不是这个 我已经开通了 想知道办事整体分几步",
        faq=[("how_to_operate", 0.264), ("open_online", 0.22), ("not_in_guide", 0.114)],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/flow"]


async def test_what_i_do_asked_is_still_answered():
    from actions.chitchat import ActionCapabilities

    latest = parse("what_can_you_do", text="你能干啥", faq=[("contact", 0.2)])
    latest["intent"]["confidence"] = 0.95
    said, _ = await responses_of(ActionCapabilities(), tracker(latest))
    assert said == ["utter_capabilities"]


@pytest.mark.parametrize(
    "text", ["我们医院新来40个护士要参保 网上能批量处理吗", "二十多名老师能一次报吗"]
)
async def test_staff_counted_by_their_trade_at_once_is_the_batch(text):
    latest = parse("faq", text=text, faq=[("contact", 0.585), ("batch", 0.117)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/batch"]


async def test_the_portals_own_password_is_in_scope_for_a_retiree():
    from actions.fallback import ActionOutOfScope

    # The slips (忘及, 怎么半) are folded by the NLU before this message reaches us.
    latest = parse(
        "out_of_scope_social",
        text="我退休了网上办事密码忘记了怎么办",
        faq=[("password_lost", 0.969), ("login_methods", 0.012)],
    )
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_ask_applicant_type_password_lost"]


async def test_a_pension_looked_up_online_stays_out_of_scope():
    from actions.fallback import ActionOutOfScope

    latest = parse(
        "out_of_scope_social",
        text="退休金能在网上办事里查吗",
        faq=[("check_progress", 0.5), ("how_to_operate", 0.2)],
    )
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_out_of_scope_social"]


@pytest.mark.parametrize(
    ("text", "kind", "last", "expected"),
    [
        ("密码的事 我是企业", "enterprise", "password_lost", "utter_password_lost_enterprise"),
        ("材料那块，我们是事业单位", "institution", "documents", "utter_documents_institution"),
    ],
)
async def test_a_topic_of_before_pointed_back_at_with_a_type_is_answered_for_it(
    text, kind, last, expected
):
    latest = parse(
        "faq",
        text=text,
        entities=[entity("applicant_type", kind)],
        faq=[("change_password", 0.294), ("open_online", 0.159)],
    )
    history = answered("utter_faq/website", text="网址是啥")
    t = tracker(latest, events=history, slots={"last_type_topic": last})
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == [expected]


async def test_where_pointed_back_at_after_a_detour_is_where_one_opens():
    from actions.fallback import ActionFallback

    latest = parse(
        "nlu_fallback",
        text="那刚才那个 去哪办来着",
        faq=[("open_online", 0.442), ("how_to_operate", 0.313)],
    )
    history = answered("utter_out_of_scope_social", text="他的退休金能在网上查吗")
    t = tracker(
        latest,
        events=history,
        slots={"applicant_type": "individual", "last_type_topic": "documents"},
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_where_individual"]
