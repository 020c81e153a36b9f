"""Payment maths: only totals are tested."""


def total(amounts: list[int]) -> int:
    result = 0
    for amount in amounts:
        result += amount
    return result


def refund(amount: int, fee: int) -> int:
    if amount <= fee:
        return 0
    net = amount - fee
    if net > 1000:
        net = 1000
    return net


def currency(code: str) -> str:
    codes = {"GBP": "£", "EUR": "€"}
    return codes.get(code, code)
