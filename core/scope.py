"""The caller's region scope, applied once in the data layer on every path.

A caller limited to a region sees only records in that region's subtree; a record outside it
is treated exactly like a missing one. Every query over records that belong to a region
filters with `Scope.where(<region code column>)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, true

from core.regions import in_subtree, subtree_prefix


@dataclass(frozen=True)
class Scope:
    """The subtree of regions a caller may see; `region=None` means everywhere."""

    region: str | None = None

    @property
    def unrestricted(self) -> bool:
        """Whether the caller sees every region."""
        return self.region is None

    def where(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        """SQL condition: `column` holds a region code the caller may see."""
        if self.region is None:
            return true()
        return in_subtree(column, self.region)

    def allows(self, code: str) -> bool:
        """Whether a region code lies within the scope."""
        if self.region is None:
            return True
        return code.startswith(subtree_prefix(self.region))

    def covers(self, code: str) -> bool:
        """Whether the caller may see all of `code`'s subtree (e.g. to report on it whole)."""
        return self.allows(code)


EVERYWHERE = Scope()
