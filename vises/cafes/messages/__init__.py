"""What the café app tells people, by noun: registrations, invitations, reminders, feedback."""
