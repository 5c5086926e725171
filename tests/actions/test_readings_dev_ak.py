"""Readings that development set AK showed missing."""

from rasa_sdk.events import FollowupAction

from actions.chitchat import ActionBotChallenge, ActionCapabilities
from actions.context import asked_after, repeated_topic
from actions.fallback import ActionFallback, asks_how_one_seen_stands
from actions.faq import ActionAnswerFaq, followup_topic
from actions.progress import ActionCheckProgress
from tests.actions.test_followups_in_context import answered, responses_of, said_in_turn
from tests.actions.trackers import parse, tracker


async def test_what_the_robot_answers_is_what_it_can_do_not_whether_it_is_one():
    for text in ("机器人能回答啥", "你都能解答哪些问题", "机器人会回答什么"):
        said, events = await responses_of(
            ActionBotChallenge(), tracker(parse("bot_challenge", text=text))
        )
        assert (said, events) == ([], [FollowupAction("action_capabilities")]), text
    said, _ = await responses_of(
        ActionBotChallenge(), tracker(parse("bot_challenge", text="你是机器人还是真人"))
    )
    assert said == ["utter_iamabot"]


async def test_a_mind_changed_after_refusing_the_erasure_asks_it_again():
    refused = answered("utter_delete_declined", text="否")
    said, events = await responses_of(
        ActionFallback(), tracker(parse("nlu_fallback", text="还是删了吧"), events=refused)
    )
    assert (said, events) == ([], [FollowupAction("action_confirm_delete")])
    for text in ("还是不删了", "别删了"):
        said, events = await responses_of(
            ActionFallback(), tracker(parse("nlu_fallback", text=text), events=refused)
        )
        assert FollowupAction("action_confirm_delete") not in events, text
    # the same words with no refusal before them are read as any other message
    said, events = await responses_of(
        ActionFallback(),
        tracker(parse("nlu_fallback", text="还是删了吧"), events=answered("utter_faq/flow")),
    )
    assert FollowupAction("action_confirm_delete") not in events


async def test_the_address_asked_once_the_counter_was_named_is_not_in_the_guide():
    hours = answered("utter_faq/not_in_guide", text="受理点几点开门")
    latest = parse("faq", text="地址在哪", faq=[("not_in_guide", 0.7), ("website", 0.2)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=hours))
    assert said == ["utter_faq/not_in_guide"]
    opened = answered("utter_faq/open_online", text="怎么开通")
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=opened))
    assert said == ["utter_faq/not_in_guide"]
    # where to go, asked after another topic, is still the counter
    flow = answered("utter_faq/flow", text="流程")
    latest = parse("faq", text="去哪办", faq=[("open_online", 0.7)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=flow))
    assert said == ["utter_where"]


def test_a_loss_denied_with_a_new_password_wished_is_the_change():
    text = "不是忘了 我说错了 密码我记得 就是想换个新的"
    assert followup_topic(text, "password_lost", "password_lost") == "change_password"
    assert followup_topic("密码忘了想换个新的", "password_lost", None) == "password_lost"
    assert followup_topic("不是忘了，是丢了", "password_lost", None) == "password_lost"


async def test_a_loss_denied_at_the_type_question_is_the_change():
    asked = answered("utter_ask_applicant_type_password_lost", text="密码忘了")
    latest = parse(
        "faq",
        text="不是忘了 我说错了 密码我记得 就是想换个新的",
        faq=[("password_lost", 0.71), ("change_password", 0.27)],
    )
    said, _ = await responses_of(
        ActionAnswerFaq(),
        tracker(
            latest,
            events=asked,
            slots={"pending_topic": "password_lost", "last_type_topic": "password_lost"},
        ),
    )
    assert said == ["utter_faq/change_password"]


async def test_a_record_of_the_social_matter_itself_is_not_a_submission():
    for text in ("能帮我查社保交了几年吗", "帮我看下养老金缴了多少年"):
        said, _ = await responses_of(
            ActionCheckProgress(), tracker(parse("check_my_progress", text=text))
        )
        assert said == ["utter_out_of_scope_social"], text


async def test_a_status_shown_unchanged_and_the_portal_suspected_is_why_it_waits():
    text = "我在网上申报了失业登记 页面一直显示未审核 是不是系统坏了"
    latest = parse(
        "check_my_progress", text=text, faq=[("review_vs_query", 0.53), ("login_methods", 0.29)]
    )
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/review_vs_query"]


