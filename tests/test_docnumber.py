"""文号 and policy titles in text: normalisation, line breaks, titles, false positives, issuers."""
from __future__ import annotations

import pytest

from kg_build.docnumber import (
    find_doc_numbers,
    find_policy_mentions,
    fold_lines,
    is_policy_title,
    normalise_doc_number,
    sentence_span,
)
from kg_build.issuers import DISTRICT_COUNTY, MUNICIPAL, NATIONAL, PROVINCIAL, issuer_for


@pytest.mark.parametrize(
    "printed, normalised",
    [
        ("武政办[2016]69 号", "武政办〔2016〕69号"),
        ("鄂政办发 〔 2007 〕116 号", "鄂政办发〔2007〕116号"),
        ("鄂档规【2016】1 号", "鄂档规〔2016〕1号"),
        ("国卫基层发〔2022〕21 号", "国卫基层发〔2022〕21号"),
        ("江编发［2016］30号", "江编发〔2016〕30号"),
        ("川财预( 2023 )12号", "川财预〔2023〕12号"),
        ("粤府办（2021）5号", "粤府办〔2021〕5号"),
        ("粤府〔2020〕3号", "粤府〔2020〕3号"),
        ("武财社⌈2023⌉558号", "武财社〔2023〕558号"),
        ("洪办发〖2020〗2号", "洪办发〔2020〕2号"),
        ("《洪财会发》【2020】1号", "洪财会发〔2020〕1号"),
        ("武政规〔２０１９〕２９号", "武政规〔2019〕29号"),
        ("鄂政发〔2015〕第7号", "鄂政发〔2015〕7号"),
    ],
)
def test_doc_number_is_normalised_whatever_the_brackets_and_spaces(printed, normalised):
    assert normalise_doc_number(printed) == normalised


def test_doc_number_parts_and_printed_span_are_returned():
    text = "依据《洪财会发》【2020】1号；其他"
    (dn,) = find_doc_numbers(text)
    assert (dn.issuer_code, dn.year, dn.number) == ("洪财会发", 2020, "1")
    assert dn.printed == "《洪财会发》【2020】1号"
    assert text[dn.start : dn.end] == dn.printed


def test_doc_number_split_across_lines_is_joined_and_mapped_to_its_lines():
    lines = ["重特大疾病医疗保险（武政规[2019]29", "号）、其他"]
    folded = fold_lines(lines, first_line=40)
    (dn,) = find_doc_numbers(folded.text)
    assert dn.normalised == "武政规〔2019〕29号"
    assert folded.lines_of(dn.start, dn.end) == (40, 41)


def test_issuer_broken_over_three_lines_with_blank_lines_between():
    lines = ["国家卫健委《关于做好基本公共卫生服务工作的通知》（国", "", "卫基层发", "", "〔2023〕20 号）"]
    folded = fold_lines(lines, first_line=698)
    (dn,) = find_doc_numbers(folded.text)
    assert dn.normalised == "国卫基层发〔2023〕20号"
    assert folded.lines_of(dn.start, dn.end) == (698, 702)


def test_issuer_code_is_separated_from_the_title_it_is_glued_to():
    text = "关于印发《武汉市市直机关国家公务员医疗补助办法》的通知武政办[2001]267号、其他"
    (mention,) = find_policy_mentions(text)
    assert mention.doc_number.issuer_code == "武政办"
    assert mention.title == "关于印发《武汉市市直机关国家公务员医疗补助办法》的通知"


def test_issuer_after_lead_in_words_is_the_code_alone():
    found = find_doc_numbers("根据鄂政办发[2007]116 号、武政办[2016]69 号及湖北省规定")
    assert [d.normalised for d in found] == ["鄂政办发〔2007〕116号", "武政办〔2016〕69号"]


@pytest.mark.parametrize(
    "text",
    [
        "2024年在光谷大道69号楼办公",
        "按第1号令执行",
        "联系电话 88936270",
        "2023年12月1日完成",
        "（2023）鄂0106民初123号判决",
        "疫苗接种管理率 〔2023〕558 号",
        "预算表[2024]3号",
        "武政办[1800]69号",
        "资金〔2024〕",
        "新建病房楼〔2023〕1号",
    ],
)
def test_no_doc_number_in_amounts_dates_phones_and_table_labels(text):
    assert find_doc_numbers(text) == []


