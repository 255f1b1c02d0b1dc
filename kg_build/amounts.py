"""Reading printed amounts and table units.  Pure functions, no I/O."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

# 单位：万元 / 资金单位：万元 / 单位:元 / (单位：千元)
UNIT_DECLARATION = re.compile(r"(?:资金)?单位\s*[:：]\s*(万元|千元|百元|亿元|元)")
_TO_WAN = {"元": Decimal("0.0001"), "百元": Decimal("0.01"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
_AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_amount(text: str) -> Optional[Decimal]:
    """'5,101.30' -> Decimal('5101.30'); '-' , '' and non-numbers -> None."""
    t = text.strip().replace("−", "-").replace("，", ",").replace(" ", "").replace("\u3000", "")
    if not t or not _AMOUNT.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def declared_unit(line: str) -> Optional[str]:
    """The unit a table header declares ('单位：万元' -> '万元'), if any."""
    m = UNIT_DECLARATION.search(line.replace(" ", ""))
    return m.group(1) if m else None


def to_wan(amount: Decimal, unit: str) -> Decimal:
    """Normalise an amount printed in `unit` to 万元."""
    try:
        return amount * _TO_WAN[unit]
    except KeyError:
        raise ValueError(f"unknown money unit {unit!r}") from None
