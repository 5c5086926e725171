"""Developer scripts: training, the web build, benchmarks, and the helpers that start
the stack's processes for benchmarks and tests alike (``servers``, ``infra``).

Tests import these helpers; these never import ``tests/``.
"""
