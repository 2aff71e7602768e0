"""The plugin's ledger sheets (docs/plugins/employment_assistance.md): one kind per record.

扶贫车间台账, 乡村公益性岗位台账, 一岗多补补贴台账, 招聘会台账, 岗位推送台账 and 五个一活动台账.
Each kind names its columns with the variants county ledgers use; the importers (one module
per record, on the shared machinery of `import_common`) and the exporters live in their own
modules. Kinds that name people or households come after the 两清 ledger.

Who may import follows the mutations: the plugin's department (XQZF) and administrators;
the subsidy ledger also 市人社局 (RSJ), who lead 三(一)2 (`SUBSIDY_LEADS` in mutations.py).
"""

from __future__ import annotations

from typing import Any

from core.sdk import Column, ImportContext, SheetImporter, SheetKind

WORKSHOP_KIND = "assistance_workshops"
POST_KIND = "assistance_village_posts"
SUBSIDY_KIND = "assistance_subsidies"
FAIR_KIND = "assistance_job_fairs"
PUSH_KIND = "assistance_job_pushes"
EVENT_KIND = "assistance_five_events"

SUBSIDY_LEADS = ("RSJ", "XQZF")
"""Who leads 三(一)2: the same departments as `mutations.SUBSIDY_LEADS`."""

COUNTY = Column("县区", "county", variants=("县(区)", "县/区", "县", "所属县区", "县区名称"))
TOWNSHIP = Column("乡镇", "township", variants=("乡(镇)", "乡镇(街道)", "所属乡镇", "乡镇名称"))
VILLAGE = Column(
    "行政村", "village", variants=("村", "村(社区)", "行政村(社区)", "所属行政村", "行政村名称")
)
NAME = Column("姓名", "holder_name", variants=("人员姓名", "上岗人员姓名", "被吸纳人员姓名"))
ID_NUMBER = Column(
    "身份证号",
    "id_number",
    required=True,
    variants=("身份证号码", "公民身份号码", "证件号码", "身份证"),
)
CANCEL_REASON = Column("撤销原因", "cancel_reason", variants=("撤销说明",))


def _required(column: Column) -> Column:
    return Column(column.header, column.field, True, column.variants)


WORKSHOP_COLUMNS = (
    COUNTY,
    _required(TOWNSHIP),
    Column("车间名称", "name", required=True, variants=("扶贫车间名称", "微车间名称")),
    Column(
        "运营企业",
        "enterprise",
        required=True,
        variants=("运营企业名称", "运营主体", "企业名称", "合作社名称"),
    ),
    Column("认定日期", "certified_on", required=True, variants=("建成认定日期", "认定时间")),
    Column("岗位数", "jobs", variants=("提供岗位数", "岗位数(个)", "就业岗位数")),
    Column("停办日期", "ended_on", variants=("撤销认定日期", "停办时间")),
    Column("停办原因", "end_reason", variants=("撤销认定原因",)),
)

POST_COLUMNS = (
    COUNTY,
    TOWNSHIP,
    _required(VILLAGE),
    Column("岗位名称", "post", required=True, variants=("岗位", "公益性岗位名称", "岗位类别")),
    NAME,
    ID_NUMBER,
    Column(
        "月岗位补贴(元)",
        "monthly_pay",
        required=True,
        variants=("月岗位补贴", "岗位补贴(元)", "月补贴(元)", "月补贴", "每月补贴(元)"),
    ),
    Column("上岗日期", "start_date", required=True, variants=("上岗时间", "聘用日期")),
    Column("离岗日期", "end_date", variants=("离岗时间", "解聘日期")),
)

SUBSIDY_COLUMNS = (
    Column("补贴种类", "kind", required=True, variants=("补贴类别", "补贴类型", "补贴项目")),
    NAME,
    ID_NUMBER,
    Column(
        "用人单位",
        "employer",
        required=True,
        variants=("用人单位名称", "吸纳企业", "企业名称", "吸纳就业单位"),
    ),
    Column("入职日期", "hired_on", required=True, variants=("入职时间", "就业日期")),
    Column("是否高校毕业生", "graduate", variants=("高校毕业生", "是否贫困家庭高校毕业生")),
    Column("每月金额(元)", "monthly_amount", variants=("每月金额", "月补贴标准(元)", "月补贴(元)")),
    Column("月数", "months", variants=("补贴月数", "补贴期限(月)", "月数(月)")),
    Column("金额(元)", "amount", variants=("补贴金额(元)", "一次性补贴金额(元)", "金额")),
    Column("发放日期", "granted_on", required=True, variants=("审批发放日期", "发放时间")),
    Column("撤销日期", "revoked_on", variants=("追回日期",)),
    CANCEL_REASON,
)

