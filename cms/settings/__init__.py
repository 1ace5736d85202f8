"""Settings package: base (shared), dev (embedded default), test, production (from the environment)."""
