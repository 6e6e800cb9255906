"""The network's limits for this point, read from the server into the workflows' rules.

The counter applies them before an operation leaves (an extension by the server's number of days,
as often as the server allows); the server checks them again whatever the counter believed.
Storage days stay the point's setting (the owner's, in «Настройки»).
"""

from __future__ import annotations

from dataclasses import replace

from pvz_desktop.sync.client import CentralClient
from pvz_desktop.workflows.context import WorkflowContext


def adopt_point_rules(ctx: WorkflowContext, client: CentralClient) -> bool:
    """True when the server answered (its rules are now the context's); False from an older server."""
    rules = client.point_rules()
    if rules is None:
        return False
    # One attribute assignment: the writer thread sees the old rules or the new, never a mix.
    ctx.rules = replace(ctx.rules, **rules)
    return True
