"""States of the admin page (/admin). Every handler checks the admin cookie on the server."""
