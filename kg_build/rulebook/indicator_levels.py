"""The levels of the performance indicator system (绩效指标体系): 一级 and 二级 indicators.

Target tables across regions use one small vocabulary for the first and second levels.
Older forms print 成本指标 as a second level under 产出指标; newer ones make it a first level
with 经济/社会/生态环境成本指标 under it.
"""
from __future__ import annotations

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")

# Second level -> the first level it belongs to.
LEVEL2 = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "产出数量": "产出指标",
    "产出质量": "产出指标",
    "产出时效": "产出指标",
    "完成时效": "产出指标",
    "产出成本": "产出指标",
    "成本控制": "产出指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "经济效益": "效益指标",
    "社会效益": "效益指标",
    "生态效益": "效益指标",
    "可持续影响": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "社会公众或服务对象满意度指标": "满意度指标",
    "社会公众或服务对象满意度": "满意度指标",
    "服务对象满意度": "满意度指标",
}

# A target stated in words (定性指标) rather than a figure: a degree and a direction (有效缓解,
# 明显提升, 逐步改善).  Printed on a line of its own, such a phrase is the indicator's value, never
# the end of its name.  (Verdicts such as 完成 or 达标 are left out: a wrapped name can end in them,
# 按预定进度 / 完成.)
VALUE_DEGREES = ("有效", "明显", "显著", "逐步", "稳步", "持续", "不断", "进一步", "有所", "大幅", "全面",
                 "切实", "大幅度")
VALUE_DIRECTIONS = ("提升", "提高", "改善", "缓解", "增强", "增加", "加强", "下降", "降低", "减少", "改进",
                    "好转", "扩大", "优化")
