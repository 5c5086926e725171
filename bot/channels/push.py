"""Where the server can reach a user without being asked: live output channels by conversation.

Only channels with a live connection (the web page's socket) register here. A
message that the server starts itself, such as the login outcome, goes to the
registered output, and otherwise waits in the tracker for the user's next turn.
"""

from __future__ import annotations

from rasa.core.channels.channel import OutputChannel

_outputs: dict[str, OutputChannel] = {}


def register(conversation_id: str, output: OutputChannel) -> None:
    _outputs[conversation_id] = output


def unregister(conversation_id: str, output: OutputChannel | None = None) -> None:
    if output is None or _outputs.get(conversation_id) is output:
        _outputs.pop(conversation_id, None)


def output_for(conversation_id: str) -> OutputChannel | None:
    return _outputs.get(conversation_id)
