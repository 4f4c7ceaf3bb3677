"""The main window's own rooms: dispute page, welcome screen, global search, layout memory."""
