"""The store: pragmas really set, migrations (empty DB, DB with data), refusals, the lock."""

import shutil
import sqlite3
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from disputedesk.domain.enums import DisputeCategory
from disputedesk.domain.errors import StoreError
from disputedesk.domain.money import Money
from disputedesk.domain.records import CustomerDraft, DisputeDraft
from disputedesk.models import Base
from disputedesk.paths import DataPaths
from disputedesk.services import Services
from disputedesk.services.journal_service import EntryDraft
from disputedesk.storage import migrate
from disputedesk.storage.store import open_store


def test_pragmas_are_really_set_on_a_live_connection(store):
    # PITFALLS 3: they can fail silently, so read them back.
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_pragmas_hold_inside_a_session_transaction(store):
    with store.transaction() as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_models_and_migration_head_agree(store):
    with store.engine.connect() as conn:
        opts = {"compare_type": True, "include_name": migrate.include_name}
        ctx = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"
    assert migrate.current_revision(store.engine) == migrate.head_revision()


def test_fresh_store_is_migrated_from_empty(tmp_path):
    st = open_store(DataPaths(tmp_path / "new"))
    try:
        assert migrate.current_revision(st.engine) == migrate.head_revision()
        for folder in ("attachments", "documents", "backups"):
            assert (tmp_path / "new" / folder).is_dir()
    finally:
        st.close()


def test_database_from_a_newer_version_is_refused_untouched(data_paths):
    con = sqlite3.connect(data_paths.database)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    con.commit()
    con.close()
    before = data_paths.database.read_bytes()
    with pytest.raises(StoreError) as err:
        open_store(data_paths)
    assert "newer version" in str(err.value)
    assert data_paths.database.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    paths = DataPaths(tmp_path / "d")
    paths.ensure()
    paths.database.write_bytes(b"this is my shopping list\n" * 10)
    with pytest.raises(StoreError) as err:
        open_store(paths)
    assert "not a DisputeDesk database" in str(err.value)
    assert paths.database.read_bytes() == b"this is my shopping list\n" * 10


def test_second_instance_on_the_same_folder_is_refused(store, data_paths):
    with pytest.raises(StoreError) as err:
        open_store(data_paths)
    assert "already open" in str(err.value)
    store.close()
    open_store(data_paths).close()  # free again once the first one is closed


EXTRA_REVISION = '''
"""test: rebuild the parent table 'dispute' in batch mode"""
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dispute", recreate="always") as b:
        b.add_column(sa.Column("test_flag", sa.Integer(), nullable=True))


def downgrade():
    pass
'''


def test_batch_migration_keeps_children_of_a_rebuilt_table(data_paths, tmp_path):
    """PITFALLS 4: rebuilding a parent with ON DELETE CASCADE children must not wipe them."""
    st = open_store(data_paths)
    sv = Services.build(st)
    c = sv.customers.create(CustomerDraft(last_name="Durand"))
    d = sv.disputes.open(DisputeDraft(c.id, DisputeCategory.OTHER, "Les faits", Money(1000)))
    sv.journal.add(EntryDraft(d.id, "phone", "incoming", "Appel"))
    st.close()

    scripts = tmp_path / "scripts"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts)
    (scripts / "versions" / "9999_rebuild.py").write_text(
        textwrap.dedent(EXTRA_REVISION).replace("{head}", migrate.head_revision())
    )
    cfg = migrate.alembic_config()
    cfg.set_main_option("script_location", str(scripts))
    from disputedesk.storage.engine import make_engine

    engine = make_engine(data_paths.database)
    migrate.upgrade(engine, cfg)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM journal_entry")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM stage_change")).scalar() == 1
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_upgrade_takes_a_copy_of_the_database_first(data_paths):
    con = sqlite3.connect(data_paths.database)
    head = migrate.head_revision()
    con.execute("CREATE TABLE keep_me (x)")
    con.execute("INSERT INTO keep_me VALUES (42)")
    con.commit()
    con.close()
    copy = migrate.backup_before_upgrade(data_paths.database, data_paths.backups, head)
    assert copy is not None and copy.exists()
    con = sqlite3.connect(copy)
    assert con.execute("SELECT x FROM keep_me").fetchone() == (42,)
    con.close()


def test_a_read_does_not_wait_for_a_writer(store):
    """WAL: a reader sees the last committed state while another connection holds the write
    lock (reads use a deferred BEGIN, units of work BEGIN IMMEDIATE)."""
    from disputedesk.models import CustomerRow

    with store.transaction() as writer:
        writer.add(CustomerRow(kind="individual", last_name="Pending", sort_name="pending"))
        writer.flush()
        with store.read() as reader:
            assert reader.execute(text("SELECT count(*) FROM customer")).scalar() == 0


def test_open_store_backs_up_then_upgrades_a_database_with_data(data_paths, tmp_path, monkeypatch):
    st = open_store(data_paths)
    Services.build(st).customers.create(CustomerDraft(last_name="Durand"))
    st.close()
    scripts = tmp_path / "scripts"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts)
    (scripts / "versions" / "9999_rebuild.py").write_text(
        textwrap.dedent(EXTRA_REVISION).replace("{head}", migrate.head_revision())
    )
    old_head = migrate.head_revision()
    # Where the revisions are, for Alembic and for the quick up-to-date check alike.
    monkeypatch.setattr(migrate, "script_location", lambda: str(scripts))
    assert migrate.quick_head_revision() == "9999"
    st = open_store(data_paths)
    try:
        assert st.upgraded_from == old_head
        copies = list(data_paths.backups.glob(f"before-upgrade-{old_head}-*.sqlite3"))
        assert len(copies) == 1
        con = sqlite3.connect(copies[0])
        assert con.execute("SELECT last_name FROM customer").fetchall() == [("Durand",)]
        con.close()
        with st.engine.connect() as conn:
            cols = [r[1] for r in conn.execute(text("PRAGMA table_info(dispute)"))]
        assert "test_flag" in cols
    finally:
        st.close()


def test_quick_head_is_alembic_head_and_unsure_cases_ask_alembic(tmp_path, monkeypatch):
    """The up-to-date check that spares importing Alembic reads the same head as Alembic, and
    gives up (None: Alembic decides) on anything it does not read with certainty."""
    assert migrate.quick_head_revision() == migrate.head_revision()
    scripts = tmp_path / "scripts"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts)
    monkeypatch.setattr(migrate, "script_location", lambda: str(scripts))
    assert migrate.quick_head_revision() == migrate.head_revision()
    head = migrate.head_revision()
    branch = scripts / "versions" / "9998_branch.py"
    branch.write_text(f'revision = "9998"\ndown_revision = "{int(head) - 1:04d}"\n')
    assert migrate.quick_head_revision() is None  # two heads
    branch.write_text(f'revision = "9998"\ndown_revision = ("{head}", "0001")\n')
    assert migrate.quick_head_revision() is None  # a merge, written as a tuple
    branch.unlink()
    monkeypatch.setattr(migrate, "script_location", lambda: str(tmp_path / "nowhere"))
    assert migrate.quick_head_revision() is None
