"""Writes to the plugin's records: every rule checked, every problem reported, nothing half-done.

Each function runs inside the caller's transaction and raises `Problems` on bad input, so the
transaction rolls back as a whole. An out-of-scope record behaves exactly like a missing one.
"""
