from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import MIN_ANSWER_CONFIDENCE, ActionAnswerFaq
from tests.actions.trackers import domain, entity, parse, tracker


async def run(t):
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFaq().run(dispatcher, t, domain())
    return [m.get("response") for m in dispatcher.messages], dispatcher.messages, events


async def test_plain_topic_is_answered_from_the_guide():
    responses, _, events = await run(
        tracker(parse("faq", text="怎么登录", faq=[("login_methods", 0.9)]))
    )
    assert responses == ["utter_faq/login_methods"]
    assert SlotSet("pending_topic", None) in events


async def test_type_dependent_topic_asks_the_type_once_and_remembers_the_question():
    responses, _, events = await run(
        tracker(parse("faq", text="密码忘了", faq=[("password_lost", 0.9)]))
    )
    assert responses == ["utter_ask_applicant_type_password_lost"]
    assert events == [
        SlotSet("pending_topic", "password_lost"),
        SlotSet("last_type_topic", "password_lost"),
    ]


async def test_stated_type_in_the_same_message_answers_directly():
    latest = parse(
        "faq",
        text="我们公司密码忘了",
        faq=[("password_lost", 0.9)],
        entities=[entity("applicant_type", "enterprise")],
    )
    responses, _, _ = await run(tracker(latest))
    assert responses == ["utter_password_lost_enterprise"]


async def test_remembered_type_is_used_for_later_questions():
    latest = parse("faq", text="开通要带啥", faq=[("documents", 0.8)])
    responses, _, _ = await run(tracker(latest, slots={"applicant_type": "individual"}))
    assert responses == ["utter_documents_individual"]


async def test_type_reply_answers_the_pending_question():
    latest = parse(
        "inform_applicant_type", text="事业单位", entities=[entity("applicant_type", "institution")]
    )
    responses, _, events = await run(
        tracker(latest, slots={"pending_topic": "documents", "applicant_type": "institution"})
    )
    assert responses == ["utter_documents_institution"]
    assert SlotSet("pending_topic", None) in events


async def test_type_reply_without_a_pending_question_is_acknowledged():
    latest = parse(
        "inform_applicant_type", text="个人", entities=[entity("applicant_type", "individual")]
    )
    responses, _, _ = await run(tracker(latest, slots={"applicant_type": "individual"}))
    assert responses == ["utter_applicant_type_noted"]


async def test_low_confidence_is_a_miss_for_the_fallback():
    low = MIN_ANSWER_CONFIDENCE / 2
    latest = parse(
        "faq", text="那个东西", faq=[("flow", low), ("website", low), ("batch", low / 2)]
    )
    responses, _, events = await run(tracker(latest))
    assert responses == []
    assert events == [FollowupAction("action_fallback")]


async def test_topic_button_is_answered():
    latest = parse(
        "choose_topic", text='/choose_topic{"topic":"flow"}', entities=[entity("topic", "flow")]
    )
    responses, _, _ = await run(tracker(latest))
    assert responses == ["utter_faq/flow"]


async def test_typed_faq_payload_or_unknown_topic_asks_what_they_mean():
    for latest in (
        parse("faq", text="/faq", faq=[("batch", 0.99)]),
        parse("choose_topic", text="/choose_topic", entities=[entity("topic", "nonsense")]),
    ):
        responses, messages, _ = await run(tracker(latest))
        assert responses == ["utter_ask_which_topic"]
        assert messages[0]["buttons"]


async def test_a_cancel_ordered_while_logged_out_is_the_cancel_not_the_rule():
    # The cancel action asks for the login first; the guide's rule was no answer.
    for text in ("注销申报", "帮我把我们公司的变更申请撤回"):
        latest = parse("faq", text=text, faq=[("fix_data", 0.9)])
        responses, _, events = await run(tracker(latest))
        assert (responses, events) == ([], [FollowupAction("action_cancel_submission")]), text


async def test_asking_about_cancelling_still_gets_the_rule():
    for text in ("申报能不能撤回", "怎么注销申报"):
        latest = parse("faq", text=text, faq=[("fix_data", 0.9)])
        responses, _, _ = await run(tracker(latest))
        assert responses == ["utter_faq/fix_data"], text


async def test_the_websites_address_is_the_website_not_the_counter():
    latest = parse("faq", text="网站地址", faq=[("website", 0.9)])
    responses, _, _ = await run(tracker(latest))
    assert responses == ["utter_faq/website"]


async def test_a_bare_where_is_still_the_counter():
    latest = parse("faq", text="地址在哪", faq=[("open_online", 0.6)])
    responses, _, _ = await run(tracker(latest, slots={"applicant_type": "individual"}))
    assert responses == ["utter_where_individual"]


async def test_a_units_agent_asking_of_their_own_part_gets_the_agreement():
    unit = {"applicant_type": "enterprise"}
    latest = parse("faq", text="经办人呢", faq=[("documents", 0.3)])
    responses, _, _ = await run(tracker(latest, slots=unit))
    assert responses == ["utter_faq/agent_agreement"]
    latest = parse(
        "faq",
        text="我是经办人，那我自己也要带身份证吗",
        faq=[("documents", 0.9)],
        entities=[entity("applicant_type", "individual")],
    )
    responses, _, _ = await run(tracker(latest, slots=unit))
    assert responses == ["utter_faq/agent_agreement"]
    # an individual's own card is the individual's documents
    latest = parse("faq", text="我自己也要带身份证吗", faq=[("documents", 0.9)])
    responses, _, _ = await run(tracker(latest, slots={"applicant_type": "individual"}))
    assert responses == ["utter_documents_individual"]


async def test_a_topic_named_plainly_in_a_long_message_is_taken_though_the_selector_is_unsure():
    text = "我是区人民医院人事科的，我们单位开通网上办事要带什么"
    unsure = [("open_online", 0.32), ("documents", 0.19), ("citizen_mailbox", 0.08)]
    latest = parse("faq", text=text, faq=unsure, entities=[entity("applicant_type", "institution")])
    responses, _, _ = await run(tracker(latest))
    assert responses == ["utter_documents_institution"]
    # unsure and naming nothing plainly, it is a miss as before
    latest = parse("faq", text="那个我想问问就是那个事情", faq=unsure)
    _, _, events = await run(tracker(latest))
    assert events == [FollowupAction("action_fallback")]


async def test_the_agent_the_nlu_could_not_place_is_the_agents_part():
    from actions.fallback import ActionFallback

    latest = parse("nlu_fallback", text="经办人呢", faq=[("agent_agreement", 0.8)])
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(
        dispatcher, tracker(latest, slots={"applicant_type": "enterprise"}), domain()
    )
    assert [m.get("response") for m in dispatcher.messages] == ["utter_faq/agent_agreement"]


async def test_a_cancel_ordered_hands_over_once_a_turn_not_again_after_its_answer():
    # The fallback the policy adds after the cancel's login link must not hand it over again.
    from rasa_sdk import Tracker

    from actions.fallback import ActionFallback

    latest = parse("faq", text="注销申报", faq=[("fix_data", 0.9)])
    this_turn = [
        {"event": "user", "text": "注销申报", "parse_data": latest},
        {"event": "action", "name": "action_cancel_submission"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_login_link"}},
    ]
    t = Tracker("test-user", {}, latest, this_turn, False, None, {}, "action_fallback")
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(dispatcher, t, domain())
    assert FollowupAction("action_cancel_submission") not in events
    assert dispatcher.messages == []
