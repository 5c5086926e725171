"""Password hashes, session tokens and the password rule."""

from __future__ import annotations

import hashlib

import pytest

from portal_sandbox import security


def test_passwords_are_salted_scrypt_hashes() -> None:
    first, second = security.hash_password("Demo-2026"), security.hash_password("Demo-2026")
    assert first != second
    assert first.startswith(f"scrypt${security.SCRYPT_N}$8$1$")
    assert "Demo-2026" not in first
    assert security.verify_password("Demo-2026", first)
    assert security.verify_password("Demo-2026", second)
    assert not security.verify_password("demo-2026", first)


@pytest.mark.parametrize("stored", ["", "plain", "md5$x$y$z$a$b", "scrypt$a$b$c$d$e"])
def test_a_malformed_stored_hash_never_matches(stored: str) -> None:
    assert not security.verify_password("Demo-2026", stored)


def test_tokens_are_random_and_stored_as_sha256() -> None:
    tokens = {security.new_token() for _ in range(50)}
    assert len(tokens) == 50
    token = tokens.pop()
    assert len(token) >= 40
    assert security.hash_token(token) == hashlib.sha256(token.encode()).hexdigest()


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Demo-2026", None),
        ("Qiantang-River-88", None),
        ("abcDEF123", None),
        ("abc!@#123", None),
        ("Ab-1", "LENGTH"),
        ("Aa1-" * 17, "LENGTH"),
        ("abcdefgh", "TOO_SIMPLE"),
        ("abcd1234", "TOO_SIMPLE"),
        ("杭州市人社局网上办事12", "TOO_SIMPLE"),
        ("x-Demo-Person-1", "CONTAINS_USERNAME"),
        ("Old-Pass-123", "SAME_AS_OLD"),
    ],
)
def test_the_password_rule(password: str, problem: str | None) -> None:
    assert (
        security.password_problem(password, username="demo-person", old="Old-Pass-123") == problem
    )


def test_generated_passwords_meet_the_rule() -> None:
    for _ in range(50):
        assert (
            security.password_problem(security.generate_password(), username="demo-person") is None
        )
