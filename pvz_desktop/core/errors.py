"""Domain errors. Each carries a message the cashier can read (Russian) and a stable code."""

from __future__ import annotations

from pvz_desktop.core.text import Text, msg


class DomainError(Exception):
    """A refused operation. ``text`` is what the cashier reads (in the window's language, rendered
    by ``gui``); ``message`` is its Russian sentence, for the log and the command line."""

    code: str = "domain_error"

    def __init__(self, message: str | Text, *, code: str | None = None) -> None:
        self.text = message if isinstance(message, Text) else Text.plain(message)
        self.message = str(self.text)
        super().__init__(self.message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    code = "not_found"


class IllegalTransition(DomainError):
    code = "illegal_transition"


class WrongCustomer(DomainError):
    """A shipment of another customer was scanned during issuance: must be loud."""

    code = "wrong_customer"


class CellFull(DomainError):
    code = "cell_full"


class LookupLocked(DomainError):
    code = "lookup_locked"


class BadInput(DomainError):
    code = "bad_input"


class StateConflict(DomainError):
    """The operation does not fit the current state (e.g. waybill already closed)."""

    code = "conflict"


class ShiftNotOpen(StateConflict):
    """Issuing, receiving or taking returns outside an open shift: the window offers to open one."""

    code = "shift_not_open"


DISK_FULL = msg(
    "Нет места на диске: операция не сохранена. Освободите место — касса продолжит работу сама, без перезапуска"
)


class DiskFull(DomainError):
    """The disk holding the database is full: the transaction was rolled back whole, nothing was
    written. The next write after space is freed works again (no restart, no repair)."""

    code = "disk_full"

    def __init__(self) -> None:
        super().__init__(DISK_FULL)


class DatabaseDamaged(DomainError):
    """The start's integrity check found the database damaged: nothing is written to it any more."""

    code = "database_damaged"

    def __init__(self, problems: tuple[str, ...]) -> None:
        self.problems = problems
        super().__init__(
            msg(
                "База данных кассы повреждена ({problem}): запись в неё остановлена",
                problem=problems[0] if problems else "?",
            )
        )
