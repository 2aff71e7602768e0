"""Jiuye plugin for action line 三(四): the employment and entrepreneurship public services."""

from __future__ import annotations

__version__ = "0.1.0"
