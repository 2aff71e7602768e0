"""Who may see and change what: tokens, roles, scope, masking, audit and request limits."""
