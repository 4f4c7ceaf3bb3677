"""Visual timeline of a dispute."""
