"""Tenancies: a client renting a let property for a period."""
