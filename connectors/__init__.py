"""Dataway connectors."""
