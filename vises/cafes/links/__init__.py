"""Signed links of the café app: a registration's page, feedback and friend sign-up, feeds."""
