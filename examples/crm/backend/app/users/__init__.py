"""User management: branch managers create and manage the logins of their own branch."""
