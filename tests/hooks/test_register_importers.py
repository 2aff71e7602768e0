"""`register_importers`: every part's sheet kinds are known by name and owner; a clash names both."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.importing.sheets import sheet_kinds, sheet_owners
from core.platform import Platform
from core.plugins import PluginError, Plugins
from core.settings import Settings
from tests.test_plugins import good, install


def test_kinds_and_owners(platform: Platform) -> None:
    owners = sheet_owners(platform.plugins)
    assert owners["ledger"] == "core" and owners["training_classes"] == "training"
    assert set(sheet_kinds(platform.plugins)) == set(owners)


def test_a_clash_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = good("sheets") + (
        "\nfrom core.importing.sheets import SheetKind\n\n"
        "@hookimpl\ndef register_importers():\n"
        "    return [SheetKind('ledger', '重名', (), importer=None)]\n"
    )
    install(tmp_path, monkeypatch, "sheets", source)
    with pytest.raises(
        PluginError, match="sheet kind 'ledger' is contributed by both 'core' and 'sheets'"
    ):
        sheet_kinds(Plugins(Settings(plugins="sheets")))
