"""Enumerations stored as short codes and shown to people by their Chinese labels."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Self


class LabelledEnum(enum.StrEnum):
    """A stored code (`HEAD`) with the Chinese label people read and write (`户主`)."""

    label: str
    aliases: tuple[str, ...]

    if not TYPE_CHECKING:  # members are declared as (code, label, *aliases) tuples

        def __new__(cls, code: str, label: str, *aliases: str) -> Self:
            member = str.__new__(cls, code)
            member._value_ = code
            member.label = label
            member.aliases = aliases
            return member

    @property
    def code(self) -> str:
        """The stored code (the same as `value`, typed as text)."""
        return str(self._value_)

    @classmethod
    def parse(cls, text: str) -> Self | None:
        """Return the member named by its label, an alias or its code; None when none is."""
        key = text.strip()
        for member in cls:
            if key in (member.label, member.value, *member.aliases):
                return member
        return None

    @classmethod
    def labels(cls) -> list[str]:
        """Return every label, in declaration order (for error messages)."""
        return [member.label for member in cls]
