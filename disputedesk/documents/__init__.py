"""PDF documents (ReportLab for layout, pypdf for merging). No Qt here."""
