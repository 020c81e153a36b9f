"""Clients (landlords, tenants, buyers): personal data, validated strictly, notes kept verbatim."""
