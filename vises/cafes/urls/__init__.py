"""URL patterns of the café app, one module per audience (included by vises/urls.py)."""
