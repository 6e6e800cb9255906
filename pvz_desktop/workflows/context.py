"""Who is acting, where, and with which settings: passed to every workflow call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pvz_desktop.core.barcodes import DEFAULT_PROFILE, BarcodeProfile
from pvz_desktop.core.clock import Clock, utcnow
from pvz_desktop.core.foreground import Foreground
from pvz_desktop.store.engine import Store
from pvz_desktop.workflows.changes import ChangeFeed


@dataclass(frozen=True)
class Actor:
    employee_id: str
    workstation: str
    employee_name: str = ""
    point_id: str = ""
    point_name: str = ""


@dataclass(frozen=True)
class Rules:
    storage_days: int = 7
    extension_days: int = 3
    # How often one parcel's storage may be extended at the counter (the server checks it again
    # with its own limits: a refusal comes back with its reason).
    extensions_per_parcel: int = 1
    pickup_failures_to_lock: int = 5
    # The fitting room (workflows/fitting.py): the customer's time, the point's setting, and how
    # long before its end the counter warns.
    fitting_minutes: int = 20
    fitting_warn_minutes: int = 5
    pickup_lock_seconds: int = 60
    # Issuing, receiving and taking returns need this employee's open shift at this workstation
    # (the counter sets it; tests of other workflows leave it off).
    require_open_shift: bool = False


def no_pickup_key() -> bytes | None:
    return None


@dataclass
class WorkflowContext:
    store: Store
    actor: Actor
    profile: BarcodeProfile = DEFAULT_PROFILE
    rules: Rules = field(default_factory=Rules)
    clock: Clock = utcnow
    # The point's key for pickup-code verifiers (from the OS keyring, received at login); None
    # before the first login: then no pickup code can be checked and every one is refused.
    pickup_key: Callable[[], bytes | None] = no_pickup_key
    # Told of every committed operation (the sync worker wakes its push thread there).
    changes: ChangeFeed = field(default_factory=ChangeFeed)
    # The GUI marks a scan on its way to the screen; the sync pull steps aside meanwhile.
    foreground: Foreground = field(default_factory=Foreground)

    def now(self):  # noqa: ANN201 - a datetime; kept short for call sites
        return self.clock()
