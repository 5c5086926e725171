"""Readings that development sets CF–CI's English and CJ–CM showed missing."""

from pathlib import Path

import pytest
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import asks_for_person
from actions.fallback import ActionFallback
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionOfferHandoff, ValidateHandoffForm
from actions.progress import ActionShowSubmission
from actions.topics import asks_beyond_guide, lost_in_answer
from actions.yesno import acknowledges, typed_answer
from tests.actions.test_context import Session, run
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.test_readings_dev_ao import logged_out
from tests.actions.trackers import parse, tracker


@pytest.mark.parametrize(
    "text", ["ok understood", "ok good", "alright", "cool", "kk", "oh i see", "makes sense"]
)
def test_an_answer_taken_in_in_english_is_acknowledged(text):
    assert acknowledges(text)


@pytest.mark.parametrize("text", ["good morning", "not good", "is it fine", "ok but why"])
def test_english_that_asks_or_says_more_is_no_acknowledgment(text):
    assert not acknowledges(text)


@pytest.mark.parametrize(
    ("text", "said"),
    [("ok understood", "utter_ack"), ("ok good", "utter_ack"), ("tks", "utter_thank")],
)
async def test_english_taken_in_or_thanks_after_an_answer_unplaced_by_the_nlu(text, said):
    latest = parse("nlu_fallback", text=text)
    responses, _ = await responses_of(
        ActionFallback(), tracker(latest, events=answered("utter_faq/batch"))
    )
    assert responses == [said]


@pytest.mark.parametrize(
    ("action", "intent", "text", "numbers"),
    [
        # demo-company has two 未审核, the newest (1) and the oldest (7, on page 2)
        (ActionShowSubmission(), "pick_submission", "只看未审核的", [1, 7]),
        (ActionShowSubmission(), "pick_submission", "only the pending ones", [1, 7]),
    ],
)
async def test_the_list_narrowed_to_a_status_shows_all_of_that_status(
    company: Session, action, intent, text, numbers
):
    t = company.tracker(intent, text, shown="utter_progress_list")
    said, events, messages = await run(action, t)
    assert said == ["utter_progress_list_status"]
    assert [int(b["title"].split(".")[0]) for b in messages[0]["buttons"]] == numbers
    # those beyond the page shown join the list kept for picks, which loses none
    kept = next(e["value"] for e in events if e.get("name") == "progress_list")
    assert [e["n"] for e in kept] == sorted({*(e["n"] for e in company.list_page_1), *numbers})


@pytest.mark.parametrize(
    ("action", "intent", "text"),
    [
        (ActionOfferHandoff(), "request_human", "rejected only"),
        (ActionShowSubmission(), "pick_submission", "只看没过的"),
    ],
)
async def test_the_list_narrowed_to_one_shows_that_one(company: Session, action, intent, text):
    t = company.tracker(intent, text, shown="utter_progress_list")
    said, events, _ = await run(action, t)
    assert said == ["utter_submission_detail"]
    assert {"event": "slot", "name": "selected_submission", "value": "HZ2026111704729"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_the_list_narrowed_to_a_month_shows_those_of_that_month(company: Session):
    # two of the seven were handed in in October: 6 and 7, both beyond the page shown
    t = company.tracker("pick_submission", "10月份报的那两条", shown="utter_progress_list")
    said, _, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_progress_list_month"]
    assert messages[0]["count"] == 2 and messages[0]["month"] == 10


async def test_a_month_none_was_handed_in_is_said_to_have_none(company: Session):
    t = company.tracker("pick_submission", "只看9月份的", shown="utter_progress_list")
    said, _, messages = await run(ActionShowSubmission(), t)
    assert said == ["utter_progress_list_no_month"] and messages[0]["month"] == 9


async def test_one_pointed_at_by_its_status_is_still_shown(company: Session):
    t = company.tracker("pick_submission", "没通过的那个", shown="utter_progress_list")
    said, _, _ = await run(ActionShowSubmission(), t)
    assert said == ["utter_submission_detail"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("有的话就转", "yes"),
        ("伐弄了", "no"),
        ("格么烦的 还要留电话 伐弄了", "no"),
        ("好伐", None),
        ("要伐要钱", None),
    ],
)
def test_a_conditional_yes_and_a_wu_no_answer_the_offer(text, answer):
    assert typed_answer(text, about="handoff") == answer


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("侬好 帮我寻个人工", True),
        ("阿拉不会弄 寻个人来帮帮忙", True),
        ("什么都不知道要你有啥用 投诉", True),
        ("投诉电话多少", False),
    ],
)
def test_a_person_looked_for_in_wu_or_a_complaint_lodged_last(text, person):
    assert asks_for_person(text) is person


