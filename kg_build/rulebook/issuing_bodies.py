"""Who issues policy documents: the words of a 机关代字 (GB/T 9704 issuer code).

A regional code is the region's short form -- a province's one-character abbreviation (鄂),
a city's or county's first character (武, 洪) or whole short form (鄂州) -- then the body's
abbreviation (政办, 财, 发改, 卫 ...), then an optional kind of document (发, 函, 规 ...):
鄂政办发 = 湖北省人民政府办公厅, 川财预 = 四川省财政厅, 朝发改 = 朝阳区发展和改革委员会.
Central bodies use codes of their own (国办发, 财预, 法释), listed here by prefix.
"""
from __future__ import annotations

# Code prefixes of central bodies; the longest matching prefix names the body.
NATIONAL_BODIES: dict[str, str] = {
    "国发": "国务院", "国函": "国务院", "国令": "国务院", "国办": "国务院办公厅",
    "中发": "中共中央", "中办": "中共中央办公厅",
    "财": "财政部",  # 财预, 财社, 财库, 财会, 财建, 财农, 财教, 财行, 财绩, 财税, 财金 ...
    "法释": "最高人民法院", "法发": "最高人民法院", "法办": "最高人民法院",
    "高检发": "最高人民检察院",
    "国卫": "国家卫生健康委员会", "卫办": "卫生部", "卫规财": "卫生部",
    "国医保": "国家医疗保障局", "医保发": "国家医疗保障局", "医保函": "国家医疗保障局", "医保办": "国家医疗保障局",
    "人社部": "人力资源和社会保障部", "人社厅": "人力资源和社会保障部办公厅",
    "民发": "民政部", "民函": "民政部", "民办": "民政部办公厅",
    "教": "教育部",  # 教财, 教发, 教基 ...
    "发改": "国家发展和改革委员会",
    "国税": "国家税务总局", "税总": "国家税务总局",
    "国科发": "科学技术部", "工信部": "工业和信息化部", "公通字": "公安部", "司发": "司法部",
    "农财": "农业农村部", "农办": "农业农村部办公厅", "建标": "住房和城乡建设部", "建科": "住房和城乡建设部",
    "环发": "生态环境部", "国土资": "国土资源部", "自然资": "自然资源部", "应急": "应急管理部",
    "国资": "国务院国有资产监督管理委员会", "审办": "审计署",
    "中组": "中共中央组织部", "中宣": "中共中央宣传部", "国市监": "国家市场监督管理总局", "国统": "国家统计局",
    "退役军人部": "退役军人事务部", "国乡振": "国家乡村振兴局", "国开办": "国务院扶贫开发领导小组办公室",
}

# Body abbreviations after a region's short form: (abbreviation, body of a province, body
# below the province).  "{region}" stands for the region's full name; the longest
# abbreviation that the rest of the code starts with wins (政办 before 政, 发改 before 发).
REGIONAL_BODIES: tuple[tuple[str, str, str], ...] = (
    ("政办", "{region}人民政府办公厅", "{region}人民政府办公室"),
    ("府办", "{region}人民政府办公厅", "{region}人民政府办公室"),
    ("政", "{region}人民政府", "{region}人民政府"),
    ("府", "{region}人民政府", "{region}人民政府"),
    ("办", "中共{region}委办公厅", "中共{region}委办公室"),
    ("发改", "{region}发展和改革委员会", "{region}发展和改革委员会"),
    ("发", "中共{region}委", "中共{region}委"),
    ("财", "{region}财政厅", "{region}财政局"),
    ("卫健", "{region}卫生健康委员会", "{region}卫生健康委员会"),
    ("卫", "{region}卫生健康委员会", "{region}卫生健康委员会"),
    ("医保", "{region}医疗保障局", "{region}医疗保障局"),
    ("人社", "{region}人力资源和社会保障厅", "{region}人力资源和社会保障局"),
    ("劳社", "{region}劳动和社会保障厅", "{region}劳动和社会保障局"),
    ("民", "{region}民政厅", "{region}民政局"),
    ("教", "{region}教育厅", "{region}教育局"),
    ("编办", "{region}机构编制委员会办公室", "{region}机构编制委员会办公室"),
    ("编", "{region}机构编制委员会", "{region}机构编制委员会"),
    ("档", "{region}档案局", "{region}档案局"),
    ("科", "{region}科学技术厅", "{region}科学技术局"),
    ("审", "{region}审计厅", "{region}审计局"),
    ("农", "{region}农业农村厅", "{region}农业农村局"),
    ("住建", "{region}住房和城乡建设厅", "{region}住房和城乡建设局"),
    ("建", "{region}住房和城乡建设厅", "{region}住房和城乡建设局"),
    ("交", "{region}交通运输厅", "{region}交通运输局"),
    ("水", "{region}水利厅", "{region}水利局"),
    ("环", "{region}生态环境厅", "{region}生态环境局"),
    ("自然资", "{region}自然资源厅", "{region}自然资源局"),
    ("商", "{region}商务厅", "{region}商务局"),
    ("文旅", "{region}文化和旅游厅", "{region}文化和旅游局"),
    ("统", "{region}统计局", "{region}统计局"),
    ("公", "{region}公安厅", "{region}公安局"),
    ("司", "{region}司法厅", "{region}司法局"),
    ("应急", "{region}应急管理厅", "{region}应急管理局"),
    ("市监", "{region}市场监督管理局", "{region}市场监督管理局"),
    ("残联", "{region}残疾人联合会", "{region}残疾人联合会"),
    ("妇", "{region}妇女联合会", "{region}妇女联合会"),
)

# A municipality's (直辖市) education body is a commission, not a 局: 北京市教育委员会 (京教).
MUNICIPALITY_BODIES: dict[str, str] = {"教": "{region}教育委员会"}

# Division words a local body prints in place of its region's short form (市政办发, 区财发, 县政发,
# 州政发 in an autonomous prefecture, 旗政发 in a banner).
OWN_REGION_MARKS = frozenset("市区县州旗")

# What a 机关代字 ends with: the kind of document (发文, 函, 规范性文件, 通知 ...) or a
# division's letter (预 for 预算处).  STRONG ones end almost nothing but a code.
CODE_ENDINGS = frozenset("发办规字函通令委局电预社建农教行综府秘文经企库税呈报复审保医卫政计统纪组宣督改编劳民资价商环水住科信安应释")
STRONG_CODE_ENDINGS = frozenset("发办规函令字释")
