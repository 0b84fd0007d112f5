"""The shipped districts and GB/T 4754-2017 codes, checked against the reference copies."""

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa

from matchmaker.migrate import DATA, read_csv
from models.errors import InvalidInput
from models.reference import District, Industry
from models.reference_service import lookups, upsert_industries

from ..conftest import SHARED

REFERENCE = SHARED / "data" / "gbt4754_2017.csv"
CENTROIDS = SHARED / "data" / "wenzhou_district_centroids.csv"
needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/data is not beside this checkout")


def _reference(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


SHIPPED = read_csv(DATA / "industries.csv")


@needs_reference
def test_every_shipped_code_and_name_matches_the_standard():
    reference = {row["code"]: row for row in _reference(REFERENCE)}
    mismatches = [
        (row["code"], row["name"], reference.get(row["code"]))
        for row in SHIPPED
        if row["code"] not in reference
        or (row["name"], row["level"], row["parent"])
        != (reference[row["code"]]["name"], reference[row["code"]]["level"], reference[row["code"]]["parent"])
    ]
    assert mismatches == []


def test_all_sections_and_divisions_are_shipped():
    levels = [row["level"] for row in SHIPPED]
    assert levels.count("section") == 20
    assert levels.count("division") == 97


@pytest.mark.parametrize(
    "code",
    ["C3823", "C384", "C3841", "C3670", "C3443", "C3441", "C3587", "C358", "C2231", "C23",
     "C40", "I65", "C39", "C27", "M7540", "C18", "C19"],
)
def test_wenzhou_industries_are_shipped_down_to_classes(db, code):
    industry = db.get(Industry, code)
    assert industry is not None
    below = db.scalar(sa.select(sa.func.count()).where(Industry.code.startswith(code), Industry.level == "class"))
    assert below >= 1


@pytest.mark.skipif(not CENTROIDS.exists(), reason="../shared/data is not beside this checkout")
def test_districts_carry_their_gbt2260_codes(db):
    expected = {row["adcode"]: row["name"] for row in _reference(CENTROIDS)}
    shipped = {d.code: d.name for d in db.scalars(sa.select(District))}
    assert {code: shipped[code] for code in expected} == expected
    assert len(shipped) == 13 and "温州海经区" in shipped.values()


def test_district_resolves_by_code_or_name(db):
    assert lookups(db).district_code("乐清市") == "330382"
    assert lookups(db).district_names["330382"] == "乐清市"
    with pytest.raises(InvalidInput) as info:
        lookups(db).district_code("杭州市")
    assert "district" in info.value.errors


def test_industry_import_checks_the_whole_file_before_writing(db):
    before = db.scalar(sa.select(sa.func.count(Industry.code)))
    rows = [
        {"code": "C3825", "name": "光伏设备及元器件制造"},
        {"code": "C38X1", "name": "坏代码"},
        {"code": "C3826", "name": "x", "parent": "C381"},
    ]
    with pytest.raises(InvalidInput) as info:
        upsert_industries(rows, session=db)
    assert set(info.value.errors) == {"row 3.code", "row 4.parent"}
    assert db.scalar(sa.select(sa.func.count(Industry.code))) == before


def test_industry_import_adds_and_renames(db):
    count = upsert_industries(
        [
            {"code": "A0111", "name": "稻谷种植"},  # its group comes later in the file
            {"code": "A011", "name": "谷物种植", "level": "group", "parent": "A01"},
            {"code": "C3823", "name": "配电开关控制设备制造（改）"},
        ],
        session=db,
    )
    assert count == 3
    assert db.get(Industry, "A0111").parent == "A011"
    assert db.get(Industry, "C3823").name == "配电开关控制设备制造（改）"
    with pytest.raises(InvalidInput, match="B061"):  # B061 is not shipped
        upsert_industries([{"code": "B0610", "name": "烟煤和无烟煤开采洗选"}], session=db)
