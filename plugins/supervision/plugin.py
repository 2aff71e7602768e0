"""The `supervision` plugin, declared: bulletins and rectification tasks (四(六))."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.sdk import Database, Plugin, PluginInfo, hookimpl
from plugins.supervision import __version__
from plugins.supervision.extensions import BulletinItem, BulletinItemByTaskLoader
from plugins.supervision.models import KINDS, BulletinEntry
from plugins.supervision.mutations import SupervisionMutation, SupervisionQuery
from plugins.supervision.settings import SupervisionSettings

plugin = Plugin(
    info=PluginInfo(
        name="supervision",
        title="考核通报与限时整改",
        version=__version__,
        department="RSJ",
        clause="四(六)",
        requires_core=">=0.1,<0.2",
        description=(
            "按看板数字通报落后的县区和指标，印发后冻结；每条生成限时整改任务，"
            "责任单位报送整改情况，到期核查，逾期严重的列入问责。"
        ),
    ),
    kinds=KINDS,
    models=[BulletinEntry],
    migrations=Path(__file__).parent / "migrations" / "versions",
    queries=[SupervisionQuery],
    mutations=[SupervisionMutation],
    types=[BulletinItem],
    loaders=[BulletinItemByTaskLoader],
    settings=SupervisionSettings,
)
globals().update(plugin.hooks())


@hookimpl
def register_routes() -> Sequence[Any]:
    from plugins.supervision.documents import ROUTES

    return ROUTES


@hookimpl
def register_commands() -> Sequence[Any]:
    from plugins.supervision.cli import supervision_command

    return [supervision_command]


@hookimpl
async def populate_demo(db: Database, seed: int) -> None:
    from plugins.supervision.demo import populate

    await populate(db, seed=seed)
