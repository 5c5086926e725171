"""The attack suite's stack: real processes with every public channel, as production runs them.

Twilio requests are signed for ``PUBLIC_URL`` with a test auth token, as in
``tests/e2e/test_twilio_*.py``; the voice channel's outbound SMS goes to a local
fake of Twilio's REST API. The portal sandbox is the suite's own: the attacks lock
and log into its demo accounts, which must not disturb the other tests' portal.
The Rasa server takes the client's address from ``X-Real-IP`` as it does behind
nginx; a request without that header counts as 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.servers import running_bot, running_portal
from tests.bot.channels.twilio_helpers import AUTH_TOKEN, PUBLIC_URL, FakeTwilioApi

#: The header nginx sets with the client's address (deploy/nginx.conf).
REAL_IP_HEADER = "X-Real-IP"
#: Every channel of the production credentials.yml, with outbound SMS kept local.
CREDENTIALS = """\
bot.channels.rest.RestInput:
bot.login.page.LoginInput:
bot.channels.web.WebChatInput:
bot.channels.twilio_sms.TwilioSmsInput:
bot.channels.twilio_voice.TwilioVoiceInput:
  twilio_api_url: {twilio_api_url}
bot.channels.ops.OpsInput:
"""


@dataclass(frozen=True)
class AttackStack:
    """Where the suite's servers listen and what signs for them."""

    #: The Rasa server as the tests reach it.
    url: str
    #: What users and Twilio reach it at: links and signatures use this.
    public_url: str
    twilio_token: str
    portal_url: str
    twilio_api: FakeTwilioApi

    def local(self, public_link: str) -> str:
        """A link the bot sent (under ``public_url``) rewritten to reach the test server."""
        assert public_link.startswith(self.public_url), public_link
        return self.url + public_link[len(self.public_url) :]


@pytest.fixture(scope="session")
def attack_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AttackStack]:
    """Portal sandbox, action server and Rasa server with all channels, once per session."""
    workdir: Path = tmp_path_factory.mktemp("attack_stack")
    with FakeTwilioApi() as twilio_api, running_portal(workdir) as portal_url:
        credentials = workdir / "credentials.yml"
        credentials.write_text(CREDENTIALS.format(twilio_api_url=twilio_api.url), encoding="utf-8")
        with running_bot(
            workdir,
            credentials=credentials,
            PORTAL_URL=portal_url,
            PUBLIC_URL=PUBLIC_URL,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN,
            # As behind nginx (bot/ratelimit.py): the client's address comes from
            # X-Real-IP, so a test can speak from many addresses or from one.
            SANIC_REAL_IP_HEADER=REAL_IP_HEADER,
        ) as url:
            yield AttackStack(
                url=url,
                public_url=PUBLIC_URL,
                twilio_token=AUTH_TOKEN,
                portal_url=portal_url,
                twilio_api=twilio_api,
            )
