"""The core's sheet kinds: the region list (统计用区划代码) and the 两清 labour ledger (LEDGER.md).

Each kind names its columns with the variants county ledgers use; the importers and
exporters live in their own modules (`import_regions`, `import_ledger`, `exporters`).
"""

from __future__ import annotations

from core.importing.sheets import Column, ImportContext, SheetImporter, SheetKind

REGION_COLUMNS = (
    Column(
        "统计用区划代码",
        "code",
        required=True,
        variants=("区划代码", "行政区划代码", "统计区划代码", "统计用区划代码(12位)"),
    ),
    Column("名称", "name", required=True, variants=("区划名称", "单位名称", "地区名称")),
    Column("城乡分类代码", "urban_rural_class", variants=("城乡分类", "城乡属性代码")),
    Column("贫困村", "poor_village", variants=("是否贫困村", "未出列贫困村", "是否未出列贫困村")),
    Column("重点贫困乡镇", "key_poor_township", variants=("是否重点贫困乡镇",)),
)

LEDGER_COLUMNS = (
    Column("户编号", "registry_number", required=True, variants=("户号", "户编码", "家庭编号")),
    Column("姓名", "name", required=True, variants=("成员姓名",)),
    Column(
        "身份证号",
        "id_number",
        required=True,
        variants=(
            "身份证号码",
            "身份证",
            "公民身份号码",
            "公民身份证号",
            "公民身份证号码",
            "身份证件号码",
            "证件号码",
        ),
    ),
    Column(
        "与户主关系",
        "relation",
        required=True,
        variants=("户主关系", "与户主的关系", "家庭关系", "成员关系"),
    ),
    Column(
        "县区",
        "county",
        required=True,
        variants=("县(区)", "县/区", "县", "县区名称", "所属县区", "县(市、区)"),
    ),
    Column(
        "乡镇",
        "township",
        required=True,
        variants=("乡(镇)", "乡镇(街道)", "乡镇名称", "所属乡镇", "镇"),
    ),
    Column(
        "行政村",
        "village",
        required=True,
        variants=("村", "村(社区)", "行政村(社区)", "行政村名称", "所属行政村", "村名"),
    ),
    Column(
        "劳动能力",
        "labour_capacity",
        required=True,
        variants=("劳动技能", "劳动力状况", "劳动力类型"),
    ),
    Column(
        "联系电话",
        "phone",
        variants=("电话", "电话号码", "手机", "手机号", "手机号码", "联系方式"),
    ),
    Column(
        "是否易地扶贫搬迁",
        "relocated",
        variants=(
            "易地扶贫搬迁",
            "是否易地扶贫搬迁户",
            "易地扶贫搬迁户",
            "是否易地搬迁",
            "是否搬迁户",
        ),
    ),
    Column("安置点", "site", variants=("安置点名称", "集中安置点", "搬迁安置点")),
    Column("就业状态", "employed", required=True, variants=("是否就业", "就业情况")),
    Column("就业形式", "form", variants=("就业方式",)),
    Column("就业地点", "place", variants=("务工地点", "就业区域", "务工区域", "就业地区")),
    Column("就业单位", "employer", variants=("务工单位", "工作单位", "用工单位")),
    Column(
        "就业开始日期",
        "start_date",
        variants=("开始就业日期", "就业开始时间", "就业时间", "务工开始时间", "开始日期"),
    ),
    Column(
        "月收入(元)",
        "monthly_income",
        variants=("月收入", "月工资", "月工资(元)", "月均收入", "月均收入(元)"),
    ),
)


async def _regions(ctx: ImportContext) -> SheetImporter:
    from core.records.import_regions import RegionImporter

    return RegionImporter(ctx)


async def _ledger(ctx: ImportContext) -> SheetImporter:
    from core.records.import_ledger import LedgerImporter

    return await LedgerImporter.open(ctx)


def _kinds() -> list[SheetKind]:
    from core.records.exporters import export_ledger, export_regions

    return [
        SheetKind(
            name="regions",
            title="统计用区划代码",
            columns=REGION_COLUMNS,
            importer=_regions,
            exporter=export_regions,
            description="统计局的区划名单：乡镇、行政村及其城乡分类、贫困村和重点贫困乡镇标记。",
        ),
        SheetKind(
            name="ledger",
            title="两清台账",
            columns=LEDGER_COLUMNS,
            importer=_ledger,
            exporter=export_ledger,
            after=("regions",),
            description="两清台账：每行一名建档立卡户成员，含劳动能力与就业情况。",
        ),
    ]


SHEET_KINDS = _kinds()
"""The core's sheet kinds, returned by its `register_importers` hook."""
