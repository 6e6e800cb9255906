"""HTTP client of the central API for the sync threads (operations, change feed, shipments).

Every call goes through ``AuthSession.request`` (bearer token, one refresh on 401). Network
failures, 5xx and 429 become ``ServerUnavailable``: the caller retries later with backoff.
An answer that is not what the API promises (not JSON, wrong shape) raises ``MalformedAnswer``,
a ``ServerUnavailable``: it is retried the same way and never reaches the local store.
"""

from __future__ import annotations

import marshal
import tempfile
import time
import weakref
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
import urllib3

from pvz_desktop.auth.errors import AuthError
from pvz_desktop.auth.session import AuthSession
from pvz_desktop.core.errors import DomainError
from pvz_desktop.workflows.outbox_body import batch_body

LONG_POLL_SLACK = 10.0  # seconds on top of the long-poll wait before the read times out
OTHER_POINTS_TIMEOUT = 10.0  # seconds: the cashier waits for this answer with the customer at the counter
PHOTO_TIMEOUT = 60.0  # seconds: a 5 MB photo over a slow line
SNAPSHOT_TIMEOUT = 60.0  # seconds without a byte of the point's snapshot before the download is given up
SNAPSHOT_CHUNK = 1 << 16  # bytes read at a time: parsed while the next ones arrive
SPOOL_LINES = 2000  # validated snapshot changes held in memory at once, then written to the spool
# Longest snapshot line taken (inflated bytes): a shipment with 100 long lines is ~60 KB; a line that
# never ends would otherwise be gathered in memory until the download ends.
MAX_SNAPSHOT_LINE = 4 << 20
INFLATE_STEP = 1 << 20  # inflated bytes taken from the download at a time
NO_BATCH_RETRY = 600.0  # seconds: after a server without the batch route, single pushes this long, then ask again
_JSON = {"Content-Type": "application/json"}  # an operation's body goes as its stored text, not through json=


class ServerUnavailable(Exception):
    """The server cannot be reached or cannot answer now: try again later."""


class ServerUntrusted(ServerUnavailable):
    """The server's certificate did not pass the check: nothing was sent; retried like an outage
    (a renewed certificate or a corrected setting makes it work again)."""


class MalformedAnswer(ServerUnavailable):
    """The server answered with something the API does not promise (a proxy page, a broken body)."""


class BatchNotTaken(Exception):
    """The server did not take the batch as a whole (no batch route, or one operation is malformed):
    nothing of it was applied; push its operations one by one."""


class AccessDenied(DomainError):
    """The server refuses this login for the request (another point, wrong role): not retried."""

    code = "access_denied"


@dataclass(frozen=True)
class PushAnswer:
    applied: bool
    reason: str | None = None  # for the cashier, when refused
    code: str | None = None
    replayed: bool = False  # the server had this Idempotency-Key already
    # The shipments it changed and their version on the server once applied: the cache takes the
    # versions so a feed page composed before it is seen as older (pusher._finish).
    versions: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Outgoing:
    """One outbox row on its way to the server."""

    op_id: str  # the Idempotency-Key
    kind: str
    body: str  # the request body as stored (``workflows.outbox_body``): sent as it is


@dataclass(frozen=True)
class OtherPointParcel:
    """A parcel of the customer waiting at another point of the network."""

    point_name: str
    address: str
    posting: str
    status: str  # a ShipmentStatus value
    storage_deadline: datetime | None  # UTC


class SnapshotNotServed(Exception):
    """The server has no snapshot route (an older one): load the point through the change feed."""


