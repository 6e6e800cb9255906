"""Apply changes pulled from the central server to the local cache (workflow ``sync``).

One page of the change feed is one transaction: the upserts, a ledger event for every
shipment status it changes, and the new cursor in ``sync_state`` — so a crash can never
store a cursor past changes that were not applied. Nothing here goes back to the server.

Wire format (one change): ``{"entity": ..., "key": ..., "data": {...}}`` with entity one of
``waybill``, ``supply``, ``courier_pickup``, ``shipment`` (an outbound one with its ``outbound``
fields), ``return_request``, ``storage_extension``, ``support_message`` (see
``pvz_central.snapshots`` for the fields). A shipment or waybill that this counter has
changed and not yet pushed keeps its local state: the server's answer to that push (applied,
or refused and re-read) brings the authoritative state afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload

from pvz_desktop.core.statuses import ShipmentStatus
from pvz_desktop.store.models import (
    Cell,
    CourierPickup,
    Customer,
    Event,
    OutboundBag,
    OutboundParcel,
    Outbox,
    ReturnRequest,
    Shipment,
    ShipmentItem,
    Supply,
    SupportMessage,
    SupportTicket,
    SyncState,
    TransportPackage,
    Waybill,
)
from pvz_desktop.store.plain_rows import insert_rows, stored_time
from pvz_desktop.workflows.changes import PULLED
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.ledger_chain import canonical_json
from pvz_desktop.workflows.operation import Operation, operation
from pvz_desktop.workflows.outbox_body import stored_payload

WORKFLOW = "sync"
ENTITY_ORDER = (
    "waybill",
    "supply",
    "courier_pickup",
    "shipment",
    "return_request",
    "storage_extension",
    "defect",
    "support_message",
)
SYNC_STATE_ID = 1
PREFETCH_CHUNK = 5000  # keys per lookup query (one JSON parameter: no limit on bound variables)
CUSTOMER_FIELDS = (Customer.display_name, Customer.phone_last4, Customer.pickup_verifier, Customer.pickup_pin_date)


@dataclass(frozen=True)
class AppliedChanges:
    shipments: int  # shipments inserted or updated
    status_changes: int  # ledger events written for status changes
    waybills: int
    return_requests: int
    extensions: int
    support_messages: int
    kept_local: tuple[str, ...]  # postings / waybills skipped: this counter has unpushed changes to them
    cursor: str | None


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _stored(value: Any) -> str | None:
    """An API time as the store keeps it (``stored_time``): the server's naive ISO form with
    microseconds is rewritten as text, anything else goes through a parse."""
    if isinstance(value, str) and len(value) == 26 and value[10] == "T" and value[19] == "." and value[20:].isdigit():
        return f"{value[:10]} {value[11:]}"
    return stored_time(_dt(value))


def _date(value: Any) -> date | None:
    return _parsed_date(value) if isinstance(value, str) and value else None


@lru_cache(maxsize=1024)
def _parsed_date(value: str) -> date:
    """A customer's code date: a few distinct days over a whole point (100,000 parsed otherwise)."""
    return date.fromisoformat(value)


def _sync_state(session: Session) -> SyncState:
    row = session.get(SyncState, SYNC_STATE_ID)
    if row is None:
        row = SyncState(id=SYNC_STATE_ID)
        session.add(row)
    return row


def sync_cursor(ctx: WorkflowContext) -> str | None:
    with ctx.store.read() as session:
        row = session.get(SyncState, SYNC_STATE_ID)
        return row.cursor if row is not None else None


def reset_cursor(ctx: WorkflowContext) -> None:
    """The server answered ``reset``: pull everything again from the start.

    The cache is refreshed in place by the full pull (rows the ledger refers to stay); the
    outbox is never touched, so no local operation is lost.
    """
    with ctx.store.write() as session:
        _sync_state(session).cursor = None


def outbox_mark(ctx: WorkflowContext) -> int:
    """The outbox row id from which operations may be newer than a page asked for now.

    Rows are pushed in id order, so every row at or after the first pending one may reach the
    server after it composed the page: the page's snapshot of what they touched can be older
    than the counter's own state even once they are ``sent`` (see ``apply_changes``)."""
    with ctx.store.read() as session:
        first = session.scalar(select(func.min(Outbox.id)).where(Outbox.state == "pending"))
        if first is not None:
            return int(first)
        return int(session.scalar(select(func.max(Outbox.id))) or 0) + 1