def test_title_in_quotes_before_parenthesised_doc_number_describes_one_document():
    text = "1.依据：《市民政局办公室关于做好医疗救助费用结算工作的通知》（武民办[2018]22 号）、其他"
    (m,) = find_policy_mentions(text)
    assert m.doc_number.normalised == "武民办〔2018〕22号"
    assert m.title == "市民政局办公室关于做好医疗救助费用结算工作的通知"
    assert m.printed == "武民办[2018]22 号"


def test_title_without_quotes_is_the_clause_before_the_parentheses():
    text = "（鄂政办发[2007]116 号）；市人民政府办公厅关于进一步完善计划生育一次性奖励政策的通知（武政办[2016]69 号）；"
    mentions = find_policy_mentions(text)
    assert [m.title for m in mentions] == [None, "市人民政府办公厅关于进一步完善计划生育一次性奖励政策的通知"]


def test_spaces_around_numbers_in_titles_are_dropped():
    (m,) = find_policy_mentions("根据《关于做好 2022 年基本公共卫生服务项目工作的通知》（国卫基层发〔2022〕21 号）要求")
    assert m.title == "关于做好2022年基本公共卫生服务项目工作的通知"


def test_title_only_citations_of_laws_are_found_with_and_without_quotes():
    text = "贯彻落实《中华人民共和国人口与计划生育法》；根据武政办[2016]69 号及湖北省人口与计划生育条例等政策文件"
    mentions = find_policy_mentions(text)
    assert [(m.doc_number and m.doc_number.normalised, m.title) for m in mentions] == [
        (None, "中华人民共和国人口与计划生育法"),
        ("武政办〔2016〕69号", None),
        (None, "湖北省人口与计划生育条例"),
    ]


def test_bare_law_name_broken_over_lines_ends_at_the_line_end():
    folded = fold_lines(["120 元/户/年", "湖北省人口与", "计划生育条例", "满意度指标"], first_line=555)
    (m,) = find_policy_mentions(folded.text, folded.line_starts)
    assert m.title == "湖北省人口与计划生育条例"
    assert folded.lines_of(m.start, m.end) == (556, 557)


@pytest.mark.parametrize(
    "text",
    ["参阅《人民日报》报道", "参考《2024 年政府收支分类科目》说明", "开展第 22 个《职业病防治法》宣传周活动", "围绕《条例》征集心得体会"],
)
def test_quoted_names_that_are_not_cited_policies_are_skipped(text):
    assert find_policy_mentions(text) == []


@pytest.mark.parametrize(
    "title, expected",
    [
        ("支出型贫困家庭救助实施办法（试行）", True),
        ("“健康中国 2030”规划纲要", True),
        ("全区守法普法工作要点", True),
        ("通城县政府集中采购目录及标准", True),
        ("2024 年政府收支分类科目", False),
        ("人民日报", False),
        ("项目支出绩效目标表", False),
    ],
)
def test_policy_genre_is_read_from_the_title_ending(title, expected):
    assert is_policy_title(title) is expected


def test_quote_is_the_sentence_and_stops_at_the_next_list_item():
    text = "项目申请理由1.依据：《甲办法》（武政规[2023]1 号）2.现实意义：利于减轻负担。"
    (m,) = find_policy_mentions(text)
    s, e = sentence_span(text, m.start, m.end)
    assert text[s:e] == "1.依据：《甲办法》（武政规[2023]1 号）"


def test_quote_never_reaches_into_names_and_phone_numbers():
    text = "项目负责人 陈勇 联系电话 02787569850依据武政规[2023]1 号执行"
    (m,) = find_policy_mentions(text)
    s, e = sentence_span(text, m.start, m.end)
    assert "02787569850" not in text[s:e] and "陈勇" not in text[s:e]
    assert "武政规[2023]1 号" in text[s:e]


# The region of the citing document: a 洪山区 (武汉市, 湖北省) document unless said otherwise.
HONGSHAN, JIANGHAN, TONGCHENG, CHAOYANG_BEIJING, CHAOYANG_CHANGCHUN = "420111", "420103", "421222", "110105", "220104"


