"""marshmallow's validation messages as staff read them: in Chinese, keyed by field path.

The API's problem bodies, the pages' forms and the import reports all show them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["flatten_errors", "translate"]

# marshmallow speaks English; staff read Chinese.
_MESSAGES = [
    (r"Missing data for required field\.", "必填"),
    (r"Unknown field\.", "未知字段"),
    (r"Field may not be null\.", "不能为空"),
    (r"Not a valid integer\.", "不是有效的整数"),
    (r"Not a valid number\.", "不是有效的数字"),
    (r"Not a valid string\.", "不是有效的字符串"),
    (r"Not a valid boolean\.", "不是有效的布尔值"),
    (r"Not a valid date\.", "不是有效的日期（YYYY-MM-DD）"),
    (r"Not a valid datetime\.", "不是有效的时间"),
    (r"Not a valid list\.", "应为列表"),
    (r"Invalid input type\.", "输入类型错误，应为 JSON 对象"),
    (r"Invalid value\.", "取值无效"),
    (r"Must be one of: (.*)\.", r"应为以下之一：\1"),
    (r"Must be greater than or equal to (\S+)\.", r"不能小于 \1"),
    (r"Must be greater than (\S+)\.", r"必须大于 \1"),
    (r"Must be less than or equal to (\S+)\.", r"不能大于 \1"),
    (r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\.", r"应在 \1 到 \2 之间"),
    (r"Shorter than minimum length (\d+)\.", r"长度不能少于 \1"),
    (r"Longer than maximum length (\d+)\.", r"长度不能超过 \1"),
    (r"Length must be between (\d+) and (\d+)\.", r"长度应在 \1 到 \2 之间"),
]


def translate(message: str) -> str:
    """A marshmallow message in Chinese, or the message as it was."""
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs/marshmallow nested messages → `{"field.path": [message, ...]}`."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            for sub, msgs in flatten_errors(value, path).items():
                flat.setdefault(sub, []).extend(msgs)
    elif isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            flat[prefix or "_schema"] = [translate(m) for m in messages]
        else:
            for item in messages:
                for sub, msgs in flatten_errors(item, prefix).items():
                    flat.setdefault(sub, []).extend(msgs)
    else:
        flat[prefix or "_schema"] = [translate(str(messages))]
    return flat
