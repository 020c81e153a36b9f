"""Runs the fixture's tests without pytest, for `coverage run` of older coverage.py versions."""

from tests import test_shop

for name in dir(test_shop):
    if name.startswith("test_"):
        getattr(test_shop, name)()