@pytest.mark.parametrize(
    "code, context, body, level",
    [
        ("国办发", None, "国务院办公厅", NATIONAL),
        ("国发", HONGSHAN, "国务院", NATIONAL),
        ("国卫基层发", None, "国家卫生健康委员会", NATIONAL),
        ("国卫办医函", None, "国家卫生健康委员会", NATIONAL),
        ("财社", None, "财政部", NATIONAL),
        ("财预", None, "财政部", NATIONAL),
        ("法释", None, "最高人民法院", NATIONAL),
        ("鄂政办发", None, "湖北省人民政府办公厅", PROVINCIAL),
        ("鄂政办函", HONGSHAN, "湖北省人民政府办公厅", PROVINCIAL),
        ("鄂政发", None, "湖北省人民政府", PROVINCIAL),
        ("鄂财社发", None, "湖北省财政厅", PROVINCIAL),
        ("鄂医保发", None, "湖北省医疗保障局", PROVINCIAL),
        ("鄂档规", None, "湖北省档案局", PROVINCIAL),
        ("粤府办", None, "广东省人民政府办公厅", PROVINCIAL),
        ("川财预", None, "四川省财政厅", PROVINCIAL),
        ("苏财预", None, "江苏省财政厅", PROVINCIAL),
        ("京发改", None, "北京市发展和改革委员会", PROVINCIAL),
        ("渝府发", None, "重庆市人民政府", PROVINCIAL),
        ("武政办", HONGSHAN, "武汉市人民政府办公厅", MUNICIPAL),  # a sub-provincial city: 办公厅
        ("武政规", HONGSHAN, "武汉市人民政府", MUNICIPAL),
        ("武民办", HONGSHAN, "武汉市民政局", MUNICIPAL),
        ("武医保发", JIANGHAN, "武汉市医疗保障局", MUNICIPAL),
        ("武卫通", HONGSHAN, "武汉市卫生健康委员会", MUNICIPAL),
        ("咸政办发", TONGCHENG, "咸宁市人民政府办公室", MUNICIPAL),  # other cities: 办公室
        ("洪财会发", HONGSHAN, "洪山区财政局", DISTRICT_COUNTY),
        ("洪办发", HONGSHAN, "中共洪山区委办公室", DISTRICT_COUNTY),
        ("江编发", JIANGHAN, "江汉区机构编制委员会", DISTRICT_COUNTY),
        ("通政办发", TONGCHENG, "通城县人民政府办公室", DISTRICT_COUNTY),
        ("朝发改", CHAOYANG_BEIJING, "朝阳区发展和改革委员会", DISTRICT_COUNTY),
        ("武市监", HONGSHAN, "武汉市市场监督管理局", MUNICIPAL),
        # a municipality's bureaus are 局, its education body a commission
        ("京财预", None, "北京市财政局", PROVINCIAL),
        ("渝民发", None, "重庆市民政局", PROVINCIAL),
        ("京教", None, "北京市教育委员会", PROVINCIAL),
        ("京政办发", CHAOYANG_BEIJING, "北京市人民政府办公厅", PROVINCIAL),
        # a district's two-character short form before the municipality's abbreviation
        ("渝北府办发", "500112", "渝北区人民政府办公室", DISTRICT_COUNTY),
        ("内政办发", None, "内蒙古自治区人民政府办公厅", PROVINCIAL),
        ("宁政发", None, "宁夏回族自治区人民政府", PROVINCIAL),
        # cities' traditional short names
        ("宁政发", "320115", "南京市人民政府", MUNICIPAL),
        ("穗府办", "440106", "广州市人民政府办公厅", MUNICIPAL),
        ("莞府办", "4419", "东莞市人民政府办公室", MUNICIPAL),
        # the short form with its division word
        ("延州政发", "2224", "延边朝鲜族自治州人民政府", MUNICIPAL),
        # a bare division word: the citing document's own city, district, county, prefecture, banner
        ("市政办发", "610113", "西安市人民政府办公厅", MUNICIPAL),
        ("区政办发", HONGSHAN, "洪山区人民政府办公室", DISTRICT_COUNTY),
        ("县政发", TONGCHENG, "通城县人民政府", DISTRICT_COUNTY),
        ("州政发", "433101", "湘西土家族苗族自治州人民政府", MUNICIPAL),
        ("旗政发", "150624", "鄂托克旗人民政府", DISTRICT_COUNTY),
    ],
)
def test_issuer_codes_are_decoded_by_rule(code, context, body, level):
    issuer = issuer_for(code, context)
    assert (issuer.body, issuer.level) == (body, level)