class SnapshotSpool:
    """The validated changes of a snapshot download in a temporary file, in blocks of about
    ``SPOOL_LINES``: neither the download nor the write holds the whole point in memory (a 100,000-
    parcel point parsed at once was most of 840 MB). A block is the list of change dicts the wire
    models validated, in ``marshal`` form: this process's own data in its own unlinked file, read
    back several times faster than JSON is parsed."""

    def __init__(self) -> None:
        # Open from the download to the write (``close``); unlinked at once, so nothing is left behind.
        self._file = tempfile.TemporaryFile(prefix="pvz-snapshot-")  # noqa: SIM115
        self._close = weakref.finalize(self, self._file.close)  # also when dropped without close()
        self.count = 0  # changes written

    def write(self, changes: list[dict[str, Any]]) -> None:
        block = marshal.dumps(changes)
        self._file.write(len(block).to_bytes(8, "little") + block)
        self.count += len(changes)

    def blocks(self) -> Iterator[list[dict[str, Any]]]:
        self._file.flush()
        self._file.seek(0)
        while size := int.from_bytes(self._file.read(8), "little"):
            yield marshal.loads(self._file.read(size))

    def close(self) -> None:
        self._close()


@dataclass(frozen=True)
class PointSnapshot:
    """The point's current state (feed changes, what a row refers to first) and the cursor it is at:
    the changes given in memory, or a download's in its ``spool`` (read a block at a time)."""

    preloaded: tuple[dict[str, Any], ...]
    cursor: str
    size: int  # bytes received (compressed)
    spool: SnapshotSpool | None = None

    def chunks(self) -> Iterator[list[dict[str, Any]]]:
        """The changes in order, a block at a time (``SPOOL_LINES`` or so each)."""
        if self.spool is not None:
            yield from self.spool.blocks()
        for at in range(0, len(self.preloaded), SPOOL_LINES):
            yield list(self.preloaded[at : at + SPOOL_LINES])

    @property
    def count(self) -> int:
        return self.spool.count if self.spool is not None else len(self.preloaded)

    @property
    def changes(self) -> tuple[dict[str, Any], ...]:
        """Every change at once (a small point, a check): a large one is read by ``chunks``."""
        return tuple(c for chunk in self.chunks() for c in chunk)

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()


@dataclass(frozen=True)
class ChangePage:
    changes: tuple[dict[str, Any], ...]
    cursor: str | None
    has_more: bool
    reset: bool


def _validated(model: str, body: Any, what: str) -> Any:
    """``body`` checked against the wire model named ``model`` (a pydantic model or a TypeAdapter):
    raw bytes are validated as JSON text by pydantic-core in one pass (no ``json.loads`` first),
    anything else as parsed JSON. MalformedAnswer names the field.

    The wire models (pydantic) are imported here, on a sync thread, never at the counter's start."""
    from pydantic import BaseModel, ValidationError

    from pvz_desktop import wire

    schema = getattr(wire, model)
    is_model = isinstance(schema, type) and issubclass(schema, BaseModel)
    try:
        if isinstance(body, bytes | bytearray):
            return schema.model_validate_json(body) if is_model else schema.validate_json(body)
        return schema.model_validate(body) if is_model else schema.validate_python(body)
    except ValidationError as exc:
        if exc.errors()[0]["type"] == "json_invalid":  # an HTML page of a proxy, a cut-off body
            raise MalformedAnswer(f"Сервер прислал {what} не в формате JSON.") from exc
        raise MalformedAnswer(f"Сервер прислал {what} в неверном формате: {wire.first_problem(exc)}.") from exc


def parse_change_page(body: Any) -> ChangePage:
    """A page of the change feed from its raw JSON text (or its parsed JSON): every change and its
    entity's data checked against the wire models (``wire.ChangePage``) before anything is applied;
    raises MalformedAnswer naming the first field that is wrong. Unknown entities pass (skipped)."""
    page = _validated("ChangePage", body, "ленту изменений")
    # The changes are the dicts pydantic-core built while validating: the apply step reads them as they are.
    return ChangePage(tuple(page.changes), page.cursor, page.has_more, page.reset)


