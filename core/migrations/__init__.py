"""Alembic environment shared by the core and every plugin branch."""
