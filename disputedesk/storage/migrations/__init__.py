"""Alembic environment and revisions (configured in code, see disputedesk.storage.migrate)."""
