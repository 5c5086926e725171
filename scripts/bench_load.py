"""`make bench`: latency and throughput of whole conversations under concurrent load.

Two setups in one run, reported side by side:

- **embedded**: one action server and one Rasa server on SQLite with the in-memory
  lock store, started as the tests start them (``scripts.servers``);
- **two-server**: two action + Rasa pairs on one PostgreSQL and one Redis
  (``tests.infra``), turns dealt to the two servers in turn by the client.

Each has its own portal sandbox. For each concurrency N (default 20, 100, 200) N
simulated users talk at once for ``--duration`` seconds, each in one conversation
of its own, pausing ``--think`` seconds on average between turns (0.5–1.5 times
it, as a person reading and typing). A user goes round the same loop:

    FAQ, FAQ, progress look-up, FAQ, "我要转人工" (hand-off start), "/deny"

The first look-up of a conversation is the login: "查我的办事进度" with a client
secret (timed as *login-link*), the login page's GET and POST as demo-person
(*login-page*), then the look-up asked again. Every look-up after a login is a
*progress* turn. Then three phases of 20 users sending back to back without pausing:
the *NLU parse* alone (a benchmark-only channel, scripts/bench_parse_channel.py,
on the same server), the *floor turn* ("谢谢", answered with a domain response
by the thanks action, in the Rasa server: no call to the action server) and the *FAQ capacity*, the most FAQ turns per second a
setup answers; the report gives the FAQ turn as a ratio to the floor turn.

A turn the server sheds under overload (bot/overload.py: "请稍后再试" at once) is
counted as *shed*, apart from the answered turns and their latencies.

An error is a request that got no 200, timed out or failed to connect, an empty
answer, the channel's apology, a login that did not succeed, or a look-up after a
login without the user's submissions in it.

The CPU and resident memory of every server process (Rasa, actions, portal,
PostgreSQL with its backends, Redis, and this load generator, which shares the
two cores) are read from /proc twice a second.

    PYTHONPATH=. .venv/bin/python scripts/bench_load.py
    PYTHONPATH=. .venv/bin/python scripts/bench_load.py -c 20 --duration 10 --setups embedded
    PYTHONPATH=. .venv/bin/python scripts/bench_load.py --py-spy .venv/bin/py-spy --profile-at 100

With ``--py-spy`` every Rasa and action server is sampled by py-spy during the
phase at ``--profile-at`` users; the collapsed stacks and a summary land beside
the report. Writes var/bench/report.md, var/bench/latency-hist.png and
var/bench/throughput.png. All traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import platform
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.overload import BUSY  # noqa: E402
from scripts.servers import BotServer, latest_model, running_bot_server, running_portal  # noqa: E402

OUT_DIR = ROOT / "var" / "bench"
DEMO_USER, DEMO_PASSWORD = "demo-person", "Demo-2026"
APOLOGY_MARK = "系统暂时出了点问题"
REQUEST_TIMEOUT = 30.0
#: Users start spread over this long, so that a phase does not open with a stampede.
RAMP_SECONDS = 5.0
#: Bounds every user's loop whatever the duration and the server's speed.
MAX_TURNS_PER_USER = 400
#: What a phase may overrun its duration by before its users are cancelled.
DRAIN_SECONDS = REQUEST_TIMEOUT + 15.0
SAMPLE_INTERVAL = 0.5
CAPACITY_USERS = 20
CAPACITY_TURNS_PER_CONVERSATION = 10
WARM_UP_ROUNDS = 2
TURN_TYPES = ("faq", "progress", "handoff")
OTHER_TYPES = ("login-link", "login-page", "login-code", "deny", "floor", "parse")
#: The floor turn: the thanks action answers it with a domain response, in the Rasa
#: server (bot/rasa_patches.py), as the FAQ turn's answer is given.
FLOOR_TEXT = "谢谢"
FLOOR_ANSWER = "不客气"
#: The back-to-back phases: (name, kind of turn), the floor first.
BACK_TO_BACK = (("NLU parse", "parse"), ("floor turn", "floor"), ("FAQ capacity", "faq"))
#: The targets of issue 15.
TARGET_FAQ_P95_MS = 50
TARGET_PROGRESS_P95_MS = 100
TARGET_FAQ_PER_SECOND = 100
TARGET_MAX_TURN_MS = 10_000
#: The confirmation code on the login page (bot/login/page.py).
CONFIRM_CODE = re.compile(r'id="confirm-code">(\d{6})<')
#: Every simulated user comes from this one address, which the per-address limits stop.
BENCH_ENV = {"RATE_LIMITS": "off"}
FAQ = [
    "网上办事怎么开通",
    "网上办事的流程是什么",
    "填错了怎么改",
    "怎么查办事进度",
    "网上办事怎么登录",
    "电话是多少",
    "可以批量处理吗",
    "怎么修改密码",
    "修改后还能再提交吗",
    "提交了怎么还没结果",
    "网上办事的网址",
    "登录以后怎么办事",
]
SUBMISSION = re.compile(r"HZ\d{13}")
#: The hand-off form, asked for something else at its contact step (utter_handoff_waiting).
HANDOFF_WAITING = "转人工还在等您的联系方式"
#: How much of a wrong answer the report shows.
SAID_CHARS = 60
#: The hand-off form's first question (domain.yml, utter_handoff_ask_contact).
CONTACT_QUESTION = "工作人员怎么联系您"
SETUP_TITLES = {"embedded": "embedded (1 server, SQLite)", "two-server": "two servers (PG + Redis)"}


# -- measurements --------------------------------------------------------------


@dataclass
class Turn:
    kind: str
    started: float
    latency_ms: float
    error: str | None
    shed: bool = False
    #: The start of a wrong answer, for the report's errors.
    said: str = ""


@dataclass
class Usage:
    """What one process (with its children) used during a phase."""

    peak_rss_mb: float = 0.0
    peak_cpu: float = 0.0
    cpu_seconds: float = 0.0


@dataclass
class Phase:
    setup: str
    name: str
    users: int
    duration: float
    turns: list[Turn] = field(default_factory=list)
    usage: dict[str, Usage] = field(default_factory=dict)
    wall: float = 0.0

    def latencies(self, kind: str) -> list[float]:
        return [t.latency_ms for t in self.answered if t.kind == kind]

    @property
    def chat_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.kind != "login-page"]

    @property
    def answered(self) -> list[Turn]:
        """Chat turns answered in full: no error, not shed."""
        return [t for t in self.chat_turns if t.error is None and not t.shed]

    @property
    def shed(self) -> int:
        return sum(1 for t in self.turns if t.shed)

    @property
    def slowest_ms(self) -> float:
        """The longest any request took, shed or failed ones included."""
        return max((t.latency_ms for t in self.turns), default=float("nan"))

    @property
    def throughput(self) -> float:
        """Answered chat turns per second, over the phase's duration."""
        return len(self.answered) / self.wall if self.wall else 0.0

    @property
    def errors(self) -> Counter[str]:
        return Counter(f"{t.kind}: {t.error}" for t in self.turns if t.error)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile, or NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


