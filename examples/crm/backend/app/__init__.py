"""Estate agency CRM API — the example consumer of crm-devex."""
