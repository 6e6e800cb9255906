"""Schemathesis against the served OpenAPI: no input makes the server answer 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.central.harness import POINT, Central, login, start_central

EXAMPLES = 15  # per operation: about two hundred requests in all


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Central, str]]:
    # Long-polls are cut short: the fuzzer asks for many of them.
    server = start_central(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'central.db'}", max_wait=0.05)
    owner = login(server.url, "owner1")  # the owner may call every route: the fuzzer reaches the handlers
    assert owner.tokens is not None
    yield server, owner.tokens.access_token
    server.close()


@pytest.fixture(scope="module")
def api_schema(fuzzed: tuple[Central, str]) -> schemathesis.BaseSchema:
    server, _ = fuzzed
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


def test_no_input_makes_the_server_fail(api_schema: schemathesis.BaseSchema, fuzzed: tuple[Central, str]) -> None:
    server, token = fuzzed
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def call(case: schemathesis.Case) -> None:
            if "point_id" in (case.path_parameters or {}):
                case.path_parameters["point_id"] = POINT  # past the access check, into the handlers
            case.call_and_validate(base_url=server.url, headers=headers, checks=[not_a_server_error])

        call()


def test_the_schema_lists_the_counter_routes(api_schema: schemathesis.BaseSchema, fuzzed) -> None:
    import requests

    server, _ = fuzzed
    paths = requests.get(f"{server.url}/openapi.json", timeout=10).json()["paths"]
    for path in ("/oauth/authorize", "/oauth/token", "/oauth/revoke", "/oauth/userinfo"):
        assert path in paths
    for path in ("/operations", "/changes", "/shipments/{posting}", "/admin/waybills", "/users"):
        assert f"/api/v1/points/{{point_id}}{path}" in paths
    assert Path
