"""What the concurrency tests share: calls released at the same instant, each in its own
thread and database connection, and a lock switched off to show that the lock is what holds.

Each test runs its round twice: with the lock (exact outcome) and inside `locking_off(…)`
(the outcome goes wrong or fails), so a test that cannot fail is caught.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.db import close_old_connections, connection, connections


@dataclass
class Round:
    statuses: list[Any] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_at_once(calls: Sequence[Callable[..., Any]]) -> Round:
    """Run every call in its own thread and connection, released together by a barrier."""
    outcome = Round()
    barrier = threading.Barrier(len(calls))

    def worker(call: Callable[..., Any]) -> None:
        try:
            barrier.wait(timeout=30)
            status = call()
            with outcome.lock:
                outcome.statuses.append(status)
        except BaseException as error:  # noqa: BLE001 - every failure is part of the result
            with outcome.lock:
                outcome.errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return outcome


@contextmanager
def locking_off(module: ModuleType, flag: str) -> Iterator[None]:
    """What the code would be without its lock: `module.<flag>` False (no SELECT … FOR
    UPDATE on PostgreSQL) and, on SQLite, transactions that start DEFERRED instead of
    IMMEDIATE. Everything is put back afterwards."""
    options = connections.settings["default"].setdefault("OPTIONS", {})
    mode = options.get("transaction_mode")
    setattr(module, flag, False)
    if connection.vendor == "sqlite":
        options["transaction_mode"] = "DEFERRED"
    try:
        yield
    finally:
        setattr(module, flag, True)
        if connection.vendor == "sqlite":
            options["transaction_mode"] = mode
        connections.close_all()
