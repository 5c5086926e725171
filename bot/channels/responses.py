"""Domain responses that a channel says itself, outside a Rasa turn (:mod:`bot.responses`)."""

from bot.responses import DOMAIN_PATH, response_texts

__all__ = ["DOMAIN_PATH", "response_texts"]
