"""The pure rules of loans, enterprises and bases, at their boundaries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.problems import ErrorCode, Problem
from plugins.entrepreneurship import validation
from plugins.entrepreneurship.enums import (
    IncubationBaseArea,
    IncubationBaseStatus,
    LoanProgramme,
)
from plugins.entrepreneurship.settings import EntrepreneurshipSettings

TODAY = date(2019, 9, 30)
LIMIT = 15_000_000  # 150,000.00 元 in fen


@pytest.mark.parametrize(
    ("amount", "fen"),
    [("0.01", 1), ("150000.00", LIMIT), (Decimal("149999.99"), LIMIT - 1), ("1,000", 100_000)],
)
def test_amounts_inside_the_limit(amount: str | Decimal, fen: int) -> None:
    found = validation.check_amount(amount, programme=LoanProgramme.NATIONAL, limit_fen=LIMIT)
    assert found == fen


@pytest.mark.parametrize(
    ("amount", "code", "words"),
    [
        ("150000.01", ErrorCode.OUT_OF_RANGE, "国家创业担保贷款单笔不能超过 150,000.00 元"),
        ("0", ErrorCode.OUT_OF_RANGE, "须大于 0，最多 150,000.00 元"),
        ("-5", ErrorCode.OUT_OF_RANGE, "须大于 0"),
        ("100.001", ErrorCode.INVALID, "精确到分"),
        ("一万", ErrorCode.INVALID, "不是金额"),
        ("", ErrorCode.REQUIRED, "不能为空"),
    ],
)
def test_amounts_refused(amount: str, code: ErrorCode, words: str) -> None:
    found = validation.check_amount(amount, programme=LoanProgramme.NATIONAL, limit_fen=LIMIT)
    assert isinstance(found, Problem) and found.code == code and words in found.message


def test_a_float_amount_is_refused() -> None:
    found = validation.check_amount(0.1, programme=LoanProgramme.NATIONAL, limit_fen=LIMIT)  # type: ignore[arg-type]
    assert isinstance(found, Problem) and found.code == ErrorCode.INVALID


def test_the_limit_message_names_the_amount_too() -> None:
    found = validation.check_amount(
        "3000000.50", programme=LoanProgramme.SMALL_MICRO, limit_fen=300_000_000
    )
    assert isinstance(found, Problem)
    assert found.message == (
        "市扶持小微企业创业担保贷款单笔不能超过 3,000,000.00 元（平台设定的额度上限），"
        "这里是 3,000,000.50 元"
    )


@pytest.mark.parametrize(("term", "ok"), [(0, False), (1, True), (36, True), (37, False)])
def test_terms(term: int, ok: bool) -> None:
    found = validation.check_term(term, maximum=36)
    assert (found == term) if ok else isinstance(found, Problem)
    if not ok:
        assert isinstance(found, Problem) and "1 至 36 个月" in found.message


def test_sequence_rule() -> None:
    migrant = LoanProgramme.MIGRANT_WORKER
    assert [validation.sequence_problem(migrant, held) for held in (0, 1, 2)] == [None] * 3
    fourth = validation.sequence_problem(migrant, 3)
    assert fourth is not None and fourth.code == ErrorCode.RULE_VIOLATED
    assert "最多 3 次（首次、二次、三次）" in fourth.message and "第 4 次不予登记" in fourth.message
    for programme in (LoanProgramme.NATIONAL, LoanProgramme.SMALL_MICRO):
        assert validation.sequence_problem(programme, 0) is None
        second = validation.sequence_problem(programme, 1)
        assert second is not None and "每人只能贷一次" in second.message


def test_dates_not_in_the_future() -> None:
    assert validation.check_past_date(TODAY, today=TODAY, field="d", label="发放日期") == TODAY
    late = validation.check_past_date(date(2019, 10, 1), today=TODAY, field="d", label="发放日期")
    assert isinstance(late, Problem) and "晚于今天" in late.message


def test_unified_social_credit_codes() -> None:
    body = "92450225MA5KX1234"
    good = body + validation.uscc_check_char(body)
    assert validation.check_registration_number(good.lower()) == good
    assert validation.check_registration_number("  ") is None
    assert validation.check_registration_number("450225600012345") == "450225600012345"
    wrong = body + ("0" if good[-1] != "0" else "1")
    found = validation.check_registration_number(wrong)
    assert isinstance(found, Problem) and "校验位应为" in found.message
    for bad in ("92450225MA5KX123I" + "0", "12345", "ABCDEFGHJKLMNPQRTU1"):
        assert isinstance(validation.check_registration_number(bad), Problem)
    # A published example code (GB 32100-2015 annex): 91350100M000100Y43
    assert validation.check_registration_number("91350100M000100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("jobs", "poor", "fields"),
    [
        (0, 0, []),
        (10_000, 10_000, []),
        (10_001, 0, ["jobs_created"]),
        (-1, 0, ["jobs_created"]),
        (5, 6, ["poor_jobs"]),
        (5, -1, ["poor_jobs"]),
    ],
)
def test_jobs(jobs: int, poor: int, fields: list[str]) -> None:
    assert [p.field for p in validation.check_jobs(jobs, poor)] == fields


def test_areas_and_admission() -> None:
    assert validation.check_area(IncubationBaseArea.RONGAN, "随便") == "融安县"
    assert validation.check_area(IncubationBaseArea.OTHER, " 柳江区 ") == "柳江区"
    assert isinstance(validation.check_area(IncubationBaseArea.OTHER, None), Problem)
    assert validation.area_region_problem(IncubationBaseArea.SANJIANG_BUYANG, "450226101") is None
    outside = validation.area_region_problem(IncubationBaseArea.LUZHAI, "450224")
    assert outside is not None and "鹿寨县的孵化基地须在该县（450223）境内" in outside.message
    assert validation.area_region_problem(IncubationBaseArea.OTHER, "450205") is None
    admitted = IncubationBaseStatus.ADMITTED
    assert validation.check_admission(admitted, TODAY, today=TODAY) == []
    assert [p.code for p in validation.check_admission(admitted, None, today=TODAY)] == ["REQUIRED"]
    assert [
        p.code for p in validation.check_admission(admitted, date(2019, 10, 1), today=TODAY)
    ] == ["INVALID"]
    applied = IncubationBaseStatus.APPLIED
    assert [p.field for p in validation.check_admission(applied, TODAY, today=TODAY)] == [
        "admitted_on"
    ]


def test_settings_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    defaults = EntrepreneurshipSettings()
    assert defaults.loan_limit_fen(LoanProgramme.NATIONAL) == 15_000_000
    assert defaults.loan_limit_fen(LoanProgramme.SMALL_MICRO) == 300_000_000
    assert defaults.loan_limit_fen(LoanProgramme.MIGRANT_WORKER) == 15_000_000
    assert defaults.max_term_months == 36
    monkeypatch.setenv("JIUYE_ENTREPRENEURSHIP_MIGRANT_WORKER_LOAN_LIMIT", "100000.50")
    assert EntrepreneurshipSettings().loan_limit_fen(LoanProgramme.MIGRANT_WORKER) == 10_000_050
    monkeypatch.setenv("JIUYE_ENTREPRENEURSHIP_NATIONAL_LOAN_LIMIT", "1.001")
    with pytest.raises(ValueError, match="精确到分"):
        EntrepreneurshipSettings()
    monkeypatch.setenv("JIUYE_ENTREPRENEURSHIP_NATIONAL_LOAN_LIMIT", "0")
    with pytest.raises(ValueError, match="greater than 0"):
        EntrepreneurshipSettings()
