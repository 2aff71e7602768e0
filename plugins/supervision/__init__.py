"""四(六) 考核与通报: bulletins on who is behind, and time-limited rectification tasks."""

__version__ = "0.1.0"
