"""Spreadsheet ledgers (台账) in and out: the sheet-kind contract, readers, reports, the runner."""
