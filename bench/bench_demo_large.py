"""`vises demo --size large`: 100 000 synthetic persons, timed against the small demo.

Each size runs in a fresh SQLite database (a temporary data directory: the embedded default
that `make run` uses) through the real command. The report gives persons per second for
both sizes side by side; the small run is mostly the command's fixed cost (start-up, demo
users' password hashes), so the last row is the rate of the extra persons alone. Writes the
result to docs/benchmarks.md. Not part of the test suite (`make bench`).

    .venv/bin/python bench/bench_demo_large.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from report import write_section

BIN = Path(sys.executable).parent
SIZES = {"small": 120, "large": 100_000}
MARKER = "## Demo data (`vises demo --size large`)"


@dataclass(frozen=True)
class Outcome:
    size: str
    persons: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.persons / self.seconds


def bench_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update({"VISES_DEV": "1", "VISES_DATA_DIR": data_dir, "VISES_LOG_LEVEL": "WARNING"})
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "vises"), *args], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def run(size: str) -> Outcome:
    with tempfile.TemporaryDirectory() as data_dir:
        env = bench_env(data_dir)
        manage(env, "migrate", "--noinput", "-v0")
        started = time.perf_counter()
        printed = manage(env, "demo", "--size", size, "--seed", "1")
        seconds = time.perf_counter() - started
    if str(SIZES[size]) not in printed:
        sys.exit(f"vises demo --size {size} did not report {SIZES[size]} persons:\n{printed}")
    return Outcome(size, SIZES[size], seconds)


def main() -> None:
    small = run("small")
    large = run("large")
    lines = [
        MARKER,
        "",
        "Command: `.venv/bin/python bench/bench_demo_large.py` (SQLite, a fresh database "
        "per size, the whole `vises demo` command timed, including the partnership and users).",
        "",
        "| run | persons | time | persons/s | ratio to small |",
        "|---|---|---|---|---|",
    ]
    extra = Outcome("large − small", large.persons - small.persons, large.seconds - small.seconds)
    for outcome in (small, large, extra):
        lines.append(
            f"| {outcome.size} | {outcome.persons} | {outcome.seconds:.1f} s | "
            f"{outcome.rate:.0f} | {outcome.rate / small.rate:.1f} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    write_section(MARKER, report)


if __name__ == "__main__":
    main()
