"""Rules for loans, enterprises and incubation bases: pure checks shared by mutations and imports.

Each check returns the cleaned value or a `Problem` naming the field, a code and a Chinese
reason that states the allowed range or limit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.sdk import ErrorCode, MoneyError, Problem, fen_to_yuan, yuan_to_fen
from plugins.entrepreneurship.enums import (
    MAX_SEQUENCE,
    PLAN_AREAS,
    SEQUENCE_LABELS,
    IncubationBaseArea,
    IncubationBaseStatus,
    LoanProgramme,
)

MAX_JOBS = 10_000
"""Most jobs one enterprise may report; more is almost certainly a typing error."""

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def yuan(fen: int) -> str:
    """An amount for a message: `150,000.00 元`."""
    return f"{fen_to_yuan(fen):,} 元"


def check_text(
    value: object, *, field: str, label: str, max_length: int, required: bool = True
) -> str | Problem | None:
    """Trimmed text within `max_length` characters; None when blank and optional."""
    text = str(value).strip() if value is not None else ""
    if not text:
        if required:
            return Problem(field, ErrorCode.REQUIRED, f"{label}不能为空", value)
        return None
    if len(text) > max_length:
        return Problem(
            field,
            ErrorCode.INVALID,
            f"{label}不能超过 {max_length} 个字，这里有 {len(text)} 个",
            value,
        )
    return text


def check_contract_number(value: object, *, field: str = "contract_number") -> str | Problem:
    """A loan contract number: 1–32 characters without spaces."""
    text = str(value or "").strip()
    if not text:
        return Problem(field, ErrorCode.REQUIRED, "借款合同编号不能为空", value)
    if len(text) > 32 or any(ch.isspace() for ch in text):
        return Problem(
            field, ErrorCode.INVALID, "借款合同编号不能含空格，且不超过 32 个字符", value
        )
    return text


def check_amount(
    value: Decimal | str | int | None,
    *,
    programme: LoanProgramme,
    limit_fen: int,
    field: str = "amount",
) -> int | Problem:
    """A loan amount in fen: exact to the fen, above 0, at most the programme's limit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Problem(field, ErrorCode.REQUIRED, "贷款金额不能为空", value)
    try:
        fen = yuan_to_fen(value)
    except MoneyError as exc:
        return Problem(field, ErrorCode.INVALID, str(exc), value)
    if fen <= 0:
        return Problem(
            field, ErrorCode.OUT_OF_RANGE, f"贷款金额须大于 0，最多 {yuan(limit_fen)}", value
        )
    if fen > limit_fen:
        return Problem(
            field,
            ErrorCode.OUT_OF_RANGE,
            f"{programme.label}单笔不能超过 {yuan(limit_fen)}（平台设定的额度上限），这里是 {yuan(fen)}",
            value,
        )
    return fen


def check_term(value: int | None, *, maximum: int, field: str = "term_months") -> int | Problem:
    """A loan term in whole months, 1 to `maximum`."""
    if value is None:
        return Problem(field, ErrorCode.REQUIRED, "贷款期限不能为空", value)
    if not 1 <= value <= maximum:
        return Problem(
            field,
            ErrorCode.OUT_OF_RANGE,
            f"贷款期限应为 1 至 {maximum} 个月，这里是 {value} 个月",
            value,
        )
    return value


def check_past_date(value: date | None, *, today: date, field: str, label: str) -> date | Problem:
    """A required date no later than today."""
    if value is None:
        return Problem(field, ErrorCode.REQUIRED, f"{label}不能为空", value)
    if value > today:
        return Problem(
            field,
            ErrorCode.INVALID,
            f"{label} {value.isoformat()} 晚于今天（{today.isoformat()}）",
            value,
        )
    return value


def sequence_problem(
    programme: LoanProgramme, held: int, *, field: str = "programme"
) -> Problem | None:
    """The problem with one more loan of `programme` for a borrower who already holds `held`."""
    most = MAX_SEQUENCE[programme]
    if held < most:
        return None
    if most == 1:
        return Problem(
            field,
            ErrorCode.RULE_VIOLATED,
            f"{programme.label}每人只能贷一次，该借款人已有一笔；"
            "只有农民工创业担保贷款可申请二次、三次贷款",
            programme.label,
        )
    taken = "、".join(SEQUENCE_LABELS[n] for n in range(1, most + 1))
    return Problem(
        field,
        ErrorCode.RULE_VIOLATED,
        f"{programme.label}每人最多 {most} 次（{taken}），该借款人已有 {held} 笔，第 {held + 1} 次不予登记",
        programme.label,
    )


