"""The 12333 operators' console (issue 14): what the bot could not answer, the tickets,
the conversations and whether the bot saved people a call.

Its own process (``python -m bot.console``, port ``CONSOLE_PORT``); it reads the
tracker store, the hand-off outbox and the feedback table, and writes only its own
``console_*`` tables (staff, sessions, audit log, handled inbox groups). See
docs/console.md. Errors: :mod:`bot.console.errors`.
"""

from bot.console.errors import ConsoleError, ConsoleSetupError, StaffError

__all__ = ["ConsoleError", "ConsoleSetupError", "StaffError"]
