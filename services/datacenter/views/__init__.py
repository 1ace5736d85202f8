"""Admin screens of the data centre (Wagtail admin, under the "Data centre" menu)."""
