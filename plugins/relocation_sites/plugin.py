"""Hook implementations of the `relocation_sites` plugin."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.sdk import Database, MigrationBranch, PluginInfo, TypeExtension, hookimpl

VERSION = "0.1.0"
NAME = "relocation"


@hookimpl
def plugin_info() -> PluginInfo:
    return PluginInfo(
        name=NAME,
        title="易地扶贫搬迁安置点：三微平台、安置点公益性岗位、专场招聘、服务站",
        version=VERSION,
        department="XQZF",
        clause="三(五)",
        requires_core=">=0.1,<0.2",
        description="安置点及其微车间、微田园、微市场，安置点公益性岗位，专场招聘与岗位推送，劳动就业社会保障服务站。",
    )


@hookimpl
def register_models() -> Sequence[type]:
    from plugins.relocation_sites.models import TABLES

    return TABLES


@hookimpl
def register_migrations() -> MigrationBranch:
    return MigrationBranch(NAME, Path(__file__).parent / "migrations")


@hookimpl
def register_queries() -> Sequence[type]:
    from plugins.relocation_sites.queries import RelocationQuery

    return [RelocationQuery]


@hookimpl
def register_mutations() -> Sequence[type]:
    from plugins.relocation_sites.job_mutations import SiteJobsMutation
    from plugins.relocation_sites.mutations import RelocationSiteMutation

    return [RelocationSiteMutation, SiteJobsMutation]


@hookimpl
def register_types() -> Sequence[type]:
    from plugins.relocation_sites import job_types, types

    return [
        types.RelocationSite,
        types.SiteFacility,
        types.ServiceStation,
        job_types.SitePost,
        job_types.SiteJobFair,
        job_types.SiteJobPush,
    ]


@hookimpl
def extend_types() -> Sequence[TypeExtension]:
    from plugins.relocation_sites.extensions import EXTENSIONS

    return EXTENSIONS


@hookimpl
def register_loaders() -> Sequence[type[Any]]:
    from plugins.relocation_sites.loaders import LOADERS

    return LOADERS


@hookimpl
def register_metrics() -> Sequence[Any]:
    from plugins.relocation_sites.metrics import METRICS

    return METRICS


@hookimpl
def register_importers() -> Sequence[Any]:
    from plugins.relocation_sites.sheets import SHEET_KINDS

    return SHEET_KINDS


@hookimpl
async def populate_demo(db: Database, seed: int) -> None:
    from plugins.relocation_sites.demo import populate

    await populate(db, seed=seed)
