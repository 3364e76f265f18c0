"""The build stages: map, merge, reason, validate, write."""
