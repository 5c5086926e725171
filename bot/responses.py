"""Domain responses that the bot's own code says, outside a Rasa turn.

The carriers' SMS keywords, a voice caller's reply code, a status alert, an agent's
reply: no action runs for them, yet their sentences stay in domain.yml with every
other sentence a user sees, where a content editor finds them. Each module reads
its own once, at start-up, and a missing one stops it there.

Outside :mod:`bot.channels` because the ticket notices (:mod:`bot.handoff.notices`)
read theirs too, and the actions import those, never the channels.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT

DOMAIN_PATH = PROJECT_ROOT / "domain.yml"


def response_texts(
    names: Iterable[str],
    *,
    domain_path: Path = DOMAIN_PATH,
    optional: Iterable[str] = (),
) -> dict[str, str]:
    """The first variation's text of each response in ``names``.

    Raises ``RuntimeError`` for one that is missing or has no text, unless it is
    ``optional`` (then its text is empty).
    """
    responses = _responses(domain_path)
    may_be_empty = set(optional)
    texts = {}
    for name in names:
        variations = responses.get(name) or [{}]
        texts[name] = str(variations[0].get("text") or "")
        if not texts[name] and name not in may_be_empty:
            raise RuntimeError(f"{name} is missing from the domain")
    return texts


@lru_cache(maxsize=4)
def _responses(domain_path: Path) -> dict[str, list[dict[str, object]]]:
    """The domain's responses, parsed once per process: several modules read theirs at import."""
    domain = yaml.safe_load(domain_path.read_text(encoding="utf-8")) or {}
    return domain.get("responses") or {}
