"""Tandem's read side: views folded from the decision log, and their storage."""
