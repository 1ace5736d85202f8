"""Children's e-library: books, games and the front end (filled by the library issue)."""
