"""Rasa input channels of our own: REST, web (socket.io), Twilio SMS and voice."""
