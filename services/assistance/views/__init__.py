"""Admin screens of social assistance (Wagtail admin, under the "Social assistance" menu)."""
