"""The audit trail: every change to the registry and the inventory, who made it, before → after.

Recorded by a session hook after each flush, in the same transaction as the change, so a
change and its audit entry are written together or not at all. Nothing updates or deletes
audit entries: the application has no code path that does.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, UTCDateTime, enum_column_type, utcnow

ACTOR_KEY = "matchmaker.actor"
# What the trail follows, and the columns never written to it.
AUDITED = {"incubators", "projects", "sites", "offers", "users", "matches", "events", "fund_intentions", "chain_links",
           "financings", "annual_figures", "industries", "districts", "plan_targets", "match_weights"}
SECRET_COLUMNS = {"password_hash", "token_hash"}


class AuditAction(enum.StrEnum):
    create = "create"
    update = "update"
    delete = "delete"


class AuditEntry(Base):
    """One change: who, when, what, and the values before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(sa.String(80), index=True)
    action: Mapped[AuditAction] = mapped_column(enum_column_type(AuditAction, "audit_action"))
    entity: Mapped[str] = mapped_column(sa.String(40), index=True)
    entity_id: Mapped[str] = mapped_column(sa.String(80), index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


def set_actor(session: Session, actor: str) -> None:
    """Record changes made through this session as made by `actor`."""
    session.info[ACTOR_KEY] = actor


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def _identity(obj: Any) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in key)


def _entries(session: Session) -> list[dict[str, Any]]:
    actor = session.info.get(ACTOR_KEY, "system")
    now = utcnow()
    rows = []
    for action, objects in ((AuditAction.create, session.new), (AuditAction.update, session.dirty),
                            (AuditAction.delete, session.deleted)):
        for obj in objects:
            table = getattr(obj, "__tablename__", None)
            if table not in AUDITED:
                continue
            state = inspect(obj)
            changes = {}
            for attr in state.mapper.column_attrs:
                if attr.key in SECRET_COLUMNS:
                    continue
                history = state.attrs[attr.key].history
                if action is AuditAction.create:
                    value = getattr(obj, attr.key)
                    if value is not None:
                        changes[attr.key] = _plain(value)
                elif action is AuditAction.update and history.has_changes():
                    before = history.deleted[0] if history.deleted else None
                    after = history.added[0] if history.added else None
                    if before != after:
                        changes[attr.key] = [_plain(before), _plain(after)]
            if action is AuditAction.update and not changes:
                continue
            rows.append({"at": now, "actor": actor, "action": action.value, "entity": table,
                         "entity_id": _identity(obj), "changes": changes})
    return rows


@event.listens_for(Session, "after_flush")
def _record(session: Session, flush_context: Any) -> None:
    rows = _entries(session)
    if rows:
        session.connection().execute(sa.insert(AuditEntry.__table__), rows)


def record(session: Session, *, action: AuditAction, entity: str, entity_ids: list[Any], changes: list[dict]) -> None:
    """Audit entries for changes written without the ORM (bulk inserts)."""
    actor = session.info.get(ACTOR_KEY, "system")
    now = utcnow()
    rows = [{"at": now, "actor": actor, "action": action.value, "entity": entity, "entity_id": str(entity_id),
             "changes": {k: _plain(v) for k, v in change.items()}} for entity_id, change in zip(entity_ids, changes, strict=True)]
    if rows:
        session.execute(sa.insert(AuditEntry.__table__), rows)
