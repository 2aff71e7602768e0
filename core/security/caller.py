"""Who is asking: the caller every request, import and command acts for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Caller:
    """Who is asking, and the part of the data they may see."""

    name: str = "local"
    role: str = "admin"
    region: str | None = None
    """Region code whose subtree the caller is limited to; None means everywhere."""
    department: str | None = None
    """Department code the caller acts for, if any."""
    token_id: int | None = None
    """The API token the caller presented (None: tokens switched off, or a test caller)."""
    token: str | None = None
    """Prefix of the API token the caller presented, if any (never the token)."""


__all__ = ["Caller"]
