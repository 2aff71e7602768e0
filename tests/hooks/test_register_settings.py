"""`register_settings`: a plugin's settings are read once, when the plugins load, and a value
out of bounds stops start-up naming the variable."""

from __future__ import annotations

import pytest

from core.plugins import PluginError, Plugins
from core.settings import Settings
from plugins.training.settings import TrainingSettings


def test_settings_are_read_once_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIUYE_TRAINING_PLACEMENT_WINDOW_DAYS", "45")
    plugins = Plugins(Settings(plugins="training"))
    assert plugins.settings_of(TrainingSettings).placement_window_days == 45
    monkeypatch.setenv("JIUYE_TRAINING_PLACEMENT_WINDOW_DAYS", "60")
    assert plugins.settings_of(TrainingSettings).placement_window_days == 45  # read at load
    monkeypatch.setenv("JIUYE_TRAINING_PLACEMENT_WINDOW_DAYS", "999")
    with pytest.raises(PluginError, match="JIUYE_TRAINING_PLACEMENT_WINDOW_DAYS"):
        Plugins(Settings(plugins="training"))