# -- /proc sampling ----------------------------------------------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, user + system CPU ticks), or None when the process is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _role_by_command(command: str) -> str | None:
    if "portal_sandbox" in command:
        return "portal"
    if "redis-server" in command:
        return "redis"
    if "py-spy" in command:
        return "py-spy"
    if command.startswith(("postgres", "/usr/lib/postgresql", "/usr/local/bin/postgres")):
        return "postgres"
    return None


class Sampler:
    """Samples CPU and RSS of this process's descendants, grouped by role, in a thread."""

    def __init__(self, named: dict[int, str]) -> None:
        self.named = dict(named)
        self.named[os.getpid()] = "load generator"
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._usage: dict[str, Usage] | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @contextlib.contextmanager
    def phase(self) -> Iterator[dict[str, Usage]]:
        usage: dict[str, Usage] = defaultdict(Usage)
        with self._lock:
            self._usage = usage
        try:
            yield usage
        finally:
            with self._lock:
                self._usage = None

    def _roles(self) -> dict[int, tuple[str, int]]:
        """Every descendant's role and CPU ticks."""
        me = os.getpid()
        parents: dict[int, int] = {}
        ticks: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                stat = _proc_stat(int(entry.name))
                if stat:
                    parents[int(entry.name)], ticks[int(entry.name)] = stat
        roles: dict[int, tuple[str, int]] = {}
        for pid in ticks:
            chain, node = [], pid
            while node in parents and node != me and node > 1:
                chain.append(node)
                node = parents[node]
            if node != me and pid != me:
                continue
            role = None
            with self._lock:
                for link in chain:
                    role = self.named.get(link) or _role_by_command(_cmdline(link))
                    if role:
                        break
                if pid == me:
                    role = self.named[me]
            roles[pid] = (role or "other", ticks[pid])
        return roles

    def _run(self) -> None:
        before = self._roles()
        then = time.monotonic()
        while not self._stop.wait(SAMPLE_INTERVAL):
            now_roles = self._roles()
            now = time.monotonic()
            spent: dict[str, int] = defaultdict(int)
            rss: dict[str, int] = defaultdict(int)
            for pid, (role, ticks) in now_roles.items():
                if pid in before:
                    spent[role] += max(0, ticks - before[pid][1])
                rss[role] += _rss_kb(pid)
            with self._lock:
                usage = self._usage
                if usage is not None:
                    for role in rss:
                        seconds = spent[role] / CLK_TCK
                        item = usage[role]
                        item.cpu_seconds += seconds
                        item.peak_cpu = max(item.peak_cpu, 100 * seconds / (now - then))
                        item.peak_rss_mb = max(item.peak_rss_mb, rss[role] / 1024)
            before, then = now_roles, now


# -- the simulated users -----------------------------------------------------------


