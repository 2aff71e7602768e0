"""The training plugin's own settings, read from `JIUYE_TRAINING_*` environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class TrainingSettings(BaseSettings):
    """Settings of the training plugin; the core's settings know nothing of them."""

    model_config = SettingsConfigDict(env_prefix="JIUYE_TRAINING_", extra="ignore")

    placement_window_days: int = Field(
        default=30,
        ge=0,
        le=365,
        description=(
            "A completed trainee counts as placed (培训合格即上岗) when one of their employment "
            "records starts on the completion day or within this many days after it."
        ),
    )


def training_settings() -> TrainingSettings:
    """The settings as the environment gives them now (read on every use, so tests can vary them)."""
    return TrainingSettings()
