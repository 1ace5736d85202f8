"""Admin screens of business modules: definitions (definitions.py) and records (records.py)."""
