"""The communications journal: the entries of a dispute (filtered, searched), adding an entry
with attachments, and corrections that keep the original visible."""
