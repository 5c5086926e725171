"""Every sentence a citizen sees is a response of domain.yml, never a literal in bot/.

Checked in the modules already cleaned (:data:`CLEANED`): no Chinese string literal
outside docstrings, log calls, the constants in :data:`LISTENED_FOR`, which hold
words a channel listens for (speech hints, keywords), not sentences it says, and the
functions in :data:`FOR_AGENTS`, which write the agents' mails, not the citizen's.
Put a sentence back in one of them and this test names it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.inline_sentences import literals_shown_to_users

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"
#: Modules whose citizen-visible sentences have moved to domain.yml.
CLEANED = [
    BOT / "channels" / "inbound.py",
    BOT / "channels" / "rest.py",
    BOT / "overload.py",
    BOT / "channels" / "twilio_voice.py",
    BOT / "channels" / "twilio_sms.py",
    BOT / "channels" / "sms_format.py",
    BOT / "handoff" / "delivery.py",
    BOT / "login" / "confirm.py",
    BOT / "handoff" / "notices.py",
    BOT / "login" / "page.py",
]
#: Module-level constants that hold words a channel listens for, by module.
LISTENED_FOR: dict[Path, set[str]] = {
    BOT / "channels" / "twilio_voice.py": {
        "HUMAN_WORDS",
        "RECOGNITION_HINTS",
        "REPLY_CODE_HINTS",
        "CODE_WORD",
    },
    BOT / "channels" / "twilio_sms.py": {
        "STOP_KEYWORDS",
        "START_KEYWORDS",
        "HELP_KEYWORDS",
        "_KEYWORD_STRIP",
        # a menu line picked by a Chinese numeral ("二", "第二个")
        "_MENU_CHOICE",
        "_CHINESE_DIGITS",
    },
    # Where an answer may be cut, what is dropped before the cut mark, and how a
    # button's title numbers its listed item ("6. 就业登记", "6．", "6、").
    BOT / "channels" / "sms_format.py": {"_SENTENCE_END", "_TRAILING", "_NUMBERED_TITLE"},
    BOT / "login" / "confirm.py": {"_CODE_RE"},
    BOT / "handoff" / "notices.py": {"_ANSWER_PREFIX", "_LEADING"},
}
#: Module-level functions that write to the agents, by module.
FOR_AGENTS: dict[Path, set[str]] = {
    BOT / "handoff" / "notices.py": {"citizen_answer_mail", "reminder_mail"},
}


def test_no_sentence_in_the_cleaned_modules() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:30]!r}"
        for path in CLEANED
        for line, text in literals_shown_to_users(
            ast.parse(path.read_text(encoding="utf-8")),
            LISTENED_FOR.get(path, set()) | FOR_AGENTS.get(path, set()),
        )
    ]
    assert not found, "move these to domain.yml as responses:\n" + "\n".join(found)


def test_the_check_sees_an_inline_sentence() -> None:
    tree = ast.parse(
        '"""模块。"""\nHINTS = "人工,进度"\nBYE = "再见。"\n'
        'def run(d):\n    """说明。"""\n    logger.info("日志")\n    d.say(f"您好{d}")\n'
        'def to_agents(d):\n    d.say("请答复市民。")\n'
    )
    allowed = {"HINTS", "to_agents"}
    assert [text for _, text in literals_shown_to_users(tree, allowed)] == ["再见。", "您好"]


def test_the_listed_constants_exist() -> None:
    """An allow-list entry left behind after its name went would hide a new sentence."""
    for path in LISTENED_FOR.keys() | FOR_AGENTS.keys():
        names = LISTENED_FOR.get(path, set()) | FOR_AGENTS.get(path, set())
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned = {
            t.id
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)
        } | {
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        assert names <= assigned, path
