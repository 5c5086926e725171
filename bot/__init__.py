"""Our Rasa extensions: NLU components, channels, the web page, the hand-off outbox."""
