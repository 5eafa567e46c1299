"""Language friends: the matching engine (`engine/`, pure), later match runs, pairs, follow-ups."""
