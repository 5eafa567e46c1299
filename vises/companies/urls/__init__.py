"""URL patterns of the company register: staff pages and the public interest form."""
