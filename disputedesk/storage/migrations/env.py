"""Alembic env: always run on a connection handed in by disputedesk.storage.migrate."""

from alembic import context

from disputedesk.models import Base
from disputedesk.models.base import UTCDateTime
from disputedesk.storage.migrate import include_name


def _render_item(type_, obj, autogen_context):
    # UTCDateTime is a DateTime in the database; keep revisions free of app imports.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
    render_item=_render_item,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
