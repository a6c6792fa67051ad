"""The dataset as files and models: YAML, loading, cross-record rules, audiences, the guard, git revisions."""
