"""Defect photos go to the server before the operations that name them (``workflows.defects``),
and come from it to the point's other counters, which keep them beside their own."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

from pvz_desktop.core.photos import EXTENSIONS, content_hash, image_type
from pvz_desktop.sync.client import CentralClient, MalformedAnswer, Outgoing, ServerUnavailable
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.defects import keep_photo, photo_path
from pvz_desktop.workflows.outbox_body import stored_payload

log = logging.getLogger(__name__)
SHA256 = re.compile(r"[0-9a-f]{64}")


def upload_photos(ctx: WorkflowContext, client: CentralClient, ops: Sequence[Outgoing]) -> int:
    """Upload every photo the defect records among ``ops`` name; returns how many the server has.

    An upload is idempotent (the photo's name is its hash), so a batch retried after an outage
    sends them again harmlessly. A photo missing here or refused there is logged: the server then
    refuses its record with the reason, through the refusal path every operation has."""
    stored = 0
    for op in ops:
        if op.kind != "defect_record":
            continue
        for photo in stored_payload(op.body).get("photos") or []:
            path = photo_path(ctx, photo)
            try:
                data = path.read_bytes()
            except OSError:
                log.warning("defect photo %s is missing at this counter", path.name)
                continue
            if client.put_photo(photo["sha256"], photo["type"], data):
                stored += 1
            else:
                log.warning("the server refused defect photo %s", path.name)
    return stored


def fetch_photo(ctx: WorkflowContext, client: CentralClient | None, photo: dict) -> Path | None:
    """The photo's file in this counter's data directory: kept there already, or downloaded now.

    None when the server has no such photo for this point. Raises ``ServerUnavailable`` offline
    (the history says the photo will show when the network is back) and ``MalformedAnswer`` when
    what came is not the photo named by the hash: nothing of it is kept."""
    sha, kind = str(photo.get("sha256") or ""), str(photo.get("type") or "")
    if not SHA256.fullmatch(sha) or kind not in EXTENSIONS:  # a name from the feed is no path of ours
        raise MalformedAnswer(f"Запись о браке называет фото не по форме: {sha[:12]!r}, {kind!r}.")
    path = photo_path(ctx, photo)
    if path.exists():
        return path
    if client is None:
        raise ServerUnavailable("Нет связи с сервером.")
    data = client.get_photo(photo["sha256"])
    if data is None:
        return None
    if content_hash(data) != photo["sha256"] or image_type(data) != photo["type"]:
        raise MalformedAnswer(f"Сервер прислал не то фото вместо {photo['sha256'][:12]}…")
    keep_photo(ctx, photo["sha256"], photo["type"], data)
    return path
