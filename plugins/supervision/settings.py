"""The supervision plugin's settings, read from `JIUYE_SUPERVISION_*` environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SupervisionSettings(BaseSettings):
    """Deadlines and numbering of bulletins."""

    model_config = SettingsConfigDict(env_prefix="JIUYE_SUPERVISION_", extra="ignore")

    deadline_days: int = Field(
        default=15,
        ge=1,
        le=180,
        description="Days from a bulletin's issue to its rectification deadline (限时整改).",
    )
    grace_days: int = Field(
        default=15,
        ge=0,
        le=180,
        description=(
            "Days past the deadline a task still behind stays OVERDUE; after that a check "
            "escalates it to the accountability list (问责)."
        ),
    )
    number_prefix: str = Field(
        default="柳人社通",
        min_length=1,
        max_length=16,
        description="What a bulletin's number starts with: 柳人社通〔2019〕3号.",
    )
