"""The plugin's own settings, read from `JIUYE_RELOCATION_*` environment variables.

The platform reads them once (`register_settings`); resolvers and rules ask for them with
`settings_of(RelocationSettings)`.
"""

from __future__ import annotations

from functools import cache

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


@cache
def metric_settings() -> RelocationSettings:
    """The settings the metrics read: a metric source is given no request, so the environment
    is read once, as the platform reads it once for `settings_of`."""
    return RelocationSettings()
