"""Reads of matching, by noun: the waiting pool, the balance report, pairs and runs."""
