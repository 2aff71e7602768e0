"""The administrators' API: API tokens, the audit and probe logs, revealing a masked number."""
