"""The server's OpenAPI document and the wire models agree — the same fields, types and
required-ness — for every route the counter calls; and each model refuses what the server never
sends, naming the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from pvz_central.app import create_app
from pvz_desktop import wire

POINT = "/api/v1/points/{point_id}"
# (method, path) -> (request body model or None, {status: answer model}): what the counter calls and reads.
COUNTER_ROUTES: dict[tuple[str, str], tuple[type[BaseModel] | None, dict[str, type[BaseModel]]]] = {
    ("get", "/oauth/userinfo"): (None, {"200": wire.UserInfoAnswer}),
    ("post", f"{POINT}/operations"): (wire.OperationIn, {"200": wire.OperationOut, "409": wire.OperationRefused}),
    ("post", f"{POINT}/operations/batch"): (wire.BatchIn, {"200": wire.BatchOut}),
    ("get", f"{POINT}/changes"): (None, {"200": wire.ChangePage}),
    ("get", f"{POINT}/shipments/{{posting}}"): (None, {"200": wire.ShipmentSnapshot}),
    ("get", f"{POINT}/pickup-key"): (None, {"200": wire.PickupKeyAnswer}),
}
IGNORED = {"title", "description", "default", "examples"}


def shape(schema: dict[str, Any], resolve: Any) -> Any:
    """A schema reduced to what a client depends on: types, fields, required-ness, limits, enums."""
    if "$ref" in schema:
        return shape(resolve(schema["$ref"]), resolve)
    if "anyOf" in schema:
        options = [shape(s, resolve) for s in schema["anyOf"]]
        return {"anyOf": sorted(options, key=lambda s: json.dumps(s, sort_keys=True))}
    out: dict[str, Any] = {k: v for k, v in schema.items() if k not in IGNORED | {"properties", "items", "$defs"}}
    if schema.get("type") == "object" or "properties" in schema:
        out["properties"] = {k: shape(v, resolve) for k, v in schema.get("properties", {}).items()}
        out["required"] = sorted(schema.get("required", []))
        if isinstance(schema.get("additionalProperties"), dict):
            out["additionalProperties"] = shape(schema["additionalProperties"], resolve)
    if "items" in schema:
        out["items"] = shape(schema["items"], resolve)
    return out


def model_shape(model: type[BaseModel], mode: str) -> Any:
    schema = model.model_json_schema(mode=mode)  # type: ignore[arg-type]
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
