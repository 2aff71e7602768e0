"""The plugin's own settings, read from `JIUYE_RELOCATION_*` environment variables.

The core's settings object is left alone: a plugin that is switched off leaves no setting
behind, and these values are read where they are used, so a change applies without a rebuild.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RelocationSettings(BaseSettings):
    """How the plan's loose words are read: what a "large" site is, what "nearby" means."""

    model_config = SettingsConfigDict(env_prefix="JIUYE_RELOCATION_", extra="ignore")

    large_site_population: int = Field(
        default=1_000,
        ge=1,
        le=100_000,
        description=(
            "A site with at least this many residents is 规模以上 (三(五)4): it needs a labour and "
            "social-security service station when no community (社区/行政村) manages it."
        ),
    )
    nearby_distance_m: int = Field(
        default=5_000,
        ge=0,
        le=100_000,
        description=(
            "The farthest a 微车间/微田园/微市场 may lie from a site and still count as the site's "
            "(附近, 三(五)1), in metres."
        ),
    )


def relocation_settings() -> RelocationSettings:
    """The current settings (read from the environment on each call: cheap, and never stale)."""
    return RelocationSettings()
