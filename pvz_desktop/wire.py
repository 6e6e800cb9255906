"""The wire format between the counter and the central server: the request and answer bodies of
every route the counter calls, as pydantic models both sides import.

The server's routes take and document these models (its OpenAPI document is built from them); the
counter validates every answer it reads with them (``sync.client``, ``auth.session``), so a change
on one side fails a test on the other (``tests/central/test_wire_schema.py``). Answers are strict:
a number in quotes or a ``1`` for ``true`` is not what the server sends, so it is refused.

pydantic costs ~0.1 s to import: the counter imports this module only on its sync and login
threads, never before the window's frame is shown (P4).
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pvz_desktop.core.statuses import ShipmentStatus

MAX_BATCH = 200  # operations in one batch request: one transaction holds the point's lock for them all
MAX_CURSOR = 200  # the server accepts no longer ``since``: a longer cursor would block the feed for good

# The fields that name an entity of the feed (see pvz_central.snapshots): a change without them
# cannot be matched to a row. An entity not listed here is skipped by the counter.
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "waybill": ("number",),
    "supply": ("number",),
    "courier_pickup": ("code",),
    "shipment": ("posting",),
    "return_request": ("number", "posting"),
    "storage_extension": ("posting",),
    "defect": ("posting", "op"),
    "support_message": ("uuid",),
}


class Answer(BaseModel):
    """A body the server sends: checked strictly, extra fields allowed (a newer server may add some)."""

    model_config = ConfigDict(strict=True, extra="allow")


# --- errors ------------------------------------------------------------------------------


class FieldError(Answer):
    """One field the request got wrong."""

    loc: list[str] = Field(description="Where: location and path, e.g. body, customer, pickup_pin_date")
    msg: str = Field(description="What is wrong (pydantic's text)")
    type: str = Field(description="Machine code of the error, e.g. date_from_datetime_parsing")


class ApiError(Answer):
    """Any refusal of the central API (400, 401, 403, 404, 405, 409, 413, 422, 429)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)  # errors is always sent

    code: str = Field(description="Stable machine-readable code, e.g. invalid_input, forbidden, too_many_attempts")
    detail: str = Field(description="Russian text for the person at the counter")
    errors: list[FieldError] = Field(default_factory=list, description="Field errors (422); empty otherwise")


# --- login ---------------------------------------------------------------------------------


class UserInfoAnswer(Answer):
    """``GET /oauth/userinfo``: who the access token belongs to."""

    sub: str = Field(min_length=1)
    name: str
    role: Literal["owner", "employee"]
    point_id: str = Field(min_length=1)
    point_name: str


class PickupKeyAnswer(Answer):
    """``GET …/pickup-key``: the point's key for pickup-code verifiers (``core.pickup_codes``)."""

    key: str = Field(pattern=r"^[0-9a-f]{64}$", description="32 bytes, hex: kept in the OS credential store")


# --- operations ----------------------------------------------------------------------------


