"""Readings that development sets Y and Z showed missing, without the portal (those
with one logged in are in test_context.py)."""

import pytest
from rasa_sdk.events import FollowupAction

from actions.answers import asks_for_person, closing_said, cued_topic
from actions.context import asks_for_type
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.faq import ActionAnswerFaq, followup_topic
from actions.followup import ActionFollowup
from actions.progress import ActionCheckProgress
from actions.topics import asks_whom
from actions.words import OWN_SUBMISSIONS_RE
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import entity, parse, tracker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("88", "utter_goodbye"),
        ("拜～", "utter_goodbye"),
        ("好的，先这样", "utter_goodbye"),
        ("那就这么着吧", "utter_goodbye"),
        # 88 inside a message is a number
        ("13957112388", None),
        ("我要88块", None),
        ("先这样填可以吗", None),
    ],
)
def test_a_goodbye_said_alone_or_as_that_will_do(text, expected):
    assert closing_said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请问可向何处咨询？", True),
        ("这种情况该找什么部门", True),
        ("咨询哪里比较好", True),
        ("何处可以开通", False),
    ],
)
def test_whom_to_ask_in_formal_words(text, expected):
    assert asks_whom(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本单位所报事项目前状态如何？", True),
        ("我们单位所申报的事项", True),
        ("我想自己网上办事", False),
    ],
)
def test_a_units_own_filings_named_with_what_was_handed_in(text, expected):
    assert bool(OWN_SUBMISSIONS_RE.search(text)) is expected


async def test_the_type_said_again_with_a_document_asked_of_it_answers_for_it():
    latest = parse(
        "inform_applicant_type",
        text="我们是学校 没有营业执照也行吧",
        entities=[{**entity("applicant_type", "institution"), "role": "hint"}],
        faq=[("documents", 0.4)],
    )
    t = tracker(
        latest,
        slots={"applicant_type": "institution", "last_type_topic": "documents"},
        events=answered("utter_documents_institution", "开通要带啥材料"),
    )
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_documents_institution"], events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("能找个真人吗", True),
        ("有没有真人", True),
        ("帮我换一位工作人员", True),
        ("你是真人吗", False),
        ("有人工审核吗", False),
        ("工作人员会审核吗", False),
    ],
)
def test_a_person_asked_for_with_a_verb_and_a_measure_word(text, expected):
    assert asks_for_person(text) is expected


@pytest.mark.parametrize("text", ["我想查进度", "想查下进度", "我要看申报进度"])
async def test_a_look_at_progress_ordered_read_as_out_of_scope_is_the_look_up(text):
    t = tracker(parse("out_of_scope_social", text=text))
    said, events = await responses_of(ActionOutOfScope(), t)
    assert said == [] and FollowupAction("action_check_progress") in events, (said, events)


async def test_a_social_matter_with_progress_in_it_stays_out_of_scope():
    t = tracker(parse("out_of_scope_social", text="我想查养老金发放进度"))
    said, _ = await responses_of(ActionOutOfScope(), t)
    assert said == ["utter_out_of_scope_social"]


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("那单位呢", [], "utter_ask_unit_type_password_lost"),
        ("那企业呢？", [("applicant_type", "enterprise")], "utter_password_lost_enterprise"),
        ("事业单位的呢", [("applicant_type", "institution")], "utter_password_lost_institution"),
    ],
)
async def test_the_last_answer_asked_again_for_a_type_named_read_as_a_look_up(
    text, entities, expected
):
    latest = parse("check_my_progress", text=text, entities=[entity(*e) for e in entities])
    t = tracker(
        latest,
        slots={"applicant_type": "individual", "last_type_topic": "password_lost"},
        events=answered("utter_password_lost_individual", "密码忘了 个人"),
    )
    said, events = await responses_of(ActionCheckProgress(), t)
    assert said == [expected], events


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("我是代办的，经办人签协议要带我自己的身份证吗", "not_in_guide", "agent_agreement"),
        # a copy of the agreement to download is not in the guide
        ("协议模板在哪下载", "not_in_guide", "not_in_guide"),
    ],
)
def test_what_the_agent_brings_to_sign_is_the_guides_agreement(text, topic, expected):
    assert (followup_topic(text, topic) or topic) == expected


@pytest.mark.parametrize(
    ("intent", "text", "entities", "expected"),
    [
        ("affirm", "单位的", [], "utter_ask_unit_type_documents"),
        ("deny", "不是个人，单位", [], "utter_ask_unit_type_documents"),
        ("affirm", "机关", [("applicant_type", "institution")], "utter_documents_institution"),
    ],
)
async def test_a_type_said_to_the_type_question_read_as_a_yes_or_no_answers_it(
    intent, text, entities, expected
):
    latest = parse(intent, text=text, entities=[entity(*e) for e in entities])
    t = tracker(
        latest,
        slots={"pending_topic": "documents", "last_type_topic": "documents"},
        events=answered("utter_ask_applicant_type_documents", "开通网上办事要准备啥材料"),
    )
    said, events = await responses_of(ActionFollowup(), t)
    assert said == [expected], events


