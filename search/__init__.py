"""Chinese-aware indexing and querying over public content (filled by the search issue)."""
