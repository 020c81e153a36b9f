"""Operational endpoints: /health (IETF health+json) and /trace."""
