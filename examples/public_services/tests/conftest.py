"""The test kit (installed with jiuye) gives the fixtures; these tests load this plugin alone
with the core, so they run the same wherever other plugins are installed."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def jiuye_plugins() -> str | None:
    return "public_services"
