"""Every refusal of the API is one shape (code, Russian detail, field errors); input types are strict."""

from __future__ import annotations

import re
from datetime import date

import pytest
import requests

from tests.central.harness import raw_session

CYRILLIC = re.compile("[а-яА-ЯёЁ]")
WAYBILLS = "/api/v1/points/p1/admin/waybills"


def _waybill(**customer: object) -> dict:
    return {
        "number": "TN-7000000001",
        "shipments": [
            {
                "posting": "7000000001-0001-1",
                # A code is valid on its date only: an undated one is refused.
                "customer": {
                    "id": "41000007",
                    "name": "Иванова А.",
                    "pickup_pin": "5521",
                    "pickup_pin_date": date.today().isoformat(),
                    **customer,
                },
                "items": [{"name": "Футболка", "price": 79900}],
            }
        ],
    }


def _is_error(answer: requests.Response, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"code", "detail", "errors"} and body["code"] == code
    assert CYRILLIC.search(body["detail"]), body["detail"]
    return body


@pytest.mark.parametrize("pin_date", ["0", 0, "03.12.2026", "2026-12-03T00:00:00", 1764720000])
def test_a_date_is_only_iso(central, owner, pin_date):
    body = _waybill(pickup_pin_date=pin_date)
    answer = owner.request("POST", WAYBILLS, json=body)
    error = _is_error(answer, 422, "invalid_input")
    assert error["errors"][0]["loc"][-1] == "pickup_pin_date"
    assert "pickup_pin_date" in error["detail"]


@pytest.mark.parametrize("price", [79900.0, "79900", True])
def test_kopecks_are_only_integers(central, owner, price):
    body = _waybill()
    body["shipments"][0]["items"][0]["price"] = price
    error = _is_error(owner.request("POST", WAYBILLS, json=body), 422, "invalid_input")
    assert error["errors"][0]["loc"][-1] == "price"


def test_an_iso_date_is_taken(central, owner):
    assert owner.request("POST", WAYBILLS, json=_waybill(pickup_pin_date="2026-12-03")).status_code == 201


def test_malformed_json_unknown_route_no_token_and_conflicts(central, owner):
    assert owner.tokens is not None
    http = raw_session(central.url, owner.tokens.access_token)
    broken = http.post(f"{central.url}{WAYBILLS}", data=b"{not json", headers={"Content-Type": "application/json"})
    _is_error(broken, 400, "malformed_request")
    _is_error(http.get(f"{central.url}/api/v1/nowhere"), 404, "not_found")
    anonymous = requests.get(f"{central.url}/api/v1/points/p1/support/tickets", timeout=10)
    _is_error(anonymous, 401, "unauthorized")
    assert anonymous.headers["WWW-Authenticate"] == 'Bearer realm="pvz"'
    expired = requests.get(f"{central.url}/oauth/userinfo", headers={"Authorization": "Bearer not-a-token"}, timeout=10)
    _is_error(expired, 401, "unauthorized")
    assert expired.headers["WWW-Authenticate"] == 'Bearer realm="pvz", error="invalid_token"'
    _is_error(http.get(f"{central.url}/api/v1/points/p2/support/tickets"), 403, "other_point")
    assert owner.request("POST", WAYBILLS, json=_waybill()).status_code == 201
    _is_error(owner.request("POST", WAYBILLS, json=_waybill()), 409, "waybill_exists")


@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/oauth/authorize", {"GET", "POST"}), ("/api/v1/points/p1/login-locks/emp1", {"DELETE"})],
)
def test_options_and_405_list_every_allowed_method(central, path, allowed):
    for method in ("OPTIONS", "PUT"):
        answer = requests.request(method, f"{central.url}{path}", timeout=10)
        _is_error(answer, 405, "method_not_allowed")
        assert set(answer.headers["Allow"].split(", ")) == allowed


def test_the_counter_reads_the_servers_422_naming_the_field(central, counter1):
    """An operation the server's schema refuses (a status no shipment has): the real 422 body is
    read with the wire model and the cashier's reason names the field the server named."""
    import uuid

    from pvz_desktop.workflows.outbox_body import operation_body

    transition = {"posting": "0000000001-0001-1", "action": "issue", "from": "stored", "to": "teleported"}
    answer = counter1.client.push(str(uuid.uuid4()), operation_body("issue", {"transitions": [transition]}))
    assert (answer.applied, answer.code) == (False, "invalid")
    assert answer.reason is not None and "payload.transitions.0.to" in answer.reason


def test_a_404_of_the_server_is_read_with_its_error_model(central, counter1):
    """The server's «not found» (its error body) tells the counter the shipment is gone: None."""
    assert counter1.client.shipment("0000000404-0001-1") is None
