"""The migrations build the schema the models describe, and run down and up again."""

import sqlalchemy as sa
from alembic import command

from matchmaker.migrate import alembic_config, migrating
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


def test_the_ledger_migration_carries_existing_signings(tmp_path):
    """0008 on data: a graduated project holding a signed match becomes `signed`; old steps get their date."""
    engine = create_engine(f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    t = "2026-03-01 20:00:00"  # UTC: already 2 March in Wenzhou
    rows = [
        "INSERT INTO districts (code, name, position) VALUES ('330382', '乐清市', 1)",
        "INSERT INTO incubators (id, name, district_code, level, demonstration, created_at, updated_at)"
        f" VALUES (1, '孵化器', '330382', 'other', 0, '{t}', '{t}')",
        "INSERT INTO projects (id, incubator_id, name, description, stage, status, created_at, updated_at)"
        f" VALUES (1, 1, '已签约', '', 'industrialization', 'graduated', '{t}', '{t}'),"
        f" (2, 1, '未签约', '', 'industrialization', 'graduated', '{t}', '{t}')",
        "INSERT INTO sites (id, kind, name, district_code, state_owned, description, created_at, updated_at)"
        f" VALUES (1, 'park', '园区', '330382', 0, '', '{t}', '{t}')",
        "INSERT INTO offers (id, site_id, ref, space_type, available_area, clean_room, hazardous_allowed,"
        f" created_at, updated_at) VALUES (1, 1, 'A', 'plant', 9000, 0, 0, '{t}', '{t}')",
        "INSERT INTO matches (id, project_id, offer_id, area, note, status, factors, created_by, created_at,"
        f" updated_at) VALUES (1, 1, 1, 3000, '', 'signed', '{{}}', 't', '{t}', '{t}'),"
        f" (2, 2, 1, 3000, '', 'visited', '{{}}', 't', '{t}', '{t}')",
        "INSERT INTO match_steps (id, match_id, action, to_status, reason, actor, at)"
        f" VALUES (1, 1, 'sign', 'signed', '', 't', '{t}')",
        "INSERT INTO stage_changes (id, project_id, action, to_stage, to_status, reason, actor, at)"
        f" VALUES (1, 1, 'admit', 'incubation', 'active', '', 't', '{t}')",
    ]
    with migrating(engine) as connection:
        config = alembic_config(connection)
        command.upgrade(config, "0007")
        for row in rows:
            connection.exec_driver_sql(row)
        command.upgrade(config, "head")
        statuses = dict(connection.exec_driver_sql("SELECT id, status FROM projects").all())
        assert statuses == {1: "signed", 2: "graduated"}
        assert connection.exec_driver_sql("SELECT happened_on FROM match_steps").scalar() == "2026-03-02"
        # Rebuilding `projects` cascaded into nothing: its history is all there.
        assert connection.exec_driver_sql("SELECT count(*) FROM stage_changes").scalar() == 1
        command.downgrade(config, "0007")
        assert dict(connection.exec_driver_sql("SELECT id, status FROM projects").all()) == {
            1: "graduated", 2: "graduated"}
    engine.dispose()
