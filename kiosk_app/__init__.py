"""Kiosk registry and the touch front end (filled by the kiosk issue)."""
