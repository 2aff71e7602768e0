"""Hook implementations of the `public_services` plugin (and nothing else)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.db import Database
from core.hookspecs import MigrationBranch, PluginInfo, TypeExtension, hookimpl
from jiuye_public_services import __version__


@hookimpl
def plugin_info() -> PluginInfo:
    return PluginInfo(
        name="public_services",
        title="就业创业公共服务体系",
        version=__version__,
        department="RSJ",
        clause="三(四)",
        requires_core=">=0.1,<0.2",
        description=(
            "村级劳务工作站及其人员、农民工远程视频服务平台、职业介绍补贴、县乡村三级验收清单。"
        ),
    )


@hookimpl
def register_models() -> Sequence[type]:
    from jiuye_public_services.models import TABLES

    return TABLES


@hookimpl
def register_migrations() -> MigrationBranch:
    return MigrationBranch("public_services", Path(__file__).parent / "migrations")


@hookimpl
def register_queries() -> Sequence[type]:
    from jiuye_public_services.queries import PublicServicesQuery

    return [PublicServicesQuery]


@hookimpl
def register_mutations() -> Sequence[type]:
    from jiuye_public_services.mutations import PublicServicesMutation

    return [PublicServicesMutation]


@hookimpl
def register_types() -> Sequence[type]:
    from jiuye_public_services import types

    return [types.LabourStation, types.PlacementSubsidy]


@hookimpl
def extend_types() -> Sequence[TypeExtension]:
    from jiuye_public_services.extensions import EXTENSIONS

    return EXTENSIONS


@hookimpl
def register_loaders() -> Sequence[type[Any]]:
    from jiuye_public_services.loaders import LOADERS

    return LOADERS


@hookimpl
def register_metrics() -> Sequence[Any]:
    from jiuye_public_services.metrics import METRICS

    return METRICS


@hookimpl
def register_targets() -> Sequence[Any]:
    from jiuye_public_services.metrics import TARGETS

    return TARGETS


@hookimpl
def register_importers() -> Sequence[Any]:
    from jiuye_public_services.importers import SHEET_KINDS

    return SHEET_KINDS


@hookimpl
async def populate_demo(db: Database, seed: int) -> None:
    from jiuye_public_services.demo import populate

    await populate(db, seed=seed)
