"""Hook implementations of the `relocation_sites` plugin."""

from __future__ import annotations

from core.hookspecs import PluginInfo, hookimpl

VERSION = "0.1.0"


@hookimpl
def plugin_info() -> PluginInfo:
    return PluginInfo(
        name="relocation",
        title="易地扶贫搬迁安置点：三微平台、安置点公益性岗位、专场招聘、服务站",
        version=VERSION,
        department="XQZF",
        clause="三(五)",
        requires_core=">=0.1,<0.2",
        description="安置点及其微车间、微田园、微市场，安置点公益性岗位，专场招聘与岗位推送，劳动就业社会保障服务站。",
    )
