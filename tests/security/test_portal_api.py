"""Schemathesis over the portal's OpenAPI document, against the sandbox as a real process.

Every operation of ``portal_client/openapi.yaml`` gets a bounded number of generated
requests, valid and invalid, with a live bearer token where the operation needs one.
Each answer must be no 5xx and must match the document: status, content type, headers
and body schema (issue 10, the attack suite). The figures go to the test's output and
to ``var/security/portal-fuzz.json`` for the closing note.

Two attacks of finding 3 run against the same process: parallel wrong guesses must
neither lock the account nor end its session, and a made-up username must get the same
kinds of answer as a real one.

The sandbox is this test's own process, not the session's shared portal: the fuzzer
and the attacks send wrong passwords for the demo accounts, which slows them down.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import portal_client
from portal_sandbox.seed import DEMO_PASSWORD
from scripts.servers import ROOT, running_portal

DOCUMENT = Path(portal_client.__file__).parent / "openapi.yaml"
REPORT = ROOT / "var" / "security" / "portal-fuzz.json"
#: Generated requests per operation and generation mode (valid, invalid); keeps the
#: whole test well under a minute on a loaded two-core machine.
MAX_EXAMPLES = 40
#: One request to the local sandbox; generous for a loaded machine.
REQUEST_TIMEOUT_SECONDS = 10
#: Parallel guesses of the lockout attack.
ATTACK_THREADS = 8
#: Not ``negative_data_rejection``: the bearer token is added to every request, so the
#: requests that it believes lack one do not, and unknown query parameters are ignored.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
#: Run last: it ends the session that the other operations use.
LAST = ("logout",)


@pytest.fixture(scope="module")
def portal_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_portal(tmp_path_factory.mktemp("portal-fuzz")) as url:
        yield url


def login(base_url: str, username: str = "demo-company") -> str:
    response = requests.post(
        f"{base_url}/api/v1/sessions",
        json={"username": username, "password": DEMO_PASSWORD},
        timeout=REQUEST_TIMEOUT_SECONDS,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


class Tally:
    """What was sent and what came back, for the report."""

    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.answers: Counter[tuple[str, str, int]] = Counter()
        self.failures: list[str] = []


def fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str], tally: Tally) -> None:
    """Send ``MAX_EXAMPLES`` generated requests of ``operation`` and check each answer."""
    label = f"{operation.method.upper()} {operation.path}"

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy(generation_mode=mode))
        response = case.call(headers=headers, timeout=REQUEST_TIMEOUT_SECONDS)
        tally.sent[label] += 1
        tally.statuses[response.status_code] += 1
        tally.answers[(label, mode.value, response.status_code)] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, FailureGroup) as exc:
            tally.failures.append(f"{mode.value} {label} -> {response.status_code}: {exc}"[:3000])

    try:
        run()
    except Unsatisfiable:
        # Nothing to make invalid: the operation takes no parameters and no body.
        assert mode is GenerationMode.NEGATIVE, label


def test_every_operation_conforms_and_never_fails(portal_url: str) -> None:
    schema = schemathesis.openapi.from_path(DOCUMENT)
    schema.config.update(base_url=portal_url)
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # the document itself is valid
        operations.append(result.ok())
    operations.sort(key=lambda op: op.definition.raw.get("operationId") in LAST)
    token = login(portal_url)
    tally = Tally()
    for operation in operations:
        needs_token = operation.definition.raw.get("security", schema.raw_schema["security"])
        headers = {"Authorization": f"Bearer {token}"} if needs_token else {}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode, headers, tally)
    sent, statuses, failures = tally.sent, tally.statuses, tally.failures

    figures = {
        "document": str(DOCUMENT.relative_to(ROOT)),
        "operations": len(operations),
        "operations_covered": sorted(sent),
        "requests": sum(sent.values()),
        "requests_per_operation": dict(sorted(sent.items())),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "statuses_per_operation": {
            f"{label} ({mode})": {
                str(status): count
                for (other, other_mode, status), count in sorted(tally.answers.items())
                if (other, other_mode) == (label, mode)
            }
            for label, mode, _ in sorted(tally.answers)
        },
        "server_errors": sum(v for k, v in statuses.items() if k >= 500),
        "nonconforming": len(failures),
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"\nportal fuzz: {figures['requests']} requests over {len(sent)}/{len(operations)} "
        f"operations, {figures['server_errors']} 5xx, {len(failures)} nonconforming; "
        f"statuses {figures['statuses']}"
    )
    assert len(sent) == len(operations)
    assert figures["server_errors"] == 0, failures
    assert not failures, "\n".join(failures[:10])


def wrong_login(base_url: str, username: str) -> tuple[int, str]:
    response = requests.post(
        f"{base_url}/api/v1/sessions",
        json={"username": username, "password": "guess-Pa55word"},
        timeout=REQUEST_TIMEOUT_SECONDS,
    )
    return response.status_code, response.json()["error"]["code"]


def test_an_attacker_cannot_lock_an_account_or_end_its_sessions(portal_url: str) -> None:
    """Twenty parallel wrong guesses: most are refused unchecked, the victim stays in."""
    victim = login(portal_url, "demo-mailbox")
    with ThreadPoolExecutor(max_workers=ATTACK_THREADS) as pool:
        answers = list(pool.map(lambda _: wrong_login(portal_url, "demo-mailbox"), range(20)))
    checked = answers.count((401, "AUTHENTICATION_FAILED"))
    throttled = answers.count((429, "TOO_MANY_ATTEMPTS"))
    assert checked + throttled == len(answers), answers
    assert throttled > 0 and checked < len(answers) // 2, answers
    account = requests.get(
        f"{portal_url}/api/v1/account",
        headers={"Authorization": f"Bearer {victim}"},
        timeout=REQUEST_TIMEOUT_SECONDS,
    )
    assert account.status_code == 200 and account.json()["username"] == "demo-mailbox"


def test_answers_do_not_tell_which_usernames_exist(portal_url: str) -> None:
    """The same guesses for a real and a made-up username get the same kinds of answer.

    Interleaved, so that both see the same timing; the exact, clock-controlled
    comparison (bodies and Retry-After too) is in tests/portal_client/test_client.py.
    """
    seen: dict[str, list[tuple[int, str]]] = {"demo-nonprofit": [], "no-such-user-x7": []}
    for _ in range(8):
        for username, answers in seen.items():
            answers.append(wrong_login(portal_url, username))
    assert set(seen["demo-nonprofit"]) == set(seen["no-such-user-x7"]), seen
    assert {status for status, _ in seen["demo-nonprofit"]} <= {401, 429}
