"""The server's OpenAPI document and the wire models agree — the same fields, types and
required-ness — for every route the counter calls; and each model refuses what the server never
sends, naming the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from pvz_central.app import create_app
from pvz_desktop import wire

POINT = "/api/v1/points/{point_id}"
# (method, path) -> (request body model or None, {status: answer model}): what the counter calls and reads.
COUNTER_ROUTES: dict[tuple[str, str], tuple[type[BaseModel] | None, dict[str, Any]]] = {
    ("get", "/oauth/userinfo"): (None, {"200": wire.UserInfoAnswer}),
    ("get", "/health"): (None, {"200": wire.Health}),
    ("get", "/.well-known/oauth-authorization-server"): (None, {"200": wire.AuthServerMetadata}),
    ("post", f"{POINT}/operations"): (wire.OperationIn, {"200": wire.OperationOut, "409": wire.OperationRefused}),
    ("post", f"{POINT}/operations/batch"): (wire.BatchIn, {"200": wire.BatchOut}),
    ("get", f"{POINT}/changes"): (None, {"200": wire.ChangePage}),
    ("get", f"{POINT}/shipments/{{posting}}"): (None, {"200": wire.SHIPMENT}),
    ("get", f"{POINT}/pickup-key"): (None, {"200": wire.PickupKeyAnswer}),
}
IGNORED = {"title", "description", "default", "examples"}


def shape(schema: dict[str, Any], resolve: Any) -> Any:
    """A schema reduced to what a client depends on: types, fields, required-ness, limits, enums."""
    if "$ref" in schema:
        return shape(resolve(schema["$ref"]), resolve)
    for union in ("anyOf", "oneOf"):  # oneOf: a union tagged by a field (the feed's entity)
        if union in schema:
            options = sorted((shape(s, resolve) for s in schema[union]), key=lambda s: json.dumps(s, sort_keys=True))
            tag = schema.get("discriminator")  # its mapping names each option's $ref: the tags are what counts
            return {union: options} | ({"tag": [tag["propertyName"], sorted(tag["mapping"])]} if tag else {})
    out: dict[str, Any] = {k: v for k, v in schema.items() if k not in IGNORED | {"properties", "items", "$defs"}}
    if schema.get("type") == "object" or "properties" in schema:
        out["properties"] = {k: shape(v, resolve) for k, v in schema.get("properties", {}).items()}
        out["required"] = sorted(schema.get("required", []))
        if isinstance(schema.get("additionalProperties"), dict):
            out["additionalProperties"] = shape(schema["additionalProperties"], resolve)
    if "items" in schema:
        out["items"] = shape(schema["items"], resolve)
    return out


def model_shape(model: type[BaseModel] | TypeAdapter[Any], mode: str) -> Any:
    # A TypeAdapter: a TypedDict's (the feed's entities).
    schema = model.json_schema(mode=mode) if isinstance(model, TypeAdapter) else model.model_json_schema(mode=mode)  # type: ignore[arg-type]
    defs = schema.get("$defs", {})
    return shape(schema, lambda ref: defs[ref.rsplit("/", 1)[1]])


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = Path(tmp_path_factory.mktemp("wire")) / "c.db"
    return create_app(f"sqlite:///{db}").openapi()


def openapi_shape(doc: dict[str, Any], schema: dict[str, Any]) -> Any:
    components = doc["components"]["schemas"]
    return shape(schema, lambda ref: components[ref.rsplit("/", 1)[1]])


@pytest.mark.parametrize(("method", "path"), list(COUNTER_ROUTES))
def test_the_servers_openapi_and_the_wire_models_agree(openapi: dict[str, Any], method: str, path: str):
    operation = openapi["paths"][path][method]
    request, answers = COUNTER_ROUTES[(method, path)]
    if request is not None:
        sent = operation["requestBody"]["content"]["application/json"]["schema"]
        assert openapi_shape(openapi, sent) == model_shape(request, "validation")
    for status, model in answers.items():
        documented = operation["responses"][status]["content"]["application/json"]["schema"]
        assert openapi_shape(openapi, documented) == model_shape(model, "serialization"), f"{method} {path} {status}"


def test_a_drift_would_be_seen(openapi: dict[str, Any]):
    """The comparison is not blind: another model's schema in the same place differs."""
    documented = openapi["paths"][f"{POINT}/changes"]["get"]["responses"]["200"]["content"]["application/json"]
    assert openapi_shape(openapi, documented["schema"]) != model_shape(wire.BatchOut, "serialization")


@pytest.mark.parametrize(
    ("model", "body", "field"),
    [
        (wire.ChangePage, {"changes": [], "cursor": None, "has_more": "yes", "reset": False}, "has_more"),
        (wire.ChangePage, {"changes": [], "cursor": "", "has_more": False, "reset": False}, "cursor"),
        (
            wire.ChangePage,
            {"changes": [{"entity": "shipment", "key": "k", "seq": 1, "data": {}}], "cursor": None}
            | {"has_more": False, "reset": False},
            "changes.0",
        ),
        (
            wire.ChangePage,
            {"changes": [{"entity": "supply", "key": "k", "seq": 1, "data": {"seller": "ООО"}}], "cursor": None}
            | {"has_more": False, "reset": False},
            "changes.0",
        ),
        (
            wire.ChangePage,
            {"changes": [{"entity": "courier_pickup", "key": "k", "seq": 1, "data": {"code": ""}}], "cursor": None}
            | {"has_more": False, "reset": False},
            "changes.0",
        ),
        (wire.BatchOut, {"results": [{"result": "refused", "op_id": "k", "status": 409}]}, "results.0"),
        (wire.OperationOut, {"result": "applied", "op_id": "k", "shipments": [{"posting": "p"}]}, "shipments.0.status"),
        (wire.UserInfoAnswer, {"sub": "u", "name": "N", "role": "admin", "point_id": "p1", "point_name": "П"}, "role"),
    ],
)
def test_an_answer_the_server_never_sends_is_refused_naming_the_field(model, body, field: str):
    with pytest.raises(ValidationError) as refused:
        model.model_validate(body)
    assert wire.first_problem(refused.value).startswith(field)


