"""Prices as a guest reads them: "$46", "€12", or "46 CHF" when we know no symbol."""

from __future__ import annotations

_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£", "AUD": "A$", "CAD": "C$"}


def money(amount: float | None, currency: str) -> str:
    if amount is None:
        return "price on request"
    symbol = _SYMBOL.get(currency.upper())
    return f"{symbol}{amount:g}" if symbol else f"{amount:g} {currency}"
