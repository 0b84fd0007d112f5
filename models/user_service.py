"""Creating users, signing in, and issuing, checking and revoking API tokens."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .base import UTCDateTime, utcnow
from .errors import Conflict, InvalidInput, LockedOut, NotFound
from .incubator_service import get_incubator_or_raise
from .user import ApiToken, LoginFailure, Role, User, hash_token

# Checked against when the user is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


# Built once: every request runs it, and a statement object reused keeps its cache key.
_TOKEN_QUERY = sa.select(ApiToken).where(ApiToken.token_hash == sa.bindparam("token_hash"))


def create_user(
    username: str,
    password: str,
    role: Role,
    *,
    session: Session,
    incubator_id: int | None = None,
    email: str | None = None,
) -> User:
    """Create a user; an `incubator` user is bound to exactly one incubator."""
    if session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"用户名已存在：{username}")
    if role is Role.incubator:
        if incubator_id is None:
            raise InvalidInput({"incubator_id": ["孵化器用户必须指定所属孵化器"]})
        get_incubator_or_raise(incubator_id, session=session)
    elif incubator_id is not None:
        raise InvalidInput({"incubator_id": ["只有孵化器用户可以绑定孵化器"]})
    user = User(username=username, role=role, incubator_id=incubator_id, email=email or None)
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


def get_user_by_name_or_raise(username: str, *, session: Session) -> User:
    """The user with this name, or `NotFound`."""
    user = session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"用户不存在：{username}")
    return user


def authenticate(username: str, password: str, *, session: Session) -> User | None:
    """The active user with these credentials, or None."""
    user = session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def issue_token(user: User, *, ttl: timedelta, session: Session) -> tuple[str, ApiToken]:
    """A new random token for the user; the plain token is returned once and never stored."""
    plain = secrets.token_urlsafe(32)
    token = ApiToken(user=user, token_hash=hash_token(plain), expires_at=utcnow() + ttl)
    session.add(token)
    session.flush()
    return plain, token


def user_for_token(plain: str, *, session: Session) -> tuple[User, ApiToken] | None:
    """The active user holding this unexpired, unrevoked token, or None."""
    token = session.scalar(_TOKEN_QUERY, {"token_hash": hash_token(plain)})
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow():
        return None
    if not token.user.active:
        return None
    return token.user, token


def revoke_tokens(user: User, *, session: Session) -> int:
    """Revoke every live token of a user; returns how many."""
    result = session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


def end_sessions(user: User) -> None:
    """End every web session of the user (logout, a password reset, deactivation)."""
    user.session_generation = (user.session_generation or 0) + 1


@dataclass(frozen=True)
class Lockout:
    """How many failed logins lock a username, and for how long."""

    attempts: int = 10
    minutes: int = 15


def _lockout_key(username: str) -> str:
    return username.strip().casefold()[:80]


def sign_in(username: str, password: str, *, session: Session, lockout: Lockout, now: datetime | None = None) -> User | None:
    """`authenticate`, behind a lockout per username kept in the database.

    Raises `LockedOut` while the username is locked, even for the right password (else the
    guessing would go on). A failure is counted with one atomic statement, so concurrent workers
    and servers add up; the caller commits it even though the login fails.
    """
    now = now or utcnow()
    key = _lockout_key(username)
    row = session.get(LoginFailure, key, populate_existing=True)
    if row is not None and row.locked_until is not None and row.locked_until > now:
        raise LockedOut(max(1, math.ceil((row.locked_until - now).total_seconds())))
    user = authenticate(username, password, session=session)
    if user is not None:
        if row is not None:
            session.delete(row)
            session.flush()
        return user
    _count_failure(key, session=session, lockout=lockout, now=now)
    return None


def _count_failure(key: str, *, session: Session, lockout: Lockout, now: datetime) -> None:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(LoginFailure).values(username=key, failures=0, first_failed_at=now).on_conflict_do_nothing())
    at = sa.literal(now, UTCDateTime())
    window = timedelta(minutes=lockout.minutes)
    # The earlier failures are forgotten once they are older than the window and no lock holds.
    fresh = sa.and_(LoginFailure.first_failed_at < sa.literal(now - window, UTCDateTime()),
                    sa.or_(LoginFailure.locked_until.is_(None), LoginFailure.locked_until <= at))
    locked = sa.and_(LoginFailure.locked_until.is_not(None), LoginFailure.locked_until > at)
    failures = sa.case((fresh, 1), else_=LoginFailure.failures + 1)
    session.execute(
        sa.update(LoginFailure)
        .where(LoginFailure.username == key)
        .values(
            failures=failures,
            first_failed_at=sa.case((fresh, at), else_=LoginFailure.first_failed_at),
            locked_until=sa.case(
                (locked, LoginFailure.locked_until),
                (failures >= lockout.attempts, sa.literal(now + window, UTCDateTime())),
                else_=sa.null(),
            ),
        )
        .execution_options(synchronize_session=False)
    )
