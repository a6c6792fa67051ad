"""Hostile inputs, paths, processes and pages: one test per item of issue 13 (docs/hardening.md lists them)."""
