"""Readings that the development sets BR and BS showed missing."""

import pytest
from rasa_sdk.events import FollowupAction, SlotSet

from actions.answers import asks_for_person, closing_said, password_topic_said
from actions.cancel import asks_about_cancelling, says_cancel_verb
from actions.confirmation import names_another_to_cancel
from actions.context import asks_when, asks_where_only
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq, followup_topic
from actions.followup import ActionFollowup
from actions.handoff import ActionOfferHandoff, describes_case
from actions.progress import ActionCancelSubmission, ActionCheckProgress, ActionShowSubmission
from actions.references import acceptance_number
from actions.topics import (
    asks_about_logging_in,
    asks_beyond_guide,
    asks_social_matter,
    plain_topic,
)
from actions.yesno import typed_answer
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_misreadings import menu_then_choice, type_payload
from tests.actions.trackers import entity, parse, tracker
from tests.portal_fixtures import (  # noqa: F401
    portal_clock,
    portal_db_url,
    portal_template_db,
    sandbox,
)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        # 要不 proposes, either way: what follows it is the answer
        ("emmm 要不还是算了吧", "no"),
        ("要不还是算了吧", "no"),
        ("要不注销吧", "yes"),
        ("要不先不了", "no"),
        # a 不 of its own still refuses
        ("要不就不注销了", "no"),
        ("不注销", "no"),
        # asked either way is no answer
        ("要不要注销", None),
    ],
)
def test_a_proposal_led_by_yaobu_is_the_answer_it_proposes(text, answer):
    assert typed_answer(text, about="cancel") == answer


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("灵活就业参保登记被退回了不知道咋改", True),
        ("提交以后不知道如何修改", True),
        # a bare question is still answered and the description asked again
        ("养老金咋领", False),
        ("你们办公时间几点到几点", False),
    ],
)
def test_not_knowing_how_said_with_za_or_ruhe_is_the_case(text, described):
    assert describes_case(text) is described


@pytest.mark.parametrize(("intent", "confidence"), [("faq", 0.9), ("inform_applicant_type", 0.84)])
async def test_a_type_said_with_whether_its_menu_number_fits_answers_for_that_type(
    intent, confidence
):
    text = "我们是民非 也是选1对吧"
    latest = parse(
        intent,
        text=text,
        entities=[entity("applicant_type", "enterprise")],
        faq=[("contact", 0.98)],
    )
    latest["intent"]["confidence"] = confidence  # unsure of the type, sure of the contacts
    slots = {"applicant_type": "enterprise", "last_type_topic": "documents"}
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest, slots=slots))
    assert said == ["utter_documents_enterprise"]


def test_a_cancel_proposed_or_asked_with_a_bu_is_still_the_cancel():
    assert says_cancel_verb("要不撤回吧")
    assert says_cancel_verb("能不能注销")
    assert not says_cancel_verb("不注销了")
    assert not says_cancel_verb("能不能不注销")


async def test_whether_the_staff_review_it_is_the_review_rule_not_a_person():
    text = "那增员的要等工作人员审核对伐"
    latest = parse("request_human", text=text, faq=[("not_in_guide", 0.67)])
    said, _ = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert said == ["utter_faq/review_vs_query"]
    # a person still asked for beside a review that does not come
    latest = parse("request_human", text="一直没人审 我要找人")
    said, _ = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert said == ["utter_offer_handoff"]


async def test_the_bound_of_the_base_asked_with_the_list_shown_is_social(company: Session):  # noqa: F811
    text = "说3个人基数低于下限，这个下限是多少"
    said, _, _ = await run(ActionShowSubmission(), company.tracker("pick_submission", text))
    assert said == ["utter_out_of_scope_social"]
    assert asks_social_matter("顺便问下社保缴费基数是怎么定的")
    assert not asks_social_matter("社保缴费基数申报怎么报")


async def test_the_standing_of_the_one_on_screen_read_as_nothing_is_its_details(
    company: Session,  # noqa: F811
):
    selected = company.list_page_1[0]["no"]
    t = company.tracker(
        "nlu_fallback", "刚才那条现在是啥状态", shown="utter_cancelled", selected=selected
    )
    said, events, _ = await run(ActionFallback(), t)
    assert said == [] and events == [FollowupAction("action_check_progress")]


def test_where_to_change_the_data_is_no_counter():
    assert not asks_where_only("那我改数据要去哪里改")
    assert not asks_where_only("信息填错了去哪改")
    assert asks_where_only("去哪里办")


@pytest.mark.parametrize("text", ["真的不用开？", "确定吗", "really?"])
async def test_the_answer_just_given_doubted_is_said_again(text):
    events = answered("utter_faq/citizen_mailbox", "有市民邮箱还要开通吗")
    said, _ = await responses_of(ActionFollowup(), tracker(parse("deny", text=text), events=events))
    assert said == ["utter_faq/citizen_mailbox"]


