"""Business operations on sites: building community sites (site_builder) and, later, exchange and publishing."""
