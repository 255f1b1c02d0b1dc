"""Who issued a policy document, read from its 机关代字 (the issuer code of a 文号).

Pure data and one lookup, :func:`issuer_for`.  A 机关代字 is an abbreviation chosen by each
issuing body (``武政办`` = 武汉市人民政府办公厅), so no rule derives the body from the code
reliably; codes are therefore looked up in a table of known codes and code families
(``鄂卫…`` = any code of 湖北省卫生健康委员会), longest prefix first.  Codes outside the
table get only what their first character says about the level of government (``国`` is
national, a province's one-character abbreviation is provincial, ...), flagged ``inferred``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

NATIONAL = "national"
PROVINCIAL = "provincial"
MUNICIPAL = "municipal"
DISTRICT_COUNTY = "district-county"
LEVELS = (NATIONAL, PROVINCIAL, MUNICIPAL, DISTRICT_COUNTY)


@dataclass(frozen=True)
class Issuer:
    code: str  # the 机关代字 as printed, e.g. "武政办"
    body: Optional[str]  # issuing body, e.g. "武汉市人民政府办公厅"; None when only inferred
    level: str  # one of LEVELS
    region: Optional[str]  # the body's region, e.g. "武汉市"; None for national bodies
    inferred: bool  # True when read from the code's first character, not from the table


# Known codes and code families: prefix -> (issuing body, level, region).  A prefix matches
# every code that starts with it; the longest matching prefix wins, so exact codes that
# deserve their own body (武政办 vs 武政) are simply longer entries.
KNOWN: dict[str, tuple[str, str, Optional[str]]] = {
    # national
    "国发": ("国务院", NATIONAL, None),
    "国函": ("国务院", NATIONAL, None),
    "国办": ("国务院办公厅", NATIONAL, None),
    "国卫": ("国家卫生健康委员会", NATIONAL, None),
    "国医保": ("国家医疗保障局", NATIONAL, None),
    "医保发": ("国家医疗保障局", NATIONAL, None),
    "医保函": ("国家医疗保障局", NATIONAL, None),
    "中发": ("中共中央", NATIONAL, None),
    "中办发": ("中共中央办公厅", NATIONAL, None),
    "财社": ("财政部", NATIONAL, None),
    "财预": ("财政部", NATIONAL, None),
    "财建": ("财政部", NATIONAL, None),
    "财农": ("财政部", NATIONAL, None),
    "财教": ("财政部", NATIONAL, None),
    "财行": ("财政部", NATIONAL, None),
    "财库": ("财政部", NATIONAL, None),
    "财会": ("财政部", NATIONAL, None),
    "财绩": ("财政部", NATIONAL, None),
    "人社部": ("人力资源和社会保障部", NATIONAL, None),
    "民发": ("民政部", NATIONAL, None),
    "民函": ("民政部", NATIONAL, None),
    # Hubei province
    "鄂政": ("湖北省人民政府", PROVINCIAL, "湖北省"),
    "鄂政办": ("湖北省人民政府办公厅", PROVINCIAL, "湖北省"),
    "鄂卫": ("湖北省卫生健康委员会", PROVINCIAL, "湖北省"),
    "鄂财": ("湖北省财政厅", PROVINCIAL, "湖北省"),
    "鄂医保": ("湖北省医疗保障局", PROVINCIAL, "湖北省"),
    "鄂档": ("湖北省档案局", PROVINCIAL, "湖北省"),
    "鄂民政": ("湖北省民政厅", PROVINCIAL, "湖北省"),
    "鄂人社": ("湖北省人力资源和社会保障厅", PROVINCIAL, "湖北省"),
    # Wuhan city
    "武政": ("武汉市人民政府", MUNICIPAL, "武汉市"),
    "武政规": ("武汉市人民政府", MUNICIPAL, "武汉市"),  # 规范性文件 of the city government
    "武政办": ("武汉市人民政府办公厅", MUNICIPAL, "武汉市"),
    "武民办": ("武汉市民政局", MUNICIPAL, "武汉市"),
    "武民政": ("武汉市民政局", MUNICIPAL, "武汉市"),
    "武医保": ("武汉市医疗保障局", MUNICIPAL, "武汉市"),
    "武财": ("武汉市财政局", MUNICIPAL, "武汉市"),
    "武卫": ("武汉市卫生健康委员会", MUNICIPAL, "武汉市"),
    "武公医办": ("武汉市公费医疗管理办公室", MUNICIPAL, "武汉市"),
    "武劳社": ("武汉市劳动和社会保障局", MUNICIPAL, "武汉市"),
    "武人社": ("武汉市人力资源和社会保障局", MUNICIPAL, "武汉市"),
    # Xianning city
    "咸政": ("咸宁市人民政府", MUNICIPAL, "咸宁市"),
    "咸政办": ("咸宁市人民政府办公室", MUNICIPAL, "咸宁市"),
    # districts and counties
    "洪办发": ("中共洪山区委办公室、洪山区人民政府办公室", DISTRICT_COUNTY, "洪山区"),
    "洪政": ("洪山区人民政府", DISTRICT_COUNTY, "洪山区"),
    "洪政办": ("洪山区人民政府办公室", DISTRICT_COUNTY, "洪山区"),
    "洪财": ("洪山区财政局", DISTRICT_COUNTY, "洪山区"),
    "江编": ("江汉区机构编制委员会", DISTRICT_COUNTY, "江汉区"),
    "江政": ("江汉区人民政府", DISTRICT_COUNTY, "江汉区"),
    "江政办": ("江汉区人民政府办公室", DISTRICT_COUNTY, "江汉区"),
    "通政": ("通城县人民政府", DISTRICT_COUNTY, "通城县"),
    "通政办": ("通城县人民政府办公室", DISTRICT_COUNTY, "通城县"),
    "通医保": ("通城县医疗保障局", DISTRICT_COUNTY, "通城县"),
}

# First character of codes not in the table.  Provinces use their one-character abbreviation.
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省",
    "蒙": "内蒙古自治区", "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省",
    "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省",
    "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "桂": "广西壮族自治区", "琼": "海南省",
    "川": "四川省", "蜀": "四川省", "贵": "贵州省", "黔": "贵州省", "云": "云南省", "滇": "云南省",
    "藏": "西藏自治区", "陕": "陕西省", "秦": "陕西省", "甘": "甘肃省", "陇": "甘肃省",
    "青": "青海省", "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区",
}
# Cities and districts/counties of the region the sample documents come from; a character
# shared by several places (江 = 江汉/江岸/江夏) keeps the level but names no region.
MUNICIPAL_ABBREVIATIONS: dict[str, Optional[str]] = {"武": "武汉市", "咸": "咸宁市", "宜": "宜昌市", "襄": "襄阳市", "孝": "孝感市", "随": "随州市", "十": "十堰市"}
DISTRICT_ABBREVIATIONS: dict[str, Optional[str]] = {"洪": "洪山区", "江": None, "汉": None, "硚": "硚口区", "蔡": "蔡甸区", "通": "通城县"}
# Codes of central bodies begin with 国/中 or with the ministry's own short name.
NATIONAL_FIRST = ("国", "中", "财", "人社", "民", "卫", "教", "医保", "发改")


def issuer_for(code: str) -> Optional[Issuer]:
    """The issuing body and level of a 机关代字; None when nothing can be said about it."""
    code = code.strip()
    if not code:
        return None
    prefix = _longest_known_prefix(code)
    if prefix is not None:
        body, level, region = KNOWN[prefix]
        return Issuer(code, body, level, region, inferred=False)
    return _inferred(code)


def is_known_code(code: str) -> bool:
    """True when the table (not a first-character rule) knows this code or its family."""
    return _longest_known_prefix(code) is not None


def _longest_known_prefix(code: str) -> Optional[str]:
    for n in range(len(code), 1, -1):
        if code[:n] in KNOWN:
            return code[:n]
    return None


def _inferred(code: str) -> Optional[Issuer]:
    first = code[0]
    if code.startswith(NATIONAL_FIRST):
        return Issuer(code, None, NATIONAL, None, inferred=True)
    if first in PROVINCE_ABBREVIATIONS:
        return Issuer(code, None, PROVINCIAL, PROVINCE_ABBREVIATIONS[first], inferred=True)
    if first in MUNICIPAL_ABBREVIATIONS:
        return Issuer(code, None, MUNICIPAL, MUNICIPAL_ABBREVIATIONS[first], inferred=True)
    if first in DISTRICT_ABBREVIATIONS:
        return Issuer(code, None, DISTRICT_COUNTY, DISTRICT_ABBREVIATIONS[first], inferred=True)
    return None
