"""The console's errors, one tree::

ConsoleError
├── StaffError (ValueError)       a staff name or password that can't be used
└── ConsoleSetupError (RuntimeError)  the console must not start (demo account in production)
"""

from __future__ import annotations


class ConsoleError(Exception):
    """Base of every error the console raises."""


class StaffError(ConsoleError, ValueError):
    """A staff name or password that can't be used."""


class ConsoleSetupError(ConsoleError, RuntimeError):
    """The console must not start as configured."""
