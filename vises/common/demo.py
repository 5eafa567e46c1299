"""The steps of `vises demo`: each app registers how it loads its demo data.

An app calls `demo.register_step(DemoStep(order, name, load))` in its AppConfig.ready(); the
command runs the steps by `order` in one `DemoRun`, which carries the size and seed, the
partnership the first step creates (later steps read it) and the lines to print afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoRun:
    size: str
    seed: int
    partnership: Any = None  # set by the step that creates it; read by the later steps
    report: list[str] = field(default_factory=list)  # lines printed when all steps ran


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    load: Callable[[DemoRun], None]
    # True when the database already holds this step's data (`vises demo --if-empty`).
    has_data: Callable[[], bool] | None = None
    # Lines naming the demo logins, printed on every run.
    logins: Callable[[], list[str]] | None = None


_STEPS: dict[str, DemoStep] = {}


def register_step(step: DemoStep) -> None:
    _STEPS[step.name] = step


def steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.name))
