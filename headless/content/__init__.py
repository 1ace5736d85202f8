"""Published content of the community sites and the portal: sites, their sections, pages and search."""