class SnapshotReader:
    """The lines of a point's snapshot (``pvz_central.point_snapshot``) parsed as the gzip'd chunks
    arrive (the parse overlaps the server's work); ``finish`` refuses anything but a whole snapshot
    of this point: a cut download lacks its end line (MalformedAnswer).

    The change lines are validated by the wire models a chunk at a time (the lines joined into one
    JSON array: one pydantic-core call per chunk, no Python per line); the last line seen is kept
    back until the next chunk, since the stream's last line is its end line, not a change. What is
    validated goes to a ``SnapshotSpool`` every ``SPOOL_LINES`` or so: what the reader holds at once
    is a chunk of the download and one block, whatever the point's size."""

    def __init__(self, point_id: str, *, gzipped: bool = True) -> None:
        self.point_id = point_id
        self.size = 0  # bytes received, compressed
        self.head: Any = None  # wire.SnapshotHead once its line is in
        self.spool = SnapshotSpool()
        self.held = 0  # the most validated changes held in memory at once (a test checks the bound)
        self._block: list[dict[str, Any]] = []
        # A proxy may have inflated it already (no Content-Encoding left): then taken as it is.
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
        self._rest = b""  # an unfinished line
        self._last: bytes | None = None  # the last whole line: a change, or the end line

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self._inflate is None:
            self._text(chunk)
            return
        while chunk:
            try:  # a piece at a time: a few compressed bytes may inflate to gigabytes
                text = self._inflate.decompress(chunk, INFLATE_STEP)
            except zlib.error as exc:
                raise MalformedAnswer("Сервер прислал снимок пункта в неверном формате.") from exc
            chunk = self._inflate.unconsumed_tail
            self._text(text)

    def _text(self, text: bytes) -> None:
        lines = (self._rest + text).split(b"\n")
        self._rest = lines.pop()
        if len(self._rest) > MAX_SNAPSHOT_LINE or any(len(line) > MAX_SNAPSHOT_LINE for line in lines):
            raise MalformedAnswer("Сервер прислал снимок пункта со строкой невозможной длины.")
        if self._last is not None:
            lines.insert(0, self._last)
        if self.head is None and lines:
            self.head = _validated("SnapshotHead", lines.pop(0), "начало снимка пункта")
        self._last = lines.pop() if lines else None
        if lines:
            self._add(lines)

    def _add(self, lines: list[bytes]) -> None:
        while lines:  # at most SPOOL_LINES validated changes are held at any time
            room = SPOOL_LINES - len(self._block)
            self._validate(lines[:room])
            lines = lines[room:]
            self.held = max(self.held, len(self._block))
            if len(self._block) >= SPOOL_LINES:
                self._spill()

    def _validate(self, lines: list[bytes]) -> None:
        from pydantic import ValidationError

        from pvz_desktop import wire

        try:
            self._block += wire.CHANGES.validate_json(b"[" + b",".join(lines) + b"]")
        except ValidationError as exc:
            error = exc.errors(include_input=False, include_url=False)[0]
            path = wire.field_path(error["loc"])
            if not path:  # not JSON lines at all
                raise MalformedAnswer("Сервер прислал снимок пункта не строками JSON.") from exc
            line = self.spool.count + len(self._block) + 2 + int(path[0])  # the head is line 1
            field = ".".join(str(p) for p in path[1:]) or "строка целиком"
            raise MalformedAnswer(
                f"Сервер прислал снимок пункта в неверном формате: строка {line}, {field} — {error['msg']}."
            ) from exc

    def _spill(self) -> None:
        if self._block:
            self.spool.write(self._block)
            self._block = []

    def finish(self) -> PointSnapshot:
        """The whole snapshot (its changes in the spool); MalformedAnswer, and the spool closed, if not."""
        try:
            return self._finish()
        except MalformedAnswer:
            self.spool.close()
            raise

    def _finish(self) -> PointSnapshot:
        if self.head is None:
            raise MalformedAnswer("Сервер прислал снимок пункта в неизвестном формате.")
        if self.head.point != self.point_id:
            raise MalformedAnswer(f"Сервер прислал снимок другого пункта вместо {self.point_id}.")
        self._spill()
        whole = not self._rest and (self._inflate is None or self._inflate.eof) and self._last is not None
        try:  # the last line is the end line, counting the changes: not so when the download was cut
            whole = whole and _validated("SnapshotEnd", self._last, "конец снимка").end == self.spool.count
        except MalformedAnswer:
            whole = False
        if not whole:
            raise MalformedAnswer("Снимок пункта пришёл не целиком.")
        return PointSnapshot((), self.head.cursor, self.size, self.spool)


