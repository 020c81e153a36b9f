def never_called() -> int:
    value = 1
    return value + 1
