"""Rendering helpers: keyboards and message texts."""
