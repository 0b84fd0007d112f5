"""The migrations build the schema the models describe, and run down and up again."""

import sqlalchemy as sa
from alembic import command

from matchmaker.migrate import alembic_config
from models.db import create_engine


def test_models_and_migrations_agree(db):
    # alembic check raises if autogenerate would produce any operation.
    command.check(alembic_config(db.connection()))


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}")
    with engine.begin() as connection:
        config = alembic_config(connection)
        command.upgrade(config, "head")
        command.downgrade(config, "base")
        assert sa.inspect(connection).get_table_names() == ["alembic_version"]
        command.upgrade(config, "head")
        assert "projects" in sa.inspect(connection).get_table_names()
    engine.dispose()


def test_database_refuses_what_the_api_would_refuse(db, incubator):
    # The constraints hold even for writes that bypass the services.
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with db.begin_nested():
            db.execute(
                sa.text(
                    "INSERT INTO projects (incubator_id, name, description, stage, status,"
                    " need_space_type, need_area_min, created_at, updated_at)"
                    " VALUES (:i, 'x', '', 'nursery', 'active', 'plant', -5, :t, :t)"
                ),
                {"i": incubator.id, "t": "2026-01-01 00:00:00"},
            )
