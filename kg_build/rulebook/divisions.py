"""The words of China's administrative divisions (行政区划): suffixes and short forms.

A division's short form (简称) is its name without the division word (湖北省 → 湖北, 洪山区 → 洪山)
and, for autonomous divisions, without the peoples named before 自治 (恩施土家族苗族自治州 →
恩施); a province is also known by its one-character abbreviation (鄂), which 文号 print.
"""
from __future__ import annotations

# The 56 peoples, as named in the names of autonomous divisions (…彝族自治县).
PEOPLES = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)

# Division words a name ends with, longest first so that 自治州 is cut before 州.
DIVISION_WORDS = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
    "省", "市", "区", "县", "旗", "盟",
)

# A division word followed by these characters is part of an ordinary word, not the end of
# a name: 区域, 区间, 县域, 市场 (河西区域 is an area west of a river, not 天津市河西区).
NOT_AFTER_DIVISION_WORD: dict[str, str] = {"区": "域间", "县": "域", "市": "场"}

# One-character abbreviations of the provincial-level divisions (GB/T 2260 code → 简称),
# with the second abbreviation some provinces also use (川/蜀, 贵/黔, 云/滇, 陕/秦, 甘/陇), and 内,
# which 内蒙古's 文号 print (内政发, 内政办发).
PROVINCE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "11": ("京",), "12": ("津",), "13": ("冀",), "14": ("晋",), "15": ("蒙", "内"), "21": ("辽",),
    "22": ("吉",), "23": ("黑",), "31": ("沪",), "32": ("苏",), "33": ("浙",), "34": ("皖",),
    "35": ("闽",), "36": ("赣",), "37": ("鲁",), "41": ("豫",), "42": ("鄂",), "43": ("湘",),
    "44": ("粤",), "45": ("桂",), "46": ("琼",), "50": ("渝",), "51": ("川", "蜀"),
    "52": ("黔", "贵"), "53": ("云", "滇"), "54": ("藏",), "61": ("陕", "秦"), "62": ("甘", "陇"),
    "63": ("青",), "64": ("宁",), "65": ("新",), "81": ("港",), "82": ("澳",),
}

# County-level divisions of GB/T 2260 the gazetteer dataset leaves out (code, name, kind,
# parent code): it files 重庆市's 江北区 and 渝北区 under the 两江新区 development zone.
DIVISIONS_MISSING_FROM_DATASET: tuple[tuple[str, str, str, str], ...] = (
    ("500105", "江北区", "市辖区", "50"),
    ("500112", "渝北区", "市辖区", "50"),
)

# Cities whose 文号 print a traditional short name instead of their first character: 南京 宁政发,
# 广州 穗府, 福州 榕政, 无锡 锡政发, 南通 通政发, 南昌 洪府发, 东莞 莞府, 南宁 南府/邕, 西宁 宁政.
CITY_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "3201": ("宁",), "4401": ("穗",), "3501": ("榕",), "3202": ("锡",), "3206": ("通",),
    "3601": ("洪",), "4419": ("莞",), "4501": ("邕",), "6301": ("宁",),
}

# Cities ranking as half a province (副省级城市): their government and party offices are
# 办公厅, where other cities have 办公室.
SUB_PROVINCIAL_CITIES = (
    "哈尔滨市", "长春市", "沈阳市", "大连市", "济南市", "青岛市", "南京市", "杭州市", "宁波市",
    "厦门市", "广州市", "深圳市", "武汉市", "成都市", "西安市",
)

# Longest first: 土家族 is cut whole, not as 土族 after 家.
_PEOPLE_FORMS = sorted({form for p in PEOPLES for form in (p + "族", p)}, key=len, reverse=True)


def short_form(name: str) -> str:
    """湖北省 → 湖北, 恩施土家族苗族自治州 → 恩施, 新疆维吾尔自治区 → 新疆, 赵县 → 赵."""
    stem = name
    for word in DIVISION_WORDS:
        if stem.endswith(word) and len(stem) > len(word):
            stem = stem[: -len(word)]
            break
    if name.endswith(("自治区", "自治州", "自治县", "自治旗")):
        stem = _without_peoples(stem)
    return stem


def _without_peoples(stem: str) -> str:
    """'恩施土家族苗族' → '恩施'; '新疆维吾尔' → '新疆': the peoples named before 自治."""
    cut = True
    while cut:
        cut = False
        for form in _PEOPLE_FORMS:
            if stem.endswith(form) and len(stem) - len(form) >= 2:
                stem, cut = stem[: -len(form)], True
                break
    return stem
