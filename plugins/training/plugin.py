"""Hook implementations of the `training` plugin."""

from __future__ import annotations

from core.hookspecs import PluginInfo, hookimpl

VERSION = "0.1.0"


@hookimpl
def plugin_info() -> PluginInfo:
    return PluginInfo(
        name="training",
        title="精准培训与务工带头人培训",
        version=VERSION,
        department="RSJ",
        clause="三(二)",
        requires_core=">=0.1,<0.2",
        description="精准培训 3,100 人与每县每季度务工带头人培训班。",
    )
