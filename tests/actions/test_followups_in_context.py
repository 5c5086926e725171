"""Short follow-ups read in the light of the previous answer (issue 12): actions/faq.py,
actions/topics.py, actions/followup.py and actions/fallback.py."""

from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback, ActionOutOfScope, is_mash
from actions.faq import ActionAnswerFaq, followup_topic, greets, is_vague
from actions.followup import ActionFollowup, closing_response
from actions.topics import answered_topic, asks_beyond_guide, topic_of_response
from tests.actions.trackers import domain, entity, parse, tracker

LOW = 0.2


def answered(response: str, text: str = "网上办事怎么登录") -> list[dict]:
    """An earlier turn whose bot reply was ``response``."""
    return [
        {"event": "user", "text": text, "parse_data": parse("faq", text=text)},
        {"event": "action", "name": "action_answer_faq"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": response}},
        {"event": "action", "name": "action_listen"},
    ]


async def responses_of(action, t) -> tuple[list[str], list]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, domain())
    return [m.get("response") for m in dispatcher.messages], events


async def said_in_turn(action, t) -> list[str]:
    """What the user hears: ``action``'s answer, or the FAQ action's where it hands the
    message on as the guide's question (a reading its words do not bear out)."""
    from rasa_sdk.events import FollowupAction

    from actions.faq import ActionAnswerFaq

    said, events = await responses_of(action, t)
    if not said and FollowupAction("action_answer_faq") in events:
        said, _ = await responses_of(ActionAnswerFaq(), t)
    return said


def test_the_topic_of_each_kind_of_answer():
    assert topic_of_response("utter_faq/login_methods") == "login_methods"
    assert topic_of_response("utter_password_lost_institution") == "password_lost"
    assert topic_of_response("utter_ask_applicant_type_documents") == "documents"
    assert topic_of_response("utter_ask_unit_type_password_lost") == "password_lost"
    assert topic_of_response("utter_where_individual") == "open_online"
    assert topic_of_response("utter_greet") is None
    assert topic_of_response("utter_ask_unit_type") is None


def test_answered_topic_is_the_previous_turns_not_older_ones():
    latest = parse("faq", text="在哪个菜单")
    events = answered("utter_faq/flow") + answered("utter_faq/check_progress")
    assert answered_topic(tracker(latest, events=events)) == "check_progress"
    greeted = answered("utter_faq/flow") + answered("utter_greet", text="你好")
    assert answered_topic(tracker(latest, events=greeted)) is None
    assert answered_topic(tracker(latest)) is None


async def test_unsure_short_follow_up_goes_on_with_the_answer_just_given():
    latest = parse(
        "faq", text="两种方式有什么区别", faq=[("review_vs_query", 0.33), ("login_methods", 0.17)]
    )
    # The FAQ action, run in the Rasa server with this turn's events only, hands it over.
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_fallback")]
    # The fallback sees the answer just given and goes on with it.
    said, _ = await responses_of(
        ActionFallback(), tracker(latest, events=answered("utter_faq/login_methods"))
    )
    assert said == ["utter_faq/login_methods"]


async def test_a_follow_up_of_a_type_dependent_answer_keeps_the_type():
    latest = parse("faq", text="在哪个菜单", faq=[("fix_data", LOW), ("open_online", 0.1)])
    t = tracker(
        latest,
        slots={"applicant_type": "institution"},
        events=answered("utter_password_lost_institution"),
    )
    said, _ = await responses_of(ActionFallback(), t)
    assert said == ["utter_password_lost_institution"]


async def test_unsure_short_question_with_nothing_before_is_still_a_miss():
    latest = parse("faq", text="在哪个菜单", faq=[("fix_data", LOW), ("open_online", 0.1)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_suggest_topics"]
    greeted = answered("utter_greet", text="你好")
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=greeted))
    assert said == ["utter_suggest_topics"]


