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
