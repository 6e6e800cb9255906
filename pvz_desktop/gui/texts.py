"""Texts from the layers below the window, in the window's language (see ``core/text.py``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pvz_desktop.core.errors import DomainError
from pvz_desktop.core.text import Text

CONTEXT = ""  # lupdate files ``msg``/``word`` texts (aliases of QT_TR_NOOP) under no class


def render(value: Text | str) -> str:
    """A ``Text`` translated with its parameters (themselves translated when they are texts);
    a plain string is taken as a marked label (``word``) and translated when the catalogue has it."""
    if isinstance(value, str):
        return QCoreApplication.translate(CONTEXT, value) if value else value
    params = {k: render(v) if isinstance(v, Text) else v for k, v in value.params}
    return QCoreApplication.translate(CONTEXT, value.template).format(**params)


def reason(exc: BaseException) -> str:
    """Why an operation was refused, in the window's language (a bug keeps its own words)."""
    return render(exc.text) if isinstance(exc, DomainError) else str(exc)


def with_stop(text: str) -> str:
    """A full stop after a text, unless it ends in one («Орлова Т.», never «Орлова Т..»)."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."