@pytest.mark.parametrize(
    ("text", "history", "expected"),
    [
        ("系统让我输用户名 我哪来的用户名啊 没人给过我账户", None, "utter_faq/open_online"),
        ("账号是谁给的", None, "utter_faq/open_online"),
        # what the user was told of the case, after the answer on fixing data
        ("说是已经审核通过了", "utter_faq/fix_data", "utter_faq/fix_data"),
    ],
)
async def test_read_as_a_look_up_but_asking_the_guide(text, history, expected):
    events = answered(history, "交上去的表信息填错了 能改吗") if history else []
    t = tracker(parse("check_my_progress", text=text), events=events)
    said, events = await responses_of(ActionCheckProgress(), t)
    assert said == [expected], events


@pytest.mark.parametrize("intent", ["out_of_scope", "faq"])
async def test_where_to_go_asked_in_english_after_the_documents_is_the_counter(intent):
    t = tracker(
        parse(intent, text="Where do we go to do it?", faq=[("open_online", 0.3)]),
        slots={"applicant_type": "enterprise", "last_type_topic": "documents"},
        events=answered("utter_documents_enterprise", "What do we need to bring? a company"),
    )
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionAnswerFaq()
    said, events = await responses_of(action, t)
    assert said in (["utter_where_enterprise"], ["utter_faq/open_online"]), events


async def test_a_type_corrected_with_the_menu_digit_reanswers_for_it():
    # the slot took the new type from the entity before the action ran
    latest = parse(
        "inform_applicant_type",
        text="不对，我们是卫生院，应该选2",
        entities=[entity("applicant_type", "institution")],
        faq=[("contact", 0.9)],
    )
    latest["intent"]["confidence"] = 0.79
    t = tracker(
        latest,
        slots={"applicant_type": "institution", "last_type_topic": "password_lost"},
        events=answered("utter_password_lost_enterprise", "/inform_applicant_type"),
    )
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_password_lost_institution"], events


@pytest.mark.parametrize("text", ["👍", "🙏🙏"])
async def test_thanks_sent_as_a_picture(text):
    t = tracker(parse("affirm", text=text), events=answered("utter_faq/website", "网址"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_thank"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("复印件重新传清楚就行了是吧 在哪里改", "fix_data"),
        ("营业执照要补传吗", "fix_data"),
        ("身份证复印件要带几份", "not_in_guide"),
    ],
)
def test_a_file_sent_again_is_fixing_the_submission_not_the_opening_documents(text, expected):
    assert followup_topic(text, "documents") == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("没有市民邮箱呢 去哪开通", "citizen_mailbox", "where"),
        ("我没有市民邮箱 就一个身份证", "citizen_mailbox", "documents"),
        ("那去哪开通", "open_online", "where"),
    ],
)
def test_where_one_opens_without_a_citizen_mailbox_is_the_counter(text, topic, expected):
    assert followup_topic(text, topic) == expected


async def test_a_vague_complaint_read_as_a_yes_is_a_miss():
    t = tracker(parse("affirm", text="啊啊啊不会弄"), events=answered("utter_faq/website", "网址"))
    said, _ = await responses_of(ActionFollowup(), t)
    assert said == ["utter_suggest_topics"]


async def test_an_erasure_of_what_was_said_missed_by_the_nlu_is_asked_to_be_confirmed():
    t = tracker(parse("nlu_fallback", text="我不太放心，你们会保存我说的话吗，能删掉吗"))
    said, events = await responses_of(ActionFallback(), t)
    assert said == [] and FollowupAction("action_confirm_delete") in events, events


async def test_the_agents_part_asked_by_one_who_acts_for_others_is_answered():
    text = "我是代办的，经办人签协议要带我自己的身份证吗"
    t = tracker(parse("faq", text=text, faq=[("not_in_guide", 0.95)]))
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_faq/agent_agreement"], events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("那单位呢", True),
        ("那我们单位的呢？", True),
        ("事业单位呢", True),
        ("单位密码丢了呢", False),
        ("那网址呢", False),
    ],
)
def test_a_type_follow_up_is_made_of_type_words_only(text, expected):
    assert asks_for_type(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("阿拉员工交关多，好批量弄伐？", "batch"),
        ("能不能batch导入", "batch"),
        ("批量", None),  # a word alone asks nothing
    ],
)
def test_doing_many_at_once_named_in_one_word(text, expected):
    assert cued_topic(text, ["open_online", "flow", "documents"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("顺便问下幼儿园的卫生保健合格证在哪里办？", ["utter_out_of_scope"]),
        ("营业执照去哪办", ["utter_out_of_scope"]),
        # the portal's own opening, and its reset form, stay the guide's
        ("网上办事在哪里开通", ["utter_where_individual", "utter_faq/open_online"]),
        ("身份认证在哪里办", ["utter_where_individual", "utter_faq/open_online"]),
    ],
)
async def test_where_another_office_issues_a_certificate_is_out_of_scope(text, expected):
    t = tracker(
        parse("faq", text=text, faq=[("open_online", 0.95)]),
        slots={"applicant_type": "individual"},
    )
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said and said[0] in expected, events


async def test_a_type_follow_up_said_first_with_a_reason_after_it():
    latest = parse(
        "faq",
        text="那个人的呢？我自己个人也要开通",
        entities=[entity("applicant_type", "individual")],
        faq=[("open_online", 1.0)],
    )
    t = tracker(
        latest,
        slots={"applicant_type": "individual", "last_type_topic": "documents"},
        # the documents were answered for a company a few turns before
        events=answered("utter_faq/check_progress", "查看审核结果在哪"),
    )
    said, events = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_documents_individual"], events
