"""Who may change the catalogue: the vendor's administrators and partner operations."""

from __future__ import annotations

from typing import Any

from trellis.core.actor import Actor
from trellis.core.policies import rule
from trellis.core.roles import configures_programs


@rule("catalog.manage")
def _manage(actor: Actor, obj: Any) -> bool:
    return configures_programs(actor)