class Client:
    """The servers of a setup, dealt one turn each in turn, and the timed requests."""

    def __init__(self, http: aiohttp.ClientSession, urls: list[str], phase: Phase) -> None:
        self.http = http
        self.urls = urls
        self.phase = phase

    async def say(
        self, kind: str, sender: str, text: str, turn: int, secret: str
    ) -> list[dict[str, Any]] | None:
        url = self.urls[turn % len(self.urls)]
        started = time.monotonic()
        replies: list[dict[str, Any]] | None = None
        error: str | None = None
        try:
            async with self.http.post(
                f"{url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                headers={"X-Client-Secret": secret},
            ) as resp:
                if resp.status == 200 or resp.status == 503:
                    # 503 is how a shed turn comes back: its body says so (BUSY, below).
                    replies = await resp.json()
                else:
                    error = f"HTTP {resp.status}"
        except asyncio.TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as exc:
            error = type(exc).__name__
        elapsed = (time.monotonic() - started) * 1000
        shed = False
        if replies is not None:
            body = "".join(r.get("text") or "" for r in replies)
            if not replies or not (body or any(r.get("custom") for r in replies)):
                error = "empty answer"
            elif APOLOGY_MARK in body:
                error = "apology"
            elif BUSY in body:
                shed = True
            elif kind == "floor" and FLOOR_ANSWER not in body:
                error = "not the floor answer"
        self.phase.turns.append(Turn(kind, started, elapsed, error, shed))
        return None if error or shed else replies

    async def parse(self, text: str, turn: int) -> None:
        """The NLU alone, on the benchmark's parse channel of the same server."""
        url = self.urls[turn % len(self.urls)]
        started = time.monotonic()
        error: str | None = None
        try:
            async with self.http.post(
                f"{url}/webhooks/bench_parse/webhook", json={"text": text}
            ) as resp:
                if resp.status != 200 or not (await resp.json()).get("intent"):
                    error = f"HTTP {resp.status}"
        except asyncio.TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as exc:
            error = type(exc).__name__
        elapsed = (time.monotonic() - started) * 1000
        self.phase.turns.append(Turn("parse", started, elapsed, error))

    async def log_in(self, url: str) -> str | None:
        """The login page's GET and POST; the confirmation code it shows, if it worked."""
        started = time.monotonic()
        error: str | None = None
        code: str | None = None
        throttled = False
        try:
            async with self.http.get(url) as resp:
                page = await resp.text()
                if resp.status != 200 or 'name="password"' not in page:
                    error = f"login form HTTP {resp.status}"
            if error is None:
                form = {"username": DEMO_USER, "password": DEMO_PASSWORD}
                async with self.http.post(url, data=form) as resp:
                    page = await resp.text()
                    found = CONFIRM_CODE.search(page)
                    if resp.status == 429:
                        # Every simulated user logs in to the one demo account, and the
                        # portal slows down logins to one account: a "come back later".
                        throttled = True
                    elif resp.status != 200 or found is None:
                        error = f"login HTTP {resp.status}"
                    else:
                        code = found.group(1)
        except asyncio.TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as exc:
            error = type(exc).__name__
        elapsed = (time.monotonic() - started) * 1000
        self.phase.turns.append(Turn("login-page", started, elapsed, error, throttled))
        return code


def login_link(replies: list[dict[str, Any]]) -> str | None:
    for reply in replies:
        custom = reply.get("custom") or {}
        if custom.get("type") == "login" and isinstance(custom.get("url"), str):
            return str(custom["url"])
    return None


async def pause(think: float, rng: random.Random) -> None:
    if think > 0:
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))


async def user(
    client: Client,
    number: int,
    deadline: float,
    think: float,
    start_at: float,
    steps: int = MAX_TURNS_PER_USER,
) -> None:
    """One person in one conversation, round the loop until the deadline."""
    rng = random.Random(number)
    sender = f"bench-{secrets.token_hex(6)}"
    secret = secrets.token_hex(16)
    logged_in = False
    offer_open = False
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    turn = number

    async def say(kind: str, text: str) -> list[dict[str, Any]] | None:
        nonlocal turn
        turn += 1
        return await client.say(kind, sender, text, turn, secret)

    for step in range(min(steps, MAX_TURNS_PER_USER)):
        if time.monotonic() >= deadline:
            return
        stage = step % 6
        if stage in (0, 1, 3):
            await say("faq", FAQ[rng.randrange(len(FAQ))])
        elif stage == 2 and not logged_in:
            logged_in = await log_in(client, say, think, rng)
        elif stage == 2:
            await progress(client, say)
        elif stage == 4:
            replies = await say("handoff", "我要转人工")
            said = "".join(r.get("text") or "" for r in replies or [])
            if "12333" in said:
                offer_open = True
            elif replies is not None and not (offer_open and CONTACT_QUESTION in said):
                # An offer left open (its /deny was shed) takes the request for a yes.
                client.phase.turns[-1].error = "no hand-off offer"
                client.phase.turns[-1].said = said[:SAID_CHARS]
        else:
            if await say("deny", "/deny") is not None:
                offer_open = False
        await pause(think, rng)


async def log_in(client: Client, say: Any, think: float, rng: random.Random) -> bool:
    """Ask, follow the link, log in, ask again; whether the login succeeded."""
    replies = await say("login-link", "查我的办事进度")
    link = login_link(replies) if replies else None
    if replies is not None and link is None:
        said = "".join(r.get("text") or "" for r in replies)
        if SUBMISSION.search(said):
            # Logged in already: the code typed back reached the server, its answer not.
            return True
        if HANDOFF_WAITING in said:
            # The hand-off form is open (its /deny was shed): leave it, as a user would.
            await say("deny", "算了")
            return False
        client.phase.turns[-1].error = "no login link"
        client.phase.turns[-1].said = said[:SAID_CHARS]
    if link is None:
        return False
    await pause(think, rng)
    code = await client.log_in(link)
    if code is None:
        return False
    await pause(think, rng)
    # Typing the page's code back links the login; its answer is the first look-up.
    replies = await say("login-code", code)
    return replies is not None


