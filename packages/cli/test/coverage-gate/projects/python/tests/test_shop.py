from shop.auth import check_login, describe, hash_password
from shop.payments import total


def test_login() -> None:
    user = {"active": True, "salt": "s", "hash": hash_password("pw", "s")}
    assert check_login(user, "pw")
    assert not check_login({"active": False}, "pw")


def test_describe() -> None:
    assert describe({"name": "ann"}) == "ann"


def test_total() -> None:
    assert total([1, 2, 3]) == 6
