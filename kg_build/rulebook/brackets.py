"""The brackets a 文号 prints its year in, as PDF conversions produce them.

GB/T 9704 prints the year in 六角括号 (鄂政办发〔2007〕116号); documents print any bracket,
and a PDF's text layer may turn the glyph into its full-width, compatibility or vertical
presentation form, or (with some embedded fonts) into a quotation mark („2018‟13 号).
"""
from __future__ import annotations

import re

# (opening, closing) glyphs, each pair once; the reader accepts any opening with any closing,
# since conversions do not keep pairs together either.
YEAR_BRACKETS: tuple[tuple[str, str], ...] = (
    ("〔", "〕"), ("［", "］"), ("[", "]"), ("【", "】"), ("〖", "〗"), ("（", "）"), ("(", ")"),
    ("﹝", "﹞"), ("︹", "︺"), ("⦅", "⦆"), ("〘", "〙"), ("〚", "〛"), ("⌈", "⌉"), ("⁅", "⁆"),
    ("❲", "❳"), ("❨", "❩"), ("❪", "❫"), ("⟦", "⟧"), ("⟮", "⟯"), ("﹙", "﹚"), ("﹇", "﹈"),
    ("︵", "︶"), ("︻", "︼"), ("︗", "︘"), ("「", "」"), ("『", "』"), ("｛", "｝"), ("{", "}"),
    ("„", "‟"),
)
OPENING = "".join(o for o, _ in YEAR_BRACKETS)
CLOSING = "".join(c for _, c in YEAR_BRACKETS)
OPENING_CLASS = "[" + re.escape(OPENING) + "]"
CLOSING_CLASS = "[" + re.escape(CLOSING) + "]"
