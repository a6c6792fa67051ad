"""Documents for people outside attu: the CSP report's view, charts, templates and languages, and the export."""
