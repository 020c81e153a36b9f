"""Viewings: a client booked to see a property at a time."""
