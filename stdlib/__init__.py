"""Dataway stdlib."""
