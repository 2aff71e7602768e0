"""In-tree plugins, one per action line of the plan. Each is found through its entry point."""
