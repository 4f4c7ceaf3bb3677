"""After the dispute: closing and reopening, gestures, public reviews, policy register,
dashboard."""
