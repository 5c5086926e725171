"""`python -m actions`: the action server, with the settings built once at start-up."""

from __future__ import annotations

import logging

from rasa_sdk import endpoint

from actions import runtime
from bot.settings import Settings


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings.from_env()
    runtime.configure(settings)
    endpoint.run("actions", port=settings.actions_port, cors_origins=None)


if __name__ == "__main__":
    main()
