"""Readings that the development sets BV, BW, BX and BY showed missing."""

import pytest
from rasa_sdk.events import FollowupAction

from actions.answers import asks_for_person, password_topic_said
from actions.chitchat import ActionCapabilities
from actions.context import orders_look_after_login
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq
from actions.portal_session import LOGGED_IN_RESPONSE
from actions.privacy import ActionConfirmDelete
from actions.progress import ActionCancelSubmission, ActionCheckProgress
from actions.topics import orders_login, orders_look_at_own_filing, plain_topic
from actions.words import LINK_ASK_RE
from actions.yesno import acknowledges, refuses_up_front, wants_to_leave
from tests.actions.test_context import Session, faq_answered, run
from tests.actions.test_followups_in_context import answered
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import parse, tracker
from tests.portal_fixtures import (  # noqa: F401
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)


@pytest.mark.parametrize(
    "text",
    ["哎呀算了 不要转了 我自己去窗口问", "哎哟不用了", "别转了 我打电话问", "不要转人工了"],
)
def test_a_transfer_refused_in_its_own_verb_or_after_a_sigh_leaves_the_form(text):
    assert wants_to_leave(text)


@pytest.mark.parametrize("text", ["要不要转人工", "哎呀我不知道要不要转"])
def test_a_transfer_only_wondered_about_does_not_leave(text):
    assert not wants_to_leave(text)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        # the no first, a plan or a musing after it
        ("嗯……算了还是先不动 等我跟老板确认", True),
        ("那先不注销 我看看能不能直接改", True),
        ("先别注销 我问问领导", True),
        # the verb ordered after the sigh is a yes, and a wondering is no answer
        ("算了还是注销吧", False),
        ("算了 注销吧", False),
        ("好 注销吧 然后怎么重新交", False),
        ("我不知道要不要注销", False),
    ],
)
def test_a_no_said_first_refuses_the_cancel_whatever_follows(text, refused):
    assert refuses_up_front(text, about="cancel") is refused


async def test_a_long_no_to_the_cancel_question_declines_it(person: Session):  # noqa: F811
    pending = person.number("失业登记")
    t = person.tracker(
        "faq",
        "那先不注销 我看看能不能直接改",
        shown="utter_confirm_cancel",
        faq=[("fix_data", 0.9)],
    )
    t.slots["pending_cancel"] = pending
    said, _, _ = await run(ActionCancelSubmission(), t)
    assert said == ["utter_cancel_declined"]


async def test_what_one_may_do_with_the_one_on_screen_is_its_advice(person: Session):  # noqa: F811
    shown = person.number("失业登记")
    t = person.tracker(
        "what_can_you_do", "这个我可以做啥", shown="utter_submission_detail", selected=shown
    )
    said, _, _ = await run(ActionCapabilities(), t)
    assert said == ["utter_selected_submission_advice"]
    # with nothing on screen it is what the assistant does
    said, _, _ = await run(ActionCapabilities(), tracker(parse("what_can_you_do", text="你能做啥")))
    assert said == ["utter_capabilities"]


@pytest.mark.parametrize(
    "text", ["诶我怎么把身份证发出来了 把这条记录删掉", "我刚不小心把身份证打上来了 删掉记录"]
)
async def test_a_record_to_erase_read_as_a_cancel_asks_the_erasure(text):
    latest = parse("cancel_my_submission", text=text)
    latest["intent_ranking"] = [{"name": "cancel_my_submission", "confidence": 0.47}]
    _, events, _ = await run(ActionCancelSubmission(), tracker(latest))
    assert events == [FollowupAction("action_confirm_delete")]


@pytest.mark.parametrize("text", ["链接再发我一次", "链接重新发一下", "再发我个链接"])
def test_the_link_asked_again_either_way_round(text):
    assert LINK_ASK_RE.search(text)


