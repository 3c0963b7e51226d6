"""Dataway grammar."""