FAIR_COLUMNS = (
    Column("招聘会名称", "name", required=True, variants=("招聘会", "招聘活动名称")),
    Column("层级", "level", required=True, variants=("招聘会层级", "级别")),
    COUNTY,
    TOWNSHIP,
    Column("举办日期", "held_on", required=True, variants=("举办时间", "活动日期")),
    Column("举办地点", "place", required=True, variants=("地点",)),
    Column("参会企业数", "employers", variants=("参会企业(个)", "参会单位数", "企业数")),
    Column("提供岗位数", "postings", variants=("提供岗位数(个)", "招聘岗位数")),
    Column("入场人数", "attendance", variants=("入场人数(人)", "参会人数", "求职人数")),
    CANCEL_REASON,
)

PUSH_COLUMNS = (
    COUNTY,
    TOWNSHIP,
    VILLAGE,
    Column("推送日期", "pushed_on", required=True, variants=("推送时间",)),
    Column(
        "推送岗位信息数",
        "postings",
        required=True,
        variants=("推送岗位数", "岗位信息数", "推送岗位信息数(个)"),
    ),
    Column("推送渠道", "channel", required=True, variants=("渠道",)),
    Column("标题", "title", variants=("岗位信息标题", "汇编标题")),
    Column("送达户编号", "households", variants=("户编号", "送达户", "送达的户")),
    Column(
        "送达区划内每一户",
        "every_household",
        variants=("是否送达每一户", "送达每一户", "全部送达"),
    ),
    CANCEL_REASON,
)

EVENT_COLUMNS = (
    Column("活动种类", "kind", required=True, variants=("活动类别", "五个一活动种类")),
    Column("活动名称", "title", required=True, variants=("活动标题",)),
    COUNTY,
    TOWNSHIP,
    VILLAGE,
    Column("举办日期", "held_on", required=True, variants=("举办时间", "活动日期")),
    Column("举办地点", "place", required=True, variants=("地点",)),
    Column("参加人数", "attendance", variants=("参加人数(人)", "参与人数")),
    CANCEL_REASON,
)


async def _workshops(ctx: ImportContext) -> SheetImporter:
    from plugins.employment_assistance.import_workshops import WorkshopImporter

    return await WorkshopImporter.open(ctx)


async def _posts(ctx: ImportContext) -> SheetImporter:
    from plugins.employment_assistance.import_posts import PostImporter

    return await PostImporter.open(ctx)


async def _subsidies(ctx: ImportContext) -> SheetImporter:
    from plugins.employment_assistance.import_subsidies import SubsidyImporter

    return await SubsidyImporter.open(ctx)


async def _fairs(ctx: ImportContext) -> SheetImporter:
    from plugins.employment_assistance.import_events import FairImporter

    return await FairImporter.open(ctx)


async def _pushes(ctx: ImportContext) -> SheetImporter:
    from plugins.employment_assistance.import_pushes import PushImporter

    return await PushImporter.open(ctx)


async def _events(ctx: ImportContext) -> SheetImporter:
    from plugins.employment_assistance.import_events import EventImporter

    return await EventImporter.open(ctx)


def _kinds() -> list[SheetKind]:
    from plugins.employment_assistance import exporters

    kinds: list[Any] = [
        SheetKind(
            name=WORKSHOP_KIND,
            title="扶贫车间台账",
            columns=WORKSHOP_COLUMNS,
            importer=_workshops,
            exporter=exporters.export_workshops,
            after=("regions",),
            description="认定的扶贫车间（微车间）：所在乡镇、运营企业、认定日期、岗位数、停办。",
        ),
        SheetKind(
            name=POST_KIND,
            title="乡村公益性岗位台账",
            columns=POST_COLUMNS,
            importer=_posts,
            exporter=exporters.export_posts,
            after=("regions", "ledger"),
            description="贫困村的公益性岗位及上岗人员，一行一人一段在岗。",
        ),
        SheetKind(
            name=SUBSIDY_KIND,
            title="一岗多补补贴台账",
            columns=SUBSIDY_COLUMNS,
            importer=_subsidies,
            exporter=exporters.export_subsidies,
            after=("regions", "ledger"),
            description="“一岗多补”：吸纳贫困劳动力就业的企业获得的各项补贴，一行一笔。",
            leads=SUBSIDY_LEADS,
        ),
        SheetKind(
            name=FAIR_KIND,
            title="招聘会台账",
            columns=FAIR_COLUMNS,
            importer=_fairs,
            exporter=exporters.export_fairs,
            after=("regions",),
            description="市、县区、乡镇举办的招聘会，一行一场。",
        ),
        SheetKind(
            name=PUSH_KIND,
            title="岗位推送台账",
            columns=PUSH_COLUMNS,
            importer=_pushes,
            exporter=exporters.export_pushes,
            after=("regions", "ledger"),
            description="岗位信息推送及送达的户，一行一次推送。",
        ),
        SheetKind(
            name=EVENT_KIND,
            title="五个一活动台账",
            columns=EVENT_COLUMNS,
            importer=_events,
            exporter=exporters.export_events,
            after=("regions",),
            description="“五个一”活动，一行一场。",
        ),
    ]
    return kinds


SHEET_KINDS = _kinds()
"""The plugin's sheet kinds, returned by its `register_importers` hook."""