class Transition(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    posting: str = Field(min_length=1, max_length=32)
    action: str = Field(min_length=1, max_length=32)
    from_: ShipmentStatus | None = Field(alias="from")
    to: ShipmentStatus
    details: dict[str, Any] = Field(default_factory=dict)


class OperationPayload(BaseModel):
    model_config = ConfigDict(extra="allow")

    transitions: list[Transition] = Field(default_factory=list, max_length=50_000)
    at: str | None = Field(default=None, max_length=64)
    workstation: str | None = Field(default=None, max_length=64)


class OperationIn(BaseModel):
    """One outbox row of the counter, as it was written (``POST …/operations``, Idempotency-Key header)."""

    kind: str = Field(min_length=1, max_length=48)
    payload: OperationPayload


class ShipmentVersion(Answer):
    posting: str
    status: str
    version: int


class OperationOut(Answer):
    """The answer to one operation: applied, or refused with a reason for the cashier."""

    result: Literal["applied", "refused"]
    op_id: str = Field(min_length=1)
    shipments: list[ShipmentVersion] = Field(default_factory=list)
    reason: str | None = None
    code: str | None = None
    posting: str | None = None

    @model_validator(mode="after")
    def _refusal_has_a_reason(self) -> OperationOut:
        if self.result == "refused" and not self.reason:
            raise ValueError("a refusal without a reason")
        return self


class OperationRefused(OperationOut):
    """409 of ``POST …/operations``: the error model's fields with the operation's own."""

    result: Literal["refused"]
    code: str
    detail: str
    errors: list[FieldError] = Field(default_factory=list)


class BatchOperationIn(OperationIn):
    """One outbox row of a batch, with the Idempotency-Key the single route takes as a header."""

    key: UUID


class BatchIn(BaseModel):
    # The limit is checked by the route (a Russian message); the schema only documents it.
    operations: list[BatchOperationIn] = Field(json_schema_extra={"maxItems": MAX_BATCH})


class BatchResult(OperationOut):
    status: int  # what the single route answers: 200 applied, 409 refused, 422 key used for another body
    replayed: bool = False  # the stored answer of this key (Idempotent-Replayed of the single route)


class BatchOut(Answer):
    results: list[BatchResult]  # one per operation, in the order sent


# --- shipments ------------------------------------------------------------------------------


class ShipmentSnapshot(Answer):
    """``GET …/shipments/{posting}`` and a shipment change's ``data``: what names and orders it is
    checked here; the rest (customer, items, dates) is checked where it is applied to the store."""

    posting: str = Field(min_length=1)
    status: str = Field(min_length=1)
    version: int
    items: list[dict[str, Any]] = Field(default_factory=list)
    customer: dict[str, Any] | None = None


# --- the point's rules ---------------------------------------------------------------------


class PointRulesAnswer(Answer):
    """``GET …/rules``: the network's limits the counter applies before the server checks them again."""

    storage_days: int = Field(ge=1, le=365)
    extension_days: int = Field(ge=1, le=30)
    extensions_per_parcel: int = Field(ge=0, le=10)


# --- the customer's parcels at other points ------------------------------------------------


class OtherPointsIn(BaseModel):
    """``POST …/customers/{customer}/other-points``: the PIN of the code the customer presented at
    this counter (in the body over TLS, never in the address: addresses reach access logs)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    pin: str = Field(pattern=r"^\d{4}$", description="the PIN part of today's pickup code, checked, never stored")


class OtherPointParcel(Answer):
    point_name: str
    address: str
    posting: str = Field(min_length=1)
    status: str = Field(min_length=1, description="a ShipmentStatus value: stored, or on its way there")
    storage_deadline: str | None = Field(default=None, description="ISO 8601 time (UTC) the storage ends")


class OtherPointsAnswer(Answer):
    customer: str = Field(min_length=1)
    parcels: list[OtherPointParcel]


# --- change feed ---------------------------------------------------------------------------


class Change(Answer):
    entity: str
    key: str
    seq: int
    data: dict[str, Any]

    @model_validator(mode="after")
    def _named(self) -> Change:
        for name in KEY_FIELDS.get(self.entity, ()):
            value = self.data.get(name)
            if not (isinstance(value, str) and value):
                raise ValueError(f"data.{name} is missing: the change names no {self.entity}")
        return self


class ChangePage(Answer):
    changes: list[Change]
    cursor: str | None = Field(min_length=1, max_length=MAX_CURSOR)
    has_more: bool
    reset: bool


def first_problem(exc: ValidationError) -> str:
    """The first thing wrong, with its field: ``changes.3.data: …`` (no input values: they may be secret)."""
    error = exc.errors(include_input=False, include_url=False)[0]
    where = ".".join(str(p) for p in error["loc"]) or "тело ответа"
    return f"{where} — {error['msg']}"
