"""``python -m bot.console``: serve the console; ``add-staff NAME``; ``report --week``."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.console.errors import ConsoleSetupError, StaffError
from bot.console.store import ConsoleStore
from bot.settings import Settings, SettingsError


def prepare(settings: Settings, store: ConsoleStore) -> None:
    """The demo account locally; in production, refuse to serve while it still works."""
    if not settings.production:
        store.ensure_demo_staff()
    elif store.demo_staff_usable():
        raise ConsoleSetupError(
            "APP_ENV=production refuses to start the console: the demo account staff-demo "
            "still has its documented password; set another with "
            "`python -m bot.console add-staff staff-demo`"
        )


def serve(settings: Settings) -> int:
    from aiohttp import web

    from bot.console.server import Console
    from bot.logs import configure_logging

    configure_logging(settings.log_format)
    console = Console(settings)
    prepare(settings, console.store)
    web.run_app(
        console.app(),
        host=settings.bind_host,
        port=settings.console_port,
        print=lambda _: print(
            f"[console] http://{settings.bind_host}:{settings.console_port}/", flush=True
        ),
    )
    return 0


def add_staff(settings: Settings, name: str, *, from_stdin: bool) -> int:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {name}: ")
        if getpass.getpass("again: ") != password:
            print("the passwords differ; nothing changed", file=sys.stderr)
            return 2
    try:
        ConsoleStore(settings.database_url).add_staff(name, password)
    except StaffError as exc:
        print(f"not saved: {exc}", file=sys.stderr)
        return 2
    print(f"staff account {name} saved")
    return 0


def report(settings: Settings) -> int:
    from bot.console.data import ConsoleData
    from bot.console.report import write_week_report

    path = write_week_report(ConsoleData(settings), settings.var_dir / "reports")
    print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.console", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="serve the console (the default)")
    staff = sub.add_parser("add-staff", help="create a staff account or set its password")
    staff.add_argument("name")
    staff.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    rep = sub.add_parser("report", help="write the weekly Markdown report to var/reports/")
    rep.add_argument("--week", action="store_true", required=True)
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        raise SystemExit(f"[console] not started: {exc}") from None
    if args.command == "add-staff":
        return add_staff(settings, args.name, from_stdin=args.password_stdin)
    if args.command == "report":
        return report(settings)
    try:
        return serve(settings)
    except ConsoleSetupError as exc:
        raise SystemExit(f"[console] {exc}") from None


if __name__ == "__main__":
    sys.exit(main())
