"""Tests that must commit for real (concurrent requests on separate connections), and their clean-up."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from matchmaker import create_app
from matchmaker.database import EXTENSION
from models.audit import AuditEntry
from models.incubator import Incubator
from models.match import Match, MatchStep
from models.project import Project, StageChange
from models.site import Offer, Site
from models.user import ApiToken, User


@dataclass
class Committed:
    app: Flask
    session: Session
    # What the test committed, by kind ("site", "incubator", "user", "matches"): deleted afterwards.
    created: dict[str, list[int]] = field(default_factory=dict)


@contextmanager
def committed_data(database_url: str) -> Iterator[Committed]:
    """An app on the test database and a session whose commits are undone, audit trail included, at the end."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "concurrency"})
    database = app.extensions[EXTENSION]
    state = Committed(app, database.sessionmaker())
    session = state.session
    audit_before = session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEntry.id), 0)))
    try:
        yield state
    finally:
        session.rollback()
        created = state.created
        if created:
            project_ids = sa.select(Project.id).where(Project.incubator_id.in_(created["incubator"]))
            session.execute(sa.delete(MatchStep).where(MatchStep.match_id.in_(created["matches"])))
            session.execute(sa.delete(Match).where(Match.id.in_(created["matches"])))
            session.execute(sa.delete(StageChange).where(StageChange.project_id.in_(project_ids)))
            session.execute(sa.delete(Project).where(Project.incubator_id.in_(created["incubator"])))
            session.execute(sa.delete(Offer).where(Offer.site_id.in_(created["site"])))
            session.execute(sa.delete(Site).where(Site.id.in_(created["site"])))
            session.execute(sa.delete(Incubator).where(Incubator.id.in_(created["incubator"])))
            session.execute(sa.delete(ApiToken).where(ApiToken.user_id.in_(created["user"])))
            session.execute(sa.delete(User).where(User.id.in_(created["user"])))
        # The test committed for real; its trail goes with its data, so later tests start clean.
        session.execute(sa.delete(AuditEntry).where(AuditEntry.id > audit_before))
        session.commit()
        session.close()
        database.engine.dispose()
