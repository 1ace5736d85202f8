"""The GraphQL schema over published content, and its access rules (filled by the headless issue)."""
