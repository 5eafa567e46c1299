"""Writes of matching, by noun: runs, pairs, follow-ups."""