def _answer(r: Any) -> PushAnswer:
    return PushAnswer(r.result == "applied", r.reason, r.code, getattr(r, "replayed", False), _versions(r))


def _versions(r: Any) -> tuple[tuple[str, int], ...]:
    return tuple((s.posting, s.version) for s in getattr(r, "shipments", None) or ())


def parse_batch_answer(body: Any, ops: Sequence[Outgoing]) -> tuple[PushAnswer, ...]:
    """One answer per operation, in order; raises MalformedAnswer unless every answer is for its own key."""
    results = _validated("BatchOut", body, "ответ на пакет операций").results
    if len(results) != len(ops) or any(r.op_id != op.op_id for op, r in zip(ops, results, strict=False)):
        raise MalformedAnswer("Сервер ответил на пакет операций не по одной записи на операцию.")
    return tuple(_answer(r) for r in results)


def parse_shipment(body: Any, posting: str) -> dict[str, Any]:
    """A shipment's snapshot from ``GET …/shipments/{posting}`` (``wire.ShipmentData``, the same as
    a feed change's): it must name the one asked for."""
    shipment: dict[str, Any] = _validated("SHIPMENT", body, "отправление")
    if shipment["posting"] != posting:
        raise MalformedAnswer(f"Сервер прислал не то отправление вместо {posting}.")
    return shipment


def _refusal(response: requests.Response) -> str:
    """The server's refusal (any 4xx it answers with a reason) for the person at the counter: its
    error body (``wire.ApiError``) validated, the field it names added to the text. A body that is
    not the API's error shape (a proxy's page) raises MalformedAnswer: retried, never shown."""
    error = _validated("ApiError", response.content, f"отказ (код ответа {response.status_code})")
    if error.errors:
        first = error.errors[0]
        field = ".".join(first.loc[1:] if first.loc[:1] == ["body"] else first.loc)
        if field and field not in error.detail:
            return f"{error.detail} ({field}: {first.msg})"
    return str(error.detail)


def _status(response: requests.Response) -> str:
    """A status that tells all by itself (the route is missing: an older server): the body is not read."""
    return f"код ответа {response.status_code}"


