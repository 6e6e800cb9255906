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

from typing import Annotated, Any, Literal, NotRequired, Union, get_args, get_type_hints
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
    with_config,
)
from typing_extensions import TypedDict  # pydantic takes TypedDicts from here before Python 3.12

from pvz_desktop.core.statuses import ShipmentStatus

MAX_BATCH = 200  # operations in one batch request: one transaction holds the point's lock for them all
MAX_CURSOR = 200  # the server accepts no longer ``since``: a longer cursor would block the feed for good


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


class Health(Answer):
    """``GET /health``: the counter's server check (``auth.server_probe``) asks it before anything else."""

    status: str = Field(description="`ok` while the process serves")
    long_polls: int = Field(description="long-polls waiting in this process")
    wakeups: str = Field(
        description="`listening`: PostgreSQL LISTEN connected, commits of every process wake long-polls; "
        "`re-polling`: the listener reconnects, long-polls re-read each second; `sqlite`: one database file"
    )


class AuthServerMetadata(Answer):
    """``GET /.well-known/oauth-authorization-server`` (RFC 8414): where the OAuth endpoints are."""

    issuer: str = Field(min_length=1)
    authorization_endpoint: str = Field(min_length=1)
    token_endpoint: str = Field(min_length=1)
    revocation_endpoint: str = Field(min_length=1)
    userinfo_endpoint: str
    response_types_supported: list[str]
    response_modes_supported: list[str]
    grant_types_supported: list[str]
    code_challenge_methods_supported: list[str]
    token_endpoint_auth_methods_supported: list[str]
    revocation_endpoint_auth_methods_supported: list[str]
    scopes_supported: list[str]
    authorization_response_iss_parameter_supported: bool


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


# --- shipments: GET …/shipments/{posting} answers one feed entity, ShipmentData (below) ---


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


# --- change feed: the entities ---------------------------------------------------------------
#
# What ``pvz_central.snapshots`` writes for each entity, and the counter applies
# (``workflows.server_changes``). TypedDicts, not models: validated straight from the page's JSON
# text into the dicts the apply code reads (pydantic-core builds them; no model objects, no
# per-change Python). Fields the server always writes are required; one added after rows were
# stored in a feed (an older server's rows stay there until the entity changes) is NotRequired.
# Times stay ISO text (the store rewrites them itself, ``server_changes._stored``): the pattern
# refuses what is not one.

INT64 = 2**63  # SQLite's INTEGER holds less: a larger number could not be stored (exact as a float: OpenAPI)
ISO_DATE = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
ISO_TIME = rf"^{ISO_DATE}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{{1,6}})?(Z|[+-]\d{{2}}:\d{{2}})?$"
ENTITY = ConfigDict(strict=True, extra="ignore")

Time = Annotated[str, Field(pattern=ISO_TIME, json_schema_extra={"format": "date-time"})]
Day = Annotated[str, Field(pattern=f"^{ISO_DATE}$", json_schema_extra={"format": "date"})]
Key = Annotated[str, Field(min_length=1, max_length=64)]
Int = Annotated[int, Field(ge=-INT64, lt=INT64)]
Version = Annotated[int, Field(ge=0, lt=INT64)]
Status = Literal[tuple(s.value for s in ShipmentStatus)]  # type: ignore[valid-type]


@with_config(ENTITY)
class CustomerCard(TypedDict):
    """The customer's masked card: never the PIN, only the verifier of today's code."""

    id: Key
    name: str
    phone_last4: str
    pickup_verifier: NotRequired[str | None]
    pickup_pin_date: NotRequired[Day | None]


@with_config(ENTITY)
class ItemLine(TypedDict):
    line_no: Int
    name: str
    qty: Int
    price: Int
    refused: bool


@with_config(ENTITY)
class OutboundData(TypedDict):
    """A parcel handed in for sending: the supply, bag and courier pickup it goes with."""

    kind: str
    supply: str | None
    send_code: str | None
    party: str
    description: str
    route: str
    recipient_point: str
    size_class: str
    declared_value: Int
    weight_g: Int | None
    weight_typed: bool
    refuse_reason: str
    bag: str | None
    pickup: str | None


@with_config(ENTITY)
class ShipmentData(TypedDict):
    """A shipment: a feed change's ``data`` and the answer of ``GET …/shipments/{posting}``."""

    posting: Key
    order: str
    status: Status
    cell: str | None
    customer: CustomerCard | None
    amount_due: Int
    adult_only: bool
    storage_deadline: Time | None
    waybill: str | None
    package: str | None
    parent: str | None
    arrived_unexpected: bool
    received_at: Time | None
    stored_at: Time | None
    issued_at: Time | None
    updated_at: Time
    version: Version
    items: list[ItemLine]
    outbound: NotRequired[OutboundData | None]  # only for an outbound parcel


@with_config(ENTITY)
class PackageState(TypedDict):
    barcode: Key
    state: str


@with_config(ENTITY)
class WaybillData(TypedDict):
    number: Key
    courier: str
    status: str
    created_at: Time
    closed_at: Time | None
    version: Version
    packages: list[PackageState]


@with_config(ENTITY)
class SupplyData(TypedDict):
    number: Key
    seller: str
    route: str
    status: str
    created_at: Time
    closed_at: Time | None
    unexpected: list[str]
    version: Version


@with_config(ENTITY)
class CourierPickupData(TypedDict):
    code: Key
    courier: str
    route: str
    due_at: Time | None
    status: str
    act_number: str | None
    closed_at: Time | None
    version: Version


