"""Figures: the booklet's scripts run in their own processes, their SVGs cached."""
