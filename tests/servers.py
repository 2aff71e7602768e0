"""A real `jiuye serve` for tests: see `core.testing.servers` (kept importable from here)."""

from __future__ import annotations

from core.testing.servers import JIUYE, free_port, serving

__all__ = ["JIUYE", "free_port", "serving"]