async def test_a_number_end_not_listed_read_as_out_of_scope_shows_the_list_to_check(
    company: Session,  # noqa: F811
):
    said, _, _ = await run(ActionOutOfScope(), company.tracker("out_of_scope", "尾号1234的"))
    assert said[0] == "utter_pick_not_found"
    assert said[1].startswith("utter_progress_list")
    # the end of a listed one's number is that one
    tail = company.list_page_1[0]["no"][-4:]
    said, _, _ = await run(ActionOutOfScope(), company.tracker("out_of_scope", f"尾号{tail}的"))
    assert said == ["utter_submission_detail"]


async def test_a_plan_to_take_the_papers_then_goodbye_takes_the_answer_in_and_leaves():
    events = answered("utter_documents_institution", "事业单位要带什么")
    latest = parse("faq", text="行 我带上去窗口问 再见", faq=[("documents", 0.9)])
    t = tracker(latest, slots={"applicant_type": "institution"}, events=events)
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_goodbye"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("我原密码还记得", "change_password"),
        ("旧密码还记得 想换个新的", "change_password"),
        ("原密码记不得了", "password_lost"),
        ("密码不记得了", "password_lost"),
    ],
)
def test_a_password_remembered_is_a_change_not_a_reset(text, topic):
    assert password_topic_said(text) == topic


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("有没有人能打电话教教他", True),
        ("有人能说一下吗", True),
        # someone who said something is no person asked for
        ("有人说要带户口本", False),
        ("有没有人跟我说过要带户口本", False),
    ],
)
def test_someone_who_can_explain_is_a_person_asked_for(text, person):
    assert asks_for_person(text) is person


async def test_which_one_has_a_status_read_as_a_dispute_is_a_look_at_it():
    latest = parse("result_wrong", text="驳回的是哪个")
    said, events = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]
    latest = parse("result_wrong", text="凭什么驳回，哪个材料不对你们说清楚，我要投诉")
    said, _ = await responses_of(ActionOfferHandoff(), tracker(latest))
    assert said == ["utter_offer_handoff"]


async def test_the_oldest_one_read_as_more_of_the_list_is_that_one(company: Session):  # noqa: F811
    said, _, _ = await run(
        ActionFollowup(), company.tracker("more", "最早交的那个", shown="utter_progress_list_more")
    )
    assert said == ["utter_submission_detail"]
    said, _, _ = await run(
        ActionFollowup(), company.tracker("more", "下一页", shown="utter_progress_list_more")
    )
    assert said[0].startswith("utter_progress_list")


@pytest.mark.parametrize("text", ["好吧 麻烦了", "麻烦啦", "好的 麻烦了~"])
async def test_thanks_for_the_trouble_read_as_nothing_is_thanked(text):
    events = answered("utter_faq/contact", "找谁问")
    said, _ = await responses_of(
        ActionFallback(), tracker(parse("nlu_fallback", text=text), events=events)
    )
    assert said == ["utter_thank"]


def test_the_trouble_called_great_is_no_thanks():
    assert closing_said("太麻烦了") is None
    assert closing_said("网上办事好麻烦了") is None


async def test_a_look_at_one_by_status_read_as_nothing_is_the_look_up():
    latest = parse("nlu_fallback", text="再看下驳回那条")
    said, events = await responses_of(ActionFallback(), tracker(latest))
    assert said == [] and events == [FollowupAction("action_check_progress")]


def test_where_to_change_read_as_checking_progress_is_fixing_the_data():
    assert followup_topic("在哪改 办事进渡查询里吗", "check_progress") == "fix_data"
    assert followup_topic("怎么查进度", "check_progress") == "check_progress"


# -- what BT and BU showed --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "受理编号是 H Z 二零二六 一零二一 零九零五二",
        "h z二零二六一零二一零九零五二",
        "HZ 2026 1021 09052",
    ],
)
def test_an_acceptance_number_spelt_out_with_spaces_is_read(text):
    assert acceptance_number(text) == "HZ2026102109052"


@pytest.mark.parametrize(
    ("text", "beyond"),
    [
        ("我们公司刚成立没多久 就是想问问开通好了以后在网上办事整个流程是怎么样的", False),
        # (a faster review is asked of a person: HURRY_WORDS)
        ("审核要多久", True),
    ],
)
def test_a_time_told_is_not_asked(text, beyond):
    assert asks_beyond_guide(text) is beyond


def test_days_told_are_no_question_of_when():
    assert not asks_when("机关事业单位人员参保增员那个 四个人的 交了几天了还没审")
    assert asks_when("要等几天")


