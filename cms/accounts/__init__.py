"""Staff accounts: which org unit a person works at and which role they hold there."""
