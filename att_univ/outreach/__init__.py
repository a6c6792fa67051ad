"""The work of bringing states in: tiers, plans, support, champions, engagements and the coordinator's check."""
