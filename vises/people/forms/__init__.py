"""Forms of the people register: the coordinator's pages and the person's own."""
