"""`make bench-dialogue`: multi-turn conversations, end to end, against a running stack.

Each conversation of ``tests/dialogue/*.yml`` (written blind to the training data)
is played over the REST channel, or as signed Twilio SMS webhooks, with a fresh
sender. After every user turn the bot's messages of that turn are read back from
the tracker store (``BotUttered`` events carry the name of the response they came
from) and checked against the step's expected outcome label; a ``login:`` step
logs a demo account in on the login page and types the confirmation code back.

    make run                          # in another terminal, or:
    PYTHONPATH=. .venv/bin/python scripts/bench_dialogue.py --start-stack

A conversation passes when every step does. The report (``var/bench/dialogue.md``)
gives the figures; the failing steps go to ``var/bench/dialogue-errors.md``, which
whoever tunes the training data must not read.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy.orm import sessionmaker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.channels.responses import response_texts  # noqa: E402
from bot.channels.twilio_sms import OWN_RESPONSES  # noqa: E402
from bot.settings import Settings  # noqa: E402
from portal_sandbox.seed import restore_demo_submissions  # noqa: E402
from portal_sandbox.settings import SandboxSettings  # noqa: E402

#: The demo accounts' password, as the README gives it; typed only on the login page.
DEMO_PASSWORD = "Demo-2026"
#: How long one turn may take before it counts as failed (a benchmark, not a test).
TURN_TIMEOUT = 60.0
STACK_READY_TIMEOUT = 300.0
#: Stacks started for one set before the run gives up: a port picked free may be taken by
#: another process before the stack binds it (two runs side by side lost a whole run so).
STACK_START_ATTEMPTS = 3


class StackFailed(Exception):
    """The started stack exited or never said it was ready."""


#: What a user who came to log in types when a set's login step has no link before it.
LOGIN_ASK = "我要登录"
CONFIRM_CODE = re.compile(r'id="confirm-code">(\d{6})<')
URL_RE = re.compile(r"https?://\S+/webhooks/login/t/[\w.\-]+")

#: What the SMS channel answers itself, by response name.
CHANNEL_OWN = response_texts(list(OWN_RESPONSES))
#: Outcome labels (tests/dialogue) → the responses that show them.
OUTCOMES: dict[str, set[str]] = {
    "greet": {"utter_greet"},
    "goodbye": {"utter_goodbye"},
    # A bare 好的/嗯嗯/知道了 after an answer gets "好的。还有什么可以帮您？": the closing that,
    # like the thanks' reply, ends the answer and invites the next question (docs/labels.md).
    "thank": {"utter_thank", "utter_ack"},
    "bot_challenge": {"utter_iamabot"},
    # SMS 帮助/HELP is the channel's own answer, no Rasa turn: what the assistant does.
    "what_can_you_do": {"utter_capabilities", "utter_sms_help"},
    "out_of_scope_social": {"utter_out_of_scope_social"},
    "out_of_scope": {"utter_out_of_scope"},
    "login_link": {"utter_login_link", "utter_login_link_expired"},
    "progress_list": {
        "utter_progress_list",
        "utter_progress_list_more",
        # "上个月交的那个" when several were: the list's entries of that time
        "utter_progress_list_some",
        # "只看未审核的": those of a status, or none
        "utter_progress_list_status",
        "utter_progress_list_month",
        "utter_progress_list_no_status",
        "utter_progress_list_no_month",
        "utter_no_submissions",
    },
    "submission_detail": {"utter_submission_detail"},
    "cancel_confirm": {"utter_confirm_cancel"},
    "cancelled": {"utter_cancelled"},
    "not_cancelled": {"utter_cancel_declined"},
    "cannot_cancel": {
        "utter_cannot_cancel_approved",
        "utter_cannot_cancel_cancelled",
        "utter_cannot_cancel_query",
        "utter_cannot_cancel_approved_ones",
        "utter_cannot_cancel_cancelled_ones",
    },
    "logged_out": {"utter_logged_out", "utter_not_logged_in"},
    "handoff_offer": {"utter_offer_handoff"},
    "handoff_ask_contact": {"utter_handoff_ask_contact", "utter_handoff_ask_contact_own"},
    "handoff_ask_description": {
        "utter_handoff_ask_description",
        "utter_handoff_ask_description_prefilled",
    },
    "handoff_ticket": {"utter_handoff_submitted"},
    "handoff_cancelled": {"utter_handoff_cancelled", "utter_handoff_declined"},
    "handoff_status": {
        "utter_handoff_status_pending",
        "utter_handoff_status_sent",
        "utter_handoff_status_failed",
        "utter_handoff_no_ticket",
        # Once the outbox has sent the mail, the status is the ticket's own (issue 13).
        "utter_ticket_waiting",
        "utter_ticket_replied",
        "utter_ticket_resolved",
    },
    "erase_confirm": {"utter_confirm_delete"},
    "erased": {"utter_conversation_erased"},
    "not_erased": {"utter_delete_declined"},
    "clarify": {
        "utter_suggest_topics",
        "utter_handoff_lead_fallback",
        "utter_offer_handoff",
        "utter_unreadable",
        "utter_too_long",
        # SMS: a number beyond the last menu, which the channel answers itself
        "utter_sms_no_such_choice",
    },
}
#: The bot's "I did not understand": wrong beside any other answer in the same turn.
CLARIFY = {"utter_suggest_topics", "utter_handoff_lead_fallback"}
#: Said when the conversation was erased: its events are gone with it.
ERASED = "erased"
ASK_TYPE_PREFIX = "utter_ask_applicant_type_"
#: "我们单位…": the same question with only the two unit types.
ASK_UNIT_TYPE_PREFIX = "utter_ask_unit_type"
#: Answers that give a part of a guide topic, fitted to what is known in the conversation:
#: where to go for the user's type is 开通 (faq/open_online); advice about the
#: submission on screen is how to correct it (faq/fix_data).
TOPIC_PARTS = {
    "open_online": {
        "utter_where",
        "utter_where_enterprise",
        "utter_where_institution",
        "utter_where_individual",
    },
    "fix_data": {"utter_selected_submission_advice"},
}
TYPES = ("enterprise", "institution", "individual")


def satisfies(label: str, said: set[str]) -> bool:
    """Whether the responses ``said`` in one turn show the outcome ``label``."""
    if label == "ask_applicant_type":
        return any(r.startswith((ASK_TYPE_PREFIX, ASK_UNIT_TYPE_PREFIX)) for r in said)
    if label.startswith("faq/"):
        parts = label.split("/")
        topic = parts[1]
        if len(parts) == 3:
            return f"utter_{topic}_{parts[2]}" in said
        typed = {f"utter_{topic}_{t}" for t in TYPES}
        pieces = TOPIC_PARTS.get(topic, set())
        asked = {ASK_TYPE_PREFIX + topic, f"{ASK_UNIT_TYPE_PREFIX}_{topic}"}
        return bool(said & ({f"utter_faq/{topic}"} | asked | typed | pieces))
    if label == ERASED:
        return ERASED in said
    return bool(said & OUTCOMES.get(label, set()))


@dataclass
class Step:
    user: str | None
    expect: list[str]
    login: str | None = None


@dataclass
class Result:
    name: str
    channel: str
    steps: int
    source: str = ""
    failed_at: int | None = None
    detail: list[str] = field(default_factory=list)
    #: the stack did not answer at all (a connection error), which says nothing of the bot
    unreached: bool = False


def load(paths: list[Path]) -> list[dict[str, Any]]:
    conversations: list[dict[str, Any]] = []
    for path in paths:
        conversations.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return conversations


def steps_of(conversation: dict[str, Any]) -> list[Step]:
    steps = []
    for raw in conversation.get("steps") or []:
        if "login" in raw:
            steps.append(Step(None, [], login=str(raw["login"])))
        else:
            expect = raw.get("expect")
            labels = [str(x) for x in expect] if isinstance(expect, list) else [str(expect)]
            steps.append(Step(str(raw.get("user", "")), labels))
    return steps


class Stack:
    """Where the conversations go: the REST channel, the SMS webhook and the tracker store."""

    def __init__(self, url: str, settings: Settings, portal: SandboxSettings) -> None:
        self.url = url.rstrip("/")
        self.settings = settings
        self.engine = sa.create_engine(settings.database_url)
        self.portal_sessions = sessionmaker(sa.create_engine(portal.database_url))
        from twilio.request_validator import RequestValidator

        self.validator = RequestValidator(settings.twilio_auth_token)

    def rest(self, sender: str, secret: str, text: str) -> list[dict[str, Any]]:
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": text}).encode(),
            headers={"Content-Type": "application/json", "X-Client-Secret": secret},
        )
        with urllib.request.urlopen(request, timeout=TURN_TIMEOUT) as resp:
            return json.loads(resp.read())

    def sms(self, phone: str, text: str) -> str:
        path = "/webhooks/twilio/webhook"
        form = {
            "From": phone,
            "To": "+8657112333",
            "Body": text,
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": self.settings.twilio_account_sid,
        }
        signature = self.validator.compute_signature(self.settings.public_url + path, form)
        request = urllib.request.Request(
            self.url + path,
            data=urllib.parse.urlencode(form).encode(),
            headers={"X-Twilio-Signature": signature},
        )
        with urllib.request.urlopen(request, timeout=TURN_TIMEOUT) as resp:
            return resp.read().decode()

    def bot_events_after(self, conversation: str, after: int) -> tuple[int, list[dict[str, Any]]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT id, data FROM events WHERE sender_id = :s AND type_name = 'bot' "
                    "AND id > :after ORDER BY id"
                ),
                {"s": conversation, "after": after},
            ).all()
        last = max([after, *[r[0] for r in rows]])
        return last, [json.loads(r[1]) for r in rows]

    def event_count(self, conversation: str) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": conversation}
                ).scalar()
            )

    def forget_handoff_quotas(self) -> None:
        """Each conversation is another citizen, on another day and network: the tickets
        the set's earlier conversations opened (from this one address, often with the
        same made-up number) must not count against its hand-off quotas."""
        with self.engine.begin() as conn:
            if sa.inspect(conn).has_table("handoff_quota"):
                conn.execute(sa.text("DELETE FROM handoff_quota"))

    def restore_portal(self) -> None:
        """Each conversation is another day: what an earlier one cancelled is back as the
        accounts' list shows it to the writers (the sandbox's ``restore-demo``)."""
        restore_demo_submissions(self.portal_sessions)

    def last_event_id(self) -> int:
        with self.engine.connect() as conn:
            # The server answers before its tracker store has made its table (once in some
            # forty runs the first conversation's query came first): no table, no events.
            if not sa.inspect(conn).has_table("events"):
                return 0
            return int(conn.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM events")).scalar())

    def log_in(self, link: str, username: str) -> str | None:
        """The login page's form; the confirmation code it shows."""
        local = (
            self.url + link[len(self.settings.public_url) :]
            if link.startswith(self.settings.public_url)
            else link
        )
        data = urllib.parse.urlencode({"username": username, "password": DEMO_PASSWORD}).encode()
        try:
            with urllib.request.urlopen(local, data=data, timeout=TURN_TIMEOUT) as resp:
                page = resp.read().decode()
        except urllib.error.HTTPError as error:
            page = error.read().decode()
        found = CONFIRM_CODE.search(page)
        return found.group(1) if found else None


