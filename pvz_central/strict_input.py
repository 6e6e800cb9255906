"""Input types with exactly one spelling: a date ``YYYY-MM-DD``, a time ISO 8601 with ``T``,
kopecks as a JSON integer.

Pydantic (even strict, from JSON) reads ``"0"`` as 1970-01-01, and lax ints take ``12.0``; a
field typed here refuses them with a 422 (strict models refuse ``"5"`` for a number too).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")
# Input models of the API: no coercion at all (a string for a number, a number for a string, …).
STRICT = ConfigDict(strict=True)


def _iso_date(value: Any) -> Any:
    if isinstance(value, str):
        if not ISO_DATE.fullmatch(value):
            raise ValueError("a date must be written as YYYY-MM-DD")
        return date.fromisoformat(value)  # a ValueError for 2026-02-30 becomes the field's error
    if isinstance(value, date):
        return value
    raise ValueError("a date must be a string YYYY-MM-DD")


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, str):
        if not ISO_DATETIME.fullmatch(value):
            raise ValueError("a time must be written as YYYY-MM-DDTHH:MM[:SS][±HH:MM|Z]")
        return datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value
    raise ValueError("a time must be a string YYYY-MM-DDTHH:MM[:SS][±HH:MM|Z]")


IsoDateTime = Annotated[
    datetime,
    BeforeValidator(_iso_datetime),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": f"^{ISO_DATETIME.pattern}$"}),
]
IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{ISO_DATE.pattern}$"}),
]
Kopecks = Annotated[int, Strict(), Field(ge=0, le=10**10, description="kopecks, an integer")]
