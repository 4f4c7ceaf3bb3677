"""Engine, pragmas, migrations, the attachment store, locking and backups."""
