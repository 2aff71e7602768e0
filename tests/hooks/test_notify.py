"""`notify`: a gateway plugin hears of a bulletin issued and of every task's change of status;
one that fails does not undo what it was told of."""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest

from core.hookspecs import Notice, PluginInfo, hookimpl
from core.platform import Platform
from core.plugins import LoadedPlugin
from core.testing import GraphQLClient
from tests.plugins.supervision.board import RONGSHUI, hand_made_board
from tests.plugins.supervision.test_bulletins import ISSUE, draft


@contextmanager
def gateway(platform: Platform, *, fail: bool = False) -> Iterator[list[Notice]]:
    """A plugin implementing only `notify`, registered on the running platform."""
    heard: list[Notice] = []
    module = types.ModuleType("sms_gateway.plugin")

    @hookimpl
    async def notify(notice: Notice) -> None:
        if fail:
            raise ConnectionError("SMS gateway unreachable")
        heard.append(notice)

    module.notify = notify  # type: ignore[attr-defined]
    plugins = platform.plugins
    plugins.manager.register(module, name="sms_gateway")
    plugins.loaded["sms_gateway"] = LoadedPlugin(
        "sms_gateway", module, PluginInfo(name="sms_gateway", title="短信", version="1"), None
    )
    try:
        yield heard
    finally:
        del plugins.loaded["sms_gateway"]
        plugins.manager.unregister(name="sms_gateway")


async def test_a_gateway_hears_of_issues_and_status_changes(
    platform: Platform, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with hand_made_board(platform, monkeypatch) as figures, gateway(platform) as heard:
        await gql(ISSUE, {"id": await draft(gql)})
        events = [(n.event, n.region) for n in heard]
        assert events[0] == ("supervision.bulletin_issued", "450200")
        assert sorted(events[1:]) == [
            ("supervision.task_status", "450200"),
            ("supervision.task_status", RONGSHUI),
        ]
        assert heard[0].subject.startswith("柳人社通〔") and heard[0].link
        heard.clear()
        figures[RONGSHUI] = 100
        on = date.today() + timedelta(days=15)
        await gql(
            "mutation($on: Date!) { checkRectificationTasks(on: $on) { __typename } }",
            {"on": str(on)},
        )
        by_region = {n.region: n for n in heard}
        assert by_region[RONGSHUI].data["to"] == "RECTIFIED"
        assert by_region["450200"].data == {
            "task": by_region["450200"].data["task"],
            "from": "OPEN",
            "to": "OVERDUE",
        }
        assert by_region["450200"].department == "RSJ"


async def test_a_failing_gateway_does_not_undo_the_issue(
    platform: Platform, gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with hand_made_board(platform, monkeypatch), gateway(platform, fail=True):
        issued = (await gql(ISSUE, {"id": await draft(gql)}))["issueBulletin"]
    assert issued["bulletin"]["status"] == "ISSUED"
