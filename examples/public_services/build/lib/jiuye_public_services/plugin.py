"""The `public_services` plugin, declared: who it is, its record kinds, metrics and demo."""

from __future__ import annotations

from pathlib import Path

from core.sdk import Database, Plugin, PluginInfo, hookimpl
from jiuye_public_services import __version__
from jiuye_public_services.metrics import METRICS, TARGETS
from jiuye_public_services.models import KINDS

plugin = Plugin(
    info=PluginInfo(
        name="public_services",
        title="就业创业公共服务体系",
        version=__version__,
        department="RSJ",
        clause="三(四)",
        requires_core=">=0.1,<0.2",
        description=(
            "村级劳务工作站及其人员、农民工远程视频服务平台、职业介绍补贴、县乡村三级验收清单。"
        ),
    ),
    kinds=KINDS,
    migrations=Path(__file__).parent / "migrations",
    metrics=METRICS,
    targets=TARGETS,
)
globals().update(plugin.hooks())


@hookimpl
async def populate_demo(db: Database, seed: int) -> None:
    from jiuye_public_services.demo import populate

    await populate(db, seed=seed)
