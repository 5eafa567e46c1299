"""Reads of the café app, by noun: cafés and seats, registrations, invitations, volunteers."""
