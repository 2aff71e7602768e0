"""One 两清 ledger row, parsed and checked on its own (LEDGER.md); cross-row rules come later.

The rules themselves live in `core.records.validation` and `core.records.services`
(ID numbers, names, phones, registry numbers, employment dates, income); this module only
reads the cells the way a ledger writes them and applies the ledger's own conditions
(安置点 only for relocated households, the 就业 columns only for the employed).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.enums import LabelledEnum
from core.importing.sheets import SheetRow
from core.importing.values import (
    digits_text,
    id_number_text,
    is_blank,
    parse_date,
    parse_label,
    parse_money,
    parse_yes_no,
    text,
)
from core.problems import ErrorCode, Problem
from core.records import services, validation
from core.records.enums import LabourCapacity, Relation, WorkForm, WorkPlace
from core.records.region_names import RegionIndex
from core.scope import EVERYWHERE, Scope

EMPLOYMENT_FIELDS = (
    ("form", "就业形式"),
    ("place", "就业地点"),
    ("employer", "就业单位"),
    ("start_date", "就业开始日期"),
    ("monthly_income", "月收入"),
)


class EmploymentStatus(LabelledEnum):
    """就业状态: whether the member works on the date the ledger describes."""

    EMPLOYED = "EMPLOYED", "已就业", "是", "就业", "在岗"
    UNEMPLOYED = "UNEMPLOYED", "未就业", "否", "失业", "待业"


class RowParser:
    """Parses rows of one import into staging values; the caller records the problems."""

    def __init__(self, regions: RegionIndex, *, today: date, scope: Scope = EVERYWHERE) -> None:
        self.regions = regions
        self.today = today
        self.scope = scope
        self._villages: dict[tuple[object, object, object], str | list[Problem]] = {}

    def parse(
        self, row: SheetRow, *, phone_given: bool, relocated_given: bool
    ) -> tuple[dict[str, Any], list[Problem]]:
        """Return the staging values of a row (None where a cell is bad) and its problems."""
        v = row.values
        problems: list[Problem] = []

        def take(result: Any) -> Any:
            if isinstance(result, Problem):
                problems.append(result)
                return None
            return result

        out: dict[str, Any] = {"phone_given": phone_given, "relocated_given": relocated_given}
        registry = take(
            digits_text(v.get("registry_number"), field="registry_number", what="户编号")
        )
        out["registry"] = take(validation.check_registry_number(registry))
        out["name"] = take(validation.check_name(v.get("name")))
        out["id_number"] = out["sex"] = out["birth_date"] = None
        id_text = id_number_text(v.get("id_number"))
        if isinstance(id_text, Problem):
            problems.append(id_text)
        else:
            parsed = take(validation.parse_id_number(id_text, today=self.today))
            if parsed is not None:
                out.update(
                    id_number=parsed.value, sex=parsed.sex.value, birth_date=parsed.birth_date
                )
        out["relation"] = self._label(Relation, v, "relation", "与户主关系", problems)
        out["capacity"] = self._label(LabourCapacity, v, "labour_capacity", "劳动能力", problems)
        phone = take(digits_text(v.get("phone"), field="phone", what="联系电话"))
        out["phone"] = take(validation.normalize_phone(phone)) if phone is not None else None
        village = self._village(v.get("county"), v.get("township"), v.get("village"))
        if isinstance(village, list):
            problems.extend(village)
            out["village"] = None
        elif not self.scope.allows(village):
            # Outside the caller's regions a village is as good as missing.
            problems.append(
                Problem(
                    "village",
                    ErrorCode.NOT_FOUND,
                    f"行政村 {self.regions.describe(village)} 不在您的权限范围内",
                    v.get("village"),
                )
            )
            out["village"] = None
        else:
            out["village"] = village
        relocated = take(
            parse_yes_no(v.get("relocated"), field="relocated", label="是否易地扶贫搬迁")
        )
        out["relocated"] = relocated
        out["site"] = text(v.get("site"))
        if relocated is False and out["site"] is not None:
            problems.append(
                Problem(
                    "site",
                    ErrorCode.RULE_VIOLATED,
                    "不是易地扶贫搬迁户，不应填写安置点（是搬迁户就在“是否易地扶贫搬迁”填“是”）",
                    out["site"],
                )
            )
        self._employment(v, out, problems)
        return out, problems

    def _village(self, county: object, township: object, village: object) -> str | list[Problem]:
        # A ledger names the same few hundred villages over and over: resolve each once.
        key = (county, township, village)
        found = self._villages.get(key)
        if found is None:
            if len(self._villages) >= 10_000:
                self._villages.clear()
            found = self._villages[key] = self.regions.resolve(county, township, village)
        return found

    @staticmethod
    def _label(
        cls: type[LabelledEnum], v: Any, field: str, label: str, problems: list[Problem]
    ) -> str | None:
        found = parse_label(cls, v.get(field), field=field, label=label)
        if isinstance(found, Problem):
            problems.append(found)
            return None
        if found is None:
            problems.append(Problem(field, ErrorCode.REQUIRED, f"{label}不能为空"))
            return None
        return found.value

    def _employment(self, v: Any, out: dict[str, Any], problems: list[Problem]) -> None:
        out.update(
            employed=None, form=None, place=None, employer=None, start_date=None, income_fen=None
        )
        status = parse_label(
            EmploymentStatus, v.get("employed"), field="employed", label="就业状态"
        )
        if isinstance(status, Problem):
            problems.append(status)
            return
        if status is None:
            problems.append(
                Problem("employed", ErrorCode.REQUIRED, "就业状态不能为空（已就业 / 未就业）")
            )
            return
        out["employed"] = status is EmploymentStatus.EMPLOYED
        if not out["employed"]:
            for field, label in EMPLOYMENT_FIELDS:
                if not is_blank(v.get(field)):
                    problems.append(
                        Problem(
                            field,
                            ErrorCode.RULE_VIOLATED,
                            f"就业状态是“未就业”，不应填写{label}（已就业就把就业状态改为“已就业”）",
                            v.get(field),
                        )
                    )
            return
        found = len(problems)
        form = parse_label(WorkForm, v.get("form"), field="form", label="就业形式")
        place = parse_label(WorkPlace, v.get("place"), field="place", label="就业地点")
        start = parse_date(v.get("start_date"), field="start_date", label="就业开始日期")
        income = parse_money(v.get("monthly_income"), field="monthly_income", label="月收入")
        for value, field, label in (
            (form, "form", "就业形式"),
            (place, "place", "就业地点"),
            (start, "start_date", "就业开始日期"),
        ):
            if isinstance(value, Problem):
                problems.append(value)
            elif value is None:
                problems.append(Problem(field, ErrorCode.REQUIRED, f"已就业的成员必须填写{label}"))
        if isinstance(income, Problem):
            problems.append(income)
        # The spell's own rules (dates, employer, income) are the services' rules; missing
        # parts stand in with harmless values so every other problem is still found.
        data = services.EmploymentData(
            form=form if isinstance(form, WorkForm) else WorkForm.WAGE_WORK,
            place=place if isinstance(place, WorkPlace) else WorkPlace.IN_COUNTY,
            start_date=start if isinstance(start, date) else self.today,
            employer=text(v.get("employer")),
            monthly_income=income if not isinstance(income, Problem) else None,
        )
        values, more = services.check_employment(data, today=self.today)
        problems.extend(more)
        if len(problems) == found:
            out.update(
                form=values["form"],
                place=values["place"],
                employer=values["employer"],
                start_date=values["start_date"],
                income_fen=values["monthly_income_fen"],
            )