async def progress(client: Client, say: Any) -> None:
    replies = await say("progress", "查一下我的办事进度")
    if replies is not None:
        body = "".join(r.get("text") or "" for r in replies)
        if HANDOFF_WAITING in body and not SUBMISSION.search(body):
            # The hand-off form is open (its /deny was shed): leave it, as a user would.
            await say("deny", "算了")
        elif not SUBMISSION.search(body):
            client.phase.turns[-1].error = "no submissions after login"
            client.phase.turns[-1].said = body[:SAID_CHARS] or f"{len(replies)} replies, no text"


async def back_to_back(client: Client, kind: str, number: int, deadline: float) -> None:
    """Back-to-back turns of ``kind``, a new conversation every few, until the deadline."""
    rng = random.Random(number)
    sender, secret = "", secrets.token_hex(16)
    for turn in range(MAX_TURNS_PER_USER):
        if time.monotonic() >= deadline:
            return
        if turn % CAPACITY_TURNS_PER_CONVERSATION == 0:
            sender = f"bench-{secrets.token_hex(6)}"
        question = FAQ[rng.randrange(len(FAQ))]
        if kind == "parse":
            await client.parse(question, number + turn)
        elif kind == "floor":
            await client.say("floor", sender, FLOOR_TEXT, number + turn, secret)
        else:
            await client.say("faq", sender, question, number + turn, secret)


async def run_phase(
    urls: list[str], phase: Phase, sampler: Sampler, *, think: float, kind: str | None = None
) -> None:
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
        client = Client(http, urls, phase)
        with sampler.phase() as usage:
            started = time.monotonic()
            deadline = started + phase.duration
            if kind:
                jobs = [back_to_back(client, kind, n, deadline) for n in range(phase.users)]
            else:
                ramp = min(RAMP_SECONDS, phase.duration / 4)
                jobs = [
                    user(client, n, deadline, think, started + ramp * n / phase.users)
                    for n in range(phase.users)
                ]
            tasks = [asyncio.create_task(job) for job in jobs]
            _, late = await asyncio.wait(tasks, timeout=phase.duration + DRAIN_SECONDS)
            for task in late:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            phase.wall = max(phase.duration, time.monotonic() - started)
        phase.usage = dict(usage)


async def warm_up(urls: list[str]) -> None:
    """Untimed: the first inferences and connections of every server are slow."""
    phase = Phase("warm-up", "warm-up", 1, 0)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
        client = Client(http, urls, phase)
        for n in range(len(urls)):
            await user(client, n, time.monotonic() + 60, 0.0, 0.0, steps=6 * WARM_UP_ROUNDS)
    failed = [t for t in phase.turns if t.error]
    if failed:
        raise SystemExit(f"warm-up failed: {Counter(t.error for t in failed)}")


# -- setups ------------------------------------------------------------------------


def bench_credentials(workdir: Path) -> Path:
    """credentials.yml plus the benchmark's parse channel."""
    path = workdir / "credentials.yml"
    text = (ROOT / "credentials.yml").read_text(encoding="utf-8")
    path.write_text(text + "\nscripts.bench_parse_channel.BenchParseInput:\n", encoding="utf-8")
    return path


@contextlib.contextmanager
def embedded(workdir: Path) -> Iterator[list[BotServer]]:
    (workdir / "portal").mkdir()
    credentials = bench_credentials(workdir)
    with running_portal(workdir / "portal") as portal_url:
        with running_bot_server(
            workdir, credentials=credentials, PORTAL_URL=portal_url, **BENCH_ENV
        ) as server:
            yield [server]


@contextlib.contextmanager
def two_servers(workdir: Path) -> Iterator[list[BotServer]]:
    from scripts.infra import running_postgres, running_redis

    for name in ("portal", "a", "b"):
        (workdir / name).mkdir()
    with (
        running_postgres(workdir) as database_url,
        running_redis(workdir) as redis_url,
        running_portal(workdir / "portal") as portal_url,
    ):
        shared = {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "PORTAL_URL": portal_url,
            # Both servers sign and read the same login links and portal sessions.
            "SECRET_KEY": secrets.token_hex(32),
            **BENCH_ENV,
        }
        credentials = bench_credentials(workdir)
        with (
            running_bot_server(workdir / "a", credentials=credentials, **shared) as a,
            running_bot_server(workdir / "b", credentials=credentials, **shared) as b,
        ):
            yield [a, b]


def server_names(servers: list[BotServer]) -> dict[int, str]:
    if len(servers) == 1:
        return {servers[0].rasa.pid: "rasa", servers[0].actions.pid: "actions"}
    names = {}
    for letter, server in zip("AB", servers, strict=False):
        names[server.rasa.pid] = f"rasa {letter}"
        names[server.actions.pid] = f"actions {letter}"
    return names


