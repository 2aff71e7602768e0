"""Header rows: recognised in any order, with variants, spaces and full-width forms, below a title."""

from __future__ import annotations

from core.importing.headers import find_header, match_row, normalize
from core.records.importers import SHEET_KINDS

LEDGER, REGIONS = SHEET_KINDS[1], SHEET_KINDS[0]


def test_normalize() -> None:
    assert normalize(" 月收入（元）* ") == "月收入(元)"
    assert normalize("姓\u3000名") == "姓名"
    assert normalize("身份证号\n码：") == "身份证号码"
    assert normalize(None) == ""


def test_a_header_row_is_found_below_a_title_and_matched_by_variants() -> None:
    rows = [
        (1, ["融水县两清台账"]),
        (2, []),
        (
            3,
            [
                "户号",
                "身份证号码",
                "姓名",
                "户主关系",
                "县",
                "镇",
                "村",
                "劳动技能",
                "是否就业",
                "备注",
            ],
        ),
    ]
    match = find_header(rows, SHEET_KINDS)
    assert match is not None
    assert (match.kind.name, match.row) == ("ledger", 3)
    assert match.columns["id_number"] == (2, "身份证号码")
    assert match.unknown == [(10, "备注")]
    assert match.missing == []


def test_missing_and_duplicate_columns() -> None:
    match = match_row(LEDGER, 1, ["户编号", "姓名", "姓名", "与户主关系"])
    assert [c.header for c in match.missing] == [
        "身份证号",
        "县区",
        "乡镇",
        "行政村",
        "劳动能力",
        "就业状态",
    ]
    assert [(c.header, places) for c, places in match.duplicates] == [
        ("姓名", [(2, "姓名"), (3, "姓名")])
    ]


def test_a_sheet_with_too_few_known_headers_is_not_recognised() -> None:
    assert find_header([(1, ["名称", "备注", "金额"])], SHEET_KINDS) is None
    found = find_header([(1, ["区划代码", "名称"])], SHEET_KINDS)
    assert found is not None
    assert found.kind is REGIONS