@with_config(ENTITY)
class ReturnRequestData(TypedDict):
    number: Key
    posting: Key
    customer_id: str | None
    item_names: list[str]
    reason: str
    status: str
    created_at: Time


@with_config(ENTITY)
class StorageExtensionData(TypedDict):
    id: Int
    posting: Key
    days: Int
    deadline: Time
    created_at: Time


@with_config(ENTITY)
class PhotoRef(TypedDict):
    sha256: str
    type: str
    size: Int


@with_config(ENTITY)
class DefectData(TypedDict):
    id: Int
    posting: Key
    defect: str
    place: NotRequired[str]  # where it was recorded: rows stored before the server kept it lack it
    note: str
    photos: list[PhotoRef]
    user: str
    op: Key
    at: Time


@with_config(ENTITY)
class TicketData(TypedDict):
    uuid: Key
    subject: str
    category: str
    postings: list[str]
    status: str
    employee_id: str
    created_at: Time
    updated_at: Time


@with_config(ENTITY)
class SupportMessageData(TypedDict):
    uuid: Key
    ticket: TicketData
    author: str
    author_name: str
    body: str
    created_at: Time


# --- change feed: the changes and the page -----------------------------------------------------


@with_config(ENTITY)
class ShipmentChange(TypedDict):
    entity: Literal["shipment"]
    key: str
    seq: int
    data: ShipmentData


@with_config(ENTITY)
class WaybillChange(TypedDict):
    entity: Literal["waybill"]
    key: str
    seq: int
    data: WaybillData


@with_config(ENTITY)
class SupplyChange(TypedDict):
    entity: Literal["supply"]
    key: str
    seq: int
    data: SupplyData


@with_config(ENTITY)
class CourierPickupChange(TypedDict):
    entity: Literal["courier_pickup"]
    key: str
    seq: int
    data: CourierPickupData


@with_config(ENTITY)
class ReturnRequestChange(TypedDict):
    entity: Literal["return_request"]
    key: str
    seq: int
    data: ReturnRequestData


@with_config(ENTITY)
class StorageExtensionChange(TypedDict):
    entity: Literal["storage_extension"]
    key: str
    seq: int
    data: StorageExtensionData


@with_config(ENTITY)
class DefectChange(TypedDict):
    entity: Literal["defect"]
    key: str
    seq: int
    data: DefectData


@with_config(ENTITY)
class SupportMessageChange(TypedDict):
    entity: Literal["support_message"]
    key: str
    seq: int
    data: SupportMessageData


KNOWN_CHANGES = (
    ShipmentChange,
    WaybillChange,
    SupplyChange,
    CourierPickupChange,
    ReturnRequestChange,
    StorageExtensionChange,
    DefectChange,
    SupportMessageChange,
)
KnownChange = Annotated[Union[KNOWN_CHANGES], Field(discriminator="entity")]  # noqa: UP007 (a tuple of them)
# Every entity the counter applies (its own errors are the ones a broken change of these reports).
ENTITIES = frozenset(get_args(get_type_hints(c)["entity"])[0] for c in KNOWN_CHANGES)


def _not_known(entity: str) -> str:
    if entity in ENTITIES:  # a known entity whose data is wrong: its own error is the one reported
        raise ValueError(f"{entity}: данные не по схеме")
    return entity


@with_config(ENTITY)
class OtherChange(TypedDict):
    """An entity this counter does not know (a newer server's): passed on as it is and skipped."""

    entity: Annotated[str, AfterValidator(_not_known)]
    key: str
    seq: int
    data: dict[str, Any]


# Tried in order: the known entity by its tag (one dict lookup), else an unknown one. Only an
# unknown entity or a broken change reaches the second (and its one Python call).
Change = Annotated[KnownChange | OtherChange, Field(union_mode="left_to_right")]


class ChangePage(Answer):
    changes: list[Change]
    cursor: str | None = Field(min_length=1, max_length=MAX_CURSOR)
    has_more: bool
    reset: bool


class SnapshotHead(Answer):
    """The first line of ``GET …/snapshot`` (``pvz_central.point_snapshot``): what follows is this
    point's state at ``cursor``."""

    format: Literal[1]
    point: str = Field(min_length=1)
    cursor: str = Field(min_length=1, max_length=MAX_CURSOR)


class SnapshotEnd(Answer):
    """The last line of ``GET …/snapshot``: how many change lines came (a cut download lacks it)."""

    end: int = Field(ge=0)


CHANGES: TypeAdapter[list[Any]] = TypeAdapter(list[Change])  # the snapshot's lines, a chunk at a time
SHIPMENT: TypeAdapter[ShipmentData] = TypeAdapter(ShipmentData)  # GET …/shipments/{posting}


def first_problem(exc: ValidationError) -> str:
    """The first thing wrong, with its field: ``changes.3.data.posting — …`` (no input values: they
    may be secret; a union's own labels left out, so the path is the body's)."""
    error = exc.errors(include_input=False, include_url=False)[0]
    where = ".".join(str(p) for p in field_path(error["loc"])) or "тело ответа"
    return f"{where} — {error['msg']}"


def field_path(loc: tuple[int | str, ...]) -> list[int | str]:
    """An error's location as a path in the body (a union's labels and tags left out)."""
    path: list[int | str] = []
    skip = False
    for part in loc:
        if skip:  # the tag that follows a tagged union's label: the entity, already in the body
            skip = False
        elif isinstance(part, str) and "[" in part:  # a union's label, e.g. tagged-union[ShipmentChange,…]
            skip = part.startswith("tagged-union[")
        else:
            path.append(part)
    return path