def test_a_guess_confirmed_then_the_cancel_ordered_is_the_cancel():
    assert not asks_about_cancelling("这个还没审是吧 那你先帮我注消掉")
    assert asks_about_cancelling("要撤回来伐，还是直接改")


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("哦那就是不用跑窗口了是吧", "utter_faq/citizen_mailbox"),
        ("就这些？", "utter_documents_individual"),
    ],
)
async def test_the_answer_put_in_ones_own_words_or_its_papers_doubted_is_said_again(text, before):
    events = answered(before, "要带什么")
    slots = {"applicant_type": "individual"}
    latest = parse("nlu_fallback", text=text)
    said, _ = await responses_of(ActionFallback(), tracker(latest, events=events, slots=slots))
    assert said == [before]


def test_a_rejection_supposed_after_the_flow_is_fixing_it():
    assert followup_topic("那如果被退回了", "flow") == "fix_data"
    assert followup_topic("如果被退回了要多久", "flow") == "not_in_guide"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("第一步要登录，用户名哪来", "open_online"),
        ("用户名和密码在哪里领取", "open_online"),
        ("用户名在哪里输入", None),
        ("没通过的能改了再交吗", "resubmit"),
        ("没通过的能改吗", "fix_data"),
    ],
)
def test_where_the_login_comes_from_and_a_change_then_handing_in(text, topic):
    assert plain_topic(text) == topic


def test_a_latin_word_is_read_whole():
    assert asks_about_logging_in("How do I log in? Is there a difference between the two ways?")
    assert not asks_about_logging_in("can I log in here?")


async def test_an_item_named_with_ne_read_as_more_is_that_one(company: Session):  # noqa: F811
    said, _, _ = await run(
        ActionFollowup(), company.tracker("more", "那减员的呢", shown="utter_progress_list_more")
    )
    assert said == ["utter_submission_detail"]
    said, _, _ = await run(
        ActionFollowup(), company.tracker("more", "还有呢", shown="utter_progress_list_more")
    )
    assert said[0].startswith("utter_progress_list")


async def test_a_pick_corrected_with_words_of_a_slip_is_the_other_line_not_a_data_slip():
    latest = parse("nlu_fallback", text="不对打错了 是2", faq=[("contact", 0.94)])
    events = menu_then_choice(type_payload("enterprise"))  # after 忘记密码
    slots = {"applicant_type": "enterprise", "last_type_topic": "password_lost"}
    said, _ = await responses_of(ActionFallback(), tracker(latest, slots=slots, events=events))
    assert said == ["utter_password_lost_institution"]


# -- what the new model showed on the older sets, second look ----------------------------


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("第一步说的那个网址再发一下", "website"),
        ("那问个正事，网上办事的网纸是多少", "website"),
        ("把登录链接发我", None),
        ("那我在网上办事里提交的失业登记，怎么看审核结果", "check_progress"),
        ("我们单位上周批量做了增员，怎么查办理进度", "check_progress"),
        ("帮我看下进度", None),
    ],
)
def test_the_address_asked_to_be_sent_and_where_an_outcome_is_looked_up(text, topic):
    assert plain_topic(text) == topic


@pytest.mark.parametrize(
    ("text", "beyond"),
    [
        ("组织机构代码证我们没有咋办", True),
        ("可我们没有工商营业执照，只有民非登记证书，这怎么办", True),
        ("为啥拖这么久", True),
        ("营业执照要原件吗", False),
    ],
)
def test_a_paper_lacking_and_a_review_too_long_are_beyond_the_guide(text, beyond):
    assert asks_beyond_guide(text) is beyond


async def test_what_the_answer_spares_one_inferred_is_the_answer_again():
    events = answered("utter_faq/citizen_mailbox", "有市民邮箱还要开通吗")
    latest = parse("deny", text="那就不用去窗口了?")
    said, _ = await responses_of(ActionFollowup(), tracker(latest, events=events))
    assert said == ["utter_faq/citizen_mailbox"]


async def test_a_topic_in_words_read_as_a_cancel_with_no_word_of_one_is_that_topic():
    latest = parse("cancel_my_submission", text="我怎么知道它被打回了", faq=[("fix_data", 0.31)])
    said, _ = await responses_of(ActionCancelSubmission(), tracker(latest))
    assert said == ["utter_faq/check_progress"]


async def test_a_type_in_doubt_read_as_a_guide_question_asks_the_type():
    text = "我是做个体的不知道算哪一种开通要什么东西"
    latest = parse(
        "faq",
        text=text,
        entities=[entity("applicant_type", "enterprise")],
        faq=[("open_online", 0.64)],
    )
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_ask_applicant_type_documents"]


