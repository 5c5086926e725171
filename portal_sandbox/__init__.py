"""A reference server of the portal API (``portal_client/openapi.yaml``) for the local stack and tests.

It shares only the wire format with :mod:`portal_client`; run it with
``python -m portal_sandbox serve``. Tests start it with
:func:`portal_sandbox.testing.running_sandbox`.
"""
