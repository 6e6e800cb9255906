"""What every page needs: the workflow context, settings, the worker, feedback, the printer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pvz_desktop.gui.feedback import Feedback
from pvz_desktop.gui.tasks import TaskRunner

if TYPE_CHECKING:  # not at run time: the window's frame is shown before the store (SQLAlchemy) is loaded
    from pvz_desktop.config import Settings
    from pvz_desktop.workflows.context import WorkflowContext


@dataclass
class Services:
    ctx: WorkflowContext
    settings: Settings
    runner: TaskRunner
    feedback: Feedback
    demo: bool = False
    # Set by the main window once the printer is wired: ``print_slip(kind, payload)``.
    printer: Any = field(default=None)
    # Set by the sync link when a server is configured: ``sync.client.CentralClient``, for the
    # few reads the counter makes on the spot (the customer's parcels at other points).
    central: Any = field(default=None)
