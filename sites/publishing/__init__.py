"""Static publishing: public sites baked to static files per host name for nginx or a CDN."""