async def test_the_link_asked_again_after_a_declined_erasure_is_the_login():
    events = [
        {"event": "user", "text": "先不删了 我先登录看看", "parse_data": parse("nlu_fallback")},
        {"event": "action", "name": "action_fallback"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_delete_declined"}},
        {"event": "action", "name": "action_listen"},
    ]
    latest = parse("nlu_fallback", text="链接再发我一次", faq=[("website", 0.54)])
    said, followed, _ = await run(ActionFallback(), tracker(latest, events=events))
    assert said == [] and followed == [FollowupAction("action_login")]


async def test_a_cancel_ordered_of_an_item_that_sounds_social_is_the_cancel():
    text = "我那个技能提升补贴交错了 帮我注消掉"
    _, events, _ = await run(
        ActionOutOfScope(),
        tracker(parse("out_of_scope_social", text=text, faq=[("fix_data", 1.0)])),
    )
    assert events == [FollowupAction("action_cancel_submission")]
    # asked, not ordered: still the social matter
    asked = "技能提升补贴能帮我取消吗 能补多少钱"
    said, _, _ = await run(ActionOutOfScope(), tracker(parse("out_of_scope_social", text=asked)))
    assert said == ["utter_out_of_scope_social"]


async def test_a_social_matter_with_one_on_screen_is_not_its_advice(person: Session):  # noqa: F811
    shown = person.number("失业登记")
    t = person.tracker(
        "out_of_scope_social",
        "新来的老师社保卡怎么办",
        shown="utter_submission_detail",
        selected=shown,
    )
    said, _, _ = await run(ActionOutOfScope(), t)
    assert said == ["utter_out_of_scope_social"]
    # "那怎么办" is still what that one allows
    t = person.tracker("faq", "那怎么办", shown="utter_submission_detail", selected=shown)
    said, _, _ = await run(ActionOutOfScope(), t)
    assert said == ["utter_selected_submission_advice"]


@pytest.mark.parametrize("text", ["好 那我补上盖章的工资汇总表", "好 我补一下"])
def test_a_yes_with_what_one_will_add_takes_the_answer_in(text):
    assert acknowledges(text)


async def test_another_cards_password_forgotten_after_the_site_is_a_social_matter():
    history = faq_answered("网址发我下", "website")
    latest = parse("out_of_scope_social", text="社保卡密码忘了咋办", faq=[("password_lost", 1.0)])
    said, _, _ = await run(ActionOutOfScope(), tracker(latest, events=history))
    assert said == ["utter_out_of_scope_social"]
    # the portal's, forgotten after its site, is still the reset
    latest = parse("faq", text="那密码忘了咋办", faq=[("password_lost", 1.0)])
    said, _, _ = await run(ActionOutOfScope(), tracker(latest, events=history))
    assert said == ["utter_ask_applicant_type_password_lost"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("要法人本人去吗", "agent_agreement"),
        ("那网上办事到底能办啥西", "how_to_operate"),
        ("网上能办哪些事", "how_to_operate"),
        ("网上能查进度吗", None),
    ],
)
def test_topics_named_in_words(text, topic):
    assert plain_topic(text) == topic


