"""Metrics and targets: every target of the plan compared with what the records say."""
