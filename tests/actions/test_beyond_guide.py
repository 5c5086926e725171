"""Details the guide never gives, asked whatever the NLU made of the message."""

import pytest

from actions.chitchat import ActionCapabilities, ActionGreet
from actions.faq import ActionAnswerFaq
from tests.actions.test_followups_in_context import answered, responses_of
from tests.actions.trackers import entity, parse, tracker


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


@pytest.mark.parametrize("text", ["第六步是什么意思", "步骤3要填啥"])
async def test_a_step_of_the_seven_named_is_the_flow(text):
    latest = parse("what_can_you_do", text=text, faq=[("flow", 0.4)])
    said, _ = await responses_of(ActionCapabilities(), tracker(latest))
    assert said == ["utter_faq/flow"]


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
    assert followup_topic("第六步是什么意思", "flow") == "flow"