@pytest.mark.parametrize(
    ("text", "lost"),
    [
        ("什么意思", True),
        ("什么意思 你根本没回答", True),
        ("答非所问", True),
        ("第三步什么意思", False),
    ],
)
def test_what_do_you_mean_said_of_the_answer_is_an_answer_not_followed(text, lost):
    assert lost_in_answer(text) is lost


@pytest.mark.parametrize(
    ("text", "kept"),
    [("算了还是留这吧 15000000000", "+8615000000000"), ("15000000000 算了不转了", None)],
)
async def test_a_number_given_after_a_leave_word_taken_back_is_the_contact(text, kept):
    result = await ValidateHandoffForm().validate_handoff_contact(
        text, CollectingDispatcher(), tracker(parse("faq", text=text)), {}
    )
    if kept is None:
        assert result["handoff_cancelled"] is True
    else:
        assert result == {"handoff_contact": kept}


@pytest.mark.parametrize(
    "text",
    [
        "我是分公司HR，总部已经开通网上办事了，我们分公司要另外开吗",
        "下面的社区居委会也要单独开吗",
        "分公司能不能用总部的账号",
        "手机上能办伐",
        "手机上能不能弄网上办事 还是只能用电脑",
        "can i do it on my phone",
        "我帮她去办可以吗",
    ],
)
async def test_sub_units_the_phone_and_going_for_a_relative_are_the_guides_silences(text):
    said, _ = await responses_of(
        ActionAnswerFaq(), tracker(parse("faq", text=text, faq=[("open_online", 0.8)]))
    )
    assert said == ["utter_faq/not_in_guide"]


@pytest.mark.parametrize(
    "text",
    [
        "我手机号13800000000",
        "我们社区开通要带什么",
        "我帮他去查一下进度",
        "社区的人说要带身份证",
        "我在一个事业单位的下属单位做人事，下属单位自己开通要什么材料",
    ],
)
def test_a_phone_number_a_community_opening_or_a_look_for_someone_are_no_silence(text):
    assert not asks_beyond_guide(text)


