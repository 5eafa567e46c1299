"""Forms of the café app: the coordinator's café forms and the public sign-up."""
