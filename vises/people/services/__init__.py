"""Writes of the people register, split by noun (persons, consent, privacy, …)."""
