"""Rules for training classes and enrolments, written once for mutations and ledger imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from core.sdk import ErrorCode, MoneyError, Problem, yuan_to_fen
from plugins.training.enums import TrainingKind, TrainingOrganiserKind

MAX_CLASS_DAYS = 365
"""A class runs at most a year from its first to its last day (longer is a typing error)."""
MAX_OTHER_TRAINEES = 1000
MAX_SUBSIDY_FEN = 10_000_000_000
"""100,000,000.00 yuan: no single class is subsidised with more."""


@dataclass(frozen=True)
class ClassData:
    """A training class as entered (yuan as text or Decimal; dates as dates)."""

    kind: TrainingKind
    title: str
    organiser: str
    organiser_kind: TrainingOrganiserKind
    county_code: str
    start_date: date
    end_date: date
    trade: str | None = None
    place: str | None = None
    subsidy: Decimal | str | None = None
    other_trainees: int = 0


def _text(
    value: object, field: str, label: str, limit: int, *, required: bool
) -> tuple[str | None, Problem | None]:
    text = str(value).strip() if value is not None else ""
    if not text:
        if required:
            return None, Problem(field, ErrorCode.REQUIRED, f"{label}不能为空", value)
        return None, None
    if len(text) > limit:
        return None, Problem(
            field,
            ErrorCode.INVALID,
            f"{label}不能超过 {limit} 个字（这里有 {len(text)} 个）",
            value,
        )
    return text, None


def check_dates(start: date, end: date) -> list[Problem]:
    """A class's first and last day: the end not before the start, at most a year apart."""
    if end < start:
        return [Problem("end_date", ErrorCode.INVALID, "结业（结束）日期不能早于开班日期", end)]
    days = (end - start).days
    if days > MAX_CLASS_DAYS:
        return [
            Problem(
                "end_date",
                ErrorCode.OUT_OF_RANGE,
                f"培训班从开班到结束不能超过 {MAX_CLASS_DAYS} 天（这里相隔 {days} 天），请核对日期",
                end,
            )
        ]
    return []


def check_subsidy(value: Decimal | str | None) -> int | Problem:
    """The subsidy paid, in fen: 0 when not given, 0 – 100,000,000.00 yuan, exact to the fen."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    try:
        fen = yuan_to_fen(value)
    except MoneyError as exc:
        return Problem("subsidy", ErrorCode.INVALID, str(exc), value)
    if not 0 <= fen <= MAX_SUBSIDY_FEN:
        return Problem(
            "subsidy",
            ErrorCode.OUT_OF_RANGE,
            "培训补贴应在 0 至 100,000,000.00 元之间",
            value,
        )
    return fen


def check_other_trainees(value: int) -> Problem | None:
    """Trainees not registered on the platform: a whole number 0 – 1000."""
    if not 0 <= value <= MAX_OTHER_TRAINEES:
        return Problem(
            "other_trainees",
            ErrorCode.OUT_OF_RANGE,
            f"非建档立卡学员人数应在 0 至 {MAX_OTHER_TRAINEES} 人之间",
            value,
        )
    return None


def check_class(data: ClassData) -> tuple[dict[str, Any], list[Problem]]:
    """Validate everything about a class that needs no database; return columns and problems.
    The county is checked by the services (it must exist and lie in the caller's scope)."""
    problems: list[Problem] = []
    values: dict[str, Any] = {
        "kind": data.kind.value,
        "organiser_kind": data.organiser_kind.value,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "other_trainees": data.other_trainees,
    }
    for field, label, limit, required in (
        ("title", "班级名称", 128, True),
        ("trade", "培训工种（专业）", 64, False),
        ("organiser", "承办单位", 128, True),
        ("place", "培训地点", 128, False),
    ):
        text, problem = _text(getattr(data, field), field, label, limit, required=required)
        values[field] = text
        if problem is not None:
            problems.append(problem)
    problems.extend(check_dates(data.start_date, data.end_date))
    subsidy = check_subsidy(data.subsidy)
    if isinstance(subsidy, Problem):
        problems.append(subsidy)
    else:
        values["subsidy_fen"] = subsidy
    other = check_other_trainees(data.other_trainees)
    if other is not None:
        problems.append(other)
    return values, problems


def check_completion(
    completed_on: date | None,
    certificate: str | None,
    *,
    class_end: date,
    today: date,
) -> tuple[dict[str, Any], list[Problem]]:
    """A trainee's completion day and certificate: completion on or after the class's last day
    and not after today; a certificate only for a completed trainee."""
    problems: list[Problem] = []
    text, problem = _text(certificate, "certificate", "证书编号", 64, required=False)
    if problem is not None:
        problems.append(problem)
    if completed_on is not None:
        if completed_on < class_end:
            problems.append(
                Problem(
                    "completed_on",
                    ErrorCode.INVALID,
                    f"结业日期不能早于培训班结束日期 {class_end.isoformat()}",
                    completed_on,
                )
            )
        if completed_on > today:
            problems.append(
                Problem("completed_on", ErrorCode.INVALID, "结业日期不能晚于今天", completed_on)
            )
    elif text is not None:
        problems.append(
            Problem(
                "certificate",
                ErrorCode.RULE_VIOLATED,
                "只有已结业的学员才能登记证书，请同时填写结业日期",
                certificate,
            )
        )
    return {"completed_on": completed_on, "certificate": text}, problems
