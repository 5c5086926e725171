"""What the Rasa server and the action server agree on, and nothing else.

Both processes import this module; it imports nothing of Rasa's, nor of ours, so
the action server can read the names the channels write without loading Rasa's
core, its channels or our local mail capture. A name that crosses the process
boundary (a metadata key, an internal intent, the login path, an action or slot
the other side refers to) is defined here once.
"""

from __future__ import annotations

import json

# -- channels -------------------------------------------------------------------

#: Rasa's names of our input channels (``InputChannel.name()``).
REST = "rest"
WEB = "socketio"
SMS = "twilio"
VOICE = "twilio_voice"
#: Channels whose number Twilio vouched for by signing the request.
TWILIO_CHANNELS = frozenset({SMS, VOICE})

#: Every conversation id starts with its channel's prefix, so that an id one channel
#: accepts from a user ("+8613800138000" sent as a REST sender) can never name a
#: conversation of another channel.
CONVERSATION_PREFIXES = {REST: "rest", WEB: "web", SMS: "sms", VOICE: "voice"}


def conversation_id(channel: str, local_id: str) -> str:
    """The tracker's conversation id for ``local_id`` on ``channel``."""
    return f"{CONVERSATION_PREFIXES[channel]}:{local_id}"


# -- message metadata (written by the channels, read by the actions) -------------

#: The input channel's name.
CHANNEL_KEY = "channel"
#: A keyed hash, scoped to the channel, of what only the user's client holds.
CLIENT_BINDING_KEY = "client_binding"
#: A keyed hash of the client's network address, for quotas.
CLIENT_NET_KEY = "client_net"
#: The phone number Twilio signed for (SMS and voice only).
PHONE_KEY = "phone"

# -- internal intents and entities ------------------------------------------------

#: Tells a conversation how its login went. Channels never let a user type it, and
#: the action re-checks the database.
LOGIN_EVENT_INTENT = "login_event"
LOGIN_OUTCOME_ENTITY = "login_outcome"
#: Given, without NLU, to a message that held a password.
SECRET_INTENT = "sent_secret"
#: Metadata of a message whose password was masked but whose question is still answered:
#: the answering action warns first (actions/confirmation.py).
SECRET_MASKED_KEY = "secret_masked"

# -- the login page -------------------------------------------------------------------

#: Where a one-time login link points, under ``PUBLIC_URL``.
LOGIN_PATH = "/webhooks/login/t/"

# -- actions and slots both sides name ---------------------------------------------------

#: Its turn, when saved, erases the conversation (bot.stores.ErasingSQLTrackerStore).
ERASE_ACTION = "action_erase_conversation"


# -- the guide's topics ----------------------------------------------------------------

#: The FAQ topics (``faq/<topic>``): what a topic button may carry, and what the
#: actions give a title to.
FAQ_TOPICS = (
    "open_online",
    "citizen_mailbox",
    "documents",
    "agent_agreement",
    "login_methods",
    "how_to_operate",
    "batch",
    "fix_data",
    "check_progress",
    "change_password",
    "password_lost",
    "flow",
    "review_vs_query",
    "resubmit",
    "website",
    "contact",
    "not_in_guide",
)

# -- the main menu ---------------------------------------------------------------------

#: The guide topics every channel offers first, in order: the greeting's buttons (which
#: the SMS channel numbers 1, 2, 3 …) and the voice keypad's keys 1, 2, 3 come from here.
MAIN_MENU_TOPICS = ("open_online", "documents", "password_lost")


#: The intents of buttons that offer a choice among like things (a topic, a type, one of
#: a list). A number beyond a menu of them is a slip of the finger; beyond a menu of
#: things to do with what is shown ("注销这条", "开启提醒"), the list before keeps its
#: numbers beyond that menu's lines (bot.channels.twilio_sms).
PICK_INTENT = "pick_submission"
CHOICE_INTENTS = ("choose_topic", "inform_applicant_type", PICK_INTENT)


def topic_payload(topic: str) -> str:
    """The payload of a button that picks a guide topic."""
    return "/choose_topic" + json.dumps({"topic": topic})
