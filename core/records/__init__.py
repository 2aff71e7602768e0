"""The core's own plugin: regions, departments, households, persons and employment records."""
