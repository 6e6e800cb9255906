"""Photos of a defect: what counts as an image, how large one may be, its content hash.

The type is read from the file's first bytes (a renamed file is not trusted by its name), and
the same check runs at the counter before a photo is kept and at the server before it is stored.
"""

from __future__ import annotations

import hashlib

MAX_PHOTO_BYTES = 5 * 1024 * 1024  # a phone or webcam JPEG is well under this
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}


def image_type(data: bytes) -> str | None:
    """``image/jpeg`` or ``image/png`` by the file's signature; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