def unpushed_keys(session: Session, since: int | None = None) -> set[str]:
    """Postings, waybills and requests named by operations still waiting in the outbox, and by
    every operation from outbox row ``since`` on (pushed while a page was on its way)."""
    keys: set[str] = set()
    waiting = Outbox.state == "pending"
    if since is not None:
        waiting = or_(waiting, Outbox.id >= since)
    for (payload,) in session.execute(select(Outbox.payload).where(waiting)):
        data = stored_payload(payload)
        keys.update(t.get("posting") or "" for t in data.get("transitions") or [])
        keys.update(str(data[k]) for k in ("posting", "waybill", "request", "supply", "pickup") if data.get(k))
        keys.update(str(p) for p in data.get("postings") or [])
    keys.discard("")
    return keys


@dataclass
class _NewShipment:
    """A shipment new to the cache: inserted with the page's other new ones in one statement.
    The ledger reads ``id`` and ``posting_number`` when the page commits."""

    posting_number: str
    row: dict[str, Any]
    cell: Cell | None
    items: list[dict[str, Any]]
    outbound: Mapping[str, Any] | None = None
    id: int | None = None


class _Applier:
    def __init__(self, op: Operation, *, force: bool, outbox_from: int | None = None) -> None:
        self.op = op
        self.session = op.session
        self.keep = set() if force else unpushed_keys(op.session)
        # Keys of operations pushed since the page was asked for: the server may have composed
        # the page before applying them, so a snapshot of the version the cache holds is older
        # than the cache. Their own change follows in a later page; no re-read is needed.
        self.recent = set() if force or outbox_from is None else unpushed_keys(op.session, outbox_from) - self.keep
        self.kept: list[str] = []
        self.counts = dict.fromkeys(ENTITY_ORDER, 0)
        self.status_changes = 0
        self._cells: dict[str, Cell] = {c.code: c for c in self.session.scalars(select(Cell))}
        self._waybills: dict[str, Waybill] = {}
        # Waybills new to the cache, as rows with their packages, until ``flush_waybills``: an
        # initial pull brings thousands, and as ORM objects they were a quarter of applying a page.
        self._new_waybills: dict[str, tuple[dict[str, Any], list[Mapping[str, Any]]]] = {}
        self._packages: dict[str, TransportPackage] = {}
        self._shipments: dict[str, Shipment] = {}
        self._new: dict[str, _NewShipment] = {}  # waiting for flush_new()
        self._inserted: dict[str, int] = {}  # posting → id of the new shipments written (not their rows)
        # Shipments only need the ids of the waybills and packages they name: read as (key, id).
        self._waybill_ids: dict[str, int] = {}
        self._package_ids: dict[str, int] = {}
        # Customers are plain rows (id → name, phone_last4, code verifier, its date), written in bulk by
        # ``flush_customers``: as ORM objects they were a fifth of an initial pull.
        self._customers: dict[str, tuple[Any, ...]] = {}
        self._customers_new: set[str] = set()
        self._customers_changed: set[str] = set()
        # Keys looked up in bulk by ``prefetch``: one missing from its dict is not in the cache.
        self._fetched: set[tuple[str, str]] = set()
        self._noted: set[str] = set()
        self._version_details: dict[int, str] = {}  # a «synced» event's details by version, canonical

    def prefetch(self, changes: Sequence[Mapping[str, Any]], *, cache_empty: bool = False) -> None:
        """Load what a page refers to in a few queries. Without it every row's lookups were queries,
        and each query first flushed the rows before it one by one (autoflush): a 100k pull took minutes.
        ``cache_empty``: the cache has none of these tables' rows, so nothing is asked."""
        wanted: dict[str, set[str]] = {k: set() for k in ("shipment", "customer", "waybill", "package")}
        named: dict[str, set[str]] = {"waybill": set(), "package": set()}  # by shipments, for their ids
        for change in changes:
            d = change.get("data") or {}
            if change.get("entity") == "shipment":
                wanted["shipment"].add(d["posting"])
                wanted["customer"].add((d.get("customer") or {}).get("id") or "")
                named["waybill"].add(d.get("waybill") or "")
                named["package"].add(d.get("package") or "")
            elif change.get("entity") == "waybill":
                wanted["waybill"].add(d["number"])
                wanted["package"].update(p["barcode"] for p in d.get("packages") or [])
        if cache_empty:  # none is in the cache, but what an earlier block of a snapshot wrote
            known: dict[str, tuple[Mapping[str, Any], ...]] = {
                "shipment": (self._inserted, self._shipments),
                "customer": (self._customers,),
                "waybill": (self._waybill_ids, self._waybills),
                "package": (self._package_ids, self._packages),
            }
            for kind, written in known.items():  # by lookups: a set of all written per block grew with the point
                self._fetched.update((kind, k) for k in wanted[kind] if k and not any(k in w for w in written))
            return
        objects: tuple[tuple[str, Any, Any, dict[str, Any]], ...] = (
            ("shipment", Shipment, Shipment.posting_number, self._shipments),
            ("waybill", Waybill, Waybill.number, self._waybills),
            ("package", TransportPackage, TransportPackage.barcode, self._packages),
        )
        for kind, model, key, found in objects:
            query = select(model)
            if model is Shipment:
                query = query.options(selectinload(Shipment.items))
            for chunk in self._chunks(wanted[kind], kind):
                for row in self.session.scalars(query.where(_in_json(key, chunk))):
                    found[getattr(row, key.key)] = row
        rows: tuple[tuple[str, Any, tuple[Any, ...], dict[str, Any]], ...] = (
            ("waybill_id", Waybill.number, (Waybill.id,), self._waybill_ids),
            ("package_id", TransportPackage.barcode, (TransportPackage.id,), self._package_ids),
            ("customer", Customer.id, CUSTOMER_FIELDS, self._customers),
        )
        for kind, key, columns, found in rows:
            keys = wanted["customer"] if kind == "customer" else named[kind.removesuffix("_id")]
            for chunk in self._chunks(keys, kind):
                for k, *values in self.session.execute(select(key, *columns).where(_in_json(key, chunk))):
                    found[k] = tuple(values) if kind == "customer" else values[0]

    def _chunks(self, keys: set[str], kind: str) -> Iterator[list[str]]:
        """``keys`` in IN-sized lists, noted as looked up: one not found then is not in the cache."""
        ordered = sorted(keys - {""})
        self._fetched.update((kind, k) for k in ordered)
        for at in range(0, len(ordered), PREFETCH_CHUNK):
            yield ordered[at : at + PREFETCH_CHUNK]

    # Lookups that create what a change refers to but the cache does not have yet.

    def cell(self, code: str | None) -> Cell | None:
        if not code:
            return None
        if code not in self._cells:
            zone, rack, shelf = _cell_parts(code)
            cell = Cell(code=code, zone=zone, rack=rack, shelf=shelf)
            self.session.add(cell)
            self._cells[code] = cell
        return self._cells[code]

    def waybill(self, number: str | None) -> Waybill | None:
        if not number:
            return None
        row = self._waybills.get(number)
        if row is None and ("waybill", number) not in self._fetched:
            row = self.session.scalar(select(Waybill).where(Waybill.number == number))
        if row is None:
            row = Waybill(number=number, status="open")
            self.session.add(row)
            self.session.flush()
        self._waybills[number] = row
        return row

    def waybill_id(self, number: str | None) -> int | None:
        if number and number in self._waybill_ids:
            return self._waybill_ids[number]
        waybill = self.waybill(number)
        return waybill.id if waybill is not None else None

    def package_id(self, barcode: str | None, waybill_id: int | None) -> int | None:
        if barcode and barcode in self._package_ids:
            return self._package_ids[barcode]
        package = self.package(barcode, waybill_id)
        return package.id if package is not None else None

    def package(self, barcode: str | None, waybill_id: int | None, *, need_id: bool = True) -> TransportPackage | None:
        if not barcode:
            return None
        row = self._packages.get(barcode)
        if row is None and ("package", barcode) not in self._fetched:
            row = self.session.scalar(select(TransportPackage).where(TransportPackage.barcode == barcode))
        if row is None:
            row = TransportPackage(barcode=barcode, waybill_id=waybill_id, state="expected")
            self.session.add(row)
        if need_id and row.id is None:
            self.session.flush()
        self._packages[barcode] = row
        return row

    def customer(self, c: Mapping[str, Any] | None) -> str | None:
        if not c:
            return None
        cid = c["id"]
        # The code's verifier only: a plaintext ``pickup_pin`` (an old server) is never stored.
        want = (c["name"], c.get("phone_last4") or "", c.get("pickup_verifier"), _date(c.get("pickup_pin_date")))
        have = self._customers.get(cid)
        if have is None and ("customer", cid) not in self._fetched:
            found = self.session.execute(select(*CUSTOMER_FIELDS).where(Customer.id == cid)).first()
            have = self._customers[cid] = tuple(found) if found is not None else None  # type: ignore[assignment]
        if have is None and cid not in self._customers_new:
            self._customers_new.add(cid)
        elif have != want:
            self._customers_changed.add(cid)
        self._customers[cid] = want
        return cid

    def flush_customers(self) -> None:
        """Write the customers the page named so far: rows that refer to them may be written next."""
        fields = [f.key for f in CUSTOMER_FIELDS]
        new = [{"id": k, **dict(zip(fields, self._customers[k], strict=True))} for k in sorted(self._customers_new)]
        changed = [
            {"key": k, **dict(zip(fields, self._customers[k], strict=True))}
            for k in sorted(self._customers_changed - self._customers_new)
        ]
        self._customers_new.clear()
        self._customers_changed.clear()
        if new:
            self.session.execute(insert(Customer.__table__), new)
        if changed:
            table = Customer.__table__
            self.session.execute(update(table).where(table.c.id == bindparam("key")), changed)

    def shipment_id(self, posting: str) -> int | None:
        if posting in self._new:
            self.flush_new()
        if posting in self._inserted:
            return self._inserted[posting]
        s = self._shipments.get(posting)
        if s is not None:
            if s.id is None:
                self.session.flush()  # one of this page's new rows: it needs its id now
            return s.id
        return self.session.scalar(select(Shipment.id).where(Shipment.posting_number == posting))

    def _older(self, key: str, version: int, cached: int) -> bool:
        """The snapshot is older than the cache's row (an operation pushed since counts as newer)."""
        return version < cached or (version == cached and key in self.recent)

    # Entities.

    def apply(self, entity: str, data: Mapping[str, Any]) -> None:
        if entity != "waybill":
            self.flush_waybills()  # what follows may name them
        handler = getattr(self, f"_{entity}", None)
        if handler is not None:  # an entity this version does not know is skipped, not fatal
            handler(data)
            self.counts[entity] += 1

    def _waybill(self, d: Mapping[str, Any]) -> None:
        if d["number"] in self.keep:
            self.kept.append(d["number"])
            return
        if d["number"] not in self._waybills and ("waybill", d["number"]) in self._fetched:
            self._new_waybill(d)
            return
        w = self.waybill(d["number"])
        assert w is not None
        if self._older(d["number"], d.get("version", 0), w.version):
            return
        self.op.changes.shipment(None, waybill_id=w.id)
        w.courier, w.status, w.version = d.get("courier") or "", d["status"], d.get("version", 0)
        w.created_at = _dt(d.get("created_at")) or w.created_at
        w.closed_at = _dt(d.get("closed_at"))
        w.expected_packages = len(d.get("packages") or [])
        for p in d.get("packages") or []:
            package = self.package(p["barcode"], w.id, need_id=False)
            assert package is not None
            package.waybill_id, package.state = w.id, p["state"]

    def _new_waybill(self, d: Mapping[str, Any]) -> None:
        """The same fields as an update of a cached waybill, as a row to insert."""
        number, version = d["number"], d.get("version", 0)
        pending = self._new_waybills.get(number)
        if pending is not None and version < pending[0]["version"]:
            return
        packages = list(d.get("packages") or [])
        row = {
            "number": number,
            "courier": d.get("courier") or "",
            "status": d["status"],
            "expected_packages": len(packages),
            "expected_shipments": 0,
            "duplicate_scans": 0,
            "created_at": stored_time(_dt(d.get("created_at")) or self.op.now),
            "opened_at": None,
            "closed_at": stored_time(_dt(d.get("closed_at"))),
            "version": version,
        }
        self._new_waybills[number] = (row, packages)

    def flush_waybills(self) -> None:
        """Insert the page's new waybills and their packages; their ids go where shipments look."""
        if not self._new_waybills:
            return
        pending, self._new_waybills = self._new_waybills, {}
        self._insert(Waybill.__table__, [row for row, _ in pending.values()])
        ids = self._ids(Waybill.number, Waybill.id, list(pending))
        self._waybill_ids.update(ids)
        self.op.changes.waybills.update(ids.values())
        new_packages: dict[str, dict[str, Any]] = {}
        for number, (_, packages) in pending.items():
            self._fetched.discard(("waybill", number))  # in the table now: a query finds it
            for p in packages:
                cached = self._packages.get(p["barcode"])
                if cached is not None:  # a package the cache had under another waybill
                    cached.waybill_id, cached.state = ids[number], p["state"]
                else:
                    new_packages[p["barcode"]] = {
                        "barcode": p["barcode"],
                        "waybill_id": ids[number],
                        "state": p["state"],
                        "received_at": None,
                    }
        if new_packages:
            self._insert(TransportPackage.__table__, list(new_packages.values()))
            self._package_ids.update(self._ids(TransportPackage.barcode, TransportPackage.id, list(new_packages)))
            for barcode in new_packages:
                self._fetched.discard(("package", barcode))

    def _ids(self, key: Any, id_column: Any, keys: list[str]) -> dict[str, int]:
        """Ids of rows just inserted, by their unique key: cheaper than RETURNING here."""
        ids: dict[str, int] = {}
        for at in range(0, len(keys), PREFETCH_CHUNK):
            query = select(key, id_column).where(_in_json(key, keys[at : at + PREFETCH_CHUNK]))
            ids.update((k, i) for k, i in self.session.execute(query))
        return ids

    def _shipment(self, d: Mapping[str, Any]) -> None:
        posting = d["posting"]
        if posting in self.keep:
            self.kept.append(posting)
            return
        if d.get("parent") and posting in self._new:
            self.flush_new()  # a split-off refusal: the rare case goes the ORM way below
        s = self._shipments.get(posting)
        if s is None and posting not in self._new and ("shipment", posting) not in self._fetched:
            s = self.session.scalar(
                select(Shipment).where(Shipment.posting_number == posting).options(selectinload(Shipment.items))
            )
        if s is None and not d.get("parent"):
            self._new_shipment(posting, d)
            return
        version = int(d.get("version") or 0)
        before = None
        if s is None:
            s = Shipment(posting_number=posting, status=d["status"], created_at=self.op.now)
            self.session.add(s)
            self._shipments[posting] = s
        elif self._older(posting, version, s.version):
            return  # an older snapshot than the one already here
        else:
            before = s.status
        self.op.changes.shipment(posting, s.cell_id, s.waybill_id)  # where it was (its status aside)
        waybill_id = self.waybill_id(d.get("waybill"))
        package_id = self.package_id(d.get("package"), waybill_id)
        parent = d.get("parent")
        customer_id = self.customer(d.get("customer"))
        self.flush_customers()  # the customer's row first: the row below may name a new one
        s.order_number = d.get("order") or ""
        s.customer_id = customer_id
        s.status = ShipmentStatus(d["status"]).value
        cell = self.cell(d.get("cell"))
        s.cell = cell
        s.amount_due, s.adult_only = int(d.get("amount_due") or 0), bool(d.get("adult_only"))
        s.storage_deadline = _dt(d.get("storage_deadline"))
        s.waybill_id, s.transport_package_id = waybill_id, package_id
        s.parent_id = self.shipment_id(parent) if parent else None
        s.arrived_unexpected = bool(d.get("arrived_unexpected"))
        s.received_at, s.stored_at = _dt(d.get("received_at")), _dt(d.get("stored_at"))
        s.issued_at = _dt(d.get("issued_at"))
        s.updated_at = _dt(d.get("updated_at")) or self.op.now
        s.version = version
        self.op.changes.shipment(None, cell.id if cell is not None else None, waybill_id)  # where it is now
        self._items(s, d.get("items") or [])
        if d.get("outbound"):
            if s.id is None:
                self.session.flush()
            self._outbound(s.id, d["outbound"])
        if before != s.status:
            self.op.record("synced", shipment=s, from_status=before, to_status=s.status, version=version)
            self.status_changes += 1

    def _new_shipment(self, posting: str, d: Mapping[str, Any]) -> None:
        """The same fields as below, as a row to insert (times already in stored form): an initial
        pull brings 100,000 of these."""
        version = int(d.get("version") or 0)
        pending = self._new.get(posting)
        if pending is not None and version < pending.row["version"]:
            return
        before = pending.row["status"] if pending is not None else None
        waybill_id = self.waybill_id(d.get("waybill"))
        now = stored_time(self.op.now)
        row = {
            "posting_number": posting,
            "order_number": d.get("order") or "",
            "customer_id": self.customer(d.get("customer")),
            "status": ShipmentStatus(d["status"]).value,
            "amount_due": int(d.get("amount_due") or 0),
            "adult_only": bool(d.get("adult_only")),
            "storage_deadline": _stored(d.get("storage_deadline")),
            "waybill_id": waybill_id,
            "transport_package_id": self.package_id(d.get("package"), waybill_id),
            "return_box_id": None,
            "parent_id": None,
            "arrived_unexpected": bool(d.get("arrived_unexpected")),
            "created_at": now,
            "received_at": _stored(d.get("received_at")),
            "stored_at": _stored(d.get("stored_at")),
            "issued_at": _stored(d.get("issued_at")),
            "updated_at": _stored(d.get("updated_at")) or now,
            "version": version,
        }
        items = [
            {
                "line_no": int(it["line_no"]),
                "name": it["name"],
                "qty": int(it.get("qty") or 1),
                "price": int(it.get("price") or 0),
                "refused": bool(it.get("refused")),
            }
            for it in d.get("items") or []
        ]
        cell = self.cell(d.get("cell"))
        self.op.changes.shipment(posting, cell.id if cell is not None else None, waybill_id)
        if pending is None:
            pending = self._new[posting] = _NewShipment(posting, row, cell, items, d.get("outbound"))
        else:
            pending.row, pending.cell, pending.items, pending.outbound = row, cell, items, d.get("outbound")
        if before != row["status"]:
            details = self._version_details.get(version)
            if details is None:
                details = self._version_details[version] = canonical_json({"version": version})
            self.op.record_canonical("synced", details, pending, before, row["status"])
            self.status_changes += 1

    def flush_new(self) -> None:
        """Insert the page's new shipments and their lines: two statements instead of a flush of
        thousands of ORM objects."""
        self.flush_waybills()
        self.flush_customers()
        if not self._new:
            return
        pending = list(self._new.values())
        self._new = {}
        self.session.flush()  # the cells, waybills and packages the rows point at
        rows = [{**p.row, "cell_id": p.cell.id if p.cell is not None else None} for p in pending]
        # One executemany, then the ids by the unique posting number.
        self._insert(Shipment.__table__, rows)
        ids = self._ids(Shipment.posting_number, Shipment.id, [p.posting_number for p in pending])
        lines = []
        for p in pending:
            p.id = ids[p.posting_number]
            self._inserted[p.posting_number] = p.id
            self._fetched.discard(("shipment", p.posting_number))  # in the table now: a query finds it
            lines.extend({**it, "shipment_id": p.id} for it in p.items)
        if lines:
            self._insert(ShipmentItem.__table__, lines)
        for p in pending:
            if p.outbound:
                assert p.id is not None
                self._outbound(p.id, p.outbound)

    # Drop-off: supplies, courier pickups and the outbound fields of a shipment.

    def _by_key(self, model: Any, key: Any, value: str, **defaults: Any) -> Any:
        """The row with this business key, created with ``defaults`` when the cache has none yet."""
        row = self.session.scalar(select(model).where(key == value))
        if row is None:
            row = model(**{key.key: value}, **defaults)
            self.session.add(row)
            self.session.flush()
        return row

    def _supply(self, d: Mapping[str, Any]) -> None:
        if d["number"] in self.keep:
            self.kept.append(d["number"])
            return
        row = self._by_key(Supply, Supply.number, d["number"], created_at=self.op.now)
        if self._older(d["number"], int(d.get("version") or 0), row.version):
            return
        row.seller, row.route, row.status = d.get("seller") or "", d.get("route") or "", d["status"]
        row.created_at = _dt(d.get("created_at")) or row.created_at
        row.closed_at = _dt(d.get("closed_at"))
        row.unexpected = json.dumps(sorted(d.get("unexpected") or []), allow_nan=False)
        row.version = int(d.get("version") or 0)

    def _courier_pickup(self, d: Mapping[str, Any]) -> None:
        if d["code"] in self.keep:
            self.kept.append(d["code"])
            return
        row = self._by_key(CourierPickup, CourierPickup.code, d["code"])
        if self._older(d["code"], int(d.get("version") or 0), row.version):
            return
        row.courier, row.route, row.status = d.get("courier") or "", d.get("route") or "", d["status"]
        row.due_at, row.closed_at = _dt(d.get("due_at")), _dt(d.get("closed_at"))
        row.act_number, row.version = d.get("act_number"), int(d.get("version") or 0)

    def _outbound(self, shipment_id: int, o: Mapping[str, Any]) -> None:
        row = self.session.get(OutboundParcel, shipment_id)
        if row is None:
            row = OutboundParcel(shipment_id=shipment_id, kind=o["kind"])
            self.session.add(row)
        route = o.get("route") or ""
        supply, bag, pickup = o.get("supply"), o.get("bag"), o.get("pickup")
        row.kind, row.route = o["kind"], route
        row.supply_id = self._by_key(Supply, Supply.number, supply, created_at=self.op.now).id if supply else None
        row.bag_id = self._by_key(OutboundBag, OutboundBag.barcode, bag, route=route).id if bag else None
        row.pickup_id = self._by_key(CourierPickup, CourierPickup.code, pickup).id if pickup else None
        row.send_code, row.party = o.get("send_code"), o.get("party") or ""
        row.description, row.recipient_point = o.get("description") or "", o.get("recipient_point") or ""
        row.size_class, row.declared_value = o.get("size_class") or "", int(o.get("declared_value") or 0)
        row.weight_g, row.weight_typed = o.get("weight_g"), bool(o.get("weight_typed"))
        row.refuse_reason = o.get("refuse_reason") or ""

    def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        insert_rows(self.session.connection(), table, rows)

    def _items(self, s: Shipment, items: Iterable[Mapping[str, Any]]) -> None:
        by_line = {i.line_no: i for i in s.items}
        wanted = set()
        for it in items:
            line = int(it["line_no"])
            wanted.add(line)
            row = by_line.get(line)
            if row is None:
                row = ShipmentItem(line_no=line, name=it["name"])
                s.items.append(row)
            row.name, row.qty, row.price = it["name"], int(it.get("qty") or 1), int(it.get("price") or 0)
            row.refused = bool(it.get("refused"))
        for line, row in by_line.items():
            if line not in wanted:
                s.items.remove(row)

    def _return_request(self, d: Mapping[str, Any]) -> None:
        if d["number"] in self.keep:
            self.kept.append(d["number"])
            return
        shipment_id = self.shipment_id(d["posting"])
        if shipment_id is None:
            return  # the page always carries the shipment first; a cache without it re-pulls later
        self.flush_customers()  # the request names its customer
        row = self.session.scalar(select(ReturnRequest).where(ReturnRequest.number == d["number"]))
        if row is None:
            row = ReturnRequest(number=d["number"], shipment_id=shipment_id)
            self.session.add(row)
        row.shipment_id = shipment_id
        row.customer_id = d.get("customer_id")
        row.item_names = json.dumps(d.get("item_names") or [], ensure_ascii=False, allow_nan=False)
        row.reason, row.status = d.get("reason") or "", d.get("status") or "open"
        row.created_at = _dt(d.get("created_at")) or self.op.now

    def _storage_extension(self, d: Mapping[str, Any]) -> None:
        """The new deadline and status come with the shipment; the ledger notes the extension once."""
        self.flush_new()
        self.session.flush()
        s = self.session.scalar(select(Shipment).where(Shipment.posting_number == d["posting"]))
        if s is None:
            return
        details = {"extension_id": d["id"], "days": d["days"], "deadline": d["deadline"]}
        seen = self.session.scalar(
            select(Event.id).where(
                Event.shipment_id == s.id, Event.kind == "storage_extended", Event.details == canonical_json(details)
            )
        )
        mark = f"{s.posting_number}:{d['id']}"
        if seen is None and mark not in self._noted:
            self._noted.add(mark)
            self.op.record("storage_extended", shipment=s, **details)

    def _defect(self, d: Mapping[str, Any]) -> None:
        """A defect recorded at another counter: the parcel's history here shows it (with its photos'
        hashes); the counter that recorded it has its own event of that operation already."""
        self.flush_new()
        self.session.flush()
        s = self.session.scalar(select(Shipment).where(Shipment.posting_number == d["posting"]))
        if s is None or self.session.scalar(select(Event.id).where(Event.op_id == d["op"]).limit(1)) is not None:
            return
        details = {"defect": d.get("defect"), "note": d.get("note") or "", "photos": d.get("photos") or []}
        details.update(place=d.get("place") or "card", defect_id=d.get("id"), by=d.get("user") or "", at=d.get("at"))
        seen = self.session.scalar(
            select(Event.id).where(
                Event.shipment_id == s.id, Event.kind == "defect_recorded", Event.details == canonical_json(details)
            )
        )
        if seen is None:
            self.op.record("defect_recorded", shipment=s, **details)

    def _support_message(self, d: Mapping[str, Any]) -> None:
        t = d["ticket"]
        ticket = self.session.scalar(select(SupportTicket).where(SupportTicket.uuid == t["uuid"]))
        if ticket is None:
            ticket = SupportTicket(uuid=t["uuid"], subject=t["subject"], category=t["category"], employee_id="")
            self.session.add(ticket)
        ticket.subject, ticket.category = t["subject"], t["category"]
        ticket.postings = json.dumps(t.get("postings") or [], ensure_ascii=False, allow_nan=False)
        ticket.status, ticket.employee_id = t.get("status") or "open", t.get("employee_id") or ""
        ticket.created_at = _dt(t.get("created_at")) or self.op.now
        ticket.updated_at = _dt(t.get("updated_at")) or self.op.now
        self.session.flush()
        message = self.session.scalar(select(SupportMessage).where(SupportMessage.uuid == d["uuid"]))
        if message is None:
            message = SupportMessage(uuid=d["uuid"], ticket_id=ticket.id, author=d["author"], body=d["body"])
            self.session.add(message)
        message.author, message.author_name, message.body = d["author"], d.get("author_name") or "", d["body"]
        message.created_at = _dt(d.get("created_at")) or self.op.now

    def result(self, cursor: str | None) -> AppliedChanges:
        """What the page applied; called inside its operation, so its OpChanges name the entities."""
        c = self.counts
        self.op.changes.kinds.update(PULLED + entity for entity, n in c.items() if n)
        return AppliedChanges(
            shipments=c["shipment"],
            status_changes=self.status_changes,
            waybills=c["waybill"],
            return_requests=c["return_request"],
            extensions=c["storage_extension"],
            support_messages=c["support_message"],
            kept_local=tuple(self.kept),
            cursor=cursor,
        )


