"""The demo network (`manage.py load_demo`): a fictional city with its portal and community sites,
their content and one account per role. `network` plans the org tree, `content` holds the texts,
`pictures` and `attachments` make media files locally, `loader` writes it all through the services."""
