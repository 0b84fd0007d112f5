"""What every input schema refuses or tidies before its fields are loaded (see `BaseSchema`).

Text is normalised (Unicode NFC, surrounding whitespace trimmed, the ideographic space U+3000
included) and refused when it holds characters that have no place in a name or a description:
NUL and other control characters, lone surrogates, bidirectional overrides that make text read
differently from what is stored, and byte-order marks. A required text that is blank once
trimmed is refused (an empty one is left to the field's own length check); so are numbers with a fraction where an integer is wanted, and numbers
where a boolean is wanted (JSON `0`/`1` are not `false`/`true`).
"""

from __future__ import annotations

import unicodedata
from typing import Any

import marshmallow as ma

__all__ = ["bad_character", "clean_input", "normalise_text"]

# Tab, newline and carriage return are text; every other C0/C1 control is not.
_ALLOWED_CONTROLS = frozenset("\t\n\r")
# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI), and the BOM.
_FORBIDDEN = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def bad_character(text: str) -> str | None:
    """Why `text` cannot be stored (a Chinese message), or None when it can."""
    for ch in text:
        if ch == "\x00":
            return "不能包含 NUL 字符"
        if "\ud800" <= ch <= "\udfff":
            return "包含无效的 Unicode 字符（孤立的代理项）"
        if ch in _FORBIDDEN:
            return "不能包含文字方向控制符或 BOM"
        if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS:
            return "不能包含控制字符"
    return None


def normalise_text(text: str) -> str:
    """NFC, without surrounding whitespace (U+3000 and other Unicode spaces too)."""
    return unicodedata.normalize("NFC", text).strip()


# Kept exactly as typed (a password with a trailing space is another password); only what
# cannot be encoded or stored is refused.
VERBATIM = frozenset({"password"})


def _clean(value: Any, path: str, errors: dict[str, list[str]]) -> Any:
    if isinstance(value, str) and path.rsplit(".", 1)[-1] in VERBATIM:
        if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
            errors.setdefault(path, []).append("包含无效的字符")
        return value
    if isinstance(value, str):
        problem = bad_character(value)
        if problem:
            errors.setdefault(path, []).append(problem)
            return value
        return normalise_text(value)
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            if isinstance(key, str) and bad_character(key):
                # The key itself cannot be echoed back; name its position instead.
                errors.setdefault("_schema", []).append("字段名包含无效字符")
                continue
            cleaned[key] = _clean(item, f"{path}.{key}" if path else str(key), errors)
        return cleaned
    if isinstance(value, list):
        return [_clean(item, f"{path}.{i}" if path else str(i), errors) for i, item in enumerate(value)]
    return value


def _loose_value(field: ma.fields.Field, value: Any) -> str | None:
    if isinstance(field, ma.fields.Integer) and isinstance(value, float) and not value.is_integer():
        return "应为整数"
    if isinstance(field, ma.fields.Boolean) and not isinstance(value, bool | str):
        return "应为 true 或 false"
    if isinstance(field, ma.fields.Boolean) and isinstance(value, str) and value.lower() not in ("true", "false", "1", "0"):
        return "应为 true 或 false"
    return None


def _must_not_be_blank(field: ma.fields.Field) -> bool:
    if not isinstance(field, ma.fields.String):
        return False
    return field.required or any(isinstance(v, ma.validate.Length) and (v.min or v.equal or 0) >= 1
                                 for v in field.validators)


def _nested(field: ma.fields.Field | None) -> bool:
    # A nested schema is a BaseSchema too and cleans its own part when it loads it.
    if isinstance(field, ma.fields.List):
        field = field.inner
    return isinstance(field, ma.fields.Nested)


def clean_input(schema: ma.Schema, data: Any) -> tuple[Any, dict[str, list[str]]]:
    """`data` tidied for `schema`, and what it refuses as messages keyed by field."""
    if not hasattr(data, "items"):
        return data, {}
    errors: dict[str, list[str]] = {}
    fields = {field.data_key or name: field for name, field in schema.load_fields.items()}
    cleaned: dict[Any, Any] = {}
    for key, value in data.items():
        if isinstance(key, str) and bad_character(key):
            # The key itself cannot be echoed back; say what is wrong without it.
            errors.setdefault("_schema", []).append("字段名包含无效字符")
            continue
        field = fields.get(key)
        cleaned[key] = value if _nested(field) else _clean(value, str(key), errors)
        if field is None or key in errors or cleaned[key] is None:
            continue
        if isinstance(value, str) and value and not cleaned[key] and _must_not_be_blank(field):
            errors[key] = ["不能为空白"]  # only spaces (ASCII or ideographic): not a name
            continue
        inner = field.inner if isinstance(field, ma.fields.List) else None
        values = cleaned[key] if inner is not None and isinstance(cleaned[key], list) else [cleaned[key]]
        for item in values:
            message = _loose_value(inner or field, item)
            if message:
                errors.setdefault(key, []).append(message)
                break
    return cleaned, errors
