"""Payments against tenancies: amounts in pence, a strict status machine, idempotent creation."""