async def test_going_for_a_relative_read_as_a_look_up_is_a_silence_not_a_login(tmp_path: Path):
    from actions.progress import ActionCheckProgress

    latest = logged_out(tmp_path, parse("check_progress", text="我帮她去办可以吗"))
    said, _ = await responses_of(ActionCheckProgress(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


async def test_a_part_of_a_name_said_after_who_wants_it_names_it(company: Session):
    # "基数" is part of 社保缴费基数申报 alone; "我要…的是" only says who wants which
    from actions.references import resolve_reference

    assert (
        resolve_reference("我要注销的是基数那条", company.list_page_1)["item"] == "社保缴费基数申报"
    )


@pytest.mark.parametrize("text", ["原因", "看原因", "什么意思"])
async def test_the_reason_asked_in_a_word_of_the_one_shown_is_its_details(company: Session, text):
    rejected = company.number("社保缴费基数申报")
    t = company.tracker("faq", text, shown="utter_submission_detail", selected=rejected)
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]


async def test_a_change_asked_with_the_cancel_denied_is_no_cancel(company: Session):
    shown = company.number("职工参保增员")
    t = company.tracker(
        "cancel_my_submission",
        "我想问能不能先改一下人数 不是要注销",
        shown="utter_submission_detail",
        selected=shown,
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said in (["utter_faq/fix_data"], ["utter_faq/resubmit"]), said


@pytest.mark.parametrize("text", ["介么长时间还不审 注销掉重新报好伐", "撤掉重新报行吗"])
async def test_a_cancel_proposed_of_the_one_shown_is_the_cancel(company: Session, text):
    shown = company.number("职工参保增员")
    t = company.tracker(
        "faq", text, shown="utter_submission_detail", selected=shown, faq=[("resubmit", 0.9)]
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_confirm_cancel"]


async def test_the_type_with_a_grumble_at_being_asked_answers_the_type_question():
    from actions.chitchat import ActionCapabilities

    latest = parse(
        "what_can_you_do",
        text="个人啊 你问这么多干嘛",
        entities=[{"entity": "applicant_type", "value": "individual"}],
    )
    t = tracker(
        latest,
        slots={"pending_topic": "password_lost"},
        events=answered("utter_ask_applicant_type_password_lost"),
    )
    said, _ = await responses_of(ActionCapabilities(), t)
    assert said == ["utter_password_lost_individual"]


@pytest.mark.parametrize("text", ["早说嘛", "这还差不多", "这才对嘛"])
def test_an_answer_taken_in_with_a_grumble_is_acknowledged(text):
    assert acknowledges(text)


@pytest.mark.parametrize("text", ["公司的进度", "单位的进度", "我的审核结果呢"])
async def test_ones_own_progress_named_by_its_owner_is_the_look_up(text):
    latest = parse(
        "inform_applicant_type",
        text=text,
        entities=[{"entity": "applicant_type", "value": "enterprise"}],
    )
    said, events = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == [] and FollowupAction("action_check_progress") in events


@pytest.mark.parametrize("text", ["两个月了还没审??", "三个礼拜了还没审", "10多天了还没审核"])
def test_a_wait_counted_out_asks_why_there_is_no_result(text):
    from actions.context import asks_why_no_result

    assert asks_why_no_result(text)


async def test_a_complaint_read_as_what_the_bot_does_is_offered_a_person():
    from actions.chitchat import ActionCapabilities

    latest = parse("what_can_you_do", text="什么都不知道要你有啥用 投诉")
    said, events = await responses_of(ActionCapabilities(), tracker(latest))
    assert said == [] and FollowupAction("action_offer_handoff") in events


async def test_how_to_get_a_citizen_mailbox_is_a_silence():
    latest = parse("faq", text="市民邮箱怎么申请", faq=[("citizen_mailbox", 0.95)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


async def test_why_in_english_of_the_one_shown_is_its_details(company: Session):
    rejected = company.number("社保缴费基数申报")
    t = company.tracker(
        "faq",
        "why",
        shown="utter_submission_detail",
        selected=rejected,
        faq=[("review_vs_query", 0.6)],
    )
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert said == ["utter_submission_detail"]


async def test_ones_own_filed_in_error_and_to_be_withdrawn_is_the_cancel(tmp_path: Path):
    from actions.fallback import ActionOutOfScope

    latest = logged_out(
        tmp_path, parse("out_of_scope_social", text="我那个职业技能提升补贴报错了想撤掉")
    )
    said, events = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said == [] and FollowupAction("action_cancel_submission") in events


@pytest.mark.parametrize("text", ["两个月了还没审??", "等了几个礼拜了"])
def test_a_span_of_months_or_weeks_narrows_no_list(text):
    from actions.references import narrowed

    assert narrowed(text, []) is None


@pytest.mark.parametrize(
    ("text", "where"),
    [("开好了去哪里登陆", False), ("过了的还能改吗 地址填错了", False), ("去哪里登记", True)],
)
def test_where_one_logs_in_or_an_address_slipped_is_not_the_counter(text, where):
    from actions.context import asks_where_only

    assert asks_where_only(text) is where


async def test_no_way_in_after_the_change_is_the_password_lost():
    latest = parse("faq", text="登不上去咋改", faq=[("change_password", 0.9)])
    t = tracker(latest, events=answered("utter_faq/change_password"))
    said, _ = await responses_of(ActionAnswerFaq(), t)
    assert said == ["utter_ask_applicant_type_password_lost"]


@pytest.mark.parametrize(
    ("intent", "faq", "text"),
    [
        (
            "faq",
            [("documents", 0.23), ("fix_data", 0.15)],
            "喂我跟你说啊我上个礼拜在网上报了个灵活就业参保登记然后今天一看说审核没通过"
            "说是身份证复印件看不清楚我拍得清清楚楚的我现在要怎么弄啊",
        ),
        (
            "nlu_fallback",
            [("open_online", 0.14)],
            "跟你说个事，我们公司上周在网上申报社保缴费基数的时候，有个员工的工资多打了一个零，"
            "现在已经提交了，状态还是未审核，我又不敢乱动怕弄坏了，领导天天催，到底咋办",
        ),
    ],
)
async def test_a_story_of_a_slip_or_a_rejection_ending_in_what_now_is_fixing_data(
    tmp_path: Path, intent, faq, text
):
    action = ActionAnswerFaq() if intent == "faq" else ActionFallback()
    latest = logged_out(tmp_path, parse(intent, text=text, faq=faq))
    said, _ = await responses_of(action, tracker(latest))
    assert said == ["utter_faq/fix_data"]


@pytest.mark.parametrize(
    "text",
    [
        "审核没通过怎么办",
        "我上周交的申请被退回来了，说是材料不全，要去哪里补材料",
        "是这样的 我们单位去年开通的 今年换了经办人 新经办人不知道密码 该怎么办",
    ],
)
def test_no_slip_or_no_bare_what_now_is_no_story_of_a_slip(text):
    from actions.context import story_of_a_slip

    assert not story_of_a_slip(text)


async def test_where_a_missing_file_goes_in_read_as_a_dispute_is_fixing_data(company: Session):
    rejected = company.number("社保缴费基数申报")
    t = company.tracker(
        "result_wrong",
        "缺的盖章工资汇总表在哪传",
        shown="utter_submission_detail",
        selected=rejected,
    )
    said, _, _ = await run(ActionOfferHandoff(), t)
    assert said == ["utter_faq/fix_data"]


async def test_a_submission_one_never_filed_is_a_dispute_for_a_person(company: Session):
    from actions.progress import ActionCheckProgress

    t = company.tracker(
        "check_my_progress", "我根本没办过失业登记 怎么审核通过了", shown="utter_progress_list"
    )
    said, events, _ = await run(ActionCheckProgress(), t)
    assert said == [] and FollowupAction("action_offer_handoff") in events


# demo-company has two 未审核: narrowed to them, the list of two would be shown
@pytest.mark.parametrize("text", ["没审核的那两个能撤吗", "为什么有几条还没审核"])
async def test_a_question_of_those_of_a_status_is_no_narrowing(company: Session, text):
    t = company.tracker("faq", text, shown="utter_progress_list", faq=[("fix_data", 0.9)])
    said, _, _ = await run(ActionAnswerFaq(), t)
    assert "utter_progress_list_status" not in said and said, said


async def test_a_submissions_record_deleted_read_as_the_erasure_is_its_cancel():
    from actions.privacy import ActionConfirmDelete

    latest = parse("delete_my_data", text="参保证明打印那个记录 我想删掉 帮个忙")
    said, events = await responses_of(ActionConfirmDelete(), tracker(latest))
    assert said == [] and FollowupAction("action_cancel_submission") in events
    latest = parse("delete_my_data", text="把聊天记录删掉")
    said, _ = await responses_of(ActionConfirmDelete(), tracker(latest))
    assert said == ["utter_confirm_delete"]


@pytest.mark.parametrize("text", ["我想把网上办事账号注消掉怎么弄", "how do i delete my account"])
async def test_closing_the_login_itself_is_a_silence(text):
    latest = parse("faq", text=text, faq=[("open_online", 0.6)])
    said, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert said == ["utter_faq/not_in_guide"]


async def test_whether_ones_own_is_done_asked_beside_the_mailbox_is_the_look_up():
    text = "我是市民邮箱用户 想看看自己的失业登记办好没"
    said, events = await responses_of(
        ActionAnswerFaq(), tracker(parse("faq", text=text, faq=[("citizen_mailbox", 0.9)]))
    )
    assert said == [] and FollowupAction("action_check_progress") in events


@pytest.mark.parametrize(
    ("text", "faq", "said"),
    [
        ("批量的能整个作废吗", [("batch", 0.8)], ["utter_faq/fix_data"]),
        ("撤完重新提交就行了吧", [("fix_data", 0.5)], ["utter_faq/resubmit"]),
    ],
)
async def test_whether_a_cancel_can_be_done_or_what_follows_it_is_the_guides(
    tmp_path: Path, text, faq, said
):
    latest = logged_out(tmp_path, parse("faq", text=text, faq=faq))
    responses, _ = await responses_of(ActionAnswerFaq(), tracker(latest))
    assert responses == said


def test_a_cancel_asked_of_one_pointed_at_names_no_general_topic():
    from actions.topics import plain_topic

    assert plain_topic("第二个能撤回吗") is None


async def test_the_newest_counted_as_one_is_shown(company: Session):
    from actions.chitchat import ActionCapabilities

    t = company.tracker("what_can_you_do", "最近一条是什么", shown="utter_progress_list")
    said, _, _ = await run(ActionCapabilities(), t)
    assert said == ["utter_submission_detail"]


@pytest.mark.parametrize(
    ("text", "faq", "said"),
    [
        ("签完了就能拿到用户名密码了？", [("login_methods", 0.7)], "utter_faq/open_online"),
        (
            "公司刚拿到网上办事的用户名密码了，接下来怎么用",
            [("login_methods", 0.5)],
            "utter_faq/flow",
        ),
    ],
)
async def test_the_login_handed_over_and_its_use_next(text, faq, said):
    responses, _ = await responses_of(ActionAnswerFaq(), tracker(parse("faq", text=text, faq=faq)))
    assert responses == [said]


async def test_a_submissions_record_deleted_is_never_passed_back_and_forth(tmp_path: Path):
    # a silence in CO: the erasure sent it to the 注销, which sent it back, until
    # Rasa's limit on follow-up actions ended the turn with no reply
    from actions.progress import ActionCancelSubmission

    text = "参保证明打印那个记录 我想删掉 帮个忙"
    t = tracker(logged_out(tmp_path, parse("delete_my_data", text=text)))
    t.events.append({"event": "action", "name": "action_confirm_delete"})
    said, _ = await responses_of(ActionCancelSubmission(), t)
    assert said == ["utter_login_link"]


async def test_a_vague_grumble_read_as_out_of_scope_is_a_miss_to_clear_up():
    from actions.fallback import ActionOutOfScope

    latest = parse("out_of_scope", text="我那个东西弄不好啊 烦死了")
    said, events = await responses_of(ActionOutOfScope(), tracker(latest))
    assert said in (["utter_suggest_topics"], ["utter_handoff_lead_fallback"]), (said, events)


def test_the_business_unit_asked_about_is_no_unit_of_the_users():
    from actions.answers import speaks_for_unit

    assert not speaks_for_unit("业务单位是哪个单位")
    assert speaks_for_unit("我们单位的")


async def test_after_a_narrowed_list_one_of_another_status_is_still_found(company: Session):
    # "已经批了的有哪些", then "没通过的那个呢": the rejected one, from the list kept
    t = company.tracker("pick_submission", "已经批了的有哪些", shown="utter_progress_list")
    _, events, _ = await run(ActionShowSubmission(), t)
    kept = next(e["value"] for e in events if e.get("name") == "progress_list")
    from actions.references import resolve_reference

    assert resolve_reference("没通过的那个呢", kept)["item"] == "社保缴费基数申报"


@pytest.mark.parametrize(
    "text",
    [
        "我上个月离职了 现在想自己在网上办灵活就业参保，朋友说网上办之前要先去开通，可我从来没弄过，"
        "我是个人 开通要带啥材料啊",
        "身份证我重新拍清楚了，接下来怎么弄",
    ],
)
def test_a_newcomer_never_having_done_it_or_a_next_step_is_no_dispute_nor_the_steps(text):
    from actions.topics import disputes_result, plain_topic

    assert not disputes_result(text) and plain_topic(text) != "flow"
