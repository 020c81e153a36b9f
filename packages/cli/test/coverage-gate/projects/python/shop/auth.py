"""Login checks for the fixture shop (exercised partly by the tests)."""

import hashlib


def hash_password(password: str, salt: str) -> str:
    return hashlib.sha256((salt + password).encode()).hexdigest()


def check_login(user: dict, password: str) -> bool:
    if not user.get("active"):
        return False
    if user.get("locked"):
        # never reached by the tests
        return False
    return user["hash"] == hash_password(password, user["salt"])


def describe(user: dict) -> str:
    name = user.get("name", "?")
    if user.get("admin"):
        return f"{name} (admin)"
    return name
