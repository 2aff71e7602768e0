"""Jiuye (就业): a GraphQL data platform for employment poverty-alleviation programmes."""

from __future__ import annotations

__version__ = "0.1.0"
