"""Defect photos go to the server before the operations that name them (``workflows.defects``)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pvz_desktop.sync.client import CentralClient, Outgoing
from pvz_desktop.workflows.context import WorkflowContext
from pvz_desktop.workflows.defects import photo_path

log = logging.getLogger(__name__)


def upload_photos(ctx: WorkflowContext, client: CentralClient, ops: Sequence[Outgoing]) -> int:
    """Upload every photo the defect records among ``ops`` name; returns how many the server has.

    An upload is idempotent (the photo's name is its hash), so a batch retried after an outage
    sends them again harmlessly. A photo missing here or refused there is logged: the server then
    refuses its record with the reason, through the refusal path every operation has."""
    stored = 0
    for op in ops:
        if op.kind != "defect_record":
            continue
        for photo in op.payload.get("photos") or []:
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