@contextlib.contextmanager
def py_spy(
    binary: str | None, servers: list[BotServer], out: Path, setup: str, seconds: float
) -> Iterator[list[Path]]:
    """py-spy on every Rasa and action server for ``seconds``, as collapsed stacks."""
    if not binary:
        yield []
        return
    procs, files = [], []
    for pid, name in server_names(servers).items():
        target = out / f"profile-{setup}-{name.replace(' ', '-')}.txt"
        files.append(target)
        # Idle samples per thread: the event loop's wall time, blocked calls included.
        argv = [binary, "record", "--pid", str(pid), "--duration", str(int(seconds))]
        argv += ["--rate", "50", "--idle", "--threads", "--format", "raw", "--output", str(target)]
        procs.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        yield files
    finally:
        for proc in procs:
            try:
                proc.wait(timeout=seconds + 30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run_setup(
    setup: str, args: argparse.Namespace, tmp: Path, phases: list[Phase], profiles: list[Path]
) -> str | None:
    """Run every phase on ``setup``; returns why it was skipped, if it was."""
    workdir = tmp / setup
    workdir.mkdir()
    start = embedded if setup == "embedded" else two_servers
    print(f"[bench] starting {SETUP_TITLES[setup]} …", flush=True)
    try:
        with start(workdir) as servers:
            urls = [s.url for s in servers]
            with Sampler(server_names(servers)) as sampler:
                asyncio.run(warm_up(urls))
                for users in args.concurrency:
                    phase = Phase(setup, f"{users} users", users, args.duration)
                    profiling = users == args.profile_at and args.py_spy
                    with py_spy(
                        args.py_spy if profiling else None,
                        servers,
                        args.out,
                        setup,
                        args.duration,
                    ) as files:
                        asyncio.run(run_phase(urls, phase, sampler, think=args.think))
                    profiles.extend(files)
                    phases.append(phase)
                    print(f"[bench] {setup} {phase.name}: {line(phase)}", flush=True)
                for name, kind in BACK_TO_BACK:
                    phase = Phase(setup, name, CAPACITY_USERS, args.capacity_duration)
                    asyncio.run(run_phase(urls, phase, sampler, think=0.0, kind=kind))
                    phases.append(phase)
                    print(f"[bench] {setup} {phase.name}: {line(phase)}", flush=True)
    except BaseException as exc:  # tests.infra skips with pytest's Skipped outside pytest too
        if type(exc).__name__ == "Skipped":
            return str(exc)
        raise
    finally:
        # The servers' logs say what an error in the report was.
        logs = args.out / "logs" / setup
        shutil.rmtree(logs, ignore_errors=True)
        for log in workdir.rglob("*.log"):
            target = logs / log.relative_to(workdir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, target)
    return None


# -- the report --------------------------------------------------------------------


def ms(value: float) -> str:
    return "–" if value != value else f"{value:.0f}"


def line(phase: Phase) -> str:
    faq = phase.latencies("faq")
    return (
        f"{len(phase.chat_turns)} turns, {phase.throughput:.1f}/s, FAQ p95 "
        f"{ms(percentile(faq, 0.95))} ms, progress p95 "
        f"{ms(percentile(phase.latencies('progress'), 0.95))} ms, "
        f"slowest {ms(phase.slowest_ms)} ms, {phase.shed} shed, "
        f"{sum(phase.errors.values())} errors"
    )


def find(phases: list[Phase], setup: str, name: str) -> Phase | None:
    return next((p for p in phases if p.setup == setup and p.name == name), None)


def targets(phases: list[Phase], setup: str, smallest: int, largest: int) -> list[str]:
    def check(ok: bool | None, shown: str) -> str:
        if ok is None:
            return "not run"
        return f"{'✓' if ok else '✗'} {shown}"

    low, high = find(phases, setup, f"{smallest} users"), find(phases, setup, f"{largest} users")
    cap = find(phases, setup, "FAQ capacity")
    faq95 = percentile(low.latencies("faq"), 0.95) if low else float("nan")
    prog95 = percentile(low.latencies("progress"), 0.95) if low else float("nan")
    errors = sum(high.errors.values()) if high else 0
    slowest = high.slowest_ms if high else float("nan")
    shed = f", {high.shed} shed" if high else ""
    rate = cap.throughput if cap else 0.0
    return [
        check(None if low is None else faq95 <= TARGET_FAQ_P95_MS, f"{ms(faq95)} ms"),
        check(None if low is None else prog95 <= TARGET_PROGRESS_P95_MS, f"{ms(prog95)} ms"),
        check(None if cap is None else rate >= TARGET_FAQ_PER_SECOND, f"{rate:.0f}/s"),
        check(None if high is None else slowest <= TARGET_MAX_TURN_MS, f"{ms(slowest)} ms{shed}"),
        check(None if high is None else errors == 0, f"{errors} errors"),
    ]


def report(
    args: argparse.Namespace,
    phases: list[Phase],
    skipped: dict[str, str],
    model: str,
    profile_summary: str,
) -> str:
    setups = [s for s in args.setups if s not in skipped]
    load = os.getloadavg()
    small, large = min(args.concurrency), max(args.concurrency)
    head = " | ".join(SETUP_TITLES[s] for s in setups)
    rule = "|---" * (len(setups) + 1) + "|"
    out = [
        "# Load: whole conversations, concurrent users",
        "",
        f"- measured: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, model `{model}`",
        f"- machine: {os.cpu_count()} cores ({platform.machine()}), load average "
        f"{args.load_before[0]:.2f} (1 min) before the run and {load[0]:.2f} / {load[1]:.2f} "
        f"/ {load[2]:.2f} at its end; the servers, the databases and this load generator "
        "share these cores, with whatever else runs on the machine",
        f"- command: `{command_line(args)}`",
        f"- each phase: N users at once for {args.duration:.0f} s, one conversation each, "
        f"{args.think:.1f} s mean pause between turns (0.5–1.5×), the loop FAQ, FAQ, "
        "progress look-up, FAQ, 我要转人工, /deny; the first look-up logs in through the "
        f"login page; FAQ capacity: {CAPACITY_USERS} users, FAQ turns back to back for "
        f"{args.capacity_duration:.0f} s",
        "- latency: from sending the request to having the whole answer, in ms",
        "",
    ]
    for setup, reason in skipped.items():
        out += [f"**{SETUP_TITLES[setup]} was skipped:** {reason}", ""]
    out += [
        "## Targets",
        "",
        f"| target | {head} |",
        rule,
    ]
    rows = list(zip(*(targets(phases, s, small, large) for s in setups), strict=True))
    names = [
        f"FAQ turn p95 ≤ {TARGET_FAQ_P95_MS} ms at {small} users",
        f"progress look-up p95 ≤ {TARGET_PROGRESS_P95_MS} ms at {small} users",
        f"≥ {TARGET_FAQ_PER_SECOND} FAQ turns per second",
        f"no turn over {TARGET_MAX_TURN_MS / 1000:.0f} s at {large} users (shed turns counted)",
        f"no errors at {large} users",
    ]
    for name, row in zip(names, rows, strict=False):
        out.append(f"| {name} | " + " | ".join(row) + " |")
    out.append("")
    out += floor_table(phases, setups)
    for users in args.concurrency:
        name = f"{users} users"
        out += [f"## {users} concurrent conversations", ""]
        out += phase_table([find(phases, s, name) for s in setups], setups)
    for name, _ in BACK_TO_BACK:
        out += [f"## {name}", ""]
        out += phase_table([find(phases, s, name) for s in setups], setups)
    out += [
        "## Processes",
        "",
        "peak RSS (MB) · peak CPU % (over 0.5 s) · mean CPU % · CPU ms per answered chat "
        "turn; a process counts with its children (PostgreSQL with its backends, whose "
        "shared memory is counted in each); 100 % is one core.",
        "",
    ]
    for name in [*(f"{users} users" for users in args.concurrency), *dict(BACK_TO_BACK)]:
        out += [f"**{name}**", "", f"| process | {head} |", rule]
        found = [find(phases, s, name) for s in setups]
        roles = sorted({r for p in found if p for r in p.usage})
        for role in roles:
            cells = []
            for phase in found:
                use = phase.usage.get(role) if phase else None
                answered = len(phase.answered) if phase else 0
                cells.append(
                    f"{use.peak_rss_mb:.0f} · {use.peak_cpu:.0f} · "
                    f"{100 * use.cpu_seconds / phase.wall:.0f} · "
                    f"{1000 * use.cpu_seconds / max(1, answered):.0f}"
                    if use and phase
                    else ""
                )
            out.append(f"| {role} | " + " | ".join(cells) + " |")
        out.append("")
    errors = [(p, e, n) for p in phases for e, n in p.errors.most_common()]
    out += ["## Errors", ""]
    if errors:
        out += ["| setup | phase | error | count | what was said |", "|---|---|---|---|---|"]
        out += [
            f"| {p.setup} | {p.name} | {e} | {n} | {example_answer(p, e)} |" for p, e, n in errors
        ]
    else:
        out.append("None.")
    out += [
        "",
        "![latency histograms](latency-hist.png)",
        "",
        "![throughput by concurrency](throughput.png)",
        "",
    ]
    if profile_summary:
        out += [profile_summary, ""]
    return "\n".join(out)


def example_answer(phase: Phase, error: str) -> str:
    """What the bot said in the first turn with ``error``, if the check kept it."""
    for turn in phase.turns:
        if turn.said and f"{turn.kind}: {turn.error}" == error:
            return turn.said.replace("|", "/").replace("\n", " ")
    return ""


def rasa_cpu_ms(phase: Phase) -> float:
    """Rasa servers' CPU ms per answered turn in ``phase``."""
    seconds = sum(u.cpu_seconds for role, u in phase.usage.items() if role.startswith("rasa"))
    return 1000 * seconds / len(phase.answered) if phase.answered else float("nan")


def floor_table(phases: list[Phase], setups: list[str]) -> list[str]:
    """The FAQ turn against the floor, measured in the same run, back to back."""
    out = [
        "## The FAQ turn against its floor",
        "",
        f"{CAPACITY_USERS} users back to back on each setup: the NLU alone (parse channel), "
        f"the floor turn ({FLOOR_TEXT}: NLU, tracker, lock, policies, a domain response given "
        "in the Rasa server) and the FAQ turn. Ratio: the FAQ turn over the floor turn.",
        "",
        "| setup | measure | NLU parse | floor turn | FAQ turn | FAQ ÷ floor |",
        "|---|---|---|---|---|---|",
    ]
    for setup in setups:
        found = [find(phases, setup, name) for name, _ in BACK_TO_BACK]
        if not all(found):
            continue
        parse, floor, faq = found  # type: ignore[misc]
        measures = [
            ("p50 ms", lambda p, k: percentile(p.latencies(k), 0.5), "{:.0f}"),
            ("p95 ms", lambda p, k: percentile(p.latencies(k), 0.95), "{:.0f}"),
            ("answered per s", lambda p, k: p.throughput, "{:.1f}"),
            ("Rasa CPU ms per answer", lambda p, k: rasa_cpu_ms(p), "{:.1f}"),
        ]
        for label, measure, shown in measures:
            values = [measure(p, k) for p, (_, k) in zip(found, BACK_TO_BACK, strict=True)]
            ratio = values[2] / values[1] if values[1] else float("nan")
            cells = ["–" if v != v else shown.format(v) for v in values]
            out.append(
                f"| {SETUP_TITLES[setup]} | {label} | {' | '.join(cells)} | "
                f"{'–' if ratio != ratio else f'{ratio:.2f}'} |"
            )
    return [*out, ""]


def phase_table(found: list[Phase | None], setups: list[str]) -> list[str]:
    head = " | ".join(f"{SETUP_TITLES[s]} p50 · p95 · p99 (n)" for s in setups)
    rows = [f"| turn | {head} |", "|---" * (len(setups) + 1) + "|"]
    kinds = [k for k in (*TURN_TYPES, *OTHER_TYPES) if any(p and p.latencies(k) for p in found)]
    for kind in kinds:
        cells = []
        for phase in found:
            values = phase.latencies(kind) if phase else []
            cells.append(
                " · ".join(ms(percentile(values, q)) for q in (0.5, 0.95, 0.99))
                + f" ({len(values)})"
                if values
                else ""
            )
        rows.append(f"| {kind} | " + " | ".join(cells) + " |")
    rows.append(
        "| **throughput** | "
        + " | ".join(f"{p.throughput:.1f} turns/s" if p else "" for p in found)
        + " |"
    )
    rows.append(
        "| **shed (请稍后再试) · slowest** | "
        + " | ".join(f"{p.shed} · {ms(p.slowest_ms)} ms" if p else "" for p in found)
        + " |"
    )
    rows.append(
        "| **errors** | "
        + " | ".join(f"{sum(p.errors.values())} of {len(p.turns)}" if p else "" for p in found)
        + " |"
    )
    return [*rows, ""]


def plots(args: argparse.Namespace, phases: list[Phase], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    setups = sorted({p.setup for p in phases}, key=list(SETUP_TITLES).index)
    fig, axes = plt.subplots(
        len(TURN_TYPES), max(1, len(setups)), figsize=(6 * max(1, len(setups)), 9), squeeze=False
    )
    bins = [10 * 1.15**k for k in range(60)]
    for col, setup in enumerate(setups):
        for row, kind in enumerate(TURN_TYPES):
            ax = axes[row][col]
            for users in args.concurrency:
                phase = find(phases, setup, f"{users} users")
                values = phase.latencies(kind) if phase else []
                if values:
                    ax.hist(values, bins=bins, histtype="step", label=f"{users} users")
            ax.set_xscale("log")
            ax.set_title(f"{SETUP_TITLES[setup]}: {kind}")
            ax.set_xlabel("latency (ms)")
            ax.set_ylabel("turns")
            ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(out / "latency-hist.png", dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for setup in setups:
        xs = [u for u in args.concurrency if find(phases, setup, f"{u} users")]
        ys = [find(phases, setup, f"{u} users").throughput for u in xs]  # type: ignore[union-attr]
        ax.plot(xs, ys, marker="o", label=f"{SETUP_TITLES[setup]}: mixed turns")
        cap = find(phases, setup, "FAQ capacity")
        if cap:
            ax.axhline(cap.throughput, linestyle="--", linewidth=1, color=ax.lines[-1].get_color())
            ax.annotate(
                f"FAQ capacity {cap.throughput:.0f}/s",
                (xs[0] if xs else 0, cap.throughput),
                fontsize="small",
                va="bottom",
            )
    ax.set_xlabel("concurrent conversations")
    ax.set_ylabel("answered turns per second")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Throughput ({args.think:.1f} s mean pause between turns)")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(out / "throughput.png", dpi=100)
    plt.close(fig)


# -- py-spy's collapsed stacks ----------------------------------------------------------

#: Leaves where a thread waits for work; py-spy does not always see that they are idle.
IDLE_LEAVES = (
    "_worker (concurrent/futures/thread.py:81)",
    "serve (sanic/server/runners.py:155)",
)
#: Each sample counts for the first of these found from its leaf towards its root.
STAGES = [
    ("action call: jsonschema check of the answer", ("_validate_action_result (rasa/core/",)),
    ("action call: request and events", ("run (rasa/core/actions/action.py",)),
    ("NLU: parse the message", ("parse_message (rasa/core/processor.py",)),
    ("policies: predict the next action", ("_predict_next_with_tracker (rasa/core/",)),
    ("tracker store: save", ("save_tracker (rasa/core/", "save (rasa/core/tracker_store")),
    ("tracker store: load", ("get_tracker (rasa/core/", "retrieve (rasa/core/tracker_store")),
    ("lock store", ("(rasa/core/lock",)),
    ("login store and page", ("(bot/login/",)),
    ("our custom actions", ("(actions/",)),
    ("hand-off outbox", ("(bot/handoff/",)),
    ("portal client", ("(portal_client/",)),
    ("action server framework (rasa_sdk)", ("(rasa_sdk/",)),
    ("rest of Rasa's turn", ("handle_message (rasa/core/",)),
    ("HTTP server outside the turn", ("(sanic/",)),
    ("worker threads (asyncio.to_thread)", ("(threading.py",)),
]


def summarise_profile(files: list[Path], top: int = 10) -> str:
    """Where each server's event-loop thread spent the wall-clock time of the phase.

    The recordings include idle samples (``--idle``) per thread (``--threads``), so
    the main thread's samples are its wall time: idle in the event loop, or busy in
    a stage of a turn, whether on the CPU or blocked in a call (SQLite's commit).
    """
    if not files:
        return ""
    parts = ["## Profile (py-spy, the event-loop thread's wall time)", ""]
    for path in files:
        if not path.exists() or not path.stat().st_size:
            parts += [f"`{path.name}`: no samples (py-spy could not attach?)", ""]
            continue
        stages: Counter[str] = Counter()
        libraries: Counter[str] = Counter()
        leaves: Counter[str] = Counter()
        total = idle = other_threads = 0
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            stack, _, count_text = raw.rpartition(" ")
            if not count_text.isdigit():
                continue
            count, frames = int(count_text), stack.split(";")
            if frames[0].startswith("thread ("):
                if "MainThread" not in frames[0]:
                    if frames[-1] not in IDLE_LEAVES:
                        other_threads += count
                    continue
                frames = frames[1:]
            if not frames:
                continue
            total += count
            if frames[-1] in IDLE_LEAVES:
                idle += count
                continue
            stages[_stage(frames)] += count
            libraries[_library(frames[-1])] += count
            leaves[frames[-1]] += count
        if not total:
            parts += [f"`{path.name}`: no samples of the main thread", ""]
            continue
        busy = total - idle
        parts += [
            f"**{path.name}**: {total} samples of the event-loop thread, busy in "
            f"{100 * busy / total:.0f} % of them; other threads busy for "
            f"{100 * other_threads / total:.0f} % of the wall time",
            "",
            "| stage, from the leaf up | of wall time | | library of the leaf | of wall time |",
            "|---|---|---|---|---|",
        ]
        left, right = stages.most_common(), libraries.most_common(len(stages))
        for row in range(max(len(left), len(right))):
            cells = [
                f"{items[row][0]} | {100 * items[row][1] / total:.0f} %"
                if row < len(items)
                else " | "
                for items in (left, right)
            ]
            parts.append(f"| {cells[0]} | | {cells[1]} |")
        parts += ["", "| hottest leaf functions | of wall time |", "|---|---|"]
        parts += [f"| `{f}` | {100 * n / total:.1f} % |" for f, n in leaves.most_common(top)]
        parts.append("")
    return "\n".join(parts)


def _stage(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, marks in STAGES:
            if any(mark in frame for mark in marks):
                return name
    return "other"


def _library(frame: str) -> str:
    place = frame.rpartition("(")[2].rstrip(")")
    return place.split("/")[0] if "/" in place else place.split(":")[0]


def command_line(args: argparse.Namespace) -> str:
    return "PYTHONPATH=. .venv/bin/python scripts/bench_load.py " + " ".join(sys.argv[1:]).rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--concurrency", type=int, nargs="+", default=[20, 100, 200])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between turns")
    parser.add_argument("--capacity-duration", type=float, default=15.0)
    parser.add_argument(
        "--setups", nargs="+", choices=list(SETUP_TITLES), default=list(SETUP_TITLES)
    )
    parser.add_argument("--py-spy", help="py-spy binary: profile the servers in one phase")
    parser.add_argument("--profile-at", type=int, default=100, help="users in the profiled phase")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    args.load_before = os.getloadavg()
    if args.py_spy and args.profile_at not in args.concurrency:
        parser.error("--profile-at must be one of the --concurrency values")

    args.out.mkdir(parents=True, exist_ok=True)
    # The load generator's own walks of its heap (up to 150 ms, gc.callbacks) delayed
    # the replies it was timing; what it imported stays out of them.
    gc.collect()
    gc.freeze()
    model = latest_model().name
    phases: list[Phase] = []
    skipped: dict[str, str] = {}
    profiles: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        for setup in args.setups:
            reason = run_setup(setup, args, Path(tmp), phases, profiles)
            if reason:
                print(f"*** {setup} SKIPPED: {reason}", file=sys.stderr, flush=True)
                skipped[setup] = reason
    summary = summarise_profile(profiles)
    if summary:
        (args.out / "profile.md").write_text(summary + "\n", encoding="utf-8")
    plots(args, phases, args.out)
    text = report(args, phases, skipped, model, summary)
    (args.out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {args.out / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