class CentralClient:
    def __init__(self, auth: AuthSession, point_id: str | None = None) -> None:
        self.auth = auth
        self._point_id = point_id
        self._no_batch_until = 0.0  # monotonic time: until then the server is known to lack the batch route
        # Told the server's time from each answer's Date header (the counter's clock takes it).
        self.on_server_time: Callable[[datetime], None] | None = None

    @property
    def point_id(self) -> str:
        if self._point_id is None:
            user = self.auth.user or self._call(self.auth.load_user)
            self._point_id = user.point_id
        return self._point_id

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except requests.RequestException as exc:
            raise ServerUnavailable("Нет связи с сервером.") from exc
        except AuthError as exc:
            if exc.code == "login_required":
                raise
            if exc.code == "untrusted_server":
                raise ServerUntrusted(exc.message) from exc
            raise ServerUnavailable(exc.message) from exc

    def _request(self, method: str, path: str, *, refuse_429: bool = False, **kwargs: Any) -> requests.Response:
        response = self._call(self.auth.request, method, f"/api/v1/points/{self.point_id}{path}", **kwargs)
        self._server_time(response)
        if refuse_429 and response.status_code == 429:  # a limit on guesses: a refusal with its reason
            raise AccessDenied(_refusal(response))
        if response.status_code >= 500 or response.status_code == 429:
            raise ServerUnavailable(f"Сервер временно не отвечает ({response.status_code}).")
        if response.status_code == 403:
            raise AccessDenied(_refusal(response))
        return response

    def _server_time(self, response: requests.Response) -> None:
        date = response.headers.get("Date")
        if self.on_server_time is None or not date:
            return
        try:
            when = parsedate_to_datetime(date)
        except (TypeError, ValueError):  # a malformed header tells nothing
            return
        if when.tzinfo is not None:
            self.on_server_time(when.astimezone(UTC).replace(tzinfo=None))

    def push(self, op_id: str, body: str) -> PushAnswer:
        """One operation; ``body`` is its JSON text (``outbox_body.wire_text``), sent unchanged."""
        response = self._request("POST", "/operations", data=body.encode(), headers={**_JSON, "Idempotency-Key": op_id})
        replayed = response.headers.get("Idempotent-Replayed") == "true"
        if response.status_code in (200, 409):
            answer = _validated("OperationOut", response.content, "ответ на операцию")
            if answer.op_id != op_id or (answer.result == "applied") != (response.status_code == 200):
                raise MalformedAnswer(f"Сервер ответил не на эту операцию ({op_id}).")
            return PushAnswer(answer.result == "applied", answer.reason, answer.code, replayed, _versions(answer))
        if response.status_code == 422:  # the request was not accepted as a whole: the server's error body
            return PushAnswer(False, _refusal(response), "invalid", replayed)
        raise ServerUnavailable(f"Неожиданный ответ сервера на операцию: {_refusal(response)}.")

    @property
    def batch_supported(self) -> bool:
        return time.monotonic() >= self._no_batch_until

    def push_batch(self, ops: Sequence[Outgoing]) -> tuple[PushAnswer, ...]:
        """Push ``ops`` in order in one request; one answer each, in order.

        Raises BatchNotTaken when the server answers 404/405 (an older server without the route:
        remembered for ``NO_BATCH_RETRY`` s) or 422 (the batch as a whole is not accepted).
        """
        body = batch_body((o.op_id, o.body) for o in ops)
        response = self._request("POST", "/operations/batch", data=body, headers=_JSON)
        if response.status_code in (404, 405):
            self._no_batch_until = time.monotonic() + NO_BATCH_RETRY
            raise BatchNotTaken(_status(response))
        if response.status_code == 422:
            raise BatchNotTaken(_refusal(response))
        if response.status_code != 200:
            raise ServerUnavailable(f"Неожиданный ответ сервера на пакет операций: {_refusal(response)}.")
        return parse_batch_answer(response.content, ops)

    def changes(self, cursor: str | None, wait: float = 0, limit: int | None = None) -> ChangePage:
        """The page after ``cursor``; ``limit`` changes at most (the server's page size when None)."""
        params: dict[str, Any] = {"wait": wait}
        if cursor:
            params["since"] = cursor
        if limit is not None:
            params["limit"] = limit
        response = self._request("GET", "/changes", params=params, timeout=wait + LONG_POLL_SLACK)
        if response.status_code != 200:
            raise ServerUnavailable(f"Лента изменений недоступна: {_refusal(response)}.")
        return parse_change_page(response.content)  # the raw text: validated in one pass, never json.loads

    def snapshot(self) -> PointSnapshot:
        """The point's current state in one download (gzip'd JSON lines, inflated on the way).

        Raises SnapshotNotServed for a server without the route (404/405), ServerUnavailable for a
        download that fails or is cut (nothing of it is returned), MalformedAnswer for a broken one."""
        response = self._request("GET", "/snapshot", stream=True, timeout=SNAPSHOT_TIMEOUT)
        try:
            if response.status_code in (404, 405):
                raise SnapshotNotServed(_status(response))
            if response.status_code != 200:
                raise ServerUnavailable(f"Снимок пункта недоступен: {_refusal(response)}.")
            reader = SnapshotReader(self.point_id, gzipped=response.headers.get("Content-Encoding") == "gzip")
            try:
                for chunk in response.raw.stream(SNAPSHOT_CHUNK, decode_content=False):
                    reader.feed(chunk)
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:  # cut mid-way
                reader.spool.close()
                raise ServerUnavailable("Снимок пункта пришёл не целиком: связь прервалась.") from exc
            except MalformedAnswer:
                reader.spool.close()
                raise
        finally:
            response.close()
        return reader.finish()

    def shipment(self, posting: str) -> dict[str, Any] | None:
        response = self._request("GET", f"/shipments/{posting}")
        if response.status_code == 404:
            _refusal(response)  # the server's «not found», not a proxy's page: then the cache keeps it
            return None
        if response.status_code != 200:
            raise ServerUnavailable(f"Отправление не прочитано: {_refusal(response)}.")
        return parse_shipment(response.content, posting)

    def other_points(self, customer_id: str, pin: str) -> tuple[OtherPointParcel, ...]:
        """The customer's parcels at other points, by the code they presented here (the PIN goes in
        the body). A point that has not seen the code is refused: AccessDenied with the reason."""
        response = self._request(
            "POST",
            f"/customers/{customer_id}/other-points",
            json={"pin": pin},
            timeout=OTHER_POINTS_TIMEOUT,
            refuse_429=True,
        )
        if response.status_code != 200:
            raise ServerUnavailable(f"Заказы на других пунктах не прочитаны: {_refusal(response)}.")
        answer = _validated("OtherPointsAnswer", response.content, "заказы на других пунктах")
        if answer.customer != customer_id:
            raise MalformedAnswer(f"Сервер прислал заказы другого покупателя вместо {customer_id}.")
        try:
            return tuple(
                OtherPointParcel(
                    p.point_name,
                    p.address,
                    p.posting,
                    p.status,
                    datetime.fromisoformat(p.storage_deadline) if p.storage_deadline else None,
                )
                for p in answer.parcels
            )
        except ValueError as exc:
            raise MalformedAnswer("Сервер прислал срок хранения не датой.") from exc

    def point_rules(self) -> dict[str, int] | None:
        """The point's limits (storage days, extension days and times); None from a server without the route."""
        response = self._request("GET", "/rules")
        if response.status_code in (404, 405):
            return None
        if response.status_code != 200:
            raise ServerUnavailable(f"Правила пункта не прочитаны: {_refusal(response)}.")
        answer = _validated("PointRulesAnswer", response.content, "правила")
        return {
            "extension_days": answer.extension_days,
            "extensions_per_parcel": answer.extensions_per_parcel,
        }

    def put_photo(self, sha256: str, content_type: str, data: bytes) -> bool:
        """Upload a defect photo (idempotent by its hash). True when the server has it; False when
        it refuses it (too large, not an image): the record naming it is then refused with the reason."""
        response = self._request(
            "PUT", f"/photos/{sha256}", data=data, headers={"Content-Type": content_type}, timeout=PHOTO_TIMEOUT
        )
        if response.status_code in (200, 201):
            return True
        if response.status_code in (409, 413, 415):
            return False
        raise ServerUnavailable(f"Фото не отправлено: {_refusal(response)}.")

    def get_photo(self, sha256: str) -> bytes | None:
        """A defect photo's bytes as the server has them; None when this point may not see it or
        nobody uploaded it (404). The caller checks the bytes against the hash."""
        response = self._request("GET", f"/photos/{sha256}", timeout=PHOTO_TIMEOUT)
        if response.status_code == 404:
            _refusal(response)  # the server's «not found», not a proxy's page
            return None
        if response.status_code != 200:
            raise ServerUnavailable(f"Фото не загружено: {_refusal(response)}.")
        return response.content