async def test_unsure_long_question_or_a_low_nlu_reading_is_not_a_follow_up():
    text = "我想问一下那个东西到底是怎么回事情况比较复杂"
    long = parse("faq", text=text, faq=[("fix_data", LOW)])
    said, _ = await responses_of(ActionFallback(), tracker(long, events=answered("utter_faq/flow")))
    assert said == ["utter_suggest_topics"]
    unread = parse("nlu_fallback", text="嗯嗯那个", faq=[("fix_data", LOW)])
    said, _ = await responses_of(
        ActionFallback(), tracker(unread, events=answered("utter_faq/flow"))
    )
    assert said == ["utter_suggest_topics"]


async def test_a_vague_how_to_is_a_miss_without_a_previous_answer():
    assert is_vague("怎么弄啊") and is_vague("那我到底怎么办呢？")
    assert not is_vague("密码丢了怎么办") and not is_vague("登录怎么弄")
    assert not is_vague("那怎么操作")  # the operating itself (faq/how_to_operate)
    assert is_vague("就是那个网上那个弄不了") and not is_vague("网上办事登录不了")
    # A speaker's filler and a thing unnamed name nothing either.
    assert is_vague("嗯那个怎么说呢") and is_vague("那个那个东西怎么弄")
    assert not is_vague("审核意见怎么说") and not is_vague("东西怎么上传")
    assert not is_vague("密码用不了")
    latest = parse("faq", text="怎么弄啊", faq=[("open_online", 0.44)])
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert events == [FollowupAction("action_fallback")]
    greeted = answered("utter_greet", text="在吗")
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=greeted))
    assert said == ["utter_suggest_topics"]
    said, _ = await responses_of(
        ActionFallback(), tracker(latest, events=answered("utter_faq/fix_data"))
    )
    assert said == ["utter_faq/fix_data"]


def test_documents_inside_a_story_about_opening():
    story = "我一个老太婆，自己想在网上办点事，开通要带什么去"
    assert followup_topic(story, "open_online") == "documents"
    assert followup_topic("我们是市属公立医院，要开通网上办事", "documents") == "open_online"
    assert followup_topic("我们单位开通要带什么材料", "documents") == "documents"


def test_documents_asked_after_the_lost_password_answer_are_that_answers():
    assert followup_topic("要带事业单位法人证书吗", "documents", "password_lost") == "password_lost"
    assert followup_topic("开通时的材料呢", "documents", "password_lost") == "documents"
    assert followup_topic("要带事业单位法人证书吗", "documents", "documents") == "documents"


def test_the_reset_form_is_the_lost_password_answers():
    assert followup_topic("要填什么申请单", "how_to_operate", "password_lost") == "password_lost"
    assert followup_topic("在哪领申请单", "open_online", "password_lost") == "password_lost"
    assert followup_topic("要填什么申请单", "how_to_operate", "documents") == "how_to_operate"


def test_details_the_guide_never_gives():
    for text in (
        "周六能办吗",
        "几点下班",
        "复印件要彩印吗",
        "身份证复印件去哪印",
        "12333是几点到几点",
    ):
        assert asks_beyond_guide(text), text
        assert followup_topic(text, "documents") == "not_in_guide"
    assert not asks_beyond_guide("开通要带什么")


async def test_lost_password_documents_follow_up_answers_for_the_type():
    latest = parse(
        "faq",
        text="要带事业单位法人证书吗",
        faq=[("documents", 0.99)],
        entities=[entity("applicant_type", "institution")],
    )
    t = tracker(latest, slots={"applicant_type": "institution", "last_type_topic": "password_lost"})
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_password_lost_institution"]


async def test_a_greeting_with_the_type_is_greeted_back_and_the_type_noted():
    assert greets("您好，我是公司HR，新来的") and greets("hi, we are a company")
    assert not greets("我是公司HR") and not greets("this is a company")
    latest = parse(
        "inform_applicant_type",
        text="您好，我是公司HR，新来的",
        entities=[entity("applicant_type", "enterprise")],
    )
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, slots={"applicant_type": "enterprise"})
    )
    assert said == ["utter_greet", "utter_applicant_type_noted"]


