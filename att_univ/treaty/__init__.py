"""The treaty's status at any date: counts, the timeline, a state's profile, and the cached index behind `attu status`."""
