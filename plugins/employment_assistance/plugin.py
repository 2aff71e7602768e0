"""Hook implementations of the `employment_assistance` plugin."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.sdk import Database, MigrationBranch, Person, PluginInfo, Region, TypeExtension, hookimpl

VERSION = "0.1.0"


@hookimpl
def plugin_info() -> PluginInfo:
    return PluginInfo(
        name="employment_assistance",
        title="就业援助：扶贫车间、乡村公益性岗位、一岗多补、劳务输出、招聘会",
        version=VERSION,
        department="XQZF",
        clause="三(一)",
        requires_core=">=0.1,<0.2",
        table_prefix="assistance_",
        description="五个一活动、一岗多补、粤桂协作劳务输出、扶贫车间、乡村公益性岗位、招聘会与岗位推送。",
    )


@hookimpl
def register_models() -> Sequence[type]:
    from plugins.employment_assistance.models import TABLES

    return TABLES


@hookimpl
def register_migrations() -> MigrationBranch:
    return MigrationBranch("employment_assistance", Path(__file__).parent / "migrations")


@hookimpl
def register_queries() -> Sequence[type]:
    from plugins.employment_assistance.queries import AssistanceQuery
    from plugins.employment_assistance.reports import AssistanceReportQuery

    return [AssistanceQuery, AssistanceReportQuery]


@hookimpl
def register_mutations() -> Sequence[type]:
    from plugins.employment_assistance.event_mutations import AssistanceEventMutation
    from plugins.employment_assistance.mutations import AssistanceMutation

    return [AssistanceMutation, AssistanceEventMutation]


@hookimpl
def register_types() -> Sequence[type]:
    from plugins.employment_assistance import event_types, results, types

    return [
        types.PovertyWorkshop,
        types.VillagePost,
        types.MinimumWage,
        types.HiringSubsidy,
        event_types.JobFair,
        event_types.JobPush,
        event_types.FiveEvent,
        results.MinimumWageDeleted,
    ]


@hookimpl
def extend_types() -> Sequence[TypeExtension]:
    from plugins.employment_assistance.extensions import PersonAssistance, RegionAssistance

    return [TypeExtension(Person, PersonAssistance), TypeExtension(Region, RegionAssistance)]


@hookimpl
def register_loaders() -> Sequence[type[Any]]:
    from plugins.employment_assistance.loaders import LOADERS

    return LOADERS


@hookimpl
def register_metrics() -> Sequence[Any]:
    from plugins.employment_assistance.metrics import METRICS

    return METRICS


@hookimpl
def register_targets() -> Sequence[Any]:
    from plugins.employment_assistance.metrics import TARGETS

    return TARGETS


@hookimpl
def register_importers() -> Sequence[Any]:
    from plugins.employment_assistance.importers import SHEET_KINDS

    return SHEET_KINDS


@hookimpl
async def seed_reference_data(conn: Any) -> None:
    from plugins.employment_assistance.reference import ensure_minimum_wages

    await ensure_minimum_wages(conn)


@hookimpl
async def populate_demo(db: Database, seed: int, households: int) -> None:
    from plugins.employment_assistance.demo import populate

    await populate(db, seed=seed, households=households)