def play(stack: Stack, conversation: dict[str, Any]) -> Result:
    channel = str(conversation.get("channel") or "rest")
    steps = steps_of(conversation)
    result = Result(
        str(conversation.get("name")), channel, sum(1 for s in steps if s.user is not None)
    )
    sender = f"dialogue-{secrets.token_hex(5)}"
    secret = secrets.token_urlsafe(32)
    phone = "+86138" + "".join(secrets.choice("0123456789") for _ in range(8))
    conversation_id = f"sms:{phone}" if channel == "sms" else f"rest:{sender}"
    stack.forget_handoff_quotas()
    stack.restore_portal()
    last = stack.last_event_id()
    link: str | None = None

    def say(text: str) -> tuple[set[str], str]:
        nonlocal last, link
        if channel == "sms":
            raw = stack.sms(phone, text)
            found = URL_RE.search(raw)
            link = found.group(0) if found else link
        else:
            for reply in stack.rest(sender, secret, text):
                custom = reply.get("custom") or {}
                if custom.get("type") == "login":
                    link = str(custom.get("url"))
        last, events = stack.bot_events_after(conversation_id, last)
        said = {str((e.get("metadata") or {}).get("utter_action")) for e in events}
        if channel == "sms" and not events:
            # The keywords the channel answers itself leave nothing in the tracker.
            # (up to the first placeholder: "菜单里没有 {number}。…" is said with the number)
            said |= {name for name, words in CHANNEL_OWN.items() if words.split("{", 1)[0] in raw}
        if not events and stack.event_count(conversation_id) == 0:
            said.add(ERASED)
            # SQLite hands the deleted rows' ids out again: what comes next is all new.
            last = 0
        texts = " / ".join(str(e.get("text") or "")[:60] for e in events)
        return said, texts

    number = 0
    for step in steps:
        if step.login:
            if link is None:
                # A login step with no link before it is a user who came to log in: they
                # ask for the link first, and that turn is not scored.
                say(LOGIN_ASK)
            if link is None:
                result.failed_at = number
                result.detail.append(f"login {step.login}: no login link was given")
                return result
            code = stack.log_in(link, step.login)
            if code is None:
                result.failed_at = number
                result.detail.append(f"login {step.login}: the page showed no code")
                return result
            say(code)
            link = None
            continue
        number += 1
        try:
            said, texts = say(step.user or "")
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            result.failed_at = number
            result.detail.append(f"{step.user!r}: {type(error).__name__}")
            result.unreached = True
            return result
        ok = any(satisfies(label, said) for label in step.expect)
        if ok and "clarify" not in step.expect and said & CLARIFY:
            ok = False  # a second, "I did not understand" reply in the same turn
        if not ok:
            result.failed_at = number
            result.detail.append(
                f"step {number} {step.user!r}: expected {step.expect}, got {sorted(said)} ({texts})"
            )
            return result
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def started_stack(workdir: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """``python -m bot.stack`` on free ports and a fresh var folder; yields its URL."""
    ports = {
        name: str(free_port())
        for name in ("BOT_PORT", "ACTIONS_PORT", "PORTAL_PORT", "SMTP_PORT", "CONSOLE_PORT")
    }
    env = dict(os.environ)
    env.update(ports)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "VAR_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'bot.db'}",
            "PORTAL_DATABASE_URL": f"sqlite:///{workdir / 'portal.db'}",
            "PUBLIC_URL": f"http://127.0.0.1:{ports['BOT_PORT']}",
            "PORTAL_URL": f"http://127.0.0.1:{ports['PORTAL_PORT']}",
            "SMTP_HOST": "localhost",
            # Every conversation comes from this one address.
            "RATE_LIMITS": "off",
            "HANDOFF_MAX_PER_NETWORK": "100000",
        }
    )
    workdir.mkdir(parents=True, exist_ok=True)
    log = (workdir / "stack.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.stack"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = env["PUBLIC_URL"]
    try:
        deadline = time.monotonic() + STACK_READY_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise StackFailed(f"the stack exited:\n{log_tail(workdir)}")
            if "[stack] ready" in (workdir / "stack.log").read_text(errors="replace"):
                break
            time.sleep(1)
        else:
            raise StackFailed(f"the stack did not become ready:\n{log_tail(workdir)}")
        yield url, env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def is_blind(source: str) -> bool:
    """Sets written blind to the training data (``blind*.yml``); their errors stay unread."""
    return Path(source).name.startswith("blind")


def report(results: list[Result], out: Path, seconds: float, sources: list[Path]) -> str:
    lines = [
        "# Multi-turn conversations, end to end",
        "",
        f"Command: `make bench-dialogue` ({time.strftime('%Y-%m-%d %H:%M')}), "
        f"{seconds:.0f} s; each set on a stack of its own (the demo portal's state is fresh)",
        "",
        "| set | conversations | passed end to end | on rest | on sms | user turns |",
        "|---|---|---|---|---|---|",
    ]
    for source in sources:
        name = (
            str(source.relative_to(ROOT))
            if source.is_absolute() and source.is_relative_to(ROOT)
            else str(source)
        )
        mine = [r for r in results if r.source == str(source)]
        if not mine:
            continue
        passed = sum(r.failed_at is None for r in mine)
        on = {
            channel: (
                sum(r.failed_at is None for r in mine if r.channel == channel),
                sum(r.channel == channel for r in mine),
            )
            for channel in ("rest", "sms")
        }
        if any(r.unreached for r in mine):
            # a stack that did not answer says nothing of the bot: told apart, not hidden
            name += f" ({sum(r.unreached for r in mine)} not reached: no stack answered)"
        lines.append(
            f"| {name}{'' if is_blind(str(source)) else ' (development, not blind)'} "
            f"| {len(mine)} | {passed} ({passed / len(mine):.1%}) "
            f"| {on['rest'][0]} / {on['rest'][1]} | {on['sms'][0]} / {on['sms'][1]} "
            f"| {sum(r.steps for r in mine)} |"
        )
    lines += [
        "",
        "The blind sets' failing steps are in `dialogue-errors.md` (not quoted here, not to be",
        "read while tuning); the development sets' are in `dialogue-dev-errors.md`.",
        "",
    ]
    out.mkdir(parents=True, exist_ok=True)
    (out / "dialogue.md").write_text("\n".join(lines), encoding="utf-8")
    for blind, file, title in (
        (True, "dialogue-errors.md", "Failing steps: do not read while tuning the training data"),
        (False, "dialogue-dev-errors.md", "Failing steps of the development sets"),
    ):
        (out / file).write_text(
            "\n".join(
                [f"# {title}", ""]
                + [
                    f"- {r.name} ({r.channel}): {'; '.join(r.detail)}"
                    for r in results
                    if r.detail and is_blind(r.source) == blind
                ]
            )
            + "\n",
            encoding="utf-8",
        )
    return "\n".join(lines)


def log_tail(workdir: Path, lines: int = 15) -> str:
    log = workdir / "stack.log"
    text = log.read_text(errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def play_on_own_stack(conversations: list[dict[str, Any]], workdir: Path | None) -> list[Result]:
    for attempt in range(1, STACK_START_ATTEMPTS + 1):
        try:
            with (
                tempfile.TemporaryDirectory() as tmp,
                started_stack(workdir or Path(tmp)) as (url, env),
            ):
                stack = Stack(url, Settings.from_env(env), SandboxSettings.from_env(env))
                return [play(stack, c) for c in conversations]
        except StackFailed as error:
            print(f"attempt {attempt}: {error}", file=sys.stderr)
    # the set is reported as not reached, and the other sets still run
    return [
        Result(
            str(c.get("name")),
            str(c.get("channel") or "rest"),
            sum(1 for s in steps_of(c) if s.user is not None),
            failed_at=0,
            detail=[f"no stack started in {STACK_START_ATTEMPTS} attempts"],
            unreached=True,
        )
        for c in conversations
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sets", type=Path, nargs="+", default=sorted((ROOT / "tests/dialogue").glob("*.yml"))
    )
    parser.add_argument("--url", help="a running stack (default: PUBLIC_URL of the settings)")
    parser.add_argument("--start-stack", action="store_true", help="start a stack of its own")
    parser.add_argument("--out", type=Path, default=ROOT / "var/bench")
    parser.add_argument(
        "--workdir", type=Path, help="keep the started stack's var folder (and its logs) here"
    )
    args = parser.parse_args()
    # Stopped by a timeout or a closed terminal, the started stack is still stopped:
    # the default handlers end the process without running ``started_stack``'s finally.
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, lambda number, _frame: sys.exit(128 + number))
    started = time.monotonic()
    results: list[Result] = []
    for source in args.sets:
        conversations = load([source])
        if args.start_stack:
            own = args.workdir / source.stem if args.workdir else None
            mine = play_on_own_stack(conversations, own)
            if mine and all(r.unreached for r in mine):
                # Two runs side by side on two cores have lost a whole set to a stack that
                # said it was ready and then answered nothing (stop 53's dev_w): once more
                print(f"{source}: the stack answered nothing; played again", file=sys.stderr)
                mine = play_on_own_stack(conversations, own and own.with_name(f"{own.name}-again"))
        else:
            settings = Settings.from_env()
            stack = Stack(args.url or settings.public_url, settings, SandboxSettings.from_env())
            mine = [play(stack, c) for c in conversations]
        for result in mine:
            result.source = str(source)
        results += mine
    text = report(results, args.out, time.monotonic() - started, args.sets)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