def test_a_districts_short_form_is_read_in_the_context_of_the_citing_document():
    assert issuer_for("朝发改", CHAOYANG_BEIJING).region == "朝阳区"
    assert issuer_for("朝发改", CHAOYANG_CHANGCHUN).region == "朝阳区"
    assert issuer_for("朝发改", "1101") is None or issuer_for("朝发改", "11").region != "朝阳区"
    assert issuer_for("朝发改") is None  # no document region: 朝 is nobody's abbreviation
    assert issuer_for("洪财", TONGCHENG) is None  # 洪 is not a region above 通城县
    assert issuer_for("武政办", HONGSHAN).region == "武汉市" and issuer_for("武政办") is None


def test_a_bare_division_word_needs_a_region_of_the_citing_document_ending_with_it():
    assert issuer_for("市政发") is None  # no document region
    assert issuer_for("市政发", "42") is None  # a province is no city
    assert issuer_for("县政发", HONGSHAN) is None  # a district is no county


def test_a_character_shared_by_a_region_and_its_parent_is_the_parents():
    # 武昌区 lies in 武汉市: 武 is the city's, and the district prints 武昌.
    assert issuer_for("武政", "420106").region == "武汉市"
    assert issuer_for("武昌政办", "420106").body == "武昌区人民政府办公室"


@pytest.mark.parametrize(
    "code, level, region",
    [("粤府", PROVINCIAL, "广东省"), ("川某某", PROVINCIAL, "四川省"), ("武科规", MUNICIPAL, "武汉市"),
     ("洪某某", DISTRICT_COUNTY, "洪山区")],
)
def test_a_region_is_known_without_the_body_when_the_body_part_reads_as_nothing(code, level, region):
    issuer = issuer_for(code, HONGSHAN)
    assert (issuer.level, issuer.region) == (level, region)
    assert (issuer.body is None) == ("某" in code)


def test_issuer_code_with_no_known_region_or_body_is_unknown():
    assert issuer_for("某某发") is None
    assert issuer_for("某某发", HONGSHAN) is None


@pytest.mark.parametrize(
    "text, number, title",
    [
        ("1.鄂政办发〔2007〕116号《关于进一步加强计划生育工作的通知》；", "鄂政办发〔2007〕116号", "关于进一步加强计划生育工作的通知"),
        ("依据粤府办【2019】12号 关于印发广东省基本公共卫生服务项目实施方案的通知。", "粤府办〔2019〕12号", "关于印发广东省基本公共卫生服务项目实施方案的通知"),
        ("2\t关于进一步加强计划生育工作的通知\t鄂政办发〔2007〕116号\t2007", "鄂政办发〔2007〕116号", "关于进一步加强计划生育工作的通知"),
        ("川医保发〔2022〕8号\t关于进一步完善医疗救助制度的实施意见", "川医保发〔2022〕8号", "关于进一步完善医疗救助制度的实施意见"),
        ("3.关于做好城乡居民基本医疗保障工作的通知（医保发〔2024〕19号）", "医保发〔2024〕19号", "关于做好城乡居民基本医疗保障工作的通知"),
    ],
)
def test_a_title_and_a_doc_number_printed_together_are_one_citation_in_either_order(text, number, title):
    (m,) = find_policy_mentions(text)
    assert (m.doc_number.normalised, m.title) == (number, title)


def test_a_doc_number_after_a_table_cell_that_is_no_title_has_no_title():
    (m,) = find_policy_mentions("预算安排\t5.00\t鄂政办发〔2007〕116号")
    assert m.title is None


@pytest.mark.parametrize(
    "text, number",
    [
        ("苏 财 预 〔2019〕\t7 号", "苏财预〔2019〕7号"),  # characters spaced out by the PDF
        ("根据苏财预 \u201e2018\u201f13 号填列", "苏财预〔2018〕13号"),  # a font's quotation marks for 〔〕
        ("依据最高人民法院法释（2012）10 号文的规定", "法释〔2012〕10号"),  # the body's name before its code
    ],
)
def test_doc_numbers_as_pdf_text_layers_print_them(text, number):
    assert [d.normalised for d in find_doc_numbers(text)] == [number]


def test_the_documents_region_tells_a_citys_code_from_the_words_glued_before_it():
    assert [d.issuer_code for d in find_doc_numbers("补助武政办[2016]69 号", context="420111")] == ["武政办"]
    assert [d.issuer_code for d in find_doc_numbers("武财社〔2023〕558号")] == ["武财社"]  # no region: kept whole