async def test_a_type_said_with_its_topic_in_words_is_answered_however_unsure_the_type():
    latest = parse(
        "inform_applicant_type",
        text="我们是民营医院，忘了密码",
        entities=[entity("applicant_type", "enterprise")],
        faq=[("password_lost", 1.0)],
    )
    latest["intent"]["confidence"] = 0.61
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_password_lost_enterprise"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("单位这边的证件呢", "documents"),
        ("基数申报那个被打回来了 86个人那个 撤了吧 我重新报", None),
        ("那重新报一遍可以吧", "resubmit"),
        ("一二三三三对吧", "contact"),
        ("我打12333问问", None),
    ],
)
def test_the_units_papers_and_a_new_submission_after_a_cancel_proposed(text, topic):
    assert plain_topic(text) == topic


def test_a_reset_asked_is_the_losss_answer():
    assert password_topic_said("那我先把材料备好，企业重置密码要带哪些东西") == "password_lost"
    assert password_topic_said("重置以后怎么改密码") == "change_password"


async def test_a_change_rule_said_in_words_beats_papers_barely_read():
    text = "没通过的那种就可以自己改对吧"
    latest = parse("faq", text=text, faq=[("documents", 0.54), ("fix_data", 0.23)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/fix_data"]


async def test_a_topic_in_words_read_as_a_yes_is_that_topic():
    latest = parse("affirm", text="一二三三三对吧", faq=[("flow", 0.85)])
    said, _ = await responses_of(ActionFollowup(), tracker(latest))
    assert said == ["utter_faq/contact"]


async def test_one_named_and_its_wait_told_with_the_list_shown_is_that_one(
    institution: Session,  # noqa: F811
):
    text = "机关事业单位人员参保增员那个 四个人的 交了几天了还没审"
    t = institution.tracker(
        "faq", text, shown="utter_progress_list", faq=[("review_vs_query", 0.62)]
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]
    # a why asked is the guide's answer, as before
    t = institution.tracker("faq", "报了一周了为什么还没审核", faq=[("review_vs_query", 0.62)])
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_faq/review_vs_query"]


def test_the_one_asked_denied_names_no_other_to_cancel():
    def names_another(text):
        latest = parse("deny", text=text)
        return names_another_to_cancel(tracker(latest, slots={"pending_cancel": "HZ2026112307415"}))

    assert not names_another("哎不对不对不要注消 我搞错了我想注消的不是这个")
    assert names_another("不对 我搞错了 不是这个，是要撤职业技能提升补贴那个")


@pytest.mark.parametrize("text", ["那如果被退回了", "要是没通过呢"])
async def test_a_rejection_supposed_read_as_a_look_up_is_fixing_it(text):
    events = answered("utter_faq/flow", "网上办事流程")
    latest = parse("check_my_progress", text=text, faq=[("fix_data", 0.99)])
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest, events=events))
    assert said == ["utter_faq/fix_data"]


async def test_the_oldest_one_read_as_a_look_up_or_nothing_is_that_one(company: Session):  # noqa: F811
    said, _, _ = await run(
        ActionCheckProgress(),
        company.tracker("check_my_progress", "最早交的那个", shown="utter_progress_list_more"),
    )
    assert said == ["utter_submission_detail"]
    shown = company.list_page_1[0]["no"]
    t = company.tracker(
        "nlu_fallback", "最早的那个", shown="utter_progress_list_more", selected=shown
    )
    said, events, _ = await run(ActionFallback(), t)
    assert said == ["utter_submission_detail"]
    assert SlotSet("selected_submission", shown) not in events


async def test_the_weather_placed_near_the_guides_silences_is_out_of_scope():
    latest = parse("faq", text="顺便问下今天杭州会下雨吗", faq=[("not_in_guide", 0.53)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_out_of_scope"]


async def test_how_ones_own_filing_stands_read_as_social_is_the_look_up():
    text = "请问一下我们单位报的职业年金基数现在什么情况了"
    said, events = await responses_of(
        ActionOutOfScope(), tracker(parse("out_of_scope_social", text=text))
    )
    assert said == [] and events == [FollowupAction("action_check_progress")]
    said, _ = await responses_of(
        ActionOutOfScope(), tracker(parse("out_of_scope_social", text="养老金现在什么情况了"))
    )
    assert said == ["utter_out_of_scope_social"]


def test_how_long_a_reset_takes_is_no_reset_answer():
    assert password_topic_said("密码重置要几天") is None
    assert password_topic_said("事业单位网上办事密码重置要几天") is None


async def test_a_password_remembered_with_the_resets_type_question_waiting_is_the_change():
    asked = "修改密码和密码重置有什么区别"
    events = [
        {"event": "user", "text": asked, "parse_data": parse("faq", text=asked)},
        {
            "event": "bot",
            "text": "…",
            "metadata": {"utter_action": "utter_ask_applicant_type_password_lost"},
        },
        {"event": "action", "name": "action_listen"},
    ]
    latest = parse(
        "faq", text="我原密码还记得", faq=[("password_lost", 0.73), ("change_password", 0.21)]
    )
    t = tracker(latest, events=events, slots={"pending_topic": "password_lost"})
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/change_password"]
