"""Writes of cafés, split by noun: registrations (seats, waitlist), signup (public)."""