def test_every_change_the_seeded_server_writes_is_what_the_wire_models_say(tmp_path: Path):
    """The demo point's feed (deliveries, return requests, drop-off supplies, outbound parcels,
    courier pickups), read as the server sends it — feed pages and the snapshot — passes the
    counter's own parsers: each change validated as its entity, none taken for an unknown one."""
    from pvz_central import feed, point_snapshot
    from pvz_central.db import CentralDB
    from pvz_central.models import Point
    from pvz_central.seed import seed_demo
    from pvz_desktop.sync.client import SnapshotReader, parse_change_page

    db = CentralDB(f"sqlite:///{tmp_path / 'c.db'}")
    db.upgrade()
    point_id = seed_demo(db, shipments=40).point_id
    pages, sent_changes, cursor = [], [], None
    with db.read() as session:
        point = session.get(Point, point_id)
        while cursor is None or pages[-1].has_more:
            body = feed.read_page(session, point, cursor, limit=25).body()
            pages.append(parse_change_page(body))
            sent_changes += json.loads(body)["changes"]
            cursor = pages[-1].cursor
        sent = point_snapshot.read_snapshot(session, point)
    db.close()
    reader = SnapshotReader(point_id)
    for chunk in sent.gzipped():
        reader.feed(chunk)
    # Nothing the server writes is dropped on the way in: a field the models lack would be.
    assert [c for p in pages for c in p.changes] == sent_changes
    for changes in ([c for p in pages for c in p.changes], reader.finish().changes):
        kinds = {c["entity"] for c in changes}
        assert {"waybill", "shipment", "supply", "courier_pickup", "return_request"} <= kinds <= wire.ENTITIES
        assert any(c["data"].get("outbound") for c in changes if c["entity"] == "shipment")
        assert all(
            c["data"]["customer"] is None or c["data"]["customer"]["id"] for c in changes if c["entity"] == "shipment"
        )


# A real shipment as the server writes it (pvz_central.snapshots.shipment_data).
SHIPMENT = {
    "posting": "0123604587-1235-1",
    "order": "0123604587",
    "status": "stored",
    "cell": "C-A-01-01",
    "customer": {"id": "48213377", "name": "Иванова А.", "phone_last4": "1234"}
    | {"pickup_verifier": "ab" * 32, "pickup_pin_date": "2026-12-03"},
    "amount_due": 129900,
    "adult_only": False,
    "storage_deadline": "2026-12-10T09:00:00.000001",
    "waybill": "TN-0000031337",
    "package": "GM0000412345",
    "parent": None,
    "arrived_unexpected": False,
    "received_at": "2026-12-03T09:00:00",
    "stored_at": "2026-12-03T09:05:00.5",
    "issued_at": None,
    "updated_at": "2026-12-03T09:05:00.500000",
    "version": 3,
    "items": [{"line_no": 1, "name": "Наушники", "qty": 1, "price": 129900, "refused": False}],
}


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"status": "teleported"}, "changes.0.data.status"),
        ({"version": "3"}, "changes.0.data.version"),
        ({"version": 2**63}, "changes.0.data.version"),
        ({"amount_due": 1.5}, "changes.0.data.amount_due"),
        ({"adult_only": 1}, "changes.0.data.adult_only"),
        ({"stored_at": "вчера"}, "changes.0.data.stored_at"),
        ({"updated_at": "2026-13-03T09:05:00"}, "changes.0.data.updated_at"),
        ({"customer": {"id": "", "name": "И", "phone_last4": ""}}, "changes.0.data.customer.id"),
        (
            {"items": [{"line_no": "one", "name": "x", "qty": 1, "price": 0, "refused": False}]},
            "changes.0.data.items.0.line_no",
        ),
        ({"posting": ["x"]}, "changes.0.data.posting"),
    ],
)
def test_a_shipment_change_the_server_never_sends_is_refused_naming_its_field(override, field: str):
    page = {"changes": [{"entity": "shipment", "key": "k", "seq": 1, "data": SHIPMENT | override}]}
    body = json.dumps(page | {"cursor": None, "has_more": False, "reset": False}).encode()
    with pytest.raises(ValidationError) as refused:
        wire.ChangePage.model_validate_json(body)
    assert wire.first_problem(refused.value).startswith(field)


def test_a_good_shipment_and_an_unknown_entity_pass_as_sent():
    changes = [
        {"entity": "shipment", "key": "k", "seq": 1, "data": SHIPMENT | {"newer_field": 1}},
        {"entity": "planet", "key": "p", "seq": 2, "data": {"anything": [1]}},
    ]
    page = wire.ChangePage.model_validate_json(
        json.dumps({"changes": changes, "cursor": "c", "has_more": False, "reset": False})
    )
    assert page.changes == [{**changes[0], "data": SHIPMENT}, changes[1]]  # a newer server's field is dropped
