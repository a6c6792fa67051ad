"""Helpers shared by test modules: datasets built for tests, the saved depositary page, golden files."""
