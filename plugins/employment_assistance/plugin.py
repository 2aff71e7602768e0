"""The `employment_assistance` plugin (三(一)) as one declaration: its record kinds, the link
tables' mutations, the reports, metrics and targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.sdk import Database, Plugin, PluginInfo, hookimpl
from plugins.employment_assistance import hatches, models
from plugins.employment_assistance.kinds import KINDS
from plugins.employment_assistance.metrics import METRICS, TARGETS
from plugins.employment_assistance.reports import AssistanceReportQuery

plugin = Plugin(
    info=PluginInfo(
        name="employment_assistance",
        title="就业援助：扶贫车间、乡村公益性岗位、一岗多补、劳务输出、招聘会",
        version="0.2.0",
        department="XQZF",
        clause="三(一)",
        requires_core=">=0.1,<0.2",
        table_prefix="assistance_",
        description="五个一活动、一岗多补、粤桂协作劳务输出、扶贫车间、乡村公益性岗位、招聘会与岗位推送。",
    ),
    kinds=KINDS,
    migrations=Path(__file__).parent / "migrations",
    models=[models.WorkshopWorker, models.JobPushHousehold],
    queries=[AssistanceReportQuery],
    mutations=[hatches.LinkMutation],
    loaders=hatches.LOADERS,
    metrics=METRICS,
    targets=TARGETS,
)
globals().update(plugin.hooks())


@hookimpl
async def seed_reference_data(conn: Any) -> None:
    from plugins.employment_assistance.reference import ensure_minimum_wages

    await ensure_minimum_wages(conn)


@hookimpl
async def populate_demo(db: Database, seed: int, households: int) -> None:
    from plugins.employment_assistance.demo import populate

    await populate(db, seed=seed, households=households)
