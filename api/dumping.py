"""A marshmallow schema whose `dump` runs a per-instance plan instead of marshmallow's generic loop.

Marshmallow looks up every value of every object through four layers of calls (field,
accessor, getter, key lookup) before formatting it; on a page of sites or projects that is most
of the serialisation time. The plan is built once per schema instance from its `dump_fields`
and does the same thing directly: the same attribute or key, the same `dump_default` when it is
missing, and the field's own `_serialize` for the value, so every format and nested schema is
marshmallow's. A field or schema that customises how values are fetched (`serialize`,
`get_value`, `get_attribute`, dotted attributes, fields that read no attribute) and schemas
with dump hooks keep marshmallow's own path. `tests/api/test_dumping.py` checks the output is
identical to marshmallow's for every response schema of the API, and that the installed
marshmallow is one this was checked against. What it saves: `benchmarks/README.md`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from marshmallow.decorators import POST_DUMP, PRE_DUMP

# The marshmallow releases this was checked against, for the private parts it uses (`Field._CHECK_ATTRIBUTE`,
# `Field._serialize`, `Schema._hooks` and its PRE_DUMP/POST_DUMP keys): 4.0.0, 4.0.1, 4.1.0, 4.1.2, 4.2.0,
# 4.2.4, 4.3.0, 4.3.1 and 4.4.0. setup.cfg pins the same range; widen both only once
# tests/api/test_dumping.py passes on the new release.
SUPPORTED_MARSHMALLOW = (">=4.0", "<4.5")

_MISSING = ma.missing
# (output key, field name, attribute read, field, the field's value formatter if the value can be read directly)
_Step = tuple[str, str, str, ma.fields.Field, Callable[[Any, str, Any], Any] | None]


def _value(obj: Any, key: str) -> Any:
    """`marshmallow.utils.get_value` for a key without dots: item first if the object has items."""
    if not hasattr(obj, "__getitem__"):
        return getattr(obj, key, _MISSING)
    try:
        return obj[key]
    except (KeyError, IndexError, TypeError, AttributeError):
        return getattr(obj, key, _MISSING)


def _is_plain(field: ma.fields.Field) -> bool:
    cls = type(field)
    return (
        field._CHECK_ATTRIBUTE
        and cls.serialize is ma.fields.Field.serialize
        and cls.get_value is ma.fields.Field.get_value
        and "." not in (field.attribute or "")
    )


class FastSchema(ma.Schema):
    """`ma.Schema` with a faster `dump` and the same output."""

    def _plan(self) -> list[_Step] | None:
        plan = self.__dict__.get("_dump_plan", _MISSING)
        if plan is _MISSING:
            plan = None
            if (
                not self._hooks[PRE_DUMP]
                and not self._hooks[POST_DUMP]
                and type(self).get_attribute is ma.Schema.get_attribute
            ):
                plan = [
                    (
                        field.data_key if field.data_key is not None else name,
                        name,
                        field.attribute or name,
                        field,
                        field._serialize if _is_plain(field) else None,
                    )
                    for name, field in self.dump_fields.items()
                ]
            self.__dict__["_dump_plan"] = plan
        return plan

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        plan = self._plan()
        if plan is None:
            return super().dump(obj, many=many)
        many = self.many if many is None else bool(many)
        if many and obj is not None:
            return [self._dump_one(plan, item) for item in obj]
        return self._dump_one(plan, obj)

    def _dump_one(self, plan: list[_Step], obj: Any) -> dict[str, Any]:
        out = self.dict_class()
        for key, name, attr, field, fast in plan:
            if fast is None:
                value = field.serialize(name, obj, accessor=self.get_attribute)
            else:
                value = _value(obj, attr)
                if value is _MISSING:
                    default = field.dump_default
                    value = default() if callable(default) else default
                    if value is _MISSING:
                        continue
                value = fast(value, name, obj)
            if value is _MISSING:
                continue
            out[key] = value
        return out
