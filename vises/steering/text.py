"""The steering group's free text is kept as plain text (vises.common.text)."""

from __future__ import annotations

from vises.common.text import plain_text

__all__ = ["plain_text"]
