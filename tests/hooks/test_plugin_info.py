"""`plugin_info`: who each plugin is, required, and its name must be its entry point's."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.plugins import PluginError, Plugins
from core.settings import Settings
from tests.test_plugins import install


def test_every_plugin_says_who_it_is() -> None:
    plugins = Plugins(Settings())
    for name, loaded in plugins.loaded.items():
        assert loaded.info.name == name and loaded.info.title and loaded.info.version
    assert plugins.loaded["training"].info.clause == "三(二)"


def test_a_plugin_without_it_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, monkeypatch, "nameless", "VALUE = 1\n")
    with pytest.raises(PluginError, match=r"'nameless'.*does not implement plugin_info"):
        Plugins(Settings(plugins="nameless"))
