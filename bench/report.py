"""Writing one benchmark's section into docs/benchmarks.md, the others left as they are."""

from __future__ import annotations

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(marker: str, report: str) -> None:
    """Replace the section that starts with `marker` (a "## " heading) by `report`, or add it
    at the end; `report` starts with that heading."""
    path = BENCHMARKS
    text = path.read_text() if path.exists() else "# Benchmarks\n\nMade with `make bench`.\n\n"
    if marker in text:
        head, _sep, rest = text.partition(marker)
        tail = rest.split("\n## ", 1)
        text = head + report + (("\n## " + tail[1]) if len(tail) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + report
    path.write_text(text)
