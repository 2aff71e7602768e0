"""Writes to the plugin's records: every rule checked, every problem reported, nothing half-done.

Each function runs inside the caller's transaction and raises `Problems` on bad input, so
the transaction rolls back as a whole. GraphQL mutations call these; ledger imports share
the same checks from `validation`.
"""

from __future__ import annotations

from plugins.entrepreneurship.services.bases import (
    IncubationBaseChanges,
    IncubationBaseData,
    create_incubation_base,
    update_incubation_base,
)
from plugins.entrepreneurship.services.common import UNSET
from plugins.entrepreneurship.services.enterprises import (
    EnterpriseChanges,
    EnterpriseData,
    create_enterprise,
    update_enterprise,
)
from plugins.entrepreneurship.services.loans import (
    CONTRACT_NUMBER,
    LoanChanges,
    LoanData,
    create_loan,
    held_contract,
    update_loan,
)

__all__ = [
    "CONTRACT_NUMBER",
    "UNSET",
    "EnterpriseChanges",
    "EnterpriseData",
    "IncubationBaseChanges",
    "IncubationBaseData",
    "LoanChanges",
    "LoanData",
    "create_enterprise",
    "create_incubation_base",
    "create_loan",
    "held_contract",
    "update_enterprise",
    "update_incubation_base",
    "update_loan",
]
