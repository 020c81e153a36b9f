"""Authentication: users, password hashing, signed access tokens, login."""
