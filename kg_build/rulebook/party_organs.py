"""Names of Communist Party organs: one body, three printed forms.

A party committee's office prints itself as 中国共产党江苏省委员会办公厅 (in full), as
中共江苏省委办公厅 (the party's short name, on budget tables) and as 江苏省委办公厅 (in its own
prose).  The standard abbreviations are 中国共产党 → 中共 and, for a committee, 委员会 → 委; the
short form drops the party name, which the committee of a region already implies.
"""
from __future__ import annotations

import re

# A region name ends with its level: 省 市 区 县 州 盟 旗 (江苏省, 武汉市洪山区, 恩施州).
_PARTY_COMMITTEE = re.compile(r"^(?:中国共产党|中共)(?P<region>\S+?[省市区县州盟旗])(?:委员会|委)(?P<rest>\S*)$")


def party_short_form(name: str) -> str:
    """'中国共产党江苏省委员会办公厅' and '中共江苏省委办公厅' -> '江苏省委办公厅'; other names unchanged."""
    m = _PARTY_COMMITTEE.match(name)
    return f"{m['region']}委{m['rest']}" if m else name
