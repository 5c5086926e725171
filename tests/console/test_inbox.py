"""Grouping unanswered questions and the NLU snippet."""

from __future__ import annotations

import yaml

from bot.console.conversations import EventIndex
from bot.console.inbox import NEW_TOPIC, cluster, groups, nlu_snippet, unanswered
from bot.db import engine_for


def test_similar_questions_share_a_group_and_others_do_not():
    texts = ["公积金怎么取", "公积金如何提取", "公积金怎么提取出来", "社保卡丢了怎么办"]
    assignment = cluster(texts)
    assert assignment[0] == assignment[1] == assignment[2]
    assert assignment[3] != assignment[0]


async def test_groups_count_examples_and_suggest_an_intent(database_url, filled):
    found = groups(unanswered(EventIndex(engine_for(database_url)).refresh().values()))
    gjj = next(g for g in found if "公积金" in g.label)
    assert gjj.count == 2 and gjj.conversations == 2
    assert gjj.first_seen <= gjj.last_seen
    assert gjj.intent == NEW_TOPIC
    weather = next(g for g in found if g.label == "今天天气")
    assert weather.intent == "faq/website"


def test_snippet_is_rasa_nlu_yaml_with_brackets_defused():
    text = nlu_snippet(
        "faq/new_topic", ["公积金 [提取](topic) 怎么办", "公积金怎么取", "公积金怎么取"]
    )
    data = yaml.safe_load(text)
    assert data["version"] == "3.1"
    assert data["nlu"][0]["intent"] == "faq/new_topic"
    examples = data["nlu"][0]["examples"].splitlines()
    assert examples == ["- 公积金 ［提取］(topic) 怎么办", "- 公积金怎么取"]
