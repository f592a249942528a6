"""Repositories own the SQL; handlers and services never write queries themselves."""