def test_the_steps_of_using_it_once_opened_are_the_flow():
    ranking = ["how_to_operate", "open_online"]
    assert asked_after("开通以后怎么用有什么步走", "how_to_operate", ranking) == "flow"
    assert asked_after("开通以后怎么用", "how_to_operate", ranking) == "how_to_operate"
    assert asked_after("开通以后有哪些步骤要带材料吗", "documents", ranking) == "documents"


async def test_how_one_learns_the_review_is_done_is_how_progress_is_checked():
    for text in ("那我咋知道审完没有", "我怎么晓得批了没"):
        latest = parse("check_my_progress", text=text, faq=[("check_progress", 0.83)])
        said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
        assert said == ["utter_faq/check_progress"], text


def two_topics_answered(first: str, second: str, text: str) -> list[dict]:
    return [
        {"event": "user", "text": text, "parse_data": parse("faq", text=text)},
        {"event": "bot", "text": "…", "metadata": {"utter_action": first}},
        {"event": "bot", "text": "…", "metadata": {"utter_action": second}},
        {"event": "action", "name": "action_listen"},
    ]


async def test_a_part_of_the_answer_asked_again_is_that_topic():
    both = two_topics_answered(
        "utter_faq/login_methods", "utter_faq/check_progress", "怎么登录 登录了以后在哪看进度"
    )
    said, _ = await responses_of(
        ActionCheckProgress(),
        tracker(parse("check_my_progress", text="进度那个再说下"), events=both),
    )
    assert said == ["utter_faq/check_progress"]
    said, _ = await responses_of(
        ActionFallback(),
        tracker(parse("nlu_fallback", text="再说一遍"), events=answered("utter_faq/website")),
    )
    assert said == ["utter_faq/website"]
    # asked again with nothing answered just before, it is no repeat
    assert repeated_topic(tracker(parse("check_my_progress", text="进度那个再说下"))) is None


def test_how_one_pointed_back_at_stands_is_ones_own_look_up():
    def ranked(text: str):
        latest = parse("nlu_fallback", text=text)
        latest["intent_ranking"] = [
            {"name": "nlu_fallback", "confidence": 0.45},
            {"name": "check_my_progress", "confidence": 0.41},
        ]
        return tracker(latest)

    assert asks_how_one_seen_stands(ranked("刚才那个就业登记还在审吧"))
    assert not asks_how_one_seen_stands(ranked("就业登记一般审多久"))
    assert not asks_how_one_seen_stands(ranked("那个养老金批了吗"))


async def test_a_detail_the_guide_never_gives_read_as_small_talk_is_not_in_the_guide():
    latest = parse("what_can_you_do", text="复印件到底要几份 你就直说", faq=[("documents", 0.99)])
    latest["intent"]["confidence"] = 0.45
    said = await said_in_turn(
        ActionCapabilities(), tracker(latest, slots={"applicant_type": "enterprise"})
    )
    assert said == ["utter_faq/not_in_guide"]


async def test_the_menu_of_the_topic_just_answered_is_that_topic_not_the_website():
    changed = answered("utter_faq/change_password", text="密码怎么改")
    latest = parse("faq", text="不是 我是说在网站哪个菜单里改 找不到", faq=[("website", 0.8)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=changed))
    assert said == ["utter_faq/change_password"]
    latest = parse("faq", text="网站地址是哪个", faq=[("website", 0.95)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, events=changed))
    assert said == ["utter_faq/website"]


async def test_a_type_asked_about_at_the_type_question_asks_it_again():
    asked = answered("utter_ask_applicant_type_documents", text="社区居委会开通网上办事要什么材料")
    waiting = {"pending_topic": "documents", "last_type_topic": "documents"}
    for text, hinted in (
        ("我们居委会算机关事业单位吗", "institution"),
        ("哪个是民非", "enterprise"),
    ):
        latest = parse(
            "inform_applicant_type",
            text=text,
            entities=[{"entity": "applicant_type", "value": hinted, "role": "hint"}],
        )
        said, _ = await responses_of(
            ActionAnswerFaq(), tracker(latest, events=asked, slots=waiting)
        )
        assert said and str(said[0]).startswith("utter_ask_"), (text, said)