async def test_thanks_or_done_with_nothing_asked_close_the_talk():
    assert closing_response("算了，谢谢") == "utter_thank"
    assert closing_response("好的，没事了") == "utter_goodbye"
    assert closing_response("好的") is None
    assert closing_response("好的谢谢，那再问一下网址是多少") is None
    assert closing_response("ok 886") == "utter_goodbye"
    for text, intent, expected in (
        ("算了，谢谢", "deny", "utter_thank"),
        ("好的，没事了", "affirm", "utter_goodbye"),
        ("好的", "affirm", "utter_ack"),
        # the trouble given, thanked for in Hangzhou words after a yes
        ("嗯嗯 麻烦侬了", "affirm", "utter_thank"),
        ("嗯 太麻烦了", "affirm", "utter_ack"),
    ):
        latest = parse(intent, text=text)
        latest["intent"]["confidence"] = 0.99
        after = answered("utter_faq/website", "网址是多少")
        said, _ = await responses_of(ActionFollowup(), tracker(latest, events=after))
        assert said == [expected], text


async def test_a_detail_beyond_the_guide_is_no_more_and_no_miss():
    latest = parse("more", text="几点下班")
    said, _ = await responses_of(ActionFollowup(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]
    latest = parse("nlu_fallback", text="周六能办吗", faq=[("not_in_guide", LOW)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


async def test_a_type_said_while_the_type_question_waits_answers_it_whatever_the_intent():
    latest = parse(
        "out_of_scope_social",
        text="民办学校算哪一种",
        entities=[entity("applicant_type", "enterprise")],
    )
    t = tracker(latest, slots={"pending_topic": "password_lost", "applicant_type": "enterprise"})
    said, _ = await responses_of(ActionOutOfScope(), t)
    assert said == ["utter_password_lost_enterprise"]
    # With no type question waiting, the same message is out of scope.
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_out_of_scope_social"]


async def test_a_lone_run_of_letters_is_a_miss_not_out_of_scope():
    assert is_mash("asdfjkl") and not is_mash("what is the weather") and not is_mash("你好")
    latest = parse("out_of_scope", text="asdfjkl", faq=[("documents", LOW)])
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_suggest_topics"]


async def test_the_same_question_for_another_type():
    latest = parse(
        "faq",
        text="那个人的呢？我自己个人也要开通",
        faq=[("agent_agreement", 0.8)],
        entities=[entity("applicant_type", "individual")],
    )
    t = tracker(
        latest,
        slots={"applicant_type": "individual", "last_type_topic": "documents"},
        events=answered("utter_faq/check_progress"),
    )
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_documents_individual"]


async def test_a_follow_up_answered_by_the_fallback_is_no_miss():
    from actions.answers import previous_turn_was_fallback

    latest = parse("faq", text="你能直接帮我看吗", faq=[("fix_data", LOW)])
    answered_by_fallback = [
        {"event": "user", "text": "在哪个菜单", "parse_data": parse("faq", text="在哪个菜单")},
        {"event": "action", "name": "action_fallback"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_faq/check_progress"}},
        {"event": "action", "name": "action_listen"},
    ]
    assert not previous_turn_was_fallback(tracker(latest, events=answered_by_fallback))
    missed = [dict(e) for e in answered_by_fallback]
    missed[2] = {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_suggest_topics"}}
    assert previous_turn_was_fallback(tracker(latest, events=missed))


async def test_a_type_statement_that_states_no_type_is_a_miss():
    latest = parse("inform_applicant_type", text="我有个问题", faq=[("contact", 0.78)])
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_fallback")]


def unplaced(text: str, ranking: list[tuple[str, float]], topic: tuple[str, float]) -> dict:
    latest = parse("nlu_fallback", text=text, faq=[topic, ("not_in_guide", 0.01)])
    latest["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return latest


async def test_a_question_the_selector_is_sure_of_is_answered_after_an_nlu_fallback():
    ranking = [("nlu_fallback", 0.45), ("affirm", 0.32), ("request_human", 0.09)]
    latest = unplaced("Where do we go to do it?", ranking, ("open_online", 0.97))
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_faq/open_online"]
    # Unsure, or not a question: still a miss.
    for text, rank, topic in (
        ("Where do we go to do it?", ranking, ("open_online", 0.6)),
        ("ok then fine", ranking, ("open_online", 0.97)),
        (
            "那个东西怎么办",
            [("nlu_fallback", 0.45), ("out_of_scope_social", 0.4)],
            ("documents", 0.95),
        ),
    ):
        said, _ = await responses_of(ActionFallback(), tracker(unplaced(text, rank, topic)))
        assert said == ["utter_suggest_topics"], text
    # Close to out of scope and naming a matter the guide never covers: out of scope.
    rank = [("nlu_fallback", 0.45), ("out_of_scope_social", 0.4)]
    latest = unplaced("社保卡怎么办", rank, ("documents", 0.95))
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_out_of_scope_social"]


async def test_a_detail_read_as_out_of_scope_right_after_a_guide_answer_is_not_in_the_guide():
    latest = parse("out_of_scope_social", text="哪条路上")
    said, _ = await responses_of(
        ActionOutOfScope(), tracker(latest, events=answered("utter_where_enterprise"))
    )
    assert said == ["utter_faq/not_in_guide"]
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_out_of_scope_social"]


async def test_a_closing_the_nlu_could_not_place_is_thanks():
    latest = parse("nlu_fallback", text="那我再等等吧，谢谢", faq=[("resubmit", LOW)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_thank"]
    # Thanks first and a problem after: still a miss.
    latest = parse("nlu_fallback", text="谢谢，那个东西还是弄不了", faq=[("resubmit", LOW)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_suggest_topics"]


async def test_one_character_over_and_over_is_a_miss_not_out_of_scope():
    assert is_mash("啊啊啊啊") and not is_mash("啊") and not is_mash("你好啊啊")
    latest = parse("out_of_scope", text="啊啊啊啊", faq=[("open_online", 0.5)])
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_suggest_topics"]


async def test_a_yes_pointing_at_nothing_right_after_a_miss_is_no_yes():
    missed = [
        {
            "event": "user",
            "text": "那个东西怎么弄",
            "parse_data": parse("faq", text="那个东西怎么弄"),
        },
        {"event": "action", "name": "action_fallback"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_suggest_topics"}},
        {"event": "action", "name": "action_listen"},
    ]
    latest = parse("affirm", text="就是那个啊")
    latest["intent"]["confidence"] = 0.99
    _, events = await responses_of(ActionFollowup(), tracker(latest, events=missed))
    assert events == [FollowupAction("action_offer_handoff")]  # the second miss in a row
    # After an answer it is a yes like any other.
    said, _ = await responses_of(
        ActionFollowup(), tracker(latest, events=answered("utter_faq/flow"))
    )
    assert said == ["utter_ack"]


async def test_a_unit_only_topic_the_selector_is_unsure_of_gives_way_to_a_persons():
    person = [entity("applicant_type", "individual")]
    unsure = parse(
        "faq",
        text="要带什么东西去呀我是个人办的",
        faq=[("agent_agreement", 0.38), ("documents", 0.3)],
        entities=person,
    )
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(unsure, slots={"applicant_type": "individual"})
    )
    assert said == ["utter_documents_individual"]
    # Sure of it, the agent's agreement stands ("经办人本人还得带点什么不").
    sure = parse(
        "faq", text="经办人本人还得带点什么不", faq=[("agent_agreement", 0.99)], entities=person
    )
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(sure, slots={"applicant_type": "individual"})
    )
    assert said == ["utter_faq/agent_agreement"]


def test_whether_it_can_go_in_again_is_the_resubmit_topic():
    assert followup_topic("改了能重交吗", "fix_data") == "resubmit"
    assert followup_topic("改完能再交吗", "fix_data") == "resubmit"
    # Said as a plan, not asked: the fixing.
    assert followup_topic("我数据填错了，想撤销了重新报", "fix_data") == "fix_data"


def test_a_file_uploaded_again_is_a_fix_not_a_submission_again():
    assert followup_topic("怎么重新传", "resubmit") == "fix_data"
    assert followup_topic("算了，我重新传一遍吧，怎么改", "resubmit") == "fix_data"
    assert followup_topic("改完再交?", "resubmit") == "resubmit"
    assert followup_topic("改完要重新审核吗", "resubmit") == "resubmit"


async def test_whom_to_ask_the_nlu_could_not_place_is_the_contacts():
    for intent, text in (("nlu_fallback", "那联系谁"), ("out_of_scope", "who can I call about it")):
        latest = parse(intent, text=text, faq=[("flow", LOW)])
        action = ActionFallback() if intent == "nlu_fallback" else ActionOutOfScope()
        said, _ = await responses_of(action, tracker(latest))
        assert said == ["utter_faq/contact"], text


async def test_what_a_unit_brings_to_open_is_the_documents_not_the_agents_agreement():
    latest = parse(
        "faq",
        text="我是区人民医院人事科的，我们单位开通网上办事要带什么",
        faq=[("agent_agreement", 0.5), ("documents", 0.4)],
        entities=[entity("applicant_type", "institution")],
    )
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(latest, slots={"applicant_type": "institution"})
    )
    assert said == ["utter_documents_institution"]
    latest = parse("faq", text="经办人开通时要带什么", faq=[("agent_agreement", 0.5)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/agent_agreement"]


def test_fixing_in_the_progress_page_is_no_submission_again():
    assert (
        followup_topic("复印件不清楚我重新扫一下，直接在办事进度里改就行吧", "resubmit")
        == "fix_data"
    )


async def test_a_vague_how_to_read_as_a_yes_is_a_miss():
    latest = parse("affirm", text="嗯那个怎么说呢", faq=[("how_to_operate", 0.44)])
    latest["intent"]["confidence"] = 0.99
    # after an answer (as the first words, any reading of them is a miss before this one)
    earlier = answered("utter_faq/batch", "能批量吗")
    said, _ = await responses_of(ActionFollowup(), tracker(latest, events=earlier))
    assert said == ["utter_suggest_topics"]


async def test_a_question_whose_password_was_masked_is_the_guides_not_out_of_scope():
    # The channel masked the password; the rest read as out of scope (a model did).
    latest = parse(
        "out_of_scope",
        text="我现在的密码是******，想改成别的怎么改",
        faq=[("change_password", 0.99)],
    )
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_faq/change_password"]
    # Without a masked secret the same reading stays out of scope ("支付宝密码怎么改").
    latest = parse("out_of_scope", text="支付宝密码怎么改", faq=[("change_password", 0.99)])
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_out_of_scope"]
    # And a masked secret with no topic the selector is sure of is still out of scope.
    latest = parse("out_of_scope", text="我的******是啥", faq=[("change_password", 0.2)])
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_out_of_scope"]


async def test_a_cancel_ordered_in_words_of_no_is_the_cancel():
    latest = parse("deny", text="那个增员申报不要了，帮我撤回")
    latest["intent"]["confidence"] = 0.95
    said, events = await responses_of(ActionFollowup(), tracker(latest))
    assert (said, events) == ([], [FollowupAction("action_cancel_submission")])


async def test_a_question_ending_in_its_negative_is_no_no():
    latest = parse("deny", text="网上能办伐")
    latest["intent"]["confidence"] = 0.95
    said, _ = await responses_of(ActionFollowup(), tracker(latest))
    assert said == ["utter_suggest_topics"]
    # a fee asked that way is what the guide never says
    latest = parse("deny", text="要钱不")
    latest["intent"]["confidence"] = 0.95
    said, _ = await responses_of(ActionFollowup(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]
    # and a plain no is still acknowledged
    latest = parse("deny", text="不用了")
    latest["intent"]["confidence"] = 0.95
    said, _ = await responses_of(
        ActionFollowup(), tracker(latest, events=answered("utter_faq/flow"))
    )
    assert said == ["utter_deny_ack"]


def test_which_form_after_the_lost_password_answer_is_that_answer():
    assert followup_topic("要填哪个表", "how_to_operate", "password_lost") == "password_lost"
    assert followup_topic("什么单子啊", "flow", "password_lost") == "password_lost"


def test_where_on_the_pages_is_how_to_operate_not_the_counter():
    assert followup_topic("那在哪里操作", "open_online") == "how_to_operate"
    assert followup_topic("在哪个页面点", "open_online") == "how_to_operate"
    assert followup_topic("去哪里办", "open_online") == "where"


async def test_an_erase_declined_then_asked_again_is_asked_to_confirm():
    declined = answered("utter_delete_declined", text="不删了")
    latest = parse("affirm", text="还是删了吧")
    latest["intent"]["confidence"] = 0.9
    said, events = await responses_of(ActionFollowup(), tracker(latest, events=declined))
    assert (said, events) == ([], [FollowupAction("action_confirm_delete")])
    # after any other answer the same words erase nothing by themselves
    said, events = await responses_of(
        ActionFollowup(), tracker(latest, events=answered("utter_faq/flow"))
    )
    assert FollowupAction("action_confirm_delete") not in events


async def test_the_bot_asked_what_it_does_read_as_out_of_scope_says_what_it_does():
    latest = parse("out_of_scope", text="你会干嘛")
    said, _ = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == ["utter_capabilities"]


async def test_trouble_logging_in_read_as_a_login_is_the_guides_ways_in():
    from actions.login import ActionLogin

    latest = parse("login", text="登录不上去", faq=[("login_methods", 0.98)])
    said, _ = await responses_of(ActionLogin(), tracker(latest))
    assert said == ["utter_faq/login_methods"]


def test_how_long_anything_takes_is_what_the_guide_never_says():
    assert followup_topic("how long until i get my username? 多久 用户名", "open_online") == (
        "not_in_guide"
    )
    assert followup_topic("密码重置要多长时间", "password_lost") == "not_in_guide"
    assert asks_beyond_guide("审核一般多久")


def test_a_word_groped_for_and_not_found_names_nothing():
    assert is_vague("额 就是那个 网上那个 啥西") and is_vague("额 就是那个 网上那个 什么")
    assert is_vague("就是网上那个啥")
    assert not is_vague("网上办事那个啥 密码怎么改")


def test_many_peoples_records_at_once_is_the_batch_whatever_the_selector_saw():
    assert followup_topic("我们要给37个人报基数，能一次弄完吗", "contact") == "batch"
    assert followup_topic("几十个人的增员能一起报吗", "review_vs_query") == "batch"
    # opening for many, or one record at a time, is not
    assert followup_topic("我们公司50人 一次性开通要带啥", "documents") != "batch"
    assert followup_topic("一次没报完还能再报吗", "resubmit") != "batch"


def test_how_to_open_in_the_fewest_words_is_the_opening():
    from actions.answers import cued_topic

    ranking = ["open_online", "website", "flow"]
    assert cued_topic("老乡 我在杭州打工的 网上办事是啥 咋开", ranking) == "open_online"
    assert cued_topic("咋开", ["website", "flow", "batch"]) is None


def test_a_stamp_on_a_copy_is_what_the_guide_never_says():
    assert followup_topic("营业执照复印件要不要盖公章", "documents") == "not_in_guide"
    assert followup_topic("缺盖章的工资汇总表，补上传在哪", "fix_data") != "not_in_guide"


def test_what_to_bring_to_open_said_plainly_is_the_documents_after_any_story():
    from actions.answers import cued_topic

    text = (
        "我是一名退休老师，儿子在外地上班，他让我自己去开通个人的网上办事，"
        "以后查东西方便点。想问问我本人过去要带些什么？"
    )
    assert cued_topic(text, ["review_vs_query", "open_online", "flow"]) == "documents"


def test_the_agents_own_part_asked_with_a_unit_type_known_is_the_agreement():
    from actions.answers import agents_own_part

    latest = parse("faq", text="我本人要带什么，是不是还要签个什么东西")
    t = tracker(latest, slots={"applicant_type": "institution"})
    assert agents_own_part(t, "documents")
    assert not agents_own_part(tracker(latest, slots={"applicant_type": "individual"}), "documents")


def test_what_comes_after_the_signing_is_not_the_agents_part():
    from actions.answers import agents_own_part

    unit = {"applicant_type": "institution"}
    assert not agents_own_part(
        tracker(parse("faq", text="签完以后怎么登录"), slots=unit), "login_methods"
    )
    assert agents_own_part(tracker(parse("faq", text="经办人以后要签啥"), slots=unit), "documents")


def test_a_dispute_over_wages_is_a_social_matter_not_the_guides_contacts():
    from actions.topics import asks_social_matter

    assert asks_social_matter("老板拖工资不给 能找你们吗")
    assert asks_social_matter("公司欠薪三个月了怎么办")
    assert not asks_social_matter("工资汇总表上传错了怎么改")


async def test_then_what_after_a_step_is_the_guides_next_step():
    latest = parse("faq", text="拿到以后然后呢", faq=[("review_vs_query", 0.78)])
    t = tracker(latest, events=answered("utter_faq/open_online", "用户名密码哪里来"))
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/login_methods"]
    # with no step answered before, it is the NLU's reading
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/review_vs_query"]


async def test_a_status_supposed_after_the_resubmit_answer_is_the_fixing_answer():
    from actions.progress import ActionCheckProgress

    for text in ("审核通过的错了呢", "要是已经审核通过了呢"):
        latest = parse("check_my_progress", text=text, faq=[("fix_data", 0.99)])
        t = tracker(latest, events=answered("utter_faq/resubmit", "改好再提交一遍可以伐"))
        said, events = await responses_of(ActionCheckProgress(), t)
        assert said == ["utter_faq/fix_data"], text
        assert not [e for e in events if e.get("name") == "handoff_reason"]


def test_a_look_ordered_at_a_filings_outcome_is_the_users_own():
    from actions.context import orders_look_at_outcome
    from actions.faq import wants_own_progress

    assert orders_look_at_outcome("我是学校办公室的，想查一下职业年金基数申报为什么被退回了")
    assert orders_look_at_outcome("我们是民办非企业单位，想看看社保基数申报的结果")
    assert not orders_look_at_outcome("怎么查申报的结果")
    assert not orders_look_at_outcome("申报被退回了怎么改")
    assert wants_own_progress("查办事进度", logged_in=False)
    assert not wants_own_progress("查询办事进度怎么操作", logged_in=False)


async def test_keys_struck_at_random_are_a_miss_whatever_the_nlu_read():
    from actions.chitchat import ActionThank

    said, events = await responses_of(ActionThank(), tracker(parse("thank", text="asdkjh;;lll")))
    assert said == [] and events == [FollowupAction("action_fallback")]
    said, _ = await responses_of(ActionThank(), tracker(parse("thank", text="thanks!!")))
    assert said == ["utter_thank"]


def test_no_mailbox_is_the_documents_and_what_the_username_is_the_opening():
    assert followup_topic("我没有市民邮箱 就一个身份证", "citizen_mailbox") == "documents"
    assert followup_topic("我是市民邮箱用户吗", "citizen_mailbox") == "citizen_mailbox"
    assert followup_topic("用户名是不是就是身份证号", "login_methods") == "open_online"
    assert followup_topic("用户名是什么我忘了", "login_methods") == "login_methods"


def test_papers_beside_the_id_card_and_copies_in_english_are_not_in_the_guide():
    for text in (
        "I'm a foreigner, I don't have a Chinese ID card. Can I bring my passport instead?",
        "我冇身份证，用回乡证得唔得？",
        "身份证丢了还在补办，拿临时身份证行不行",
        "How many copies of the business license should we bring?",
    ):
        assert asks_beyond_guide(text), text


def test_the_units_documents_asked_for_a_new_agent_are_the_documents():
    text = "我们民办非企业单位开通网上办事要带哪些材料？新来的经办人想知道"
    assert followup_topic(text, "agent_agreement") == "documents"
    assert followup_topic("经办人开通时自己要带什么材料", "agent_agreement") == "agent_agreement"


async def test_what_the_service_is_for_asked_unplaced_is_what_it_can_do():
    latest = parse("nlu_fallback", text="那你们管什么的呀？", faq=[("flow", LOW)])
    said, _ = await responses_of(ActionFallback(), tracker(latest))
    assert said == ["utter_capabilities"]


async def test_no_mailbox_and_only_an_id_card_is_the_individuals_documents():
    latest = parse("faq", text="我没有市民邮箱 就一个身份证", faq=[("citizen_mailbox", 0.99)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_documents_individual"]


def test_the_mailbox_address_is_the_contacts_and_a_lost_password_asked_of_12333_is_that():
    assert followup_topic("邮箱地址再说一遍", "where") == "contact"
    text = "喂喂，是12333吗？我不太会弄电脑的，那个网上办事的密码忘记掉了，你说怎么办呢"
    assert followup_topic(text, "contact") == "password_lost"
    assert followup_topic("密码忘了找谁", "contact") == "contact"


def test_thanks_in_cantonese_or_pinyin_close_the_talk():
    assert closing_response("唔該") == "utter_thank"
    assert closing_response("xiexie") == "utter_thank"


def test_mine_asked_for_last_and_english_submissions_are_the_users_own():
    from actions.context import asks_own_submissions, may_name_unlisted

    assert asks_own_submissions("我登录一下看看我的")
    assert asks_own_submissions("Show me our submissions.")
    assert not asks_own_submissions("这是我的")
    # 怎么 asking why the one named is not done yet, not how to do something
    assert may_name_unlisted("那个职业技能什么补贴的，九月份报的那个，怎么还没好啊？")
    assert not may_name_unlisted("职业技能补贴怎么申请")


def test_a_slip_of_the_person_word_still_asks_for_a_person():
    from actions.answers import asks_for_person

    assert asks_for_person("转人公")


def test_limits_the_guide_never_gives():
    assert asks_beyond_guide("一次最多导多少条")


async def test_a_bare_change_after_the_resubmit_answer_changes_the_submission():
    for text, previous, expected in (
        ("从哪里修改", "utter_faq/resubmit", "utter_faq/fix_data"),
        ("从哪里修改", "utter_faq/login_methods", "utter_faq/change_password"),
        ("密码从哪里修改", "utter_faq/resubmit", "utter_faq/change_password"),
    ):
        latest = parse("faq", text=text, faq=[("change_password", 0.9)])
        t = tracker(latest, events=answered(previous, "注销掉的还能从新交吗"))
        said, _ = await responses_of(ActionAnswerFaq(), t)
        assert said == [expected], (text, previous)


def test_a_thanks_with_a_particle_after_its_own_le_ends_the_message():
    from actions.answers import ends_closing

    assert ends_closing("得 谢了哈") and ends_closing("谢谢啦！") and ends_closing("好的，没事了")
    assert not ends_closing("谢谢，那网址是多少")
