"""The guide's answers in domain.yml: each names its section and fits one phone screen (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.nlu.applicant_type import ApplicantType

DOMAIN = Path(__file__).resolve().parents[3] / "domain.yml"
GUIDE = "《杭州市人力资源和社会保障网上办事用户指南》"
#: About one phone screen of Chinese text.
MAX_HAN = 200
MAX_CHARS = 260
SOURCE = re.compile(
    rf"（依据{GUIDE}(?:第 [1-8](?:、[1-8])? 问|“网上办事总体流程及说明”|总体流程步骤)"
)
HAN = re.compile(r"[\u4e00-\u9fff]")
TYPES = [t.value for t in ApplicantType]


def _responses() -> dict[str, str]:
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    return {name: variants[0]["text"] for name, variants in responses.items()}


RESPONSES = _responses()
GUIDE_ANSWERS = sorted(
    name
    for name in RESPONSES
    if name.startswith(("utter_faq/", "utter_documents_", "utter_password_lost_"))
    and name != "utter_faq/not_in_guide"
)


def test_every_type_dependent_answer_exists():
    for topic in ("documents", "password_lost"):
        assert {f"utter_{topic}_{t}" for t in TYPES} <= set(GUIDE_ANSWERS)


@pytest.mark.parametrize("name", GUIDE_ANSWERS)
def test_answer_names_its_section_of_the_guide(name):
    assert SOURCE.search(RESPONSES[name]), RESPONSES[name]


@pytest.mark.parametrize("name", [*GUIDE_ANSWERS, "utter_faq/not_in_guide"])
def test_answer_fits_one_phone_screen(name):
    text = RESPONSES[name]
    assert len(HAN.findall(text)) <= MAX_HAN and len(text) <= MAX_CHARS, len(text)


def test_where_the_guide_is_silent_it_says_so_and_gives_12333():
    text = RESPONSES["utter_faq/not_in_guide"]
    assert "没有写明" in text and "12333" in text and "hz12333@hz.gov.cn" in text
