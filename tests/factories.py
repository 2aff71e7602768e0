"""Hand-made records for tests: see `core.testing.factories` (kept importable from here)."""

from __future__ import annotations

from core.testing.factories import *  # noqa: F403
from core.testing.factories import __all__  # noqa: F401
