"""Reviewing changes to the dataset: what changed between revisions, a state's history, and recording new facts."""
