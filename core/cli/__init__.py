"""The `jiuye` command line."""
