"""Check-in at the door and volunteer hours: selectors, services, documents, views, URLs."""
