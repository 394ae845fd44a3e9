"""The commands beside build: check, serve, batch, handout and new."""
