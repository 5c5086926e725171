"""NLU parses in batches (bot/rasa_patches.py, issue 15): each message's parse is what
Rasa's own one-message path gives it, with the trained model."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor

from bot import rasa_patches
from scripts.servers import latest_model

#: FAQ questions in the guide's words and in other voices, the other intents, words that
#: name an applicant type (entities), button payloads, and what the InputGuard catches.
MESSAGES = [
    "怎么开通网上办事",
    "单位网上申报怎么开户",
    "密码忘了怎么办",
    "我是企业的，密码忘记了",
    "事业单位要带什么材料",
    "个人用户怎么注册",
    "不是个人，是企业",
    "登路不上去了",
    "密玛错了好几次被锁了",
    "网上半事要啥东西",
    "经版人换了怎么改",
    "申报被博回了咋办",
    "我们公司十几个人，怎么参保",
    "找个人帮我看看",
    "社保卡丢了怎么补",
    "办理进度怎么查",
    "我的申请到哪一步了",
    "受理编号HZ20240001查一下",
    "撤掉我刚才那个申请",
    "转人工",
    "我要投诉",
    "你好",
    "谢谢，再见",
    "好的",
    "不是",
    "是的",
    "今天天气怎么样",
    "你是机器人吗",
    "記勿牢密碼了",
    "網上辦事怎麼開通",
    "How do I open online services for my company?",
    "forgot my pwd",
    "ＣＡ证书过期了",
    "<b>怎么</b>开户",
    "营业执照要原件吗",
    "医院的人事怎么办理",
    "民办非企业单位怎么开通",
    "我自己的账号被锁了",
    "身份证过期了还能登录吗",
    "电话多少",
    "你们几点上班",
    "删除我的数据",
    "短信验证码收不到",
    "/greet",
    '/inform_applicant_type{"applicant_type": "enterprise"}',
    "/nonexistent_intent",
    "",
    "   ",
    "😀😀",
    "？？？",
    "怎么" * 600,
    "a",
]


@pytest.fixture(scope="module")
def processor() -> MessageProcessor:
    # Before the model loads: each graph node keeps the process method it found.
    rasa_patches.apply()
    agent = Agent.load(str(latest_model()))
    assert agent.processor is not None
    return agent.processor


def alone(processor: MessageProcessor, text: str) -> dict[str, Any]:
    """Rasa's own parse of one message, in a graph run of its own."""
    return asyncio.run(rasa_patches._rasa_parse_message(processor, UserMessage(text)))


@pytest.fixture(scope="module")
def unbatched(processor: MessageProcessor) -> list[dict[str, Any]]:
    return [alone(processor, text) for text in MESSAGES]


def assert_same_parse(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert got["text"] == want["text"]
    assert got["intent"]["name"] == want["intent"]["name"]
    assert got["intent"]["confidence"] == pytest.approx(want["intent"]["confidence"], abs=1e-5)
    assert got["intent"].get("full_retrieval_intent_name") == want["intent"].get(
        "full_retrieval_intent_name"
    )
    assert [i["name"] for i in got.get("intent_ranking", [])] == [
        i["name"] for i in want.get("intent_ranking", [])
    ]
    for g, w in zip(got.get("intent_ranking", []), want.get("intent_ranking", []), strict=True):
        assert g["confidence"] == pytest.approx(w["confidence"], abs=1e-5)
    assert got["entities"] == want["entities"]
    got_faq = got.get("response_selector", {}).get("faq", {})
    want_faq = want.get("response_selector", {}).get("faq", {})
    assert got_faq.keys() == want_faq.keys()
    if want_faq:
        g, w = got_faq["response"], want_faq["response"]
        assert g["intent_response_key"] == w["intent_response_key"]
        assert g["utter_action"] == w["utter_action"]
        assert g["confidence"] == pytest.approx(w["confidence"], abs=1e-5)
        assert [r["intent_response_key"] for r in got_faq["ranking"]] == [
            r["intent_response_key"] for r in want_faq["ranking"]
        ]


class BatchSizes:
    """Records the size of every graph run of several messages."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sizes: list[int] = []
        run_together = rasa_patches.ParseBatcher.run_together

        def spy(batcher: rasa_patches.ParseBatcher, batch: list) -> list:
            self.sizes.append(len(batch))
            return run_together(batcher, batch)

        monkeypatch.setattr(rasa_patches.ParseBatcher, "run_together", spy)


async def test_parses_run_together_give_each_message_its_own_parse(
    processor, unbatched, monkeypatch
):
    runs = BatchSizes(monkeypatch)
    batched = await asyncio.gather(*(processor.parse_message(UserMessage(t)) for t in MESSAGES))
    # They all arrived before the first batch started: batches of the cap, then the rest.
    cap = rasa_patches.MAX_NLU_BATCH
    assert runs.sizes == [cap] * (len(MESSAGES) // cap) + [len(MESSAGES) % cap]
    for text, got, want in zip(MESSAGES, batched, unbatched, strict=True):
        assert got["text"] is not None, text
        assert_same_parse(got, want)
    # The set is varied: FAQ answers, other intents, entities, the InputGuard's intents.
    intents = {p["intent"]["name"] for p in unbatched}
    assert {"faq", "greet", "unreadable_input", "too_long_input"} <= intents
    assert any(p["entities"] for p in unbatched)


async def test_a_lone_parse_runs_alone_as_rasa_runs_it(processor, unbatched, monkeypatch):
    runs = BatchSizes(monkeypatch)
    for text, want in zip(MESSAGES[:5], unbatched[:5], strict=True):
        assert_same_parse(await processor.parse_message(UserMessage(text)), want)
    assert runs.sizes == []


async def test_a_batch_that_fails_is_parsed_message_by_message(processor, unbatched, monkeypatch):
    def broken(batcher: rasa_patches.ParseBatcher, batch: list) -> list:
        raise RuntimeError("a component broke")

    monkeypatch.setattr(rasa_patches.ParseBatcher, "run_together", broken)
    parse_alone = MessageProcessor._parse_message_with_graph

    def fails_on_boom(self, message, tracker, only_output_properties=True):
        if message.text == "boom":
            raise ValueError("boom")
        return parse_alone(self, message, tracker, only_output_properties)

    monkeypatch.setattr(MessageProcessor, "_parse_message_with_graph", fails_on_boom)
    texts = [*MESSAGES[:3], "boom", *MESSAGES[3:6]]
    results = await asyncio.gather(
        *(processor.parse_message(UserMessage(t)) for t in texts), return_exceptions=True
    )
    assert isinstance(results[3], ValueError)
    for got, want in zip(results[:3] + results[4:], unbatched[:6], strict=True):
        assert_same_parse(got, want)


async def test_a_cancelled_parse_leaves_the_others_answered(processor, unbatched):
    tasks = [asyncio.ensure_future(processor.parse_message(UserMessage(t))) for t in MESSAGES[:6]]
    await asyncio.sleep(0)  # all queued
    tasks[2].cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(results[2], asyncio.CancelledError)
    for n in (0, 1, 3, 4, 5):
        assert_same_parse(results[n], unbatched[n])
    # And the next parse is served.
    assert_same_parse(await processor.parse_message(UserMessage(MESSAGES[0])), unbatched[0])


def test_no_node_of_the_nlu_graph_reads_the_tracker(processor):
    # A batch shares one tracker input; a model whose NLU read it would parse one by one.
    assert not rasa_patches.nlu_reads_tracker(processor)
