"""URL patterns of the people register, one module per audience."""