def uscc_check_char(first17: str) -> str:
    """The check character of an 18-character unified social credit code (GB 32100-2015)."""
    total = sum(
        _USCC_CHARS.index(ch) * weight for ch, weight in zip(first17, _USCC_WEIGHTS, strict=True)
    )
    return _USCC_CHARS[(31 - total % 31) % 31]


def check_registration_number(
    value: object, *, field: str = "registration_number"
) -> str | Problem | None:
    """An 18-character unified social credit code (with its check character) or a 15-digit
    registration number of the older kind; None when blank."""
    text = str(value or "").strip().upper()
    if not text:
        return None
    if len(text) == 15 and text.isascii() and text.isdigit():
        return text
    if len(text) != 18 or any(ch not in _USCC_CHARS for ch in text):
        return Problem(
            field,
            ErrorCode.INVALID,
            "工商登记号应为 18 位统一社会信用代码（数字和除 I、O、Z、S、V 外的大写字母）或 15 位数字注册号",
            value,
        )
    expected = uscc_check_char(text[:17])
    if text[17] != expected:
        return Problem(
            field,
            ErrorCode.INVALID,
            f"统一社会信用代码校验位应为 {expected}，实为 {text[17]}：请核对是否抄错",
            value,
        )
    return text


def check_jobs(jobs_created: int | None, poor_jobs: int | None) -> list[Problem]:
    """Jobs created 0–10,000; jobs of poor labourers 0 to jobs created."""
    problems = []
    if jobs_created is None or poor_jobs is None:
        return [
            Problem(field, ErrorCode.REQUIRED, f"{label}不能为空")
            for field, label, value in (
                ("jobs_created", "带动就业人数", jobs_created),
                ("poor_jobs", "贫困劳动力人数", poor_jobs),
            )
            if value is None
        ]
    if not 0 <= jobs_created <= MAX_JOBS:
        problems.append(
            Problem(
                "jobs_created",
                ErrorCode.OUT_OF_RANGE,
                f"带动就业人数应为 0 至 {MAX_JOBS:,} 人，这里是 {jobs_created} 人",
                jobs_created,
            )
        )
    if poor_jobs < 0:
        problems.append(
            Problem("poor_jobs", ErrorCode.OUT_OF_RANGE, "贫困劳动力人数不能为负数", poor_jobs)
        )
    elif poor_jobs > jobs_created >= 0:
        problems.append(
            Problem(
                "poor_jobs",
                ErrorCode.OUT_OF_RANGE,
                f"贫困劳动力人数（{poor_jobs} 人）不能超过带动就业人数（{jobs_created} 人）",
                poor_jobs,
            )
        )
    return problems


def check_area(
    area: IncubationBaseArea, area_name: object, *, field: str = "area_name"
) -> str | Problem:
    """The area's name: the plan's own name for a named area, the given name for another."""
    if area is not IncubationBaseArea.OTHER:
        return area.label
    name = check_text(area_name, field=field, label="其他地区的名称", max_length=64)
    if isinstance(name, str):
        return name
    return name or Problem(field, ErrorCode.REQUIRED, "其他地区的名称不能为空", area_name)


def area_region_problem(
    area: IncubationBaseArea, region_code: str, *, field: str = "region_code"
) -> Problem | None:
    """A base in one of the plan's areas must lie in that area's county."""
    county = PLAN_AREAS.get(area)
    if county is None or region_code.startswith(county):
        return None
    return Problem(
        field,
        ErrorCode.RULE_VIOLATED,
        f"{area.label}的孵化基地须在该县（{county}）境内，区划 {region_code} 不在其中",
        region_code,
    )


def check_admission(
    status: IncubationBaseStatus, admitted_on: date | None, *, today: date
) -> list[Problem]:
    """An admitted base has the date it was admitted (not in the future); others have none."""
    if status is IncubationBaseStatus.ADMITTED:
        if admitted_on is None:
            return [
                Problem("admitted_on", ErrorCode.REQUIRED, "状态为“已入围自治区级”时须填入围日期")
            ]
        found = check_past_date(admitted_on, today=today, field="admitted_on", label="入围日期")
        return [found] if isinstance(found, Problem) else []
    if admitted_on is not None:
        return [
            Problem(
                "admitted_on",
                ErrorCode.INVALID,
                f"只有“已入围自治区级”的基地有入围日期，状态为“{status.label}”时不填",
                admitted_on,
            )
        ]
    return []
