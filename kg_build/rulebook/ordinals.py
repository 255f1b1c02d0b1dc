"""How the genre numbers its headings and list items.

Parts (第一部分), chapters (一、), sections ((一)/（一）), items (1. 1、 1．) and table numbers
(表1, 公开01表): the markers are the same in every region's documents.
"""
from __future__ import annotations

CHINESE_NUMERALS = "一二三四五六七八九十廿"  # 廿 = 二十, in long lists of table items
PART = rf"第[{CHINESE_NUMERALS}]+部分"  # 第一部分
CHAPTER = rf"[{CHINESE_NUMERALS}]+[、.．]"  # 一、 (some print 一. or 一．)
SECTION = rf"[（(][{CHINESE_NUMERALS}]+[)）]"  # （一）
NUMBERED_SECTION = r"[（(]\d{1,2}[)）]"  # （1）
ITEM = r"\d{1,2}[.、．](?!\d)"  # 1.  1、  (not 1.5)
# Any heading or list marker at the start of a line.
ANY_MARKER = rf"(?:{PART}|{CHAPTER}|{SECTION}|{NUMBERED_SECTION}|{ITEM})"
# A heading's own number, before its title: 一、 （一） （1） 1.
HEADING_NUMBER = rf"(?:{CHAPTER}|{SECTION}|{NUMBERED_SECTION}|{ITEM})"
# The numbers budget tables print before the rows that open a group: 一、 （一）
ROW_GROUP_NUMBER = rf"(?:{CHAPTER}|{SECTION})"
