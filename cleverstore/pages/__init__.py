"""One module per page; each exports a function that builds the page."""
