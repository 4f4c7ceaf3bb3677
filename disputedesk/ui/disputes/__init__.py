"""Disputes: the list (per customer and all open ones), the new-dispute form, the overview tab
and the stage change."""
