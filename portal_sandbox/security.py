"""Password hashing, session tokens, the password-strength rule and the login backoff.

Passwords are kept only as salted scrypt hashes in a self-describing string
``scrypt$<n>$<r>$<p>$<salt>$<hash>`` (base64). Session tokens are random; only their
SHA-256 is stored, so a copy of the database holds no live token.

Wrong passwords slow a username down instead of locking it (issue 10, finding 3): a
lock that anyone can trigger is a denial of service, and one given only for existing
usernames tells which usernames exist.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import string

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
SALT_BYTES = 16
HASH_BYTES = 32
TOKEN_BYTES = 32

#: Wrong passwords are counted per username over this sliding window.
FAILURE_WINDOW_SECONDS = 15 * 60
#: So many wrong passwords in the window cost nothing (typos); the next ones wait.
FREE_FAILURES = 5
#: The first wait; it doubles with each further wrong password, up to the cap.
BACKOFF_BASE_SECONDS = 2
#: The longest wait: a legitimate user is never kept out longer than this at a time.
BACKOFF_MAX_SECONDS = 60

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 64
PASSWORD_MIN_CLASSES = 3
#: The rule as users are told it; the OpenAPI document states the same.
PASSWORD_RULE = (
    f"新密码须为{PASSWORD_MIN_LENGTH}至{PASSWORD_MAX_LENGTH}位，"
    "至少包含大写字母、小写字母、数字、符号中的三类，不能包含用户名，且不能与原密码相同。"
)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAXMEM, dklen=HASH_BYTES
    )


def hash_password(password: str) -> str:
    """Hash ``password`` with a fresh random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``; compares in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def dummy_hash() -> str:
    """A hash to check when the username is unknown, so both cases take the same time."""
    return hash_password(secrets.token_urlsafe(16))


def new_token() -> str:
    """A fresh random session token (URL-safe text)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The SHA-256 of a session token, as stored in the database."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def attempt_key(username: str) -> str:
    """The key under which login failures for ``username`` are counted (a SHA-256).

    The name itself is not stored: people type passwords into the username field.
    """
    data = username.encode("utf-8", "surrogatepass")
    return hashlib.sha256(b"hz12333-login-attempt\0" + data).hexdigest()


def backoff_seconds(failures: int) -> int:
    """How long to wait after the latest of ``failures`` wrong passwords in the window."""
    if failures < FREE_FAILURES:
        return 0
    doublings = min(failures - FREE_FAILURES, 16)
    return min(BACKOFF_BASE_SECONDS * 2**doublings, BACKOFF_MAX_SECONDS)


def password_problem(new: str, *, username: str, old: str | None = None) -> str | None:
    """Return why ``new`` breaks the rule (a reason code), or ``None`` if it is fine."""
    if not PASSWORD_MIN_LENGTH <= len(new) <= PASSWORD_MAX_LENGTH:
        return "LENGTH"
    classes = sum(
        [
            any(c.isupper() for c in new),
            any(c.islower() for c in new),
            any(c.isdigit() for c in new),
            any(not c.isalnum() for c in new),
        ]
    )
    if classes < PASSWORD_MIN_CLASSES:
        return "TOO_SIMPLE"
    if username and username.lower() in new.lower():
        return "CONTAINS_USERNAME"
    if old is not None and new == old:
        return "SAME_AS_OLD"
    return None


def generate_password() -> str:
    """A random password that meets the rule, for a reset at the counter."""
    alphabet = string.ascii_letters + string.digits
    while True:
        core = "".join(secrets.choice(alphabet) for _ in range(10))
        candidate = f"{core[:5]}-{core[5:]}"
        if password_problem(candidate, username="") is None:
            return candidate
