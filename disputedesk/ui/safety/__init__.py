"""Safety area of the window: restore from backup, privacy (export, erase, retention)."""