async def test_what_the_portal_does_read_as_the_opening_is_how_an_item_is_done():
    latest = parse("faq", text="那网上办事到底能办啥西", faq=[("open_online", 0.9)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/how_to_operate"]


@pytest.mark.parametrize(
    ("text", "looks"),
    [
        ("有几条", True),
        ("所有记录", True),
        ("记录", True),
        ("一共多少条", True),
        ("记录删掉", False),
    ],
)
def test_how_many_or_the_records_right_after_the_login_is_the_look_up(text, looks):
    logged_in = answered(LOGGED_IN_RESPONSE, "看看我们公司申报到哪了")
    t = tracker(parse("nlu_fallback", text=text), events=logged_in)
    assert orders_look_after_login(t, text) is looks, text


async def test_records_right_after_the_login_read_as_the_erasure_are_the_list():
    logged_in = answered(LOGGED_IN_RESPONSE, "帮我打开我们单位的办事记录")
    t = tracker(parse("delete_my_data", text="记录"), events=logged_in)
    _, events, _ = await run(ActionConfirmDelete(), t)
    assert events == [FollowupAction("action_check_progress")]


async def test_a_log_out_said_last_after_a_plan_logs_out():
    text = "身份证号填错一个 改好再提交吧 先退出了"
    latest = parse("faq", text=text, faq=[("resubmit", 0.98)])
    _, events, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert events == [FollowupAction("action_logout")]


async def test_the_how_set_aside_and_the_look_ordered_is_the_look_up(tmp_path):
    text = "不是问怎么查，你直接帮我查一下我的"
    latest = logged_out(
        tmp_path, parse("check_my_progress", text=text, faq=[("check_progress", 0.68)])
    )
    said, _, _ = await run(ActionCheckProgress(), tracker(latest))
    assert said[:1] == ["utter_login_link"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        # a paper the guide's lists never name: the guide does not say (dev sets BV, BX, CA)
        ("户口本要带伐", "utter_faq/not_in_guide"),
        ("只要身份证？户口本要不要", "utter_faq/not_in_guide"),
        ("身份证复印件要不要带", "utter_documents_individual"),
    ],
)
async def test_whether_a_paper_is_needed_read_as_a_dispute_is_the_papers(text, answer):
    from actions.handoff import ActionOfferHandoff

    latest = parse("result_wrong", text=text, faq=[("documents", 0.4)])
    t = tracker(latest, slots={"applicant_type": "individual"})
    said, _, _ = await run(ActionOfferHandoff(), t)
    assert said == [answer]
    # a dispute that names papers is still a dispute
    latest = parse("result_wrong", text="营业执照都带了还说不全", faq=[("documents", 0.4)])
    said, _, _ = await run(ActionOfferHandoff(), tracker(latest))
    assert said == ["utter_offer_handoff"]


async def test_88_with_a_shorter_list_on_screen_is_a_goodbye(person: Session):  # noqa: F811
    from actions.progress import ActionShowSubmission

    t = person.tracker("pick_submission", "88", shown="utter_progress_list")
    said, _, _ = await run(ActionShowSubmission(), t)
    assert said == ["utter_goodbye"]
    t = person.tracker("pick_submission", "2", shown="utter_progress_list")
    said, _, _ = await run(ActionShowSubmission(), t)
    assert said == ["utter_submission_detail"]


def test_a_unit_address_changed_asks_no_place():
    from actions.context import asks_where_only

    assert not asks_where_only("单位地址又变了 那得怎么弄")
    assert asks_where_only("受理点地址在哪")


@pytest.mark.parametrize("text", ["我昨天提交的公单回了没有", "我这个公单弄好了伐"])
async def test_the_ticket_named_by_its_slip_is_the_tickets_status(text):
    latest = parse("check_my_progress", text=text, faq=[("review_vs_query", 1.0)])
    _, events, _ = await run(ActionCheckProgress(), tracker(latest))
    assert events == [FollowupAction("action_handoff_status")]


async def test_an_answer_not_understood_read_as_what_the_bot_does_offers_a_person():
    t = tracker(parse("what_can_you_do", text="你这个回答我看不懂"))
    _, events, _ = await run(ActionCapabilities(), t)
    assert events[-1:] == [FollowupAction("action_offer_handoff")]


def test_a_password_not_kept_in_mind_in_wu_is_lost():
    text = "我去年开通过的密码我现在记不牢了 我要怎么重新弄一个密码出来啊"
    assert password_topic_said(text) == "password_lost"


async def test_the_head_in_person_read_as_a_type_said_is_the_agents_part():
    latest = parse("inform_applicant_type", text="要法人本人去吗", faq=[("open_online", 0.41)])
    said, _, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/agent_agreement"]


@pytest.mark.parametrize(
    ("text", "ordered"), [("重新登陆一下", True), ("再登录一次", True), ("重新登录怎么弄", False)]
)
def test_logging_in_again_is_ordered(text, ordered):
    assert orders_login(text) is ordered


@pytest.mark.parametrize(
    "text",
    [
        "复印件要不要加盖单位公章",
        "原件要留在窗口吗",
        "户口本要不要一道带过去",
        "能加急伐",
        "有没有扫码登录或者刷脸登录",
        "重新提交有次数限制吗",
    ],
)
async def test_details_the_guide_never_gives_are_its_silence(text):
    latest = parse("faq", text=text, faq=[("documents", 0.8), ("not_in_guide", 0.1)])
    t = tracker(latest, slots={"applicant_type": "institution"})
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/not_in_guide"], text


def test_hurrying_a_review_is_no_person_asked_for_but_chasing_it_is():
    assert not asks_for_person("能不能加急的")
    assert asks_for_person("谁能催一下")


@pytest.mark.parametrize(
    ("intent", "text", "response"),
    [
        ("out_of_scope", "haode xiexie", "utter_thank"),
        ("out_of_scope", "ok zaijian", "utter_goodbye"),
        ("nlu_fallback", "cheers", "utter_thank"),
        ("nlu_fallback", "OK 明白晒", "utter_ack"),
    ],
)
async def test_closings_in_pinyin_english_and_cantonese(intent, text, response):
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionFallback()
    history = faq_answered("网址是多少", "website")
    said, _, _ = await run(action, tracker(parse(intent, text=text), events=history))
    assert said == [response]


async def test_a_number_end_read_aloud_picks_that_one(person: Session):  # noqa: F811
    first = person.list_page_1[0]
    spoken = first["no"][-4:].translate(str.maketrans("0123456789", "零一二三四五六七八九"))
    t = person.tracker(
        "out_of_scope", f"尾号 {' '.join(spoken)} 的那个", shown="utter_progress_list"
    )
    said, _, messages = await run(ActionOutOfScope(), t)
    assert said == ["utter_submission_detail"]


def test_the_hotline_put_up_spoken_is_the_contacts_unless_its_hours_are_asked():
    assert plain_topic("那个 幺二三三三 不对 是 一二三三三 是 咨询电话吗") == "contact"
    assert plain_topic("12333热线几点有人") is None


def test_a_change_said_with_a_loss_denied_after_a_pause_is_the_change():
    assert password_topic_said("我要改密马 不是 忘了 就是 改一下") == "change_password"


async def test_a_look_ordered_at_a_filing_that_sounds_social_is_the_look_up():
    text = "查 我们 单位 十月 二十一号 交 的 养老保险 参保 登记"
    _, events, _ = await run(ActionOutOfScope(), tracker(parse("out_of_scope_social", text=text)))
    assert events == [FollowupAction("action_check_progress")]
    # a benefit asked after, or the paying, names no filing
    assert not orders_look_at_own_filing("看看养老金怎么领")
    assert not orders_look_at_own_filing("查我们单位的养老保险交了多少")


@pytest.mark.parametrize(
    "text", ["经办人换人了 新经办人去可以吧", "原来的经办人离职了，换个人去可以吗"]
)
async def test_a_new_agent_after_the_reset_is_the_guides_silence(text):
    # BT, CA accepted the reset or the silence; CS, CW and DE want the silence: whether
    # another agent may go the guide never says
    history = faq_answered("事业单位网上办事密码丢了", "password_lost")
    latest = parse("faq", text=text, faq=[("agent_agreement", 0.9)])
    t = tracker(
        latest,
        events=history,
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/not_in_guide"]


def test_where_a_lost_password_is_reset_is_the_resets_answer():
    from actions.faq import followup_topic

    assert followup_topic("个人忘记密码去哪办", "open_online") == "password_lost"
    assert followup_topic("个人去哪办", "open_online") == "where"


def test_whom_to_chase_is_asked_not_a_person():
    from actions.context import asks_whom

    assert asks_whom("找谁催啊") and not asks_for_person("找谁催啊")
    assert asks_for_person("谁能帮我催一下")


async def test_a_cancel_never_made_is_disputed(person: Session):  # noqa: F811
    from actions.progress import ActionCancelSubmission

    shown = person.number("失业登记")
    t = person.tracker(
        "cancel_my_submission",
        "谁注销的 我没注销过啊",
        shown="utter_submission_detail",
        selected=shown,
    )
    _, events, _ = await run(ActionCancelSubmission(), t)
    assert FollowupAction("action_offer_handoff") in events


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("shuju tian cuo le", "fix_data"),
        ("geren ye keyi yong piliang ma", "batch"),
        ("We have 150 new hires, do I really have to enter them one by one??", "batch"),
        # one's own, in pinyin: no topic of the guide, the look-up's
        ("cha yixia wo de banshi jindu", None),
        ("banshi jindu zenme cha", "check_progress"),
    ],
)
def test_topics_named_in_pinyin_and_english(text, topic):
    assert plain_topic(text) == topic


async def test_ones_own_progress_asked_in_pinyin_is_the_look_up():
    latest = parse("faq", text="cha yixia wo de banshi jindu", faq=[("check_progress", 0.9)])
    _, events, _ = await run(ActionAnswerFaq(), tracker(latest))
    assert events == [FollowupAction("action_check_progress")]


async def test_an_answering_action_reads_traditional_and_cantonese_as_mandarin():
    history = faq_answered("网上办事怎么开通", "open_online")
    latest = parse("nlu_fallback", text="網址再發一下")
    said, _, _ = await run(ActionFallback(), tracker(latest, events=history))
    assert said == ["utter_faq/website"]
