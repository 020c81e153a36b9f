"""Properties: listings, search and the status transitions of a sale or let."""
