"""Account linking: one-time login links, the login page, and portal sessions kept server-side."""
