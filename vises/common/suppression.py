"""Small-cell suppression for what the municipal role sees (DESIGN §6).

Person counts from 1 to 4 are shown as "<5" so that no individual can be singled out.
Secondary suppression (hiding a second cell so a hidden one cannot be derived from a total)
belongs with the statistics tables that show totals.
"""

from __future__ import annotations

SMALL_CELL_LIMIT = 5
SUPPRESSED = f"<{SMALL_CELL_LIMIT}"


def suppress_small(count: int) -> str:
    """The count as shown to the municipality: "<5" for 1–4, the number otherwise."""
    return SUPPRESSED if 0 < count < SMALL_CELL_LIMIT else str(count)
