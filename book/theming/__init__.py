"""Theming: themes (variables, CSS, templates), their values' types, and the templates."""
