"""The rules across records that `attu validate` checks: one small generator per rule, each with its code."""
