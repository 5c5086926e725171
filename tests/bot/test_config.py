"""The dialogue policies of config.yml against the training data there is (issue 15)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
#: Policies that learn only from stories: with none, they remember nothing and still walk
#: the whole conversation at every prediction.
STORY_POLICIES = {"MemoizationPolicy", "AugmentedMemoizationPolicy", "TEDPolicy"}


def training_stories() -> list[dict]:
    stories: list[dict] = []
    for path in sorted((ROOT / "data").rglob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        stories.extend(content.get("stories") or [])
    return stories


def policies() -> list[str]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    return [policy["name"] for policy in config["policies"]]


def test_a_story_policy_is_configured_only_with_stories_to_learn():
    story_policies = STORY_POLICIES & set(policies())
    if training_stories():
        assert story_policies, "stories in data/ but no policy learns from them"
    else:
        assert not story_policies, f"{sorted(story_policies)} would learn nothing: no stories"


def test_the_rules_policy_answers_what_no_rule_covers():
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    (rules,) = [p for p in config["policies"] if p["name"] == "RulePolicy"]
    assert rules["core_fallback_action_name"] == "action_fallback"
