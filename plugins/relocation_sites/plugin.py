"""The `relocation` plugin (三(五)): 易地扶贫搬迁安置点 as record kinds, rules and metrics."""

from __future__ import annotations

from pathlib import Path

from core.sdk import Database, Plugin, PluginInfo, hookimpl
from plugins.relocation_sites import links
from plugins.relocation_sites.kinds import KINDS
from plugins.relocation_sites.metrics import METRICS
from plugins.relocation_sites.models import RelocationFacilityEmployment, RelocationSiteHousehold
from plugins.relocation_sites.queries import RelocationQuery
from plugins.relocation_sites.settings import RelocationSettings
from plugins.relocation_sites.sheets import SHEET_KINDS

VERSION = "0.2.0"
NAME = "relocation"

plugin = Plugin(
    info=PluginInfo(
        name=NAME,
        title="易地扶贫搬迁安置点：三微平台、安置点公益性岗位、专场招聘、服务站",
        version=VERSION,
        department="XQZF",
        clause="三(五)",
        requires_core=">=0.1,<0.2",
        description="安置点及其微车间、微田园、微市场，安置点公益性岗位，专场招聘与岗位推送，劳动就业社会保障服务站。",
    ),
    kinds=KINDS,
    migrations=Path(__file__).parent / "migrations",
    models=[RelocationSiteHousehold, RelocationFacilityEmployment],
    queries=[RelocationQuery],
    mutations=[links.LinkMutation],
    extensions=links.EXTENSIONS,
    loaders=links.LOADERS,
    metrics=METRICS,
    sheets=SHEET_KINDS,
    settings=RelocationSettings,
)
globals().update(plugin.hooks())


@hookimpl
async def populate_demo(db: Database, seed: int) -> None:
    from plugins.relocation_sites.demo import populate

    await populate(db, seed=seed)
