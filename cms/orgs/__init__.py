"""The organisation tree (city → district → street → community) and the one scoping rule."""
