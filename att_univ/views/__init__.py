"""Presentation: turning results into text, tables and documents for people. May import display and templating."""
