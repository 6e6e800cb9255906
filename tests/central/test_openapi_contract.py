"""The server answers the way its own OpenAPI schema says.

Schemathesis runs with every check and every phase (coverage, fuzzing, stateful links) against
the real server on 127.0.0.1 with a real owner token; the run must end with no failure other than
the reviewed exceptions of ``schemathesis.toml`` (each with its reason). The schema itself is
checked too: one error model, every protected route documents 401/403 and carries security.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.central.harness import Central, login, start_central

CONFIG = Path(__file__).with_name("schemathesis.toml")
ALLOWED = Path(__file__).with_name("schemathesis-baseline.json")  # the reviewed allow-list, with reasons
EXAMPLES = int(os.environ.get("PVZ_SCHEMATHESIS_EXAMPLES", "20"))  # per operation and phase
SEED = os.environ.get("PVZ_SCHEMATHESIS_SEED", "20261203")  # fixed: the same cases on every run
RUN_TIMEOUT = 600  # seconds: the whole run, a hang fails the test instead of CI
ERROR_STATUSES = {"400", "401", "403", "404", "409", "413", "422", "429"}
OAUTH_FORMS = {"/oauth/token", "/oauth/revoke"}  # answer RFC 6749 §5.2 error bodies
HTML_PAGES = {"/oauth/authorize"}  # the login page answers with pages


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Central, str]]:
    # Long-polls are cut short: the fuzzer asks for many of them.
    server = start_central(f"sqlite:///{tmp_path_factory.mktemp('contract') / 'central.db'}", max_wait=0.05)
    owner = login(server.url, "owner1")  # the owner may call every route: the fuzzer reaches the handlers
    assert owner.tokens is not None
    yield server, owner.tokens.access_token
    server.close()


@pytest.fixture(scope="module")
def schema(served: tuple[Central, str]) -> dict:
    server, _ = served
    return requests.get(f"{server.url}/openapi.json", timeout=10).json()


def test_schemathesis_all_checks_and_the_stateful_phase_find_nothing(
    served: tuple[Central, str], tmp_path: Path
) -> None:
    server, token = served
    report = tmp_path / "schemathesis.json"
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run"),
        f"{server.url}/openapi.json",
        *("--checks", "all", "--phases", "examples,coverage,fuzzing,stateful"),
        *("--max-examples", str(EXAMPLES), "--seed", SEED, "--workers", "1", "--no-color"),
        *("--header", f"Authorization: Bearer {token}"),
        *("--report", "json", "--report-json-path", str(report)),
        *("--baseline", str(ALLOWED)),
    ]
    started = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False)
    took = time.monotonic() - started
    assert report.exists(), run.stdout[-4000:] + run.stderr[-4000:]
    result = json.loads(report.read_text())
    print(f"schemathesis: {result['test_cases']['generated']} cases in {took:.0f} s, phases {result['phases']}")
    assert result["complete"] and not result["errors"], run.stdout[-8000:]
    assert result["operations"]["tested"] == result["operations"]["total"] >= 18
    assert result["failures"] == [], run.stdout[-12000:]
    assert result["phases"]["stateful"]["status"] == "success", result["phases"]
    assert run.returncode == 0, run.stdout[-8000:]


def test_each_allowed_failure_says_why() -> None:
    entries = json.loads(ALLOWED.read_text())["entries"]
    assert len(entries) <= 7  # grows only by review (the last three: integers written as floats)
    for entry in entries:
        assert len(entry.get("reason", "")) > 80 and ("RFC" in entry["reason"] or "draft" in entry["reason"]), entry


def _operations(schema: dict) -> Iterator[tuple[str, str, dict]]:
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_error_answer_is_the_one_error_model(schema: dict) -> None:
    schemas = schema["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    error = schemas["ApiError"]
    assert set(error["required"]) == {"code", "detail", "errors"}
    for path, method, operation in _operations(schema):
        for status, answer in operation["responses"].items():
            if status not in ERROR_STATUSES or (path in HTML_PAGES and "text/html" in answer.get("content", {})):
                continue
            body = answer["content"]["application/json"]["schema"]
            if path in OAUTH_FORMS and status in ("400", "401"):
                assert body == {"$ref": "#/components/schemas/OAuthError"}, (method, path, status)
                continue
            model = schemas[body["$ref"].rsplit("/", 1)[1]]
            # ApiError itself, or (a refused counter operation) ApiError's fields with more.
            assert set(model["required"]) >= {"code", "detail"}, (method, path, status)
            assert set(model["properties"]) >= set(error["properties"]), (method, path, status)


def test_protected_routes_declare_their_security_and_document_401_403(schema: dict) -> None:
    schemes = schema["components"]["securitySchemes"]
    flow = schemes["pvzLogin"]["flows"]["authorizationCode"]
    assert (flow["authorizationUrl"], flow["tokenUrl"]) == ("/oauth/authorize", "/oauth/token")
    assert schemes["bearerToken"] == {**schemes["bearerToken"], "type": "http", "scheme": "bearer"}
    protected = [(p, m, o) for p, m, o in _operations(schema) if p.startswith("/api/")]
    assert len(protected) >= 12
    for path, method, operation in protected:
        assert {"pvzLogin": ["pvz"]} in operation["security"] and {"bearerToken": []} in operation["security"]
        assert {"401", "403", "422"} <= set(operation["responses"]), (method, path)
        if "requestBody" in operation:
            assert {"400", "413"} <= set(operation["responses"]), (method, path)
    userinfo = schema["paths"]["/oauth/userinfo"]["get"]
    assert "security" in userinfo and "401" in userinfo["responses"]
    authorize = schema["paths"]["/oauth/authorize"]
    assert {"302", "400"} <= set(authorize["get"]["responses"])
    assert {"302", "400", "429"} <= set(authorize["post"]["responses"])
    assert {"400", "401"} <= set(schema["paths"]["/oauth/token"]["post"]["responses"])


def test_the_schema_lists_the_counter_routes(schema: dict) -> None:
    paths = schema["paths"]
    for path in ("/oauth/authorize", "/oauth/token", "/oauth/revoke", "/oauth/userinfo"):
        assert path in paths
    assert "/.well-known/oauth-authorization-server" in paths
    for path in ("/operations", "/changes", "/shipments/{posting}", "/admin/waybills", "/users", "/login-locks"):
        assert f"/api/v1/points/{{point_id}}{path}" in paths
