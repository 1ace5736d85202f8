"""Page types of the community sites and the portal, the site wizard, exchange, forms, static publishing."""
