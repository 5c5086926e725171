"""The sandbox's command line: serve, seed, and the staff's review and password reset.

    python -m portal_sandbox serve
    python -m portal_sandbox seed
    python -m portal_sandbox review HZ2026112307415 --approve [--note TEXT]
    python -m portal_sandbox review HZ2026112307415 --reject --note "材料不全，请补充后再提交"
    python -m portal_sandbox reset-password demo-person [--password NEW]
    python -m portal_sandbox restore-demo

A review or a cancel queues one status-change event per subscription of the
submission; the running ``serve`` process sends them (portal_sandbox/events.py).

Settings come from the environment once, here (see :class:`SandboxSettings`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping, Sequence

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from portal_sandbox.app import create_app
from portal_sandbox.errors import ApiError
from portal_sandbox.events import EventSettings
from portal_sandbox.seed import restore_demo_submissions
from portal_sandbox.server import open_service
from portal_sandbox.settings import SandboxSettings, SettingsError

STATUS_LABELS = {
    "pending": "未审核",
    "approved": "审核通过",
    "rejected": "审核未通过",
    "cancelled": "已注销",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m portal_sandbox",
        description="Sandbox of the Hangzhou HRSS online-services portal (杭州人社网上办事).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the API on PORTAL_PORT (default 8088)")
    serve.add_argument("--no-seed", action="store_true", help="do not load the demo data")

    commands.add_parser("seed", help="create the schema and load the demo data (idempotent)")

    commands.add_parser(
        "restore-demo",
        help="put the demo submissions back in their seeded statuses (after a demo cancelled one)",
    )

    review = commands.add_parser("review", help="approve or reject a pending submission")
    review.add_argument("acceptance_no", metavar="ACCEPTANCE_NO", help="受理编号")
    verdict = review.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--approve", action="store_true", help="审核通过")
    verdict.add_argument("--reject", action="store_true", help="审核未通过 (needs --note)")
    review.add_argument("--note", default=None, help="the reviewer's note (审核意见)")

    reset = commands.add_parser(
        "reset-password",
        help="set a new password (and clear the login backoff), as at the counter",
    )
    reset.add_argument("username", metavar="USERNAME")
    reset.add_argument(
        "--password", default=None, help="the new password; without it one is generated"
    )
    return parser


def main(argv: Sequence[str] | None = None, *, env: Mapping[str, str] | None = None) -> int:
    """Run one command; return the exit status (0 done, 1 refused, 2 bad usage)."""
    args = build_parser().parse_args(argv)
    try:
        settings = SandboxSettings.from_env(env)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "serve":
        return _serve(settings, seed=not args.no_seed)

    service, engine = open_service(
        settings.database_url,
        session_idle_seconds=settings.session_idle_seconds,
        seed=args.command == "seed",
    )
    try:
        if args.command == "seed":
            print(f"schema and demo data ready in {engine.url.render_as_string()}")
        elif args.command == "restore-demo":
            restored = restore_demo_submissions(sessionmaker(engine))
            print(f"{restored} 条演示申报已恢复为初始状态。")
        elif args.command == "review":
            result = service.review(args.acceptance_no, approve=args.approve, note=args.note)
            line = f"{result['acceptance_no']} {result['item']}: {STATUS_LABELS[result['status']]}"
            if result["reviewer_note"]:
                line += f"（审核意见：{result['reviewer_note']}）"
            print(line)
        elif args.command == "reset-password":
            password = service.reset_password(args.username, args.password)
            if args.password is None:
                print(f"{args.username} 的新密码：{password}")
            else:
                print(f"{args.username} 的密码已重置。")
            print("登录限制已解除，原有登录会话已全部失效。")
    except ApiError as exc:
        print(f"error: {exc.code.value}: {exc.message}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


def _serve(settings: SandboxSettings, *, seed: bool) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    service, engine = open_service(
        settings.database_url, session_idle_seconds=settings.session_idle_seconds, seed=seed
    )
    try:
        web.run_app(
            create_app(
                service,
                events=EventSettings(url=settings.events_url, secret=settings.events_secret),
            ),
            host=settings.host,
            port=settings.port,
            print=lambda _: print(
                f"portal sandbox on http://{settings.host}:{settings.port}", flush=True
            ),
        )
    finally:
        engine.dispose()
    return 0
