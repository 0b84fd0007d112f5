"""Every operation of the OpenAPI document × every kind of caller, against the roles it declares.

The operations come from the served document, so a new endpoint is in the matrix without a
line here; one that declares no roles (`x-roles`, see `api.security.roles`) and is not public
(`security: []`) fails. The expectation for each cell is derived from the declaration:

| caller                                    | public op | role not declared | declared role                     |
| ----------------------------------------- | --------- | ----------------- | --------------------------------- |
| no token / expired token / revoked token  | allowed   | 401               | 401                               |
| promotion staff, admin                    | allowed   | 403               | allowed                           |
| operator of the owning incubator          | allowed   | 403               | allowed                           |
| operator of another incubator             | allowed   | 403               | allowed; with `x-own`: 404 for    |
|                                           |           |                   | a project or match (not revealed) |
|                                           |           |                   | 403 for an incubator (it is       |
|                                           |           |                   | listed for everyone anyway)       |

"allowed" means the caller got past access control: not 401, 403 or 404 (every id exists);
the request body is `{}`, so a 422 is a permitted caller's answer too. Every error is problem+json.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker import create_app
from models.base import utcnow
from models.user import ApiToken, Role

from ..factories import IncubatorFactory, ProjectFactory, UserFactory, token_for

SPEC_URL = "/api/v1/openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")
CALLERS = ("none", "expired", "revoked", "promotion", "admin", "own_incubator", "other_incubator")
ROLE_OF = {"promotion": "promotion", "admin": "admin", "own_incubator": "incubator", "other_incubator": "incubator"}
# What an operator of another incubator gets from an operation that checks ownership.
# A transfer is decided by its receiver (`own`); a carrier that is no party to it does not learn it exists.
OTHER_INCUBATOR_STATUS = {"project": 404, "match": 404, "incubator": 403, "transfer": 404}
# The exceptions to the table, with why; keep it short.
# Operations where a caller who is let in still gets a 404 from the fixture's data, with why.
NOT_FOUND_WHEN_ALLOWED = {
    ("GET", "/api/v1/events/{event_id}/report.{fmt}"): "the new event has no computed report yet",
}

PARK = {
    "kind": "park", "name": "矩阵测试园", "district": "乐清市", "industries": ["C3823"],
    "offers": [{"space_type": "plant", "available_area": 9000, "min_area": 1000, "max_area": 9000}],
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    public: bool
    roles: tuple[str, ...] | None
    own: str | None
    roles_by_path: dict

    def roles_for(self, path_args: dict[str, str]) -> tuple[str, ...] | None:
        for param, table in self.roles_by_path.items():
            return tuple(table[path_args[param]])
        return self.roles


def _cases() -> list:
    # The document needs no database, so the matrix can be built at collection time.
    spec = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}).test_client().get(SPEC_URL).json
    default_security = spec.get("security", [])
    cases = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            operation = Operation(
                method.upper(), path, public=op.get("security", default_security) == [],
                roles=tuple(op["x-roles"]) if "x-roles" in op else None, own=op.get("x-own"),
                roles_by_path=op.get("x-roles-by-path", {}),
            )
            # Every value of an enumerated path parameter (kind, format): roles can differ by it.
            params = [p for p in [*item.get("parameters", []), *op.get("parameters", [])] if p["in"] == "path"]
            enums = {p["name"]: p["schema"]["enum"] for p in params if "enum" in p.get("schema", {})}
            for values in itertools.product(*enums.values()):
                path_args = dict(zip(enums, values, strict=True))
                for caller in CALLERS:
                    label = f"{method.upper()} {path} {path_args or ''} {caller}".replace("  ", " ")
                    cases.append(pytest.param(operation, path_args, caller, id=label))
    return cases


def expected(operation: Operation, path_args: dict[str, str], caller: str) -> int | str:
    """401/403/404, or "allowed"."""
    if operation.public:
        return "allowed"
    if caller in ("none", "expired", "revoked"):
        return 401
    roles = operation.roles_for(path_args)
    assert roles is not None, f"{operation.method} {operation.path} declares no roles: add @roles(...) to the view"
    if ROLE_OF[caller] not in roles:
        return 403
    if caller == "other_incubator" and operation.own:
        return OTHER_INCUBATOR_STATUS[operation.own]
    return "allowed"


@pytest.fixture
def world(client, db):
    """One of each resource a path can name, owned by incubator `own`."""
    own, other = IncubatorFactory(), IncubatorFactory()
    admin = UserFactory(role=Role.admin)
    headers = token_for(admin, db)
    project = ProjectFactory(incubator_id=own.id, industries=["C3823"])
    for action in ("advance", "graduate"):
        assert client.post(f"/api/v1/projects/{project.id}/transitions", json={"action": action},
                           headers=headers).status_code == 201
    site = client.post("/api/v1/sites", json=PARK, headers=headers).json
    offer_id = site["offers"][0]["id"]
    match = client.post("/api/v1/matches", json={"project_id": project.id, "offer_id": offer_id}, headers=headers)
    event = client.post("/api/v1/events", json={"name": "矩阵签约会", "date": "2026-12-18", "kind": "signing"},
                        headers=headers)
    space = client.post(f"/api/v1/incubators/{own.id}/spaces", json={"space_type": "office", "total_area": 500},
                        headers=headers)
    # A team of a third carrier, offered to `own`: its operator is the one who decides.
    sender = IncubatorFactory()
    transfer = client.post(f"/api/v1/projects/{ProjectFactory(incubator_id=sender.id).id}/transfers",
                           json={"to_incubator_id": own.id}, headers=headers)
    assert match.status_code == event.status_code == space.status_code == transfer.status_code == 201
    ids = {
        "incubator_id": own.id, "project_id": project.id, "site_id": site["id"], "offer_id": offer_id,
        "match_id": match.json["id"], "event_id": event.json["id"], "user_id": admin.id,
        "space_id": space.json["id"], "transfer_id": transfer.json["id"],
    }
    return own, other, ids


def headers_for(caller: str, own, other, db) -> dict[str, str]:
    if caller == "none":
        return {}
    incubator = {"own_incubator": own, "other_incubator": other}.get(caller)
    role = Role(ROLE_OF.get(caller, "admin"))
    headers = token_for(UserFactory(role=role, incubator=incubator), db)
    if caller == "expired":
        db.execute(sa.update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    elif caller == "revoked":
        db.execute(sa.update(ApiToken).values(revoked_at=utcnow()))
    return headers


@pytest.mark.parametrize(("operation", "path_args", "caller"), _cases())
def test_access(client, db, world, operation, path_args, caller):
    own, other, ids = world
    values = {**ids, **path_args}
    missing = {name for name in _path_params(operation.path) if name not in values}
    assert not missing, f"the matrix has no {missing} to put in {operation.path}: add one to `world`"
    url = operation.path.format(**values)
    headers = headers_for(caller, own, other, db)
    body = {"json": {}} if operation.method in ("POST", "PUT", "PATCH") else {}
    response = client.open(url, method=operation.method, headers=headers, **body)

    want = expected(operation, path_args, caller)
    status = response.status_code
    if want == "allowed":
        denied = {401, 403, 404}
        if (operation.method, operation.path) in NOT_FOUND_WHEN_ALLOWED:
            denied.discard(404)
        assert status not in denied and status < 500, response.get_data(as_text=True)[:300]
    else:
        assert status == want, response.get_data(as_text=True)[:300]
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    if status >= 400:
        assert response.content_type == "application/problem+json"
        assert response.json["status"] == status and response.json["detail"]


def _path_params(path: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(path) if name]


def test_an_operator_cannot_decide_another_carriers_transfer_nor_read_what_it_handed_over(client, db, admin_headers):
    """Beyond the matrix's one fixture: the sender of a transfer, before and after the hand-over."""
    sender, receiver, third = IncubatorFactory(), IncubatorFactory(), IncubatorFactory()
    project = ProjectFactory(incubator_id=sender.id)
    ops = {i.id: token_for(UserFactory(role=Role.incubator, incubator=i), db) for i in (sender, receiver, third)}
    transfer = client.post(f"/api/v1/projects/{project.id}/transfers", json={"to_incubator_id": receiver.id},
                           headers=ops[sender.id]).json
    for verb in ("accept", "decline"):
        assert client.post(f"/api/v1/transfers/{transfer['id']}/{verb}", json={},
                           headers=ops[sender.id]).status_code == 403
        assert client.post(f"/api/v1/transfers/{transfer['id']}/{verb}", json={},
                           headers=ops[third.id]).status_code == 404
    # The receiver cannot read the team before accepting it (the transfer shows what it needs to decide).
    assert client.get(f"/api/v1/projects/{project.id}", headers=ops[receiver.id]).status_code == 404
    assert client.post(f"/api/v1/transfers/{transfer['id']}/accept", json={},
                       headers=ops[receiver.id]).status_code == 200
    for path in ("", "/history"):
        assert client.get(f"/api/v1/projects/{project.id}{path}", headers=ops[sender.id]).status_code == 404
        assert client.get(f"/api/v1/projects/{project.id}{path}", headers=ops[receiver.id]).status_code == 200
    again = client.post(f"/api/v1/projects/{project.id}/transfers", json={"to_incubator_id": third.id},
                        headers=ops[sender.id])
    assert again.status_code == 404
    # It still sees the transfer it made, as outgoing.
    outgoing = client.get("/api/v1/transfers?direction=outgoing", headers=ops[sender.id]).json["items"]
    assert [(t["id"], t["status"]) for t in outgoing] == [(transfer["id"], "accepted")]