def _in_json(column: Any, keys: Sequence[str]) -> Any:
    """``column IN (keys)`` with the keys as one JSON array parameter (SQLite's ``json_each``, still by
    the column's index): a page names about a thousand keys a table, and rendering a bound parameter
    for each was a twentieth of applying the page."""
    # allow_nan=False: a key a hostile page made Infinity is refused here (ValueError), never
    # handed to SQLite as JSON it cannot read.
    values = func.json_each(json.dumps(list(keys), allow_nan=False)).table_valued("value")
    return column.in_(select(values.c.value))


def _cell_parts(code: str) -> tuple[str, int, int]:
    """``C-A-01-03`` → zone A, rack 1, shelf 3 (a code of another profile keeps zeros)."""
    parts = code.split("-")
    try:
        return parts[1][:8], int(parts[2]), int(parts[3])
    except (IndexError, ValueError):
        return "", 0, 0


def _ordered(changes: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    rank = {e: i for i, e in enumerate(ENTITY_ORDER)}
    return sorted(changes, key=lambda c: rank.get(c.get("entity", ""), len(rank)))


def apply_changes(
    ctx: WorkflowContext, changes: Sequence[Mapping[str, Any]], cursor: str | None, outbox_from: int | None = None
) -> AppliedChanges:
    """One page of the feed and its cursor, in one transaction.

    ``outbox_from`` is ``outbox_mark`` taken before the page was asked for: a shipment an
    operation from that row on touched keeps the counter's state (the page may predate the
    server applying it: a parcel issued here must not show as ready again) and is re-read."""
    with operation(ctx, WORKFLOW, "server_changes") as op:
        op.push = False  # pulled from the server: nothing goes back
        applier = _Applier(op, force=False, outbox_from=outbox_from)
        applier.prefetch(changes)
        for change in _ordered(changes):
            applier.apply(change["entity"], change["data"])
        applier.flush_new()
        state = _sync_state(op.session)
        state.cursor, state.last_pull_at = cursor, op.now
        return applier.result(cursor)


def apply_shipment(ctx: WorkflowContext, data: Mapping[str, Any]) -> AppliedChanges:
    """The server's current state of one shipment, re-read after a refusal: it wins over the cache."""
    with operation(ctx, WORKFLOW, "shipment_reread") as op:
        op.push = False
        applier = _Applier(op, force=True)
        applier.apply("shipment", data)
        applier.flush_new()
        return applier.result(None)


def load_snapshot(
    ctx: WorkflowContext,
    chunks: Iterable[Sequence[Mapping[str, Any]]],
    cursor: str,
    outbox_from: int | None = None,
) -> AppliedChanges | None:
    """The point's snapshot (``GET …/snapshot``) and the cursor it is at, in one transaction.

    The same rows as pulling the feed from the start: the snapshot holds what the feed's pages
    hold (each entity's latest state), applied the way a page is — including a «synced» ledger
    event for every shipment it brings, so the cache's ledger reads and chains as after a replay.
    Only for a counter without a cursor (a new or lost cache, or after the server's ``reset``);
    one that has a cursor by the time the download is in applies nothing (None) and follows the
    feed. Anything that fails rolls the whole snapshot back: the cursor stays None.

    ``chunks``: the changes in the server's order (what a row refers to first), a block at a time;
    each block is written (its rows and ledger events) before the next is read, so memory holds a
    block, not the point. A block that goes back in that order is refused (ValueError).

    Into an empty cache the shipments go in bulk: a large page cache for the transaction, and the
    shipment table's secondary indexes dropped and built again once the rows are in (one sort
    each instead of 100,000 inserts into each), all inside the same transaction."""
    raw: Any = None
    normal_cache = 0
    try:
        with operation(ctx, WORKFLOW, "point_snapshot") as op:
            op.push = False  # pulled from the server: nothing goes back
            if _sync_state(op.session).cursor is not None:
                return None
            connection = op.session.connection()
            normal_cache = int(connection.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
            raw = connection.connection.dbapi_connection
            connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
            models = (Shipment, Waybill, TransportPackage, Customer)
            empty = all(op.session.scalar(select(m.id).limit(1)) is None for m in models)
            indexes = _drop_indexes(connection, Shipment.__tablename__) if empty else []
            applier = _Applier(op, force=False, outbox_from=outbox_from)
            rank = {e: i for i, e in enumerate(ENTITY_ORDER)}
            reached = 0  # the rank of the entity the snapshot is at
            for chunk in chunks:
                ordered = _ordered(chunk)
                if ordered and rank.get(ordered[0].get("entity", ""), len(rank)) < reached:
                    raise ValueError("the snapshot's changes are not in the order a counter applies them")
                applier.prefetch(ordered, cache_empty=empty)
                for change in ordered:
                    applier.apply(change["entity"], change["data"])
                if ordered:
                    reached = rank.get(ordered[-1].get("entity", ""), len(rank))
                applier.flush_new()
                op.write_events()
            for sql in indexes:
                connection.exec_driver_sql(sql)
            state = _sync_state(op.session)
            state.cursor, state.last_pull_at = cursor, op.now
            result = applier.result(cursor)
    finally:
        if raw is not None and normal_cache:  # the store's usual page cache again (the connection is pooled)
            raw.execute(f"PRAGMA cache_size={normal_cache}")
    return result


BULK_CACHE_KIB = 256 * 1024  # page cache while a snapshot is written: a 100,000-parcel point's indexes fit


def _drop_indexes(connection: Any, table: str) -> list[str]:
    """Drop ``table``'s own indexes (not those of its UNIQUE constraints); their CREATE statements."""
    found = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
    ).all()
    for name, _ in found:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]
