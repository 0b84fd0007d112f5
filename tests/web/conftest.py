"""Signed-in test clients for the staff pages, one per role."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from api.sites.schemas import SiteCreateSchema
from models.site_service import create_site
from models.user import Role

from ..factories import PASSWORD, UserFactory

PARK = {
    "kind": "park", "name": "乐清电气园", "district": "乐清市", "industries": ["C3823"], "location": {"lat": 28.12, "lon": 120.98},
    "offers": [{"space_type": "plant", "available_area": 9000, "min_area": 1000, "max_area": 9000, "rent": 18}],
}


def csrf_token(html: str) -> str:
    """The CSRF token a page's form carries."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client: FlaskClient, username: str) -> FlaskClient:
    page = client.get("/login")
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302, response.text
    return client


def post_form(client: FlaskClient, url: str, data: dict, *, page: str | None = None, **kwargs):
    """Post a form with the CSRF token of `page` (default: the dashboard), as a browser would."""
    token = csrf_token(client.get(page or "/").text)
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


@pytest.fixture
def admin_page(app, db) -> FlaskClient:
    return sign_in(app.test_client(), UserFactory(role=Role.admin).username)


@pytest.fixture
def staff_page(app, db) -> FlaskClient:
    return sign_in(app.test_client(), UserFactory(role=Role.promotion).username)


@pytest.fixture
def operator_page(app, db, incubator) -> FlaskClient:
    return sign_in(app.test_client(), UserFactory(role=Role.incubator, incubator=incubator).username)


@pytest.fixture
def park(db):
    return create_site(SiteCreateSchema().load(PARK), session=db)
