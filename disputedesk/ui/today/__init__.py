"""The Today view: what needs doing now."""
