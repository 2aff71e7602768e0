"""Writes to the plugin's records: every rule checked, every problem reported, nothing half-done.

Each function runs inside the caller's transaction and raises `core.problems.Problems` on bad
input, so the transaction rolls back as a whole. GraphQL mutations call these; ledger imports
share the same field checks from `validation`.
"""
