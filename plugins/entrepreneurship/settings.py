"""The plugin's own settings, read from `JIUYE_ENTREPRENEURSHIP_*` environment variables.

The amount limits are the platform's defaults, taken from the national rules in force in
2019 for guaranteed start-up loans (individuals up to 150,000 元, small and micro
enterprises up to 3,000,000 元, terms up to three years); the action plan itself sets no
limit. An administrator changes them through the environment, without touching the core.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.sdk import MoneyError, yuan_to_fen
from plugins.entrepreneurship.enums import LoanProgramme


class EntrepreneurshipSettings(BaseSettings):
    """Limits the loan rules check; every amount is in yuan, exact to the fen."""

    model_config = SettingsConfigDict(env_prefix="JIUYE_ENTREPRENEURSHIP_", extra="ignore")

    national_loan_limit: Decimal = Field(
        default=Decimal("150000"),
        gt=0,
        description="Largest 国家创业担保贷款 to one borrower, in yuan.",
    )
    small_micro_loan_limit: Decimal = Field(
        default=Decimal("3000000"),
        gt=0,
        description="Largest 市扶持小微企业创业担保贷款 to one enterprise, in yuan.",
    )
    migrant_worker_loan_limit: Decimal = Field(
        default=Decimal("150000"),
        gt=0,
        description="Largest single 农民工创业担保贷款 (each of the first, second, third), in yuan.",
    )
    max_term_months: int = Field(
        default=36, ge=1, le=120, description="Longest loan term, in months."
    )

    @field_validator("national_loan_limit", "small_micro_loan_limit", "migrant_worker_loan_limit")
    @classmethod
    def _exact_to_the_fen(cls, value: Decimal) -> Decimal:
        try:
            yuan_to_fen(value)
        except MoneyError as exc:
            raise ValueError(str(exc)) from None
        return value

    def loan_limit_fen(self, programme: LoanProgramme) -> int:
        """The largest amount one loan of `programme` may have, in fen."""
        limit = {
            LoanProgramme.NATIONAL: self.national_loan_limit,
            LoanProgramme.SMALL_MICRO: self.small_micro_loan_limit,
            LoanProgramme.MIGRANT_WORKER: self.migrant_worker_loan_limit,
        }[programme]
        return yuan_to_fen(limit)


@lru_cache(maxsize=1)
def plugin_settings() -> EntrepreneurshipSettings:
    """The settings read from the environment once per process (tests clear the cache)."""
    return EntrepreneurshipSettings()
