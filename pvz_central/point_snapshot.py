"""The point's current state in one download: what a new counter (or one whose cache is lost) loads
instead of replaying the change feed page by page.

The feed already keeps one row per entity with its latest snapshot (``feed.record``), so the
point's current state is exactly those rows. They are read by one statement (one consistent view
of the database), and the cursor the download carries is the highest change number among them:
a point's change numbers are given under its row lock, so every change up to that number has
committed and is in the rows, and every later one is in the feed after the cursor.

Wire form: gzip'd JSON lines (``application/x-ndjson`` with ``Content-Encoding: gzip``):

- first line ``{"format": 1, "point": ..., "cursor": ...}``;
- one line per change, exactly as a feed page carries it (``{"entity", "key", "seq", "data"}``),
  in the order a counter applies them (what a row refers to comes first);
- last line ``{"end": N}``, N the number of changes: a cut download lacks it and is refused whole.

Chosen by measuring (docs/PERFORMANCE.md, P5a): the stored snapshot texts go out as they are
(no parse on the server), gzip at level 1 shrinks them ~8× for a fraction of a second, and the
counter parses JSON lines with the standard library.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pvz_central.feed import ENTITY_ORDER, WireChange, encode_cursor
from pvz_central.models import Change, Point

FORMAT = 1
MEDIA_TYPE = "application/x-ndjson"
GZIP_LEVEL = 1  # ~8× smaller at a tenth of level 6's time: the server's CPU serves every point
CHUNK_LINES = 2000  # changes compressed and sent at a time


@dataclass(frozen=True)
class PointSnapshot:
    point_id: str
    cursor: str
    changes: tuple[WireChange, ...]

    def lines(self) -> Iterator[str]:
        yield json.dumps({"format": FORMAT, "point": self.point_id, "cursor": self.cursor}) + "\n"
        for at in range(0, len(self.changes), CHUNK_LINES):
            yield "".join(c.body() + "\n" for c in self.changes[at : at + CHUNK_LINES])
        yield json.dumps({"end": len(self.changes)}) + "\n"

    def gzipped(self) -> Iterator[bytes]:
        """The lines as one gzip stream, a chunk at a time (the counter inflates while it receives)."""
        packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        for text in self.lines():
            chunk = packer.compress(text.encode())
            if chunk:
                yield chunk
        yield packer.flush()


def read_snapshot(session: Session, point: Point) -> PointSnapshot:
    """Every entity's latest snapshot of the point and the cursor they correspond to (one statement)."""
    query = select(Change.entity, Change.key, Change.seq, Change.data).where(Change.point_id == point.id)
    rows = [WireChange(*row) for row in session.execute(query)]
    rank = {entity: i for i, entity in enumerate(ENTITY_ORDER)}
    rows.sort(key=lambda c: (rank.get(c.entity, len(rank)), c.seq))
    last = max((c.seq for c in rows), default=0)
    return PointSnapshot(point.id, encode_cursor(point.feed_epoch, last), tuple(rows))
