"""The customers area: list, form, archive/restore and the customer's disputes."""
