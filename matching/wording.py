"""How the engine writes numbers, areas and labels in the Chinese a staff member reads out.

Examples
--------
>>> format_number(3000.0), format_number(12.5), format_number(0.333333)
('3,000', '12.5', '0.33')
>>> format_area(500, 800), format_area(500, None), format_area(20000, None, land=True)
('500–800㎡', '500㎡', '20,000㎡（约30亩）')
"""

from __future__ import annotations

__all__ = [
    "MU",
    "SPACE_TYPE_NOUNS",
    "format_area",
    "format_number",
]

# Space types as nouns, for the engine's sentences ("可用研发用房 1500㎡", "需办公用房，该空间为厂房");
# the display names of every coded value are in models.labels.
SPACE_TYPE_NOUNS = {"office": "办公用房", "lab": "研发用房", "plant": "厂房", "land": "土地"}
# 1 亩 in square metres: land is quoted in 亩 in Wenzhou, so land areas also say it in 亩.
MU = 666.67


def format_number(value: float) -> str:
    """A number as staff write it: thousands separated (13,100), no trailing zeros, at most two decimals."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_area(low: float, high: float | None, *, land: bool = False) -> str:
    """``"500㎡"`` or ``"3,000–5,000㎡"``; land of at least one 亩 adds the size in 亩."""
    single = high is None or high == low
    text = f"{format_number(low)}㎡" if single else f"{format_number(low)}–{format_number(high)}㎡"
    if land and (low if single else high) >= MU:
        mu = f"{round(low / MU)}" if single else f"{round(low / MU)}–{round(high / MU)}"
        text += f"（约{mu}亩）"
    return text
