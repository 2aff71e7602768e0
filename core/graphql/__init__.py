"""GraphQL building blocks shared by the core and every plugin."""
