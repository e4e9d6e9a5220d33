"""What each item was scored, with the inputs and formula, as of any instant."""
