"""Expected failures as data: problems that name a field, a code and a Chinese reason.

The same `Problem` serves a GraphQL mutation (field = input field) and a spreadsheet import
(field = column header), so a rule is written once and reported the same way everywhere.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class ErrorCode(enum.StrEnum):
    """Why a value or a change was refused."""

    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    DUPLICATE = "DUPLICATE"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    RULE_VIOLATED = "RULE_VIOLATED"
    FORBIDDEN = "FORBIDDEN"
    LIMIT_PROBES = "LIMIT_PROBES"
    TOO_LARGE = "TOO_LARGE"


ERROR_DESCRIPTIONS = {
    ErrorCode.REQUIRED: "必填项没有填。",
    ErrorCode.INVALID: "值的格式或内容不对。",
    ErrorCode.OUT_OF_RANGE: "数值超出允许的范围。",
    ErrorCode.DUPLICATE: "与已有记录重复。",
    ErrorCode.NOT_FOUND: "引用的记录不存在（或不在您的权限范围内）。",
    ErrorCode.CONFLICT: "记录已被他人修改，或状态不允许这次变更。",
    ErrorCode.RULE_VIOLATED: "违反行动方案或平台的业务规则。",
    ErrorCode.FORBIDDEN: "您的角色不允许这次变更。",
    ErrorCode.LIMIT_PROBES: (
        "您的令牌在时间窗内收到“已在您权限范围外登记”的答复已达上限，本次请求整体拒绝。"
    ),
    ErrorCode.TOO_LARGE: "文件超出读取上限（解压后大小、压缩比、行数或共享文本），说明中给出上限及其设置名。",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, in words a clerk can act on."""

    field: str
    """Canonical field name (snake_case); GraphQL and import map it to their own names."""
    code: str
    """An `ErrorCode` value, or a plugin's own code."""
    message: str
    """Chinese: what is wrong and how to fix it."""
    value: object = None
    """The offending value, when there is one."""


class Problems(Exception):
    """Raised by services when an input breaks a rule; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))

    @classmethod
    def one(cls, field: str, code: str, message: str, value: object = None) -> Problems:
        """Build the exception for a single problem."""
        return cls([Problem(field, code, message, value)])


def raise_if(problems: list[Problem]) -> None:
    """Raise `Problems` when the list is not empty."""
    if problems:
        raise Problems(problems)
