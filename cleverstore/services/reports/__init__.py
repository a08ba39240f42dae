"""PDF reports: the data they show, background jobs, the claim pack; the reportlab drawing code is in `pdf`."""
