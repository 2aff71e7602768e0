"""The "挂图作战" board: every metric by action line and region, and who is behind."""
