"""Dataway engine."""
